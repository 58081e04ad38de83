"""The Help menu's contents: About (versions), where the data lives, keyboard shortcuts.

The shortcuts list is read from the window's actions each time it opens, so it can never
drift from what the keys really do.
"""

from __future__ import annotations

import html
import platform

import PySide6
import sqlalchemy
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..paths import user_paths
from ..store import Store
from .settings import settings_path


def data_paths(store: Store) -> list[tuple[str, str]]:
    """Where this workbench, its backups, the settings and the logs are kept."""
    paths = user_paths()
    return [
        ("This workbench", store.describe()),
        ("Data folder", str(paths.data_dir)),
        ("Backups", str(store.backup_dir or paths.backup_dir)),
        ("Settings", str(settings_path())),
        ("Logs", str(paths.log_dir)),
    ]


def _table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(
        f"<tr><td style='padding-right:12px'><b>{html.escape(name)}</b></td>"
        f"<td>{html.escape(value)}</td></tr>"
        for name, value in rows
    )
    return f"<table>{cells}</table>"


def about_html(store: Store) -> str:
    """Rich text for ``QMessageBox.about``."""
    rows = [
        ("SDM Workbench", __version__),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("SQLAlchemy", sqlalchemy.__version__),
        ("Python", platform.python_version()),
        *data_paths(store),
    ]
    return (
        "<h3>SDM Workbench</h3>"
        "<p>Services, SLAs, projects, budgets, risks, KPIs and reviews in one offline file.</p>"
        f"{_table(rows)}"
    )


def show_data_paths(parent: QWidget, store: Store) -> QMessageBox:
    """Help > Where is my data?: the paths, selectable so they can be copied."""
    box = QMessageBox(parent)
    box.setWindowTitle("Where is my data?")
    box.setIcon(QMessageBox.Icon.Information)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(
        "<p>Everything you enter lives in the workbench file; the settings file keeps only "
        "your window layout.</p>" + _table(data_paths(store))
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def _plain(text: str) -> str:
    """Menu text without its ``&`` accelerator marks (``&&`` stays one ``&``)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…")


def _keys(action: QAction) -> str:
    native = QKeySequence.SequenceFormat.NativeText
    return ", ".join(k.toString(native) for k in action.shortcuts() if not k.isEmpty())


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, command, keys) of every action of ``window`` that has a shortcut, menus first
    in menu order, then actions outside the menus (tables, docks) under "Other"."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            seen.add(id(action))
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, f"{path} > {_plain(action.text())}")
            elif _keys(action):
                rows.append((path, _plain(action.text()), _keys(action)))

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, _plain(top.text()))
    extra = [
        ("Other", _plain(a.text()), _keys(a))
        for a in window.findChildren(QAction)
        if id(a) not in seen and a.text() and _keys(a)
    ]
    return rows + sorted(set(extra))


class ShortcutsDialog(QDialog):
    """Help > Keyboard shortcuts: every shortcut of the window, with a filter box."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 520)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter…")
        self.filter.setClearButtonEnabled(True)
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels(["Menu", "Command", "Shortcut"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._filter)

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for r in range(self.table.rowCount()):
            line = " ".join(self.table.item(r, c).text() for c in range(3)).casefold()
            self.table.setRowHidden(r, not all(w in line for w in words))
