"""The Edit menu and the undo history dock of the main window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QUndoView

from .history import EditHistory
from .table_editing import TableEditing


def build_edit_menu(
    window: QMainWindow, history: EditHistory, editing: TableEditing, find: Callable[[], None]
) -> QMenu:
    """Undo, Redo, Cut, Copy, Paste, Delete rows, New row, Find, in that order."""
    menu = window.menuBar().addMenu("&Edit")
    undo = history.stack.createUndoAction(window, "&Undo")
    undo.setObjectName("undoAction")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = history.stack.createRedoAction(window, "&Redo")
    redo.setObjectName("redoAction")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    menu.addActions([undo, redo])
    menu.addSeparator()
    menu.addActions([editing.cut_action, editing.copy_action, editing.paste_action])
    menu.addSeparator()
    menu.addActions([editing.new_action, editing.delete_action])
    menu.addSeparator()
    find_action = QAction("&Find…", window)
    find_action.setObjectName("findAction")
    find_action.setShortcut(QKeySequence.StandardKey.Find)
    find_action.setToolTip("Filter the rows of this table")
    find_action.triggered.connect(lambda _checked=False: find())
    menu.addAction(find_action)
    return menu


def build_history_dock(window: QMainWindow, history: EditHistory) -> QDockWidget:
    """A dock listing every undo step; clicking a step undoes or redoes up to it."""
    dock = QDockWidget("Undo history", window)
    dock.setObjectName("historyDock")
    view = QUndoView(history.stack, dock)
    view.setObjectName("undoView")
    view.setEmptyLabel("As opened")
    dock.setWidget(view)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()
    dock.toggleViewAction().setText("Undo &history")
    dock.toggleViewAction().setShortcut(QKeySequence("Ctrl+H"))
    return dock
