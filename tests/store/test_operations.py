"""Every operation reverts exactly; invalid input is refused with its message, changing nothing."""

from __future__ import annotations

from typing import Any

import pytest

from sdm_workbench.domain import KINDS, ConflictError, DomainError, NotFoundError
from sdm_workbench.operations import CreateRow, DeleteRows, Macro, UpdateRow, run, undo
from sdm_workbench.store import Store
from sdm_workbench.store import repository as repo

from .sample import SAMPLE, build_sample, table_contents

# A harmless edit per kind, used to check update + revert.
EDITS: dict[str, dict[str, Any]] = {
    "person": {"email": "ana.ruiz@example.org"},
    "team": {"name": "Service Desk EMEA"},
    "team_member": {"person_id": "@ana"},
    "customer": {"sector": "Retail"},
    "calendar": {"fri_hours": "08:00-16:00"},
    "closed_day": {"name": "Christmas Eve"},
    "service": {"stage": "improvement"},
    "sla": {"status": "suspended"},
    "sla_target": {"target": 6},
    "ticket": {"priority": 2},
    "ticket_pause": {"reason": "Waiting for customer"},
    "outage": {"planned": True},
    "change": {"reference": "CHG0001"},
    "survey": {"csat": 5},
    "project": {"status": "on hold"},
    "task": {"percent_complete": 50},
    "dependency": {"type": "SS"},
    "budget_line": {"budget_at_completion": 125000},
    "budget_month": {"forecast": 19000},
    "raid_item": {"impact": 5},
    "risk_score": {"note": "after workshop"},
    "kpi": {"target": 6},
    "measurement": {"value": 9.25},
    "raci": {"role": "R"},
    "review": {"notes": "Good meeting"},
    "review_scope": {"service_id": None, "project_id": "@prj"},
    "attendee": {"present": False},
    "decision": {"text": "Add two vendors"},
    "action": {"status": "done"},
    "snapshot": {"payload": '{"rag": "green"}'},
}

NAME_OF_KIND = {kind_name: name for name, kind_name, _ in SAMPLE}


def test_sample_covers_every_kind() -> None:
    assert set(NAME_OF_KIND) == set(KINDS)
    assert set(EDITS) == set(KINDS)


@pytest.fixture
def sample(store: Store) -> dict[str, int]:
    return build_sample(store)


