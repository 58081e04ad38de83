"""The details form under each table: typed editors per field, refusals, children, live."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from sdm_workbench.domain.columns import columns_for
from sdm_workbench.domain.errors import DomainError
from sdm_workbench.domain.kinds import KINDS
from sdm_workbench.gui.details.children import CHILDREN, ChildRowModel, ChildTable
from sdm_workbench.gui.details.page import KindForm
from sdm_workbench.gui.editors import ChoiceEdit, ReferenceEdit
from sdm_workbench.gui.history import EditHistory
from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.gui.references import ReferenceChoices
from sdm_workbench.operations import CreateRow, UpdateRow, run
from sdm_workbench.store import Store
from sdm_workbench.store.repository import find_by_code, list_rows

from .editing_helpers import stored


def sla_id(store: Store, code: str = "SLA-001") -> int:
    with store.session() as session:
        snap = find_by_code(session, "sla", code)
        assert snap is not None
        return snap.id


def add_target(store: Store, sla_code: str, priority: int) -> int:
    operation = CreateRow(
        "sla_target",
        {
            "sla_code": sla_code,
            "metric": "resolution time",
            "target": 4 * priority,
            "unit": "hours",
            "priority": priority,
        },
    )
    run(store, operation)
    assert operation.row_id is not None
    return operation.row_id


def children(window: MainWindow, kind_name: str) -> ChildTable:
    page = window.pane.details.page
    assert page is not None
    return next(c for c in page.child_tables if c.spec.kind == kind_name)


def test_every_field_of_every_kind_has_one_place_in_its_form(qtbot: QtBot, seeded: Store) -> None:
    history = EditHistory(seeded)
    choices = ReferenceChoices(seeded)
    for name in KINDS:
        form = KindForm(name, history, choices)
        qtbot.addWidget(form)
        assert sorted(form.fields) == sorted(c.name for c in columns_for(name)), name
        assert [c.spec.kind for c in form.child_tables] == [s.kind for s in CHILDREN.get(name, ())]


def test_a_typed_name_is_stored_and_undo_restores_it(qtbot: QtBot, window: MainWindow) -> None:
    details = window.pane.details
    assert details.heading.text() == "SVC-001 · Mail"
    editor = details.field("name").editor
    assert isinstance(editor, QLineEdit)
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "Mail and calendar")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert stored(window.store, "service", "SVC-001", "name") == "Mail and calendar"
    assert window.history.stack.count() == 1
    assert window.pane.table.model().index(0, 1).data() == "Mail and calendar"  # at once
    assert details.heading.text() == "SVC-001 · Mail and calendar"
    window.history.stack.undo()
    assert stored(window.store, "service", "SVC-001", "name") == "Mail"
    qtbot.waitUntil(lambda: editor.text() == "Mail")
    window.history.stack.redo()
    qtbot.waitUntil(lambda: editor.text() == "Mail and calendar")


def test_a_choice_and_a_reference_each_make_one_undo_step(qtbot: QtBot, window: MainWindow) -> None:
    details = window.pane.details
    criticality = details.field("criticality").editor
    assert isinstance(criticality, ChoiceEdit)
    assert criticality.currentText() == "high"
    criticality.setFocus()
    qtbot.keyClick(criticality, Qt.Key.Key_Down)  # the next choice, as a user picks it
    assert stored(window.store, "service", "SVC-001", "criticality").value == "critical"
    owner = details.field("owner_id").editor
    assert isinstance(owner, ReferenceEdit)
    assert owner.currentText() == "Ann Owner"
    owner.setFocus()
    owner.setCurrentIndex(owner.findText("Bob Builder"))
    owner.activated.emit(owner.currentIndex())
    qtbot.keyClick(owner, Qt.Key.Key_Tab)  # leaving it finishes the same edit: no second step
    assert window.history.stack.count() == 2
    window.history.stack.undo()
    assert stored(window.store, "service", "SVC-001", "owner_id") != _person(window, "Bob Builder")
    qtbot.waitUntil(lambda: owner.currentText() == "Ann Owner")


def _person(window: MainWindow, name: str) -> int:
    with window.store.session() as session:
        return next(p.id for p in list_rows(session, "person") if p["name"] == name)


def test_a_bad_value_is_refused_with_the_domains_message(qtbot: QtBot, window: MainWindow) -> None:
    window.show_kind("sla")
    details = window.pane.details
    box = details.field("end_date")
    with pytest.raises(DomainError) as caught:  # what the domain says about this value
        run(window.store, UpdateRow("sla", sla_id(window.store), {"end_date": date(2024, 6, 1)}))
    expected = str(caught.value)
    assert "before" in expected
    box.editor.setFocus()
    box.editor.setDate(QDate(2024, 6, 1))  # type: ignore[attr-defined]
    qtbot.keyClick(box.editor, Qt.Key.Key_Return)
    assert box.error.isVisible()
    assert box.error.text() == expected
    assert window.statusBar().currentMessage().startswith(expected)
    assert stored(window.store, "sla", "SLA-001", "end_date") is None
    assert window.history.stack.count() == 0
    window.pane.model.refresh()  # a refresh keeps the refused value and its message
    qtbot.wait(10)
    assert box.error.isVisible() and box.dirty()
    qtbot.keyClick(box.editor, Qt.Key.Key_Escape)  # Escape puts back what is stored
    assert not box.error.isVisible() and not box.dirty()


def test_a_long_text_is_stored_when_the_field_is_left(qtbot: QtBot, window: MainWindow) -> None:
    details = window.pane.details
    page = details.page
    assert page is not None
    page.ui.tabs.setCurrentWidget(page.ui.notesTab)
    notes = details.field("notes").editor
    assert isinstance(notes, QPlainTextEdit)
    notes.setFocus()
    qtbot.keyClicks(notes, "Renewal due")
    qtbot.keyClick(notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert stored(window.store, "service", "SVC-001", "notes") == "Renewal due"
    assert window.history.stack.count() == 1


def test_an_edit_of_a_row_changed_elsewhere_is_refused(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    other = Store.open(window.store.path)  # a teammate's process on the same file
    try:
        with other.session() as session:
            row = find_by_code(session, "service", "SVC-001")
        assert row is not None
        run(other, UpdateRow("service", row.id, {"name": "Mail (theirs)"}))
    finally:
        other.close()
    editor = window.pane.details.field("name").editor
    assert isinstance(editor, QLineEdit)
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "Mail (mine)")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert stored(window.store, "service", "SVC-001", "name") == "Mail (theirs)"
    assert "Someone else changed" in window.pane.details.field("name").error.text()
    assert editor.text() == "Mail (mine)"  # kept, while the form now shows their version
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # so Enter again is a deliberate overwrite
    assert stored(window.store, "service", "SVC-001", "name") == "Mail (mine)"
    assert window.history.stack.count() == 1


def test_the_form_leaves_the_table_most_of_the_room(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(1366, 768)
    window.show_kind("sla")
    pane = window.pane
    qtbot.waitUntil(pane.details.isVisible)
    table_part, form_part = pane.split.sizes()
    assert table_part > form_part > 0
    page = pane.details.page
    assert page is not None  # long forms scroll inside their part instead of growing it
    assert page.ui.detailsScroll.widgetResizable()  # type: ignore[attr-defined]


def test_an_slas_targets_are_its_children_and_follow_changes(
    qtbot: QtBot, window: MainWindow
) -> None:
    first = add_target(window.store, "SLA-001", 1)
    window.show_kind("sla")
    targets = children(window, "sla_target")
    assert [targets.model.row_id(r) for r in range(targets.model.rowCount())] == [first]
    page = window.pane.details.page
    assert page is not None
    assert page.ui.tabs.tabText(page.ui.tabs.indexOf(targets)) == "Targets (1)"
    second = add_target(window.store, "SLA-001", 2)  # added elsewhere in this process
    qtbot.waitUntil(lambda: targets.model.rowCount() == 2)
    assert targets.model.row_id(1) == second

    other = Store.open(window.store.path)  # and by another process: noticed by polling
    try:
        add_target(other, "SLA-001", 3)
    finally:
        other.close()
    qtbot.waitUntil(lambda: targets.model.rowCount() == 3, timeout=5000)

    dialog = targets.add()  # Add… opens the new-row form with this SLA filled in
    assert dialog is not None
    dialog.try_add()
    qtbot.waitUntil(lambda: targets.model.rowCount() == 4)
    with window.store.session() as session:
        mine = list_rows(session, "sla_target", where={"sla_id": sla_id(window.store)})
    assert len(mine) == 4
    targets.table.selectRow(3)
    assert targets.delete()  # one undo step
    qtbot.waitUntil(lambda: targets.model.rowCount() == 3)
    window.history.stack.undo()
    qtbot.waitUntil(lambda: targets.model.rowCount() == 4)


def test_a_projects_tasks_show_edit_and_open_in_their_table(
    qtbot: QtBot, window: MainWindow
) -> None:
    run(window.store, CreateRow("project", {"code": "PRJ-001", "name": "Move mail"}))
    for n in range(2):
        run(
            window.store,
            CreateRow(
                "task",
                {
                    "project_code": "PRJ-001",
                    "name": f"Step {n + 1}",
                    "sort_order": n,
                    "start_date": date(2025, 3, 3),
                    "finish_date": date(2025, 3, 7),
                },
            ),
        )
    window.show_kind("project")
    tasks = children(window, "task")
    qtbot.waitUntil(lambda: tasks.model.rowCount() == 2)
    model = tasks.model
    name = [c.name for c in model.columns].index("name")
    assert model.index(0, name).data() == "Step 1"
    assert model.setData(model.index(0, name), "First step", Qt.ItemDataRole.EditRole)
    with window.store.session() as session:
        names = sorted(t["name"] for t in list_rows(session, "task"))
    assert names == ["First step", "Step 2"]
    window.history.stack.undo()
    qtbot.waitUntil(lambda: model.index(0, name).data() == "Step 1")

    task_id = model.row_id(1)
    tasks.table.setCurrentIndex(model.index(1, name))
    tasks.open()
    assert window.current_kind() == "task"
    assert window.pane.current_row_id() == task_id


def test_child_models_pass_the_qt_model_tester(qtmodeltester: ModelTester, seeded: Store) -> None:
    add_target(seeded, "SLA-001", 1)
    add_target(seeded, "SLA-001", 2)
    spec = CHILDREN["sla"][0]
    model = ChildRowModel(seeded, spec, EditHistory(seeded), ReferenceChoices(seeded))
    assert model.rowCount() == 0  # no parent yet
    model.set_parent_row(sla_id(seeded))
    assert model.rowCount() == 2
    qtmodeltester.check(model)
    model.sort(model.columns.index(next(c for c in model.columns if c.name == "priority")),
               Qt.SortOrder.DescendingOrder)  # fmt: skip
    priority = [c.name for c in model.columns].index("priority")
    assert [model.index(r, priority).data() for r in range(2)] == [2, 1]
    qtmodeltester.check(model)


def test_reference_lists_pick_up_rows_added_since(qtbot: QtBot, window: MainWindow) -> None:
    owner = window.pane.details.field("owner_id")
    assert isinstance(owner.editor, QComboBox)
    run(window.store, CreateRow("person", {"name": "Cleo New"}))
    qtbot.waitUntil(lambda: owner.stale_choices)
    owner.editor.setFocus()  # the list is read again when the user comes to pick
    qtbot.waitUntil(lambda: owner.editor.findText("Cleo New") >= 0)
