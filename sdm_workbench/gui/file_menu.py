"""The File menu of the main window: New…, Open…, Open Recent, Save As…, Backups…, Export…
and Import….

Opening another workbench (New…, Open…, a recent file, a restored backup) opens its store
first (a refused file keeps the current window), then shows a new ``MainWindow`` on it, with
the same settings and an empty undo history, and closes the old window and its store.

Every question to the user goes through a small module-level function (``ask_*``, ``confirm``,
``tell_error``) that tests replace; no real dialog is ever needed to drive the actions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStatusBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import DomainError
from ..exchange import ExchangeError, build_macro, export_workbook, plan_import, sheets
from ..paths import user_paths
from ..store import Store
from ..store.backup import backups_of, restore_backup
from .history import EditHistory
from .progress import run_with_progress

if TYPE_CHECKING:
    from .main_window import MainWindow

WORKBOOK_FILTER = "Excel workbooks (*.xlsx)"
WORKBENCH_FILTER = "SDM workbenches (*.sqlite)"
MAX_ISSUES = 10  # issues listed in an error message; the rest are counted
RECENT = "recent"  # settings key: the last opened workbench files, newest first
MAX_RECENT = 8


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


def ask_backup(parent: QWidget, store: Store, backup_dir: Path) -> Path | None:
    """The Backups dialog; the backup chosen for a restore, or None."""
    dialog = BackupsDialog(parent, store, backup_dir)
    dialog.exec()
    return dialog.chosen


def tell(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def tell_error(parent: QWidget | None, title: str, text: str) -> None:
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
def by_sheet(progress: Callable[[float], bool]) -> Callable[[str, int], bool]:
    """The exchange layer reports (sheet title, rows); the dialog wants a fraction."""
    titles = [spec.title for spec in sheets()]

    def report(title: str, _rows: int) -> bool:
        done = titles.index(title) if title in titles else 0
        return progress(done / max(len(titles), 1))

    return report


def export_to_excel(window: QWidget, store: Store, status: QStatusBar) -> Path | None:
    """Ask for a file, write the workbook; the written path, or None (cancelled or refused)."""
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
    path = ask_open_path(window, "Import from Excel", Path.home(), WORKBOOK_FILTER)
    if path is None:
        return False
    from .template_mapping import import_template  # somebody else's template: mapping dialog

    handled = import_template(window, store, history, status, path)
    if handled is not None:
        return handled
    try:  # reading and planning run off the GUI thread; applying is one undo step below
        plan, cancelled = run_with_progress(
            window, "Import from Excel", f"Reading {path.name}…",
            lambda progress: plan_import(store, path, progress=by_sheet(progress)),
        )  # fmt: skip
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


# --- recent files -----------------------------------------------------------------------------
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


# --- switching the window's workbench ---------------------------------------------------------
_windows: list[QMainWindow] = []  # the app's open main windows (keeps Python references)


def keep_window(window: QMainWindow) -> None:
    """Hold a reference to an app-owned main window (it is deleted once replaced)."""
    if window not in _windows:
        _windows.append(window)


def open_windows() -> list[QMainWindow]:
    return list(_windows)


def _retire(window: MainWindow) -> None:
    """Close ``window`` and its store without quitting the app (a new window follows)."""
    app = QApplication.instance()
    quit_on_close = isinstance(app, QApplication) and app.quitOnLastWindowClosed()
    if isinstance(app, QApplication):
        app.setQuitOnLastWindowClosed(False)
    try:
        window.close()
    finally:
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(quit_on_close)
    window.store.close()
    if window in _windows:
        _windows.remove(window)
        window.deleteLater()


def _show_window(store: Store, settings: QSettings | None) -> MainWindow:
    from .main_window import MainWindow  # the main window imports this module

    window = MainWindow(store, settings=settings)
    keep_window(window)
    window.show()
    return window


def replace_store(window: MainWindow, store: Store) -> MainWindow:
    """Show ``store`` in a new window (same settings, no undo steps) in place of ``window``."""
    window.save_settings()  # the new window starts with this one's layout
    new = _show_window(store, window.settings)
    _retire(window)
    return new


def _same_file(a: Path | None, b: Path) -> bool:
    return a is not None and a.resolve() == b.resolve()


def open_workbench(window: MainWindow, target: Path) -> MainWindow | None:
    """Open ``target`` in place of the window's workbench; the new window, or None."""
    from ..app import open_store

    if _same_file(window.store.path, target):
        window.statusBar().showMessage(f"{target.name} is already open.", 10_000)
        return None
    store = open_store(target, user_paths())  # refusals are explained there
    if store is None:
        return None
    return replace_store(window, store)


def open_file(window: MainWindow) -> MainWindow | None:
    """File > Open…: ask for a workbench file and open it in place of the current one."""
    start = window.store.path.parent if window.store.path is not None else Path.home()
    path = ask_open_path(window, "Open a workbench", start, WORKBENCH_FILTER)
    if path is None:
        return None
    if not path.is_file():
        tell_error(window, "Open", f"{path} does not exist.")
        return None
    return open_workbench(window, path)


def new_file(window: MainWindow) -> MainWindow | None:
    """File > New…: ask for a new file, create an empty workbench there and open it."""
    start = window.store.path.parent if window.store.path is not None else Path.home()
    path = ask_save_path(window, "New workbench", start / "New workbench.sqlite", WORKBENCH_FILTER)
    if path is None:
        return None
    if not path.suffix:
        path = path.with_suffix(".sqlite")
    if path.exists():
        tell_error(window, "New workbench", f"{path} already exists; choose a new file name.")
        return None
    return open_workbench(window, path)


