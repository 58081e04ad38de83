"""The File menu's Export…, Import… and Save As… actions of the main window.

Every question to the user goes through a small module-level function (``ask_*``, ``confirm``,
``tell_error``) that tests replace; no real dialog is ever needed to drive the actions.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QStatusBar, QWidget

from ..domain.errors import DomainError
from ..exchange import ExchangeError, build_macro, export_workbook, plan_import
from ..store import Store
from .history import EditHistory

WORKBOOK_FILTER = "Excel workbooks (*.xlsx)"
WORKBENCH_FILTER = "SDM workbenches (*.sqlite)"
MAX_ISSUES = 10  # issues listed in an error message; the rest are counted


# --- questions to the user (replaced in tests) -----------------------------------------------
def ask_save_path(parent: QWidget, title: str, suggested: Path, filter_: str) -> Path | None:
    """A save dialog; None when cancelled."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), filter_)
    return Path(name) if name else None


def ask_open_path(parent: QWidget, title: str, start: Path, filter_: str) -> Path | None:
    """An open dialog; None when cancelled."""
    name, _ = QFileDialog.getOpenFileName(parent, title, str(start), filter_)
    return Path(name) if name else None


def confirm(parent: QWidget, title: str, text: str, details: str) -> bool:
    """Show ``text`` (and ``details``) with Apply / Cancel; True for Apply."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setInformativeText(details)
    apply = box.addButton("Apply", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(apply)
    box.exec()
    return box.clickedButton() is apply


def tell(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def tell_error(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


# --- messages ---------------------------------------------------------------------------------
def error_text(error: DomainError, limit: int = MAX_ISSUES) -> str:
    """The first ``limit`` issues (``Sheet!B7: message``), one a line, then how many more."""
    if isinstance(error, ExchangeError):
        lines: Sequence[str] = [str(issue) for issue in error.issues]
    else:
        lines = str(error).splitlines() or ["Refused."]
    shown = list(lines[:limit])
    if len(lines) > limit:
        shown.append(f"… and {len(lines) - limit} more.")
    return "\n".join(shown)


def _stem(store: Store) -> str:
    return store.path.stem if store.path is not None else "workbench"


# --- the actions ------------------------------------------------------------------------------
def export_to_excel(window: QWidget, store: Store, status: QStatusBar) -> Path | None:
    """Ask for a file, write the workbook; the written path, or None (cancelled or refused)."""
    suggested = Path.home() / f"{_stem(store)}.xlsx"
    path = ask_save_path(window, "Export to Excel", suggested, WORKBOOK_FILTER)
    if path is None:
        return None
    if not path.suffix:
        path = path.with_suffix(".xlsx")
    try:
        result = export_workbook(store, path)
    except DomainError as exc:  # ExchangeError included
        tell_error(window, "Export refused", error_text(exc))
        return None
    total = sum(result.rows.values())
    status.showMessage(f"Wrote {result.path} ({total} rows in {len(result.rows)} sheets)", 10_000)
    return result.path


def import_from_excel(
    window: QWidget, store: Store, history: EditHistory, status: QStatusBar
) -> bool:
    """Ask for a workbook, show its plan, apply it on Apply as ONE undo step; True if applied."""
    path = ask_open_path(window, "Import from Excel", Path.home(), WORKBOOK_FILTER)
    if path is None:
        return False
    try:
        plan = plan_import(store, path)
    except DomainError as exc:  # ExchangeError included: nothing was changed
        tell_error(
            window, "Import refused", f"{path.name}: nothing was changed.\n\n{error_text(exc)}"
        )
        return False
    if plan.is_empty:
        tell(window, "Import", f"{plan.summary()}\n\nNo changes to apply; nothing was changed.")
        status.showMessage(f"{path.name}: no changes to apply.", 10_000)
        return False
    if not confirm(window, "Import from Excel", plan.headline(), plan.summary()):
        status.showMessage("Import cancelled; nothing was changed.", 10_000)
        return False
    if not history.perform(build_macro(plan)):
        error = history.last_error or DomainError("Refused.")
        tell_error(window, "Import refused", f"Nothing was changed.\n\n{error_text(error)}")
        return False
    status.showMessage(f"Imported {path.name}: {plan.headline()}", 10_000)
    return True


def save_copy_as(window: QWidget, store: Store, status: QStatusBar) -> Path | None:
    """Ask for a file and copy the whole workbench there; the copy's path, or None."""
    if store.path is None:
        tell_error(window, "Save As", "Save As copies local workbench files only.")
        return None
    suggested = store.path.with_name(f"{store.path.stem} copy{store.path.suffix or '.sqlite'}")
    path = ask_save_path(window, "Save a copy of the workbench", suggested, WORKBENCH_FILTER)
    if path is None:
        return None
    if not path.suffix:
        path = path.with_suffix(".sqlite")
    if path.resolve() == store.path.resolve():
        tell_error(window, "Save As", "That is the open workbench; choose another file.")
        return None
    try:
        written = store.save_as(path)
    except (OSError, ValueError) as exc:
        tell_error(window, "Save As failed", f"{path}: {exc}")
        return None
    status.showMessage(f"Saved a copy to {written}.", 10_000)
    return written


def add_file_actions(window: QMainWindow, store: Store, history: EditHistory) -> list[QAction]:
    """Export…, Import…, Save As… (not yet in a menu: the caller adds them)."""
    export = QAction("&Export…", window)
    export.setObjectName("exportAction")
    export.setShortcut(QKeySequence("Ctrl+E"))
    export.setToolTip("Write the workbench to an Excel workbook")
    export.triggered.connect(
        lambda _checked=False: export_to_excel(window, store, window.statusBar())
    )

    import_ = QAction("&Import…", window)
    import_.setObjectName("importAction")
    import_.setShortcut(QKeySequence("Ctrl+I"))
    import_.setToolTip("Apply the changes of an edited Excel workbook (one undo step)")
    import_.triggered.connect(
        lambda _checked=False: import_from_excel(window, store, history, window.statusBar())
    )

    save_as = QAction("Save &As…", window)
    save_as.setObjectName("saveAsAction")
    save_as.setShortcut(QKeySequence.StandardKey.SaveAs)
    save_as.setToolTip("Copy the whole workbench to another file")
    save_as.triggered.connect(
        lambda _checked=False: save_copy_as(window, store, window.statusBar())
    )
    return [export, import_, save_as]
