"""Owners and assignees named in a template: unknown people are added once and linked, in the
same transaction and undo step as the rows; re-importing adds nobody."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from sdm_workbench.exchange.templates import apply_template, find_parent, plan_template
from sdm_workbench.exchange.templates.people import names_in, person_key
from sdm_workbench.operations import CreateRow, run, undo
from sdm_workbench.store import Store
from sdm_workbench.store.rows import table

OWNERS = [
    ["R1", "Supplier late", "J. Smith"],
    ["R2", "Key engineer leaves", "Ann Lee"],
    ["R3", "Licence costs rise", "j smith"],  # the same person as R1
    ["R4", "Scope creep", "ANN LEE "],
    ["R5", "Data centre flood", "Julie"],  # known already
]


@pytest.fixture
def project(store: Store) -> Store:
    run(store, CreateRow("project", {"name": "People"}))
    run(store, CreateRow("person", {"name": "Julie"}))
    return store


def _register(path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Risks"
    ws.append(["Ref", "Risk", "Risk owner"])
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def _rows(store: Store, name: str) -> list[dict[str, Any]]:
    t = table(name)
    with store.session() as session:
        return [dict(r._mapping) for r in session.execute(select(t).order_by(t.c.id))]


def test_unknown_owners_are_added_once_linked_and_undone(project: Store, tmp_path: Path) -> None:
    path = _register(tmp_path / "risks.xlsx", OWNERS)
    parent = find_parent(project, "PRJ-001", None)
    plan = plan_template(project, path, parent)
    assert plan.new_people == ["J. Smith", "Ann Lee"]  # as first written
    people = [a for a in plan.adds if a.ref.kind == "person"]
    assert [a.ref.row for a in people] == [2, 3]  # where each is first named
    assert "Add Risks row 2 new person J. Smith" in plan.summary()
    macro = apply_template(project, plan)
    ids = {p["name"]: p["id"] for p in _rows(project, "people")}
    assert set(ids) == {"Julie", "J. Smith", "Ann Lee"}
    owners = {r["title"]: r["owner_id"] for r in _rows(project, "raid_items")}
    assert owners == {
        "Supplier late": ids["J. Smith"],
        "Key engineer leaves": ids["Ann Lee"],
        "Licence costs rise": ids["J. Smith"],
        "Scope creep": ids["Ann Lee"],
        "Data centre flood": ids["Julie"],
    }
    assert all(not r["description"] for r in _rows(project, "raid_items"))  # linked, not noted
    again = plan_template(project, path, parent)
    assert again.is_empty and again.new_people == [], again.summary()  # nobody added twice
    undo(project, macro)  # one step takes the rows and the people back
    assert _rows(project, "raid_items") == []
    assert [p["name"] for p in _rows(project, "people")] == ["Julie"]
    run(project, macro)  # redo: the same people, the same links
    assert {p["name"]: p["id"] for p in _rows(project, "people")} == ids
    assert {r["title"]: r["owner_id"] for r in _rows(project, "raid_items")} == owners


def test_a_new_owner_of_a_matched_row_is_an_update(project: Store, tmp_path: Path) -> None:
    parent = find_parent(project, "PRJ-001", None)
    first = _register(tmp_path / "a.xlsx", [["R1", "Supplier late", "Julie"]])
    apply_template(project, plan_template(project, first, parent))
    moved = _register(tmp_path / "b.xlsx", [["R1", "Supplier late", "Kim Ng"]])
    plan = plan_template(project, moved, parent)
    assert plan.new_people == ["Kim Ng"]
    (update,) = plan.updates
    assert [str(c) for c in update.changes] == ["Owner 'Julie' -> 'Kim Ng'"]
    assert update.changes[0].cell.where == "Risks!C2"
    apply_template(project, plan)
    kim = next(p["id"] for p in _rows(project, "people") if p["name"] == "Kim Ng")
    assert _rows(project, "raid_items")[0]["owner_id"] == kim


def test_placeholders_and_shared_names_stay_text(project: Store, tmp_path: Path) -> None:
    run(project, CreateRow("person", {"name": "julie"}))  # two Julies: which one is meant?
    rows = [
        ["R1", "Supplier late", "TBD"],
        ["R2", "Key engineer leaves", "Julie"],
        ["R3", "Licence costs rise", "Arun, Bex"],
    ]
    plan = plan_template(
        project, _register(tmp_path / "r.xlsx", rows), find_parent(project, "PRJ-001", None)
    )
    assert plan.new_people == ["Arun"]  # the first of several is the owner; the cell is noted
    values = {a.values.get("title"): a.values for a in plan.adds}
    assert values["Supplier late"]["description"] == "Risk owner: TBD"
    assert "owner_id" not in values["Key engineer leaves"]
    assert values["Key engineer leaves"]["description"] == "Risk owner: Julie"
    assert values["Licence costs rise"]["owner_name"] == "Arun"
    assert values["Licence costs rise"]["description"] == "Risk owner: Arun, Bex"


def test_names_and_keys() -> None:
    assert person_key("J. Smith") == person_key(" j  smith") == "j smith"
    assert person_key("j_smith") == "j smith" and person_key("JSmith") != "j smith"
    assert names_in("Arun, Bex") == ["Arun", "Bex"]
    assert names_in("Danielle & Eliza / Fay and Gus") == ["Danielle", "Eliza", "Fay", "Gus"]
    assert names_in("Anderson") == ["Anderson"]
    assert names_in("n/a") == [] and names_in("TBD, Kim") == ["Kim"] and names_in("-") == []
