"""The main toolbar: the menus' actions with icons in the theme's colours, tooltips naming
the shortcut, text when an icon is missing, and its place kept with the window state."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QIcon
from PySide6.QtWidgets import QLineEdit, QMenu, QToolButton
from pytestqt.qtbot import QtBot

from sdm_workbench.gui import toolbar as toolbar_module
from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.gui.settings import open_settings
from sdm_workbench.gui.toolbar import MainToolBar, icon_path
from sdm_workbench.store import Store

ORDER = ["new", "open", "save-as", "undo", "redo", "filter", "import", "export", "theme"]


def mean_ink(icon: QIcon) -> float:
    """The mean lightness (0-1) of an icon's drawn pixels at 24 px."""
    image = icon.pixmap(24, 24).toImage()
    values = [
        QColor.fromRgba(image.pixel(x, y)).lightnessF()
        for x in range(image.width())
        for y in range(image.height())
        if QColor.fromRgba(image.pixel(x, y)).alpha() > 200
    ]
    assert values, "the icon draws nothing"
    return sum(values) / len(values)


def view_menu(window: MainWindow) -> QMenu:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert isinstance(menu, QMenu)
    return menu


def test_toolbar_holds_the_window_actions_in_order(window: MainWindow) -> None:
    bar = window.toolbar
    assert isinstance(bar, MainToolBar) and bar.objectName() == "mainToolBar"
    assert bar.isMovable() and bar.isVisible()
    assert list(bar.actions_by_icon()) == ORDER
    shown = [a for a in bar.actions() if not a.isSeparator()]
    assert [a.objectName() for a in shown] == [
        "newAction", "openAction", "saveAsAction", "undoAction", "redoAction",
        "findAction", "importAction", "exportAction", "themeToggleAction",
    ]  # fmt: skip
    # the very actions of the menus: one behaviour, one shortcut
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    assert bar.actions_by_icon()["new"] in file_menu.actions()
    for name in ORDER:
        assert icon_path(name) is not None, f"resources/icons/{name}.svg"
        assert not bar.actions_by_icon()[name].icon().isNull(), name


def test_tooltips_name_the_shortcut(window: MainWindow) -> None:
    actions = window.toolbar.actions_by_icon()
    assert actions["new"].toolTip() == "Create an empty workbench file and open it (Ctrl+N)"
    assert actions["export"].toolTip().endswith("(Ctrl+E)")
    assert actions["filter"].toolTip() == "Filter the rows of this table (Ctrl+F)"
    assert actions["theme"].toolTip().endswith("(Ctrl+Shift+D)")
    assert actions["undo"].toolTip() == "Undo (Ctrl+Z)"


def test_undo_tooltip_names_the_step(qtbot: QtBot, window: MainWindow) -> None:
    window.show_kind("service")
    model = window.pane.model
    assert model is not None
    name = next(i for i, c in enumerate(model.columns) if c.name == "name")
    assert model.setData(model.index(0, name), "Mail and calendar")
    undo = window.toolbar.actions_by_icon()["undo"]
    assert undo.isEnabled()
    assert undo.toolTip().startswith("Undo ") and undo.toolTip().endswith("(Ctrl+Z)")
    assert undo.toolTip() != "Undo (Ctrl+Z)"  # it says which step
    undo.trigger()
    assert model.index(0, name).data() != "Mail and calendar"


def test_icons_follow_the_theme(qtbot: QtBot, window: MainWindow) -> None:
    def ink() -> float:
        return mean_ink(window.toolbar.actions_by_icon()["open"].icon())

    window.set_theme("light")
    qtbot.waitUntil(lambda: ink() < 0.35)  # dark ink on a light toolbar
    window.set_theme("dark")
    qtbot.waitUntil(lambda: ink() > 0.65)  # light ink on a dark one (the palette event)
    window.set_theme("light")
    qtbot.waitUntil(lambda: ink() < 0.35)


def test_theme_button_switches_light_and_dark(qtbot: QtBot, window: MainWindow) -> None:
    window.set_theme("light")
    switch = window.toolbar.actions_by_icon()["theme"]
    switch.trigger()
    assert window.theme == "dark" and window.theme_actions["dark"].isChecked()
    switch.trigger()
    assert window.theme == "light"
    assert switch in view_menu(window).actions()


def test_find_button_focuses_the_filter(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    window.pane.filter.setText("mail")
    window.pane.table.setFocus()
    window.toolbar.actions_by_icon()["filter"].trigger()
    assert isinstance(window.focusWidget(), QLineEdit)
    assert window.focusWidget() is window.pane.filter
    assert window.pane.filter.selectedText() == "mail"


def test_missing_icons_show_the_text(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(toolbar_module, "icon_dirs", lambda: [tmp_path])
    window.toolbar.recolour()
    action = window.toolbar.actions_by_icon()["new"]
    button = window.toolbar.widgetForAction(action)
    assert isinstance(button, QToolButton)
    assert action.icon().isNull()
    assert button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextOnly
    assert button.text().replace("&", "") == "New"  # a tool button drops the "…"
    monkeypatch.undo()
    window.toolbar.recolour()
    assert button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly


def test_toolbar_visibility_and_place_persist(qtbot: QtBot, seeded: Store) -> None:
    first = MainWindow(seeded, settings=open_settings())
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    toggle = first.toolbar.toggleViewAction()
    assert toggle in view_menu(first).actions() and toggle.text() == "Main &toolbar"
    first.removeToolBar(first.toolbar)  # moved to the left edge by the user
    first.addToolBar(Qt.ToolBarArea.LeftToolBarArea, first.toolbar)
    first.toolbar.show()
    first.close()

    second = MainWindow(seeded, settings=open_settings())
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.toolBarArea(second.toolbar) == Qt.ToolBarArea.LeftToolBarArea
    second.toolbar.toggleViewAction().trigger()  # View > Main toolbar: hidden
    assert not second.toolbar.isVisible()
    second.close()

    third = MainWindow(seeded, settings=open_settings())
    qtbot.addWidget(third)
    third.show()
    qtbot.waitExposed(third)
    assert not third.toolbar.isVisible()
    assert not third.toolbar.toggleViewAction().isChecked()
    third.close()


def test_toolbar_actions_have_no_duplicate_shortcuts(window: MainWindow) -> None:
    seen: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            text = key.toString()
            if text:
                assert seen.setdefault(text, action.text()) == action.text(), text
