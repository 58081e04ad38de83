"""New rows, deleting rows with their children, the undo history, and kept geometry."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QUndoView
from pytestqt.qtbot import QtBot

from sdm_workbench.gui.editors import TextEdit
from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.gui.settings import open_settings
from sdm_workbench.store import Store
from sdm_workbench.store.repository import list_rows

from .editing_helpers import cell, model_of, row_with, stored


def uids(store: Store) -> dict[str, set[str]]:
    with store.session() as session:
        return {k: {r.uid for r in list_rows(session, k)} for k in ("service", "sla", "ticket")}


def test_a_new_window_has_nothing_to_undo(qtbot: QtBot, window: MainWindow) -> None:
    assert window.history.stack.count() == 0
    undo = window.findChild(QAction, "undoAction")
    assert undo is not None and not undo.isEnabled()


def test_delete_with_children_is_one_step_and_undo_restores_the_same_rows(
    qtbot: QtBot, window: MainWindow
) -> None:
    before = uids(window.store)
    model = model_of(window)
    window.pane.table.selectRow(row_with(model, "code", "SVC-001"))
    assert window.editing.delete_rows()
    after = uids(window.store)
    assert len(after["service"]) == 2 and after["sla"] == set()
    assert len(after["ticket"]) == 1  # the other two tickets were Mail's
    assert "Deleted 1 service and 3 rows that belonged to them" in (
        window.statusBar().currentMessage()
    )
    assert window.history.stack.count() == 1
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    window.history.stack.undo()
    assert uids(window.store) == before  # same rows, same uids
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    qtbot.waitUntil(lambda: window.navigator.count_text("ticket") == "3")
    window.history.stack.redo()
    assert uids(window.store) == after


def test_new_row_form_adds_a_row_and_shows_refusals_at_the_field(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.editing.new_action.trigger()
    dialog = window.editing.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "New service"
    name = dialog.editors["name"]
    code = dialog.editors["code"]
    assert isinstance(name, TextEdit) and isinstance(code, TextEdit)
    code.setText("SVC-002")  # taken
    name.setText("Backup")
    dialog.add_button.click()
    assert dialog.isVisible()
    assert "Code SVC-002 is already used by 'Web portal'." in dialog._errors["code"].text()
    assert window.history.stack.count() == 0

    code.setText("")  # an empty code gets the next free one
    dialog.add_button.click()
    assert not dialog.isVisible()
    assert stored(window.store, "service", "SVC-004", "name") == "Backup"
    model = model_of(window)
    assert window.pane.table.currentIndex().row() == row_with(model, "code", "SVC-004")
    assert window.history.stack.undoText() == "Add service SVC-004"
    window.history.stack.undo()
    qtbot.waitUntil(lambda: model.rowCount() == 3)


def test_new_row_starts_from_the_current_rows_parent(qtbot: QtBot, window: MainWindow) -> None:
    window.show_kind("sla")
    window.pane.table.setCurrentIndex(cell(model_of(window), 0, "name"))
    dialog = window.editing.new_row()
    assert dialog is not None
    assert dialog.editors["service_id"].currentText() == "SVC-001"  # type: ignore[attr-defined]
    dialog.reject()


def test_history_dock_lists_the_steps(qtbot: QtBot, window: MainWindow) -> None:
    toggle = window.history_dock.toggleViewAction()
    assert not window.history_dock.isVisible()
    toggle.trigger()
    assert window.history_dock.isVisible()
    model = model_of(window)
    assert model.setData(cell(model, 0, "name"), "Mail 2")
    assert model.setData(cell(model, 1, "name"), "Portal 2")
    view = window.history_dock.findChild(QUndoView)
    assert view is not None
    assert view.model().rowCount() == 3  # "As opened" plus two steps
    view.setCurrentIndex(view.model().index(0, 0))  # back to the start
    assert stored(window.store, "service", "SVC-001", "name") == "Mail"
    assert stored(window.store, "service", "SVC-002", "name") == "Web portal"


def test_geometry_persists_across_a_restart(qtbot: QtBot, seeded: Store) -> None:
    first = MainWindow(seeded, settings=open_settings())
    qtbot.addWidget(first)
    first.show()
    first.setGeometry(QRect(30, 40, 700, 500))
    first.history_dock.show()
    qtbot.waitUntil(lambda: first.size().width() == 700)
    first.close()

    again = MainWindow(seeded, settings=open_settings())
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (700, 500)  # not the first-start size (720x540 here)
    assert not again.history_dock.isHidden()  # docks are part of the kept window state
    again.close()


def test_delete_key_acts_only_when_the_table_has_focus(qtbot: QtBot, window: MainWindow) -> None:
    model = model_of(window)
    window.pane.table.selectRow(0)
    window.navigator.setFocus()
    qtbot.keyClick(window.navigator, Qt.Key.Key_Delete)
    assert model.rowCount() == 3 and window.history.stack.count() == 0
    window.pane.table.setFocus()
    qtbot.keyClick(window.pane.table, Qt.Key.Key_Delete)
    assert window.history.stack.count() == 1
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    qtbot.keyClick(window.pane.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: model.rowCount() == 3)


def test_column_widths_and_order_persist_per_kind(qtbot: QtBot, seeded: Store) -> None:
    first = MainWindow(seeded, settings=open_settings())
    qtbot.addWidget(first)
    header = first.pane.table.horizontalHeader()
    header.resizeSection(1, 333)
    header.moveSection(2, 0)  # the owner first
    first.show_kind("ticket")
    first.show_kind("service")  # switching kinds keeps them too
    assert header.sectionSize(1) == 333 and header.logicalIndex(0) == 2
    first.close()

    again = MainWindow(seeded, settings=open_settings())
    qtbot.addWidget(again)
    header = again.pane.table.horizontalHeader()
    assert again.current_kind() == "service"
    assert header.sectionSize(1) == 333 and header.logicalIndex(0) == 2
    again.close()
