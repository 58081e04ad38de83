"""File > Backups…: the backups of the open workbench; back up now, or restore one."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..paths import user_paths
from ..store import Store
from ..store.backup import backups_of, restore_backup
from . import workbench_switch

if TYPE_CHECKING:
    from .main_window import MainWindow


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
        from .file_menu import tell_error  # the seam tests replace

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
    from .file_menu import confirm, tell_error  # the seam tests replace

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
    workbench_switch.retire(window)  # the file is released before it is replaced
    try:
        restore_backup(backup, path)
    except OSError as exc:
        tell_error(None, "Restore failed", f"{backup} could not be restored:\n{exc}")
    store = open_store(path, user_paths())
    if store is None:
        app = QApplication.instance()
        if isinstance(app, QApplication) and not workbench_switch.open_windows():
            app.quit()
        return None
    new = workbench_switch.show_window(store, settings)
    new.statusBar().showMessage(f"Restored {path.name} from {backup.name}.", 10_000)
    return new


def show_backups(window: MainWindow) -> MainWindow | None:
    """File > Backups…: list the backups; a chosen one is restored (after a confirmation)."""
    from .file_menu import ask_backup, tell_error  # the seam tests replace

    if window.store.path is None:
        tell_error(window, "Backups", "Backups are made of local workbench files only.")
        return None
    backup = ask_backup(window, window.store, backup_dir_of(window.store))
    if backup is None:
        return None
    return restore_from_backup(window, backup)
