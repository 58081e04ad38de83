"""Inline editing: typed delegates write through undoable operations; refusals change nothing."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from sdm_workbench.domain.enums import Criticality
from sdm_workbench.gui.date_editors import NullableDateEdit, NullableDateTimeEdit
from sdm_workbench.gui.edit_model import EditableRowModel
from sdm_workbench.gui.editors import ChoiceEdit, IntegerEdit, ReferenceEdit, TextEdit
from sdm_workbench.gui.history import EditHistory
from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.gui.references import ReferenceChoices
from sdm_workbench.store import Store

from .editing_helpers import add_risks, cell, commit, model_of, open_editor, row_with, stored

EDIT = Qt.ItemDataRole.EditRole


def test_editable_model_passes_qt_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, seeded: Store
) -> None:
    add_risks(seeded)
    history = EditHistory(seeded)
    choices = ReferenceChoices(seeded)
    for kind_name in ("ticket", "service", "sla", "raid_item", "person"):
        model = EditableRowModel(seeded, kind_name, history, choices)
        assert model.rowCount() > 0
        assert all(
            bool(model.flags(model.index(0, c)) & Qt.ItemFlag.ItemIsEditable)
            != model.columns[c].derived  # derived columns (risk score) are read-only
            for c in range(model.columnCount())
        )
        qtmodeltester.check(model)


def test_edit_values_are_qt_types(seeded: Store) -> None:
    model = EditableRowModel(seeded, "sla", EditHistory(seeded), ReferenceChoices(seeded))
    assert cell(model, 0, "start_date").data(EDIT) == QDate(2025, 1, 1)
    assert isinstance(cell(model, 0, "end_date").data(EDIT), QDate)  # a null QDate, not None
    assert cell(model, 0, "end_date").data(EDIT).isNull()
    assert cell(model, 0, "service_id").data(EDIT) == "SVC-001"
    tickets = EditableRowModel(seeded, "ticket", EditHistory(seeded), ReferenceChoices(seeded))
    assert cell(tickets, 0, "opened_at").data(EDIT).toUTC().time().hour() == 9


def test_text_edit_through_the_delegate_then_undo_and_redo(
    qtbot: QtBot, window: MainWindow
) -> None:
    model = model_of(window)
    editor = open_editor(qtbot, window, cell(model, 0, "name"))
    assert isinstance(editor, TextEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Mail and calendar")
    commit(qtbot, window, editor)
    store = window.store
    assert stored(store, "service", "SVC-001", "name") == "Mail and calendar"
    qtbot.waitUntil(lambda: cell(model, 0, "name").data() == "Mail and calendar")
    assert window.history.stack.count() == 1
    assert window.history.stack.undoText() == "Edit service SVC-001: Name"

    undo = window.findChild(type(window.history_dock.toggleViewAction()), "undoAction")
    assert undo is not None and undo.isEnabled()
    undo.trigger()
    assert stored(store, "service", "SVC-001", "name") == "Mail"
    qtbot.waitUntil(lambda: cell(model, 0, "name").data() == "Mail")
    assert "Undone: Edit service SVC-001: Name" in window.statusBar().currentMessage()
    window.history.stack.redo()
    assert stored(store, "service", "SVC-001", "name") == "Mail and calendar"


def test_date_picker_sets_and_clears_a_date(qtbot: QtBot, window: MainWindow) -> None:
    window.show_kind("sla")
    model = model_of(window)
    editor = open_editor(qtbot, window, cell(model, 0, "end_date"))
    assert isinstance(editor, NullableDateEdit)
    assert editor.calendarPopup()
    assert editor.field_value().isNull()  # empty stays empty
    editor.setDate(QDate(2026, 1, 31))
    with qtbot.waitSignal(window.live.changed):  # the change bus has been heard
        commit(qtbot, window, editor)
    assert stored(window.store, "sla", "SLA-001", "end_date") == date(2026, 1, 31)
    assert cell(model, 0, "end_date").data() == QDate(2026, 1, 31)

    editor = open_editor(qtbot, window, cell(model, 0, "end_date"))
    assert isinstance(editor, NullableDateEdit)
    assert editor.clear_action is not None
    editor.clear_action.trigger()
    commit(qtbot, window, editor)
    assert stored(window.store, "sla", "SLA-001", "end_date") is None
    window.history.stack.undo()
    assert stored(window.store, "sla", "SLA-001", "end_date") == date(2026, 1, 31)


def test_required_date_cannot_be_cleared(qtbot: QtBot, window: MainWindow) -> None:
    window.show_kind("ticket")
    editor = open_editor(qtbot, window, cell(model_of(window), 0, "opened_at"))
    assert isinstance(editor, NullableDateTimeEdit)
    assert editor.clear_action is None and not editor.field_value().isNull()


def test_probability_picker_enum_and_reference_editors(qtbot: QtBot, window: MainWindow) -> None:
    add_risks(window.store)
    window.show_kind("raid_item")
    model = model_of(window)
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    editor = open_editor(qtbot, window, cell(model, 0, "probability"))
    assert isinstance(editor, IntegerEdit)
    assert (editor.minimum(), editor.maximum()) == (0, 5)  # 0 shows as empty
    assert editor.specialValueText() == "—"
    editor.setValue(5)
    commit(qtbot, window, editor)
    assert stored(window.store, "raid_item", "RSK-0001", "probability") == 5

    window.show_kind("service")
    model = model_of(window)
    editor = open_editor(qtbot, window, cell(model, 0, "criticality"))
    assert isinstance(editor, ChoiceEdit)
    assert editor.currentText() == "high"
    editor.setCurrentText("critical")
    commit(qtbot, window, editor)
    assert stored(window.store, "service", "SVC-001", "criticality") is Criticality.CRITICAL

    editor = open_editor(qtbot, window, cell(model, 0, "owner_id"))
    assert isinstance(editor, ReferenceEdit)
    labels = [editor.itemText(i) for i in range(editor.count())]
    assert labels == ["", "Ann Owner", "Bob Builder"]  # may be emptied; sorted
    assert editor.completer().filterMode() == Qt.MatchFlag.MatchContains
    editor.setEditText("bob builder")  # any case
    commit(qtbot, window, editor)
    qtbot.waitUntil(lambda: cell(model, 0, "owner_id").data() == "Bob Builder")


def test_reference_by_unknown_name_is_refused_with_the_domain_message(
    qtbot: QtBot, window: MainWindow
) -> None:
    model = model_of(window)
    assert not model.setData(cell(model, 0, "owner_id"), "Nobody Here")
    assert "Unknown person name 'Nobody Here'." in window.pane.messages.message()
    assert window.history.stack.count() == 0


def test_refused_edit_shows_the_message_and_changes_nothing(
    qtbot: QtBot, window: MainWindow
) -> None:
    model = model_of(window)
    window.pane.table.setCurrentIndex(cell(model, 0, "name"))
    assert not model.setData(cell(model, 0, "name"), "   ")
    assert stored(window.store, "service", "SVC-001", "name") == "Mail"
    assert window.history.stack.count() == 0  # a refused step never lands on the stack
    assert "Name may not be empty." in window.pane.messages.message()
    assert window.statusBar().currentMessage() == "Name may not be empty."
    # the next good edit clears the message
    assert model.setData(cell(model, 0, "name"), "Mail 2")
    assert window.pane.messages.message() == ""


def test_stale_edit_after_another_store_changed_the_row_is_refused(
    qtbot: QtBot, window: MainWindow
) -> None:
    model = model_of(window)
    assert cell(model, 0, "name").data() == "Mail"  # snapshot (version 1) cached now
    path = window.store.path
    assert path is not None
    other = Store.open(path, backup_dir=path.parent / "other-backups")
    try:
        from sdm_workbench.operations import UpdateRow, run

        run(other, UpdateRow("service", model.row_id(0), {"name": "Mail (theirs)"}))
    finally:
        other.close()
    assert not model.setData(cell(model, 0, "description"), "Ours")
    message = window.pane.messages.message()
    assert "Someone else changed this service in the meantime" in message
    assert stored(window.store, "service", "SVC-001", "name") == "Mail (theirs)"
    assert stored(window.store, "service", "SVC-001", "description").startswith("Corporate")
    assert window.history.stack.count() == 0
    qtbot.waitUntil(lambda: cell(model, 0, "name").data() == "Mail (theirs)")


def test_undo_refused_later_leaves_a_truthful_stack(qtbot: QtBot, window: MainWindow) -> None:
    model = model_of(window)
    assert model.setData(cell(model, row_with(model, "code", "SVC-002"), "name"), "Portal")
    assert window.history.stack.count() == 1
    path = window.store.path
    assert path is not None
    other = Store.open(path, backup_dir=path.parent / "other-backups")
    try:
        from sdm_workbench.operations import UpdateRow, run

        run(other, UpdateRow("service", model.row_id(1), {"name": "Their portal"}))
    finally:
        other.close()
    window.history.stack.undo()
    assert stored(window.store, "service", "SVC-002", "name") == "Their portal"
    assert window.history.stack.count() == 0  # the step that cannot be undone is dropped
    assert not window.history.stack.canRedo()
    assert "Someone else changed" in window.pane.messages.message()
