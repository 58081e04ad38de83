"""Help > Keyboard shortcuts, Help > Where is my data?, and View > Zoom."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from sdm_workbench.gui import settings as keys
from sdm_workbench.gui.about import ShortcutsDialog, shortcut_rows, show_data_paths
from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.gui.settings import open_settings
from sdm_workbench.gui.zoom import ZOOM_STEPS, base_point_size, next_zoom
from sdm_workbench.store import Store


def test_shortcut_list_is_built_from_the_actions(qtbot: QtBot, window: MainWindow) -> None:
    rows = shortcut_rows(window)
    commands = {(menu, command): shortcut for menu, command, shortcut in rows}
    assert commands[("Edit", "Undo")] == QKeySequence(QKeySequence.StandardKey.Undo).toString(
        QKeySequence.SequenceFormat.NativeText
    )
    assert commands[("Edit", "Find")]
    assert commands[("View", "Actual size")] == "Ctrl+0"
    assert "Ctrl+-" in commands[("View", "Zoom out")]
    # every action of the window with a shortcut is listed, nothing is invented
    with_keys = {
        a.text().replace("&", "").rstrip(".…")
        for a in window.findChildren(QAction)
        if not a.shortcut().isEmpty()
    }
    assert with_keys == {command for _, command, _ in rows}

    added = QAction("&Frobnicate", window)  # a new action shows up without editing a list
    added.setShortcut(QKeySequence("Ctrl+Alt+J"))
    window.menuBar().actions()[0].menu().addAction(added)
    assert ("File", "Frobnicate", "Ctrl+Alt+J") in shortcut_rows(window)


def test_shortcuts_dialog_filters(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.show_shortcuts()
    assert isinstance(dialog, ShortcutsDialog)
    qtbot.waitExposed(dialog)
    total = dialog.table.rowCount()
    assert total == len(shortcut_rows(window))
    dialog.filter.setText("zoom")
    shown = [r for r in range(total) if not dialog.table.isRowHidden(r)]
    assert len(shown) == 2
    assert all("Zoom" in dialog.table.item(r, 1).text() for r in shown)
    dialog.close()


def test_where_is_my_data_names_the_file(qtbot: QtBot, window: MainWindow) -> None:
    box = show_data_paths(window, window.store)
    assert isinstance(box, QMessageBox)
    assert str(window.store.path) in box.text()
    assert "Backups" in box.text() and "Settings" in box.text()
    box.close()


def test_zoom_scales_the_font_and_persists(qtbot: QtBot, seeded: Store) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    base = base_point_size(app)
    first = MainWindow(seeded, settings=open_settings())
    qtbot.addWidget(first)
    actions = {a.objectName(): a for a in first.findChildren(QAction) if a.objectName()}
    actions["zoomIn"].trigger()
    actions["zoomIn"].trigger()
    assert first.zoom == 125
    assert app.font().pointSizeF() == round(base * 1.25, 1)
    actions["zoomOut"].trigger()
    assert first.zoom == 110
    first.close()

    second = MainWindow(seeded, settings=open_settings())  # a restart keeps the zoom
    qtbot.addWidget(second)
    assert second.zoom == 110
    assert open_settings().value(keys.ZOOM) in (110, "110")
    second_actions = {a.objectName(): a for a in second.findChildren(QAction)}
    second_actions["zoomReset"].trigger()
    assert second.zoom == 100
    assert app.font().pointSizeF() == round(base, 1)
    second.close()


def test_zoom_steps_stop_at_the_ends() -> None:
    assert next_zoom(ZOOM_STEPS[-1], 1) == ZOOM_STEPS[-1]
    assert next_zoom(ZOOM_STEPS[0], -1) == ZOOM_STEPS[0]
    assert next_zoom(103, 1) == 110  # an odd value from a hand-edited file snaps first