def _resolve(values: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    return {
        k: ids[v[1:]] if isinstance(v, str) and v.startswith("@") else v for k, v in values.items()
    }


@pytest.mark.parametrize("kind_name", sorted(KINDS))
def test_update_then_revert_restores_the_table(
    store: Store, sample: dict[str, int], kind_name: str
) -> None:
    before = table_contents(store)
    row_id = sample[NAME_OF_KIND[kind_name]]
    operation = run(store, UpdateRow(kind_name, row_id, _resolve(EDITS[kind_name], sample)))
    assert table_contents(store) != before
    undo(store, operation)
    assert table_contents(store) == before
    run(store, operation)  # redo
    assert table_contents(store) != before


@pytest.mark.parametrize("kind_name", sorted(KINDS))
def test_delete_then_revert_restores_rows_children_and_uids(
    store: Store, sample: dict[str, int], kind_name: str
) -> None:
    before = table_contents(store)
    operation = run(store, DeleteRows(kind_name, [sample[NAME_OF_KIND[kind_name]]]))
    assert table_contents(store) != before
    undo(store, operation)
    assert table_contents(store) == before
    run(store, operation)
    undo(store, operation)
    assert table_contents(store) == before


@pytest.mark.parametrize("kind_name", sorted(KINDS))
def test_create_then_revert_leaves_nothing(
    store: Store, sample: dict[str, int], kind_name: str
) -> None:
    _, _, values = next(s for s in SAMPLE if s[1] == kind_name)
    values = _resolve(values, sample)
    # Unique fields must differ from the sample row's.
    for column in ("code", "key", "external_id", "name"):
        if column in values:
            values[column] = f"{values[column]}-2"
    if kind_name == "team_member":
        values["person_id"] = sample["ana"]
    if kind_name == "closed_day":
        values["day"] = "2026-12-31"
    if kind_name == "dependency":
        values.update(predecessor_id=sample["phase"], successor_id=sample["t2"], type="SS")
    if kind_name == "budget_month":
        values["month"] = "2026-03-01"
    if kind_name == "attendee":
        values["person_id"] = sample["ana"]
    before = table_contents(store)
    operation = run(store, CreateRow(kind_name, values))
    assert table_contents(store) != before
    undo(store, operation)
    assert table_contents(store) == before
    run(store, operation)
    with store.session() as session:
        redone = repo.get(session, kind_name, operation.row_id or 0)
    assert redone is not None


def test_deleting_a_project_takes_its_plan_and_undo_brings_it_back(
    store: Store, sample: dict[str, int]
) -> None:
    before = table_contents(store, with_version=False)
    operation = run(store, DeleteRows("project", [sample["prj"]]))
    with store.session() as session:
        assert repo.count(session, "task") == 0
        assert repo.count(session, "dependency") == 0
        assert repo.count(session, "budget_month") == 0
        action = repo.get(session, "action", sample["act"])
        assert action is not None and action["project_id"] is None  # kept, detached
    assert operation.removed_count >= 10
    undo(store, operation)
    assert table_contents(store) == before


@pytest.mark.parametrize(
    ("kind_name", "values", "message"),
    [
        (
            "task",
            {
                "project_id": "@prj",
                "name": "X",
                "start_date": "2026-03-05",
                "finish_date": "2026-03-03",
            },
            "Finish (3 Mar 2026) is before start (5 Mar 2026).",
        ),
        (
            "raid_item",
            {"type": "risk", "title": "X", "probability": 6, "impact": 2},
            "Probability must be between 1 and 5, not 6.",
        ),
        (
            "budget_line",
            {
                "project_id": "@prj",
                "category": "travel",
                "name": "Trips",
                "budget_at_completion": -5,
            },
            "Budget at completion may not be negative.",
        ),
        ("project", {"name": "X", "service_code": "SVC-999"}, "Unknown service code 'SVC-999'."),
        (
            "service",
            {"code": "SVC-001", "name": "Twin"},
            "Code SVC-001 is already used by 'Email'.",
        ),
        ("dependency", {"predecessor_id": "@t2", "successor_id": "@t1"}, "would make a cycle"),
        ("dependency", {"predecessor_id": "@t1", "successor_id": "@t1"}, "cannot depend on itself"),
        (
            "task",
            {
                "project_id": "@prj",
                "name": "M",
                "is_milestone": True,
                "duration_days": 3,
                "start_date": "2026-03-05",
                "finish_date": "2026-03-05",
            },
            "A milestone has no duration",
        ),
        (
            "ticket",
            {"external_id": "INC9", "service_id": "@svc", "opened_at": "yesterday"},
            "Opened must be a date and time",
        ),
        (
            "sla_target",
            {"sla_id": "@sla", "metric": "speed", "target": 1, "unit": "hours"},
            "Metric must be one of",
        ),
        ("calendar", {"name": "Mars", "timezone": "Mars/Olympus"}, "is not a time zone"),
        ("survey", {"responded_on": "2026-03-01", "nps": 11}, "NPS must be between 0 and 10"),
        ("person", {"name": "   "}, "Name may not be empty."),
    ],
)
def test_invalid_input_is_refused_and_changes_nothing(
    store: Store, sample: dict[str, int], kind_name: str, values: dict[str, Any], message: str
) -> None:
    before = table_contents(store, with_version=True)
    with pytest.raises(DomainError) as refused:
        run(store, CreateRow(kind_name, _resolve(values, sample)))
    assert message in str(refused.value)
    assert table_contents(store, with_version=True) == before


def test_invalid_update_is_refused(store: Store, sample: dict[str, int]) -> None:
    before = table_contents(store, with_version=True)
    with pytest.raises(DomainError, match="Impact must be between 1 and 5"):
        run(store, UpdateRow("raid_item", sample["risk"], {"impact": 0}))
    with pytest.raises(DomainError, match="a task cannot contain its own parent"):
        run(store, UpdateRow("task", sample["phase"], {"parent_id": sample["t1"]}))
    assert table_contents(store, with_version=True) == before


def test_a_failing_step_rolls_back_the_whole_macro(store: Store, sample: dict[str, int]) -> None:
    before = table_contents(store, with_version=True)
    macro = Macro(
        "Paste",
        [
            UpdateRow("task", sample["t1"], {"percent_complete": 40}),
            UpdateRow("task", sample["t2"], {"percent_complete": 140}),
        ],
    )
    with pytest.raises(DomainError):
        run(store, macro)
    assert table_contents(store, with_version=True) == before


def test_concurrent_edit_is_detected_not_overwritten(store: Store, sample: dict[str, int]) -> None:
    with store.session() as session:
        seen = repo.get(session, "service", sample["svc"])
    assert seen is not None
    run(store, UpdateRow("service", sample["svc"], {"name": "Mail (teammate)"}))
    with pytest.raises(ConflictError):
        run(store, UpdateRow("service", sample["svc"], {"name": "Mail (me)"}, seen.version))
    with store.session() as session:
        assert repo.get(session, "service", sample["svc"])["name"] == "Mail (teammate)"  # type: ignore[index]


def test_a_stack_of_edits_to_one_row_undoes_and_redoes(
    store: Store, sample: dict[str, int]
) -> None:
    before = table_contents(store)
    first = run(store, UpdateRow("service", sample["svc"], {"name": "Mail"}))
    second = run(store, UpdateRow("service", sample["svc"], {"name": "Mail EU", "notes": "x"}))
    after = table_contents(store)
    undo(store, second)
    undo(store, first)
    assert table_contents(store) == before
    run(store, first)
    run(store, second)
    assert table_contents(store) == after


def test_undo_after_someone_else_changed_the_row_is_refused(
    store: Store, sample: dict[str, int]
) -> None:
    mine = run(store, UpdateRow("service", sample["svc"], {"name": "Mine"}))
    run(store, UpdateRow("service", sample["svc"], {"name": "Theirs"}))
    with pytest.raises(ConflictError, match=r"\(Name\)"):
        undo(store, mine)
    run(store, UpdateRow("service", sample["svc"], {"notes": "theirs, elsewhere"}))
    other = run(store, UpdateRow("service", sample["svc"], {"stage": "design"}))
    run(store, UpdateRow("service", sample["svc"], {"notes": "a note"}))
    undo(store, other)  # another field changed meanwhile: this step still undoes


def test_editing_a_deleted_row_says_so(store: Store, sample: dict[str, int]) -> None:
    run(store, DeleteRows("person", [sample["ben"]]))
    with pytest.raises(NotFoundError, match="no longer exists"):
        run(store, UpdateRow("person", sample["ben"], {"name": "Ben"}))


def test_codes_are_assigned_per_kind(store: Store, sample: dict[str, int]) -> None:
    risk = run(store, CreateRow("raid_item", {"type": "issue", "title": "Printer down"}))
    with store.session() as session:
        row = repo.get(session, "raid_item", risk.row_id or 0)
    assert row is not None and row["code"] == "ISS-0001"
    assert risk.label == "Add RAID item ISS-0001"
