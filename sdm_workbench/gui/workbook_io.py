"""File > Export…, Import… and Save As…: the workbench to and from Excel, and a copy of it.

The questions to the user (``ask_*``, ``confirm``, ``tell*``) are looked up in ``file_menu``
when an action runs: that module is the one seam tests replace.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStatusBar, QWidget

from ..domain.errors import DomainError
from ..operations import Operation
from ..store import Store
from .history import EditHistory
from .progress import run_with_progress

WORKBOOK_FILTER = "Excel workbooks (*.xlsx)"
WORKBENCH_FILTER = "SDM workbenches (*.sqlite)"
MAX_ISSUES = 10  # issues listed in an error message; the rest are counted


def error_text(error: DomainError, limit: int = MAX_ISSUES) -> str:
    """The first ``limit`` issues (``Sheet!B7: message``), one a line, then how many more."""
    from ..exchange import ExchangeError  # lazily: 20 ms of every start

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


def by_sheet(progress: Callable[[float], bool]) -> Callable[[str, int], bool]:
    """The exchange layer reports (sheet title, rows); the dialog wants a fraction."""
    from ..exchange import sheets  # lazily: 20 ms of every start

    titles = [spec.title for spec in sheets()]

    def report(title: str, _rows: int) -> bool:
        done = titles.index(title) if title in titles else 0
        return progress(done / max(len(titles), 1))

    return report


def export_to_excel(window: QWidget, store: Store, status: QStatusBar) -> Path | None:
    """Ask for a file, write the workbook; the written path, or None (cancelled or refused)."""
    from ..exchange import export_workbook  # lazily: 20 ms of every start
    from .file_menu import ask_save_path, tell_error  # the seam; file_menu imports us

    suggested = Path.home() / f"{_stem(store)}.xlsx"
    path = ask_save_path(window, "Export to Excel", suggested, WORKBOOK_FILTER)
    if path is None:
        return None
    if not path.suffix:
        path = path.with_suffix(".xlsx")
    try:  # off the GUI thread, with Cancel (a large portfolio takes most of a minute)
        result, cancelled = run_with_progress(
            window, "Export to Excel", f"Writing {path.name}…",
            lambda progress: export_workbook(store, path, progress=by_sheet(progress)),
        )  # fmt: skip
    except DomainError as exc:  # ExchangeError included
        tell_error(window, "Export refused", error_text(exc))
        return None
    if cancelled or result is None:
        status.showMessage("Export cancelled; no file was written.", 10_000)
        return None
    total = sum(result.rows.values())
    status.showMessage(f"Wrote {result.path} ({total} rows in {len(result.rows)} sheets)", 10_000)
    return result.path


def import_from_excel(
    window: QWidget, store: Store, history: EditHistory, status: QStatusBar
) -> bool:
    """Ask for a workbook, show its plan, apply it on Apply as ONE undo step; True if applied."""
    from ..exchange import build_macro, plan_import  # lazily: 20 ms of every start
    from .file_menu import ask_open_path  # the seam

    path = ask_open_path(window, "Import from Excel", Path.home(), WORKBOOK_FILTER)
    if path is None:
        return False
    from .template_mapping import import_template  # somebody else's template: mapping dialog

    handled = import_template(window, store, history, status, path)
    if handled is not None:
        return handled
    return plan_then_apply(
        window, history, status, "Import from Excel", path,
        lambda progress: plan_import(store, path, progress=by_sheet(progress)), build_macro,
    )  # fmt: skip


def plan_then_apply(
    window: QWidget,
    history: EditHistory,
    status: QStatusBar,
    title: str,
    path: Path,
    plan_work: Callable[[Callable[[float], bool]], Any],
    operation_of: Callable[[Any], Operation],
) -> bool:
    """Plan ``path`` off the GUI thread (progress, cancel), show the plan, and apply it on
    Apply as ONE undo step; True when applied. Refusals and cancels change nothing."""
    from .file_menu import confirm, tell, tell_error  # the seam

    try:
        plan, cancelled = run_with_progress(window, title, f"Reading {path.name}…", plan_work)
    except DomainError as exc:  # ExchangeError included: nothing was changed
        tell_error(
            window, "Import refused", f"{path.name}: nothing was changed.\n\n{error_text(exc)}"
        )
        return False
    if cancelled or plan is None:
        status.showMessage("Import cancelled; nothing was changed.", 10_000)
        return False
    if plan.is_empty:
        tell(window, "Import", f"{plan.summary()}\n\nNo changes to apply; nothing was changed.")
        status.showMessage(f"{path.name}: no changes to apply.", 10_000)
        return False
    if not confirm(window, title, plan.headline(), plan.summary()):
        status.showMessage("Import cancelled; nothing was changed.", 10_000)
        return False
    if not history.perform(operation_of(plan)):
        error = history.last_error or DomainError("Refused.")
        tell_error(window, "Import refused", f"Nothing was changed.\n\n{error_text(error)}")
        return False
    status.showMessage(f"Imported {path.name}: {plan.headline()}", 10_000)
    return True


def save_copy_as(window: QWidget, store: Store, status: QStatusBar) -> Path | None:
    """Ask for a file and copy the whole workbench there; the copy's path, or None."""
    from .file_menu import ask_save_path, tell_error  # the seam

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
