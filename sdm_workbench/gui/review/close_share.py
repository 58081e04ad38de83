"""Close and share…: close the review (one undo step) and write its pack into a folder.

The pack is ``REV-008-review-pack.xlsx`` and ``.pdf`` (the names ``review-pack`` on the
command line writes too). The review is read and the workbook written off the GUI thread
behind a progress dialog; the PDF is drawn on the GUI thread (QPainter on a PDF writer,
kept where Qt's fonts live) under a busy cursor. Both files are written under a temporary
name and renamed into place, so a failure never leaves half a file behind; the PDF is
checked for its end-of-file marker before it is reported as written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ...analytics.review_history import ReviewData, load_review
from ...analytics.review_model import SnapshotFormatError
from ...domain.errors import DomainError
from ...exchange import ExchangeError
from ...exchange.review_pack import pack_name, write_review_xlsx
from ...operations.reviews import close_review
from ...store import Store
from ...store import repository as repo
from ..history import EditHistory
from ..progress import Progress, run_with_progress
from .pack_pdf import write_review_pdf


@dataclass(frozen=True)
class PackResult:
    """What Close and share did: the files written, or why not (``error``)."""

    review_code: str
    xlsx: Path | None = None
    pdf: Path | None = None
    error: str | None = None


def choose_folder(parent: QWidget | None, start: Path | None) -> Path | None:
    """Ask where the pack goes (None: the user cancelled)."""
    home = start or Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    )
    chosen = QFileDialog.getExistingDirectory(parent, "Write the review pack to", str(home))
    return Path(chosen) if chosen else None


def _is_closed(store: Store, review_id: int) -> bool:
    with store.session() as session:
        row = repo.get(session, "review", review_id)
    if row is None:
        raise DomainError("This review no longer exists.")
    return str(getattr(row["status"], "value", row["status"])) == "closed"


def _read_and_write_xlsx(
    store: Store, review_id: int, folder: Path, progress: Progress
) -> ReviewData:
    progress(0.1)
    with store.session() as session:
        review = load_review(session, review_id)
    progress(0.4)
    write_review_xlsx(review, folder / pack_name(review, ".xlsx"))
    progress(1.0)
    return review


def _check_pdf(path: Path) -> None:
    """A complete PDF ends with ``%%EOF``; anything else is removed, never shown as written."""
    with open(path, "rb") as written:
        written.seek(max(0, path.stat().st_size - 64))
        tail = written.read()
    if b"%%EOF" not in tail:
        path.unlink(missing_ok=True)
        raise OSError(f"{path} came out incomplete and was removed")


def write_pack(
    parent: QWidget | None, store: Store, review_id: int, folder: Path
) -> tuple[Path, Path]:
    """Write the pack of ``review_id`` into ``folder``; raises OSError / ExchangeError."""
    folder.mkdir(parents=True, exist_ok=True)
    if not os.access(folder, os.W_OK):
        raise OSError(f"{folder} is not writable")
    review, cancelled = run_with_progress(
        parent,
        "Close and share",
        "Writing the review pack (workbook)…",
        lambda progress: _read_and_write_xlsx(store, review_id, folder, progress),
    )
    if cancelled or review is None:  # the workbook may be written: it is complete if so
        raise OSError("cancelled before the PDF was written")
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        pdf = write_review_pdf(review, folder / pack_name(review, ".pdf"))
    finally:
        QGuiApplication.restoreOverrideCursor()
    _check_pdf(pdf)
    return folder / pack_name(review, ".xlsx"), pdf


def close_and_share(
    parent: QWidget | None,
    store: Store,
    history: EditHistory,
    review_id: int,
    folder: Path,
) -> PackResult:
    """Close the review (an undo step, skipped when already closed), then write the pack."""
    with store.session() as session:
        row = repo.get(session, "review", review_id)
    code = "" if row is None else str(row["code"])
    try:
        if not _is_closed(store, review_id) and not history.perform(close_review(review_id)):
            error = history.last_error
            return PackResult(code, error=str(error) if error else "The review was not closed.")
        xlsx, pdf = write_pack(parent, store, review_id, folder)
    except (OSError, ExchangeError, DomainError, SnapshotFormatError) as exc:
        return PackResult(code, error=str(exc))
    return PackResult(code, xlsx, pdf)


def show_result(parent: QWidget, result: PackResult) -> QMessageBox:
    """Tell where the files are (with a button that opens the folder), or what went wrong.

    The box is opened, not exec'd: the meeting's window stays live behind it.
    """
    box = QMessageBox(parent)
    box.setObjectName("packResult")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowTitle("Close and share")
    if result.error is not None or result.xlsx is None or result.pdf is None:
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(f"The review pack of {result.review_code} could not be written.")
        box.setInformativeText(
            f"{result.error}\n\nIf the review was closed, Edit > Undo reopens it; "
            "Close and share… again writes the pack to another folder."
        )
    else:
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(f"{result.review_code} is closed and its review pack is written:")
        box.setInformativeText(f"{result.xlsx}\n{result.pdf}")
        folder = result.xlsx.parent
        opener = box.addButton("&Open folder", QMessageBox.ButtonRole.ActionRole)
        opener.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
    box.addButton(QMessageBox.StandardButton.Ok)
    box.open()
    return box