# --- backups ----------------------------------------------------------------------------------
def backup_dir_of(store: Store) -> Path:
    return store.backup_dir if store.backup_dir is not None else user_paths().backup_dir


def _size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class BackupsDialog(QDialog):
    """The backups of the open workbench, newest first: restore one, or back up now."""

    def __init__(self, parent: QWidget | None, store: Store, backup_dir: Path) -> None:
        super().__init__(parent)
        self.setObjectName("backupsDialog")
        self.setWindowTitle("Backups")
        self.store = store
        self.backup_dir = backup_dir
        self.backups: list[Path] = []
        self.chosen: Path | None = None

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Backups of {store.describe()} in {backup_dir}:", self))
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("backupsTable")
        self.table.setHorizontalHeaderLabels(["File", "Date", "Size"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self.choose())
        layout.addWidget(self.table)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton("&Restore…", self)
        self.restore_button.setObjectName("restoreButton")
        self.backup_button = QPushButton("&Back up now", self)
        self.backup_button.setObjectName("backupNowButton")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.choose)
        self.backup_button.clicked.connect(self.back_up_now)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.resize(640, 360)
        self.refresh()

    def refresh(self) -> None:
        path = self.store.path
        self.backups = backups_of(path, self.backup_dir) if path is not None else []
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            stat = backup.stat()
            when = datetime.fromtimestamp(stat.st_mtime).strftime("%Y-%m-%d %H:%M:%S")
            size = QTableWidgetItem(_size_text(stat.st_size))
            size.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, QTableWidgetItem(backup.name))
            self.table.setItem(row, 1, QTableWidgetItem(when))
            self.table.setItem(row, 2, size)
        if self.backups:
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)
        self.backup_button.setEnabled(self.store.path is not None)

    def selected(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.backups):
            return None
        return self.backups[rows[0].row()]

    def back_up_now(self) -> Path | None:
        try:
            made = self.store.backup_now()
        except (OSError, ValueError) as exc:
            tell_error(self, "Back up now", f"No backup was made:\n{exc}")
            return None
        self.refresh()
        return made

    def choose(self) -> None:
        """Restore…: take the selected backup (the window confirms and restores it)."""
        self.chosen = self.selected()
        if self.chosen is not None:
            self.accept()


def restore_from_backup(window: MainWindow, backup: Path) -> MainWindow | None:
    """Confirm, then put ``backup`` in place of the open file and reopen it in a new window."""
    from ..app import open_store

    path = window.store.path
    if path is None:
        tell_error(window, "Backups", "Backups are made of local workbench files only.")
        return None
    if not confirm(
        window,
        "Restore backup",
        f"Replace {path.name} with the backup {backup.name}?",
        "The current file is kept beside it (renamed) and the undo history is cleared.",
    ):
        return None
    window.save_settings()
    settings = window.settings
    _retire(window)  # the file is released before it is replaced
    try:
        restore_backup(backup, path)
    except OSError as exc:
        tell_error(None, "Restore failed", f"{backup} could not be restored:\n{exc}")
    store = open_store(path, user_paths())
    if store is None:
        app = QApplication.instance()
        if isinstance(app, QApplication) and not _windows:
            app.quit()
        return None
    new = _show_window(store, settings)
    new.statusBar().showMessage(f"Restored {path.name} from {backup.name}.", 10_000)
    return new


def show_backups(window: MainWindow) -> MainWindow | None:
    """File > Backups…: list the backups; a chosen one is restored (after a confirmation)."""
    if window.store.path is None:
        tell_error(window, "Backups", "Backups are made of local workbench files only.")
        return None
    backup = ask_backup(window, window.store, backup_dir_of(window.store))
    if backup is None:
        return None
    return restore_from_backup(window, backup)


# --- the menu ---------------------------------------------------------------------------------
def fill_file_menu(window: MainWindow, menu: QMenu) -> None:
    """New…, Open…, Open Recent, Save As…, Backups…, Export…, Import… (Quit is the caller's).

    Also puts the window's file first in the recent list."""
    remember_recent(window.settings, window.store.path)
    new = QAction("&New…", window)
    new.setObjectName("newAction")
    new.setShortcut(QKeySequence.StandardKey.New)
    new.setToolTip("Create an empty workbench file and open it")
    new.triggered.connect(lambda _checked=False: new_file(window))

    open_ = QAction("&Open…", window)
    open_.setObjectName("openAction")
    open_.setShortcut(QKeySequence.StandardKey.Open)
    open_.setToolTip("Open another workbench file in place of this one")
    open_.triggered.connect(lambda _checked=False: open_file(window))

    recent = QMenu("Open &Recent", window)
    recent.setObjectName("recentMenu")
    recent.aboutToShow.connect(lambda: fill_recent_menu(window, recent))
    fill_recent_menu(window, recent)

    backups = QAction("&Backups…", window)
    backups.setObjectName("backupsAction")
    backups.setToolTip("Back up the workbench now, or restore a backup")
    backups.triggered.connect(lambda _checked=False: show_backups(window))
    backups.setEnabled(window.store.path is not None)

    export, import_, save_as = add_file_actions(window, window.store, window.history)
    menu.addActions([new, open_])
    menu.addMenu(recent)
    menu.addSeparator()
    menu.addActions([save_as, backups])
    menu.addSeparator()
    menu.addActions([export, import_])
    from .ticket_import import import_actions  # tickets and surveys (kept out of this file)

    menu.addActions(import_actions(window, window.store, window.history))
