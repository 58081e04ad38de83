"""The File menu of the main window: New…, Open…, Open Recent, Save As…, Backups…, Export…
and Import…, and the questions those actions ask.

The actions live in small modules: ``workbook_io`` (Export, Import, Save As),
``workbench_switch`` (New, Open, a recent file), ``recent_files`` and ``backups_dialog``.
Every question to the user goes through a function of THIS module (``ask_*``, ``confirm``,
``tell``, ``tell_error``) that tests replace; the actions look them up here when they run, so
no real dialog is ever needed to drive them. The names the rest of the application and the
tests use are re-exported here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from ..store import Store
from .backups_dialog import BackupsDialog, backup_dir_of, restore_from_backup, show_backups
from .recent_files import MAX_RECENT, RECENT, fill_recent_menu, recent_paths, remember_recent
from .workbench_switch import (
    _windows,
    keep_window,
    new_file,
    open_file,
    open_windows,
    open_workbench,
    replace_store,
)
from .workbook_io import (
    MAX_ISSUES,
    WORKBENCH_FILTER,
    WORKBOOK_FILTER,
    add_file_actions,
    by_sheet,
    error_text,
    export_to_excel,
    import_from_excel,
    save_copy_as,
)

if TYPE_CHECKING:
    from .main_window import MainWindow

__all__ = [
    "MAX_ISSUES",
    "MAX_RECENT",
    "RECENT",
    "WORKBENCH_FILTER",
    "WORKBOOK_FILTER",
    "BackupsDialog",
    "_windows",
    "add_file_actions",
    "ask_backup",
    "ask_open_path",
    "ask_save_path",
    "backup_dir_of",
    "by_sheet",
    "confirm",
    "error_text",
    "export_to_excel",
    "fill_file_menu",
    "fill_recent_menu",
    "import_from_excel",
    "keep_window",
    "new_file",
    "open_file",
    "open_windows",
    "open_workbench",
    "recent_paths",
    "remember_recent",
    "replace_store",
    "restore_from_backup",
    "save_copy_as",
    "show_backups",
    "tell",
    "tell_error",
]


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


# --- the menu ---------------------------------------------------------------------------------
def fill_file_menu(window: MainWindow, menu: QMenu) -> dict[str, QAction]:
    """New…, Open…, Open Recent, Save As…, Backups…, Export…, Import… (Quit is the caller's).

    Also puts the window's file first in the recent list. Returns the actions by name (new,
    open, save_as, backups, export, import) for the toolbar."""
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
    from .import_actions import import_actions  # tickets and surveys

    menu.addActions(import_actions(window, window.store, window.history))
    return {
        "new": new,
        "open": open_,
        "save_as": save_as,
        "backups": backups,
        "export": export,
        "import": import_,
    }
