"""The main window's status bar: which file, how many rows, when the last change was."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, QLocale
from PySide6.QtWidgets import QLabel, QMainWindow

from .delegates import format_datetime


def build_status_bar(window: QMainWindow, describe: str = "") -> tuple[QLabel, QLabel, QLabel]:
    """The file label (stretching), then the row count and the last change on the right."""
    bar = window.statusBar()
    file_label = QLabel(describe, bar)
    file_label.setObjectName("fileLabel")
    file_label.setToolTip(describe)
    rows_label = QLabel(bar)
    rows_label.setObjectName("rowsLabel")
    change_label = QLabel(bar)
    change_label.setObjectName("changeLabel")
    bar.addWidget(file_label, 1)
    bar.addPermanentWidget(rows_label)
    bar.addPermanentWidget(change_label)
    return file_label, rows_label, change_label


def last_change_text(when: datetime | None) -> str:
    """``Last change: 14:02:11`` today, with the date on other days."""
    if when is None:
        return "No changes yet"
    locale = QLocale()
    stamp = QDateTime(when)
    if when.date() == datetime.now().date():
        text = locale.toString(stamp, "HH:mm:ss")
    else:
        text = format_datetime(stamp, locale)
    return f"Last change: {text}"


def file_modified(path: Path | None) -> datetime | None:
    """When the workbench file (or its write-ahead log) last changed on disk."""
    if path is None:
        return None
    stamps = [p.stat().st_mtime for p in (path, Path(f"{path}-wal")) if p.exists()]
    return datetime.fromtimestamp(max(stamps)) if stamps else None
