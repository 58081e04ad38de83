"""File > Open Recent: the last opened workbench files, newest first, in the settings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from .workbench_switch import open_workbench

if TYPE_CHECKING:
    from .main_window import MainWindow

RECENT = "recent"  # settings key: the last opened workbench files, newest first
MAX_RECENT = 8


def recent_paths(settings: QSettings | None) -> list[Path]:
    """The recently opened workbench files that still exist, newest first (at most 8)."""
    if settings is None:
        return []
    raw = settings.value(RECENT)
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list | tuple) else []
    found: list[Path] = []
    for item in items:
        path = Path(str(item))
        if str(item) and path.is_file() and path not in found:
            found.append(path)
    return found[:MAX_RECENT]


def remember_recent(settings: QSettings | None, path: Path | None) -> list[Path]:
    """Put ``path`` first in the recent list (missing files dropped, at most 8); the list."""
    if settings is None:
        return []
    recent = recent_paths(settings)
    if path is not None:
        path = path.resolve()
        recent = [path, *(p for p in recent if p.resolve() != path)][:MAX_RECENT]
    settings.setValue(RECENT, [str(p) for p in recent])
    return recent


def fill_recent_menu(window: MainWindow, menu: QMenu) -> None:
    """Rebuild Open Recent from the settings (done each time the submenu is shown)."""
    menu.clear()
    recent = recent_paths(window.settings)
    for number, path in enumerate(recent, start=1):
        item = QAction(f"&{number} {path.name}", menu)
        item.setToolTip(str(path))
        item.setStatusTip(str(path))
        item.setData(str(path))
        item.triggered.connect(lambda _checked=False, p=path: open_workbench(window, p))
        menu.addAction(item)
    if not recent:
        empty = QAction("No recent workbenches", menu)
        empty.setEnabled(False)
        menu.addAction(empty)
