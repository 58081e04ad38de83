"""The RACI matrix: model contract, edits as undo steps, flags, filter, live refresh."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sdm_workbench.domain.people import RaciAssignment
from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.gui.raci import RaciModel, RaciView
from sdm_workbench.gui.raci.model import parse_roles
from sdm_workbench.operations import CreateRow, run
from sdm_workbench.store import Store
from sdm_workbench.store.repository import find_by_code, list_rows


def _ids(store: Store) -> dict[str, int]:
    with store.session() as session:
        people = {p["name"]: p.id for p in list_rows(session, "person")}
        services = {s["code"]: s.id for s in list_rows(session, "service")}
    return {**people, **services}


@pytest.fixture
def planned(seeded: Store) -> Store:
    """The seeded store plus a team, a project with two tasks and some RACI entries."""
    ids = _ids(seeded)
    team = run(seeded, CreateRow("team", {"code": "TEAM-001", "name": "Ops"})).row_id
    project = run(seeded, CreateRow("project", {"code": "PRJ-001", "name": "Move"})).row_id
    for name in ("Plan the move", "Carry the boxes"):
        values = {"project_id": project, "name": name, "start_date": "2026-03-02",
                  "finish_date": "2026-03-06", "duration_days": 5}  # fmt: skip
        run(seeded, CreateRow("task", values))
    entries = [
        {"role": "A", "person_id": ids["Ann Owner"], "service_id": ids["SVC-001"]},
        {"role": "A", "person_id": ids["Ann Owner"], "service_id": ids["SVC-002"]},
        {"role": "A", "team_id": team, "service_id": ids["SVC-002"]},  # two Accountables
        {"role": "R", "person_id": ids["Bob Builder"], "project_id": project},  # no A
    ]
    for values in entries:
        run(seeded, CreateRow("raci", values))
    return seeded


def assignments(store: Store) -> list[tuple[str, int | None, int | None]]:
    with store.session() as session:
        found = session.execute(
            select(RaciAssignment.role, RaciAssignment.person_id, RaciAssignment.service_id)
        ).all()
    return sorted(((str(getattr(r, "value", r)), p, s) for r, p, s in found), key=repr)


@pytest.fixture
def raci(qtbot: QtBot, planned: Store) -> RaciView:
    window = MainWindow(planned, settings=None)
    qtbot.addWidget(window)
    window.show()
    window.show_view("people")
    view = window.screen("people")
    assert isinstance(view, RaciView)
    return view


def cell(model: RaciModel, activity: tuple[str, int], person: str) -> QModelIndex:
    column = next(c for c in range(1, model.columnCount()) if model.assignee(c).label == person)
    return model.find(activity, (model.assignee(column).kind, model.assignee(column).id))


def test_model_passes_the_model_tester(qtmodeltester: ModelTester, raci: RaciView) -> None:
    qtmodeltester.check(raci.model, force_py=True)
    raci.model.toggle(next(r for r in range(raci.model.rowCount())
                           if raci.model.activity(r).kind == "project"))  # fmt: skip
    qtmodeltester.check(raci.model, force_py=True)


def test_people_view_is_the_raci_screen_and_people_table_stays(raci: RaciView) -> None:
    window = raci.window()
    assert isinstance(window, MainWindow)
    assert window.current_widget() is raci
    window.show_kind("person")
    assert window.current_kind() == "person"


def test_editing_creates_updates_deletes_and_undo_restores(raci: RaciView) -> None:
    store, model = raci.model._store, raci.model
    model.set_view(everyone=True)
    ids = _ids(store)
    before = assignments(store)
    index = cell(model, ("service", ids["SVC-003"]), "Bob Builder")
    assert index.data() == ""

    assert model.setData(index, "a")  # typed in lower case
    assert ("A", ids["Bob Builder"], ids["SVC-003"]) in assignments(store)
    with store.session() as session:
        created = [r for r in list_rows(session, "raci") if r["service_id"] == ids["SVC-003"]]
    assert len(created) == 1
    assert cell(model, ("service", ids["SVC-003"]), "Bob Builder").data() == "A"

    assert model.setData(cell(model, ("service", ids["SVC-003"]), "Bob Builder"), "R")
    with store.session() as session:
        updated = [r for r in list_rows(session, "raci") if r["service_id"] == ids["SVC-003"]]
    assert [(r.id, str(r["role"].value)) for r in updated] == [(created[0].id, "R")]

    assert model.setData(cell(model, ("service", ids["SVC-003"]), "Bob Builder"), "")
    assert assignments(store) == before
    assert model.history.stack.count() == 3  # one undo step per edit

    model.history.stack.undo()
    assert ("R", ids["Bob Builder"], ids["SVC-003"]) in assignments(store)
    model.history.stack.undo()
    assert ("A", ids["Bob Builder"], ids["SVC-003"]) in assignments(store)
    model.history.stack.undo()
    assert assignments(store) == before


def test_two_roles_in_one_cell_is_one_step(qtbot: QtBot, raci: RaciView) -> None:
    model = raci.model
    ids = _ids(model._store)
    index = cell(model, ("service", ids["SVC-001"]), "Ann Owner")
    assert model.setData(index, "r/a")
    assert cell(model, ("service", ids["SVC-001"]), "Ann Owner").data() == "R/A"
    assert model.history.stack.count() == 1
    model.history.stack.undo()  # the matrix follows through the change bus
    qtbot.waitUntil(lambda: cell(model, ("service", ids["SVC-001"]), "Ann Owner").data() == "A")


def test_a_wrong_letter_is_refused_and_changes_nothing(qtbot: QtBot, raci: RaciView) -> None:
    model = raci.model
    before = assignments(model._store)
    ids = _ids(model._store)
    with qtbot.waitSignal(model.history.refused):
        assert not model.setData(cell(model, ("service", ids["SVC-001"]), "Ann Owner"), "X")
    assert assignments(model._store) == before
    assert "not a RACI role" in raci.message.text()
    with pytest.raises(Exception, match="not a RACI role"):
        parse_roles("AX")
    assert parse_roles(" a / r ") == {"A", "R"}


def test_editing_through_the_delegate(qtbot: QtBot, raci: RaciView) -> None:
    model = raci.model
    ids = _ids(model._store)
    index = cell(model, ("service", ids["SVC-001"]), "Ann Owner")
    raci.table.setCurrentIndex(index)
    raci.table.edit(index)
    combo = raci.table.indexWidget(index) or raci.table.findChild(QComboBox)
    assert isinstance(combo, QComboBox)
    assert combo.currentText() == "A"
    combo.setCurrentText("C")
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ("C", ids["Ann Owner"], ids["SVC-001"]) in assignments(model._store))


def test_flags_no_accountable_and_two_accountables(raci: RaciView) -> None:
    model = raci.model
    ids = _ids(model._store)
    with model._store.session() as session:
        project = find_by_code(session, "project", "PRJ-001")
    assert project is not None
    flagged = model.matrix.flagged
    assert ("service", ids["SVC-002"]) in flagged  # Ann and the Ops team
    assert ("service", ids["SVC-003"]) in flagged  # nobody
    assert ("project", project.id) in flagged  # only an R
    assert ("service", ids["SVC-001"]) not in flagged
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Activity — 3 flagged"
    two = model.find(("service", ids["SVC-002"]))
    assert "2 Accountables" in two.data(Qt.ItemDataRole.ToolTipRole)
    assert two.data(Qt.ItemDataRole.DecorationRole) is not None
    assert two.data(Qt.ItemDataRole.BackgroundRole) is not None
    fine = model.find(("service", ids["SVC-001"]))
    assert fine.data(Qt.ItemDataRole.DecorationRole) is None
    assert "3 flagged" in raci.summary.text()

    model.setData(cell(model, ("service", ids["SVC-002"]), "Ann Owner"), "R")  # one A left
    assert ("service", ids["SVC-002"]) not in model.matrix.flagged
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Activity — 2 flagged"


def test_tasks_show_under_an_expanded_project_and_by_filter(qtbot: QtBot, raci: RaciView) -> None:
    model = raci.model
    kinds = [model.activity(r).kind for r in range(model.rowCount())]
    assert "task" not in kinds  # projects start collapsed
    row = kinds.index("project")
    assert "(2 tasks)" in model.index(row, 0).data()
    raci.table.clicked.emit(model.index(row, 0))
    assert [model.activity(r).kind for r in range(model.rowCount())].count("task") == 2
    model.toggle(row)
    raci.filter.setText("boxes")
    qtbot.waitUntil(lambda: model.rowCount() == 2)  # the project and its matching task
    assert model.activity(1).label == "Carry the boxes"
    raci.flagged_only.setChecked(True)
    raci.filter.clear()
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    assert all(model.activity(r).key in model.matrix.flagged for r in range(3))


def test_a_change_from_another_store_appears(qtbot: QtBot, raci: RaciView, tmp_path: Path) -> None:
    model = raci.model
    store = model._store
    assert store.path is not None
    ids = _ids(store)
    other = Store.open(store.path, backup_dir=tmp_path / "other-backups")
    try:
        values = {"role": "A", "person_id": ids["Bob Builder"], "service_id": ids["SVC-003"]}
        run(other, CreateRow("raci", values))
    finally:
        other.close()
    qtbot.waitUntil(lambda: ("service", ids["SVC-003"]) not in model.matrix.flagged, timeout=5000)
    assert cell(model, ("service", ids["SVC-003"]), "Bob Builder").data() == "A"
