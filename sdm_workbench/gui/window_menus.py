"""The main window's View and Help menus and its toolbar (kept out of ``main_window``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from .about import show_data_paths
from .theme import THEMES, is_dark
from .toolbar import MainToolBar, theme_toggle
from .zoom import add_zoom_actions

if TYPE_CHECKING:
    from .main_window import MainWindow

THEME_LABELS = {"light": "&Light", "dark": "&Dark", "system": "Follow &system"}


def build_view_menu(window: MainWindow) -> QMenu:
    """Refresh, Undo history, Main toolbar, the themes and their switch, Zoom; also adds the
    main toolbar (built from the File and Edit menus' actions, which must exist already)."""
    menu = window.menuBar().addMenu("&View")
    refresh = QAction("&Refresh", window)
    refresh.setShortcut(QKeySequence.StandardKey.Refresh)
    refresh.triggered.connect(window.reload_all)
    menu.addAction(refresh)
    menu.addAction(window.history_dock.toggleViewAction())

    toggle = theme_toggle(
        window, lambda: window.set_theme("light" if is_dark(window.theme) else "dark")
    )
    actions = {a.objectName(): a for a in window.findChildren(QAction) if a.objectName()}
    window.toolbar = MainToolBar(window, actions)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, window.toolbar)
    menu.addAction(window.toolbar.toggleViewAction())
    menu.addSeparator()

    window.theme_actions = {}
    group = QActionGroup(window)
    group.setExclusive(True)
    for theme in THEMES:
        action = QAction(THEME_LABELS[theme], window)
        action.setCheckable(True)
        action.setData(theme)
        action.triggered.connect(lambda _checked=False, t=theme: window.set_theme(t))
        group.addAction(action)
        menu.addAction(action)
        window.theme_actions[theme] = action
    menu.addAction(toggle)
    menu.addSeparator()
    add_zoom_actions(window, menu, window.set_zoom)
    return menu


def build_help_menu(window: MainWindow) -> QMenu:
    """Keyboard shortcuts, Where is my data?, About."""
    menu = window.menuBar().addMenu("&Help")
    shortcuts = QAction("&Keyboard shortcuts", window)
    shortcuts.setShortcut(QKeySequence.StandardKey.HelpContents)
    shortcuts.triggered.connect(window.show_shortcuts)
    menu.addAction(shortcuts)
    paths = QAction("&Where is my data?", window)
    paths.triggered.connect(lambda: show_data_paths(window, window.store))
    menu.addAction(paths)
    menu.addSeparator()
    about = QAction("&About SDM Workbench", window)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(window.show_about)
    menu.addAction(about)
    return menu
