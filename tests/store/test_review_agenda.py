"""Stored agenda edits, decisions linked to the item discussed, starting a planned review."""

from __future__ import annotations

from datetime import date

import pytest

from sdm_workbench.analytics.review_agenda import AgendaKind
from sdm_workbench.analytics.review_history import ReviewData, load_review, stored_snapshot
from sdm_workbench.analytics.review_model import ReviewScope
from sdm_workbench.domain.errors import DomainError, NotFoundError
from sdm_workbench.operations import CreateRow, run, undo
from sdm_workbench.operations.review_agenda import (
    AddAgendaItem,
    EditAgendaItem,
    MoveAgendaItem,
    RemoveAgendaItem,
)
from sdm_workbench.operations.reviews import StartReview, TakeSnapshot, record_decision
from sdm_workbench.store import Store
from sdm_workbench.store import repository as repo

from .sample import build_sample, table_contents

HELD = date(2026, 3, 16)


@pytest.fixture
def sample(store: Store) -> dict[str, int]:
    return build_sample(store)


@pytest.fixture
def review(store: Store, sample: dict[str, int]) -> int:
    web = run(store, CreateRow("service", {"name": "Web"})).row_id
    assert web is not None
    sample["web"] = web
    scope = ReviewScope((sample["svc"], web), (sample["prj"],))
    started = run(store, StartReview(scope, HELD, "Mid-March review"))
    assert started.review_id is not None
    return started.review_id


def _load(store: Store, review_id: int) -> ReviewData:
    with store.session() as session:
        return load_review(session, review_id)


def _keys(data: ReviewData, everything: bool = False) -> list[str]:
    return [i.key for i in (data.agenda_all if everything else data.agenda)]


def test_agenda_edits_are_stored_and_each_is_one_undo_step(
    store: Store, sample: dict[str, int], review: int
) -> None:
    generated = _keys(_load(store, review))
    svc, web, prj = (
        f"service:{sample['svc']}",
        f"service:{sample['web']}",
        f"project:{sample['prj']}",
    )
    assert generated == [svc, web, prj]
    before = table_contents(store)

    moved = run(store, MoveAgendaItem(review, generated, prj, -1, "Project"))
    assert _keys(_load(store, review)) == [svc, prj, web]
    hidden = run(store, EditAgendaItem(review, web, hidden=True, name="Web"))
    notes = run(store, EditAgendaItem(review, prj, notes="Ask about the go-live date"))
    renamed = run(store, EditAgendaItem(review, svc, title="  Email  (the big one) "))
    shown = _load(store, review)
    added = run(store, AddAgendaItem(review, "Any other business", _keys(shown, True), 1))
    assert added.key is not None

    data = _load(store, review)
    assert web not in _keys(data) and web in _keys(data, True)  # hidden, still editable
    assert [i.key for i in data.agenda_all if i.hidden] == [web]
    first, aob = data.agenda_all[0], data.agenda_all[1]
    assert aob.kind is AgendaKind.FREE and aob.title == "Any other business"
    assert aob.key == added.key and first.key == generated[0]
    by_key = {i.key: i for i in data.agenda_all}
    assert by_key[prj].notes == "Ask about the go-live date"
    assert by_key[svc].title == "Email (the big one)"
    assert _keys(data, True) == [svc, added.key, prj, web]

    for step in (added, renamed, notes, hidden, moved):
        undo(store, step)
    assert table_contents(store) == before
    assert _keys(_load(store, review)) == generated
    for step in (moved, hidden, notes, renamed, added):
        run(store, step)  # redo: the very same rows come back
    assert _keys(_load(store, review), True) == _keys(data, True)
    removed = run(store, RemoveAgendaItem(review, added.key, "Any other business"))
    assert added.key not in _keys(_load(store, review), True)
    undo(store, removed)
    assert added.key in _keys(_load(store, review), True)


def test_an_item_generated_later_keeps_its_generated_place(
    store: Store, sample: dict[str, int], review: int
) -> None:
    generated = _keys(_load(store, review))
    prj = f"project:{sample['prj']}"
    run(store, MoveAgendaItem(review, generated, prj, -len(generated), "Project"))
    assert _keys(_load(store, review))[0] == prj
    overdue = run(
        store,
        CreateRow(
            "action",
            {
                "review_id": review,
                "title": "Late",
                "raised_on": "2026-03-01",
                "due_date": "2026-03-02",
            },
        ),
    )
    keys = _keys(_load(store, review))
    assert keys[:2] == ["overdue_actions", prj]  # new since the move: first, as generated
    assert overdue.row_id is not None


def test_agenda_edits_are_validated(store: Store, sample: dict[str, int], review: int) -> None:
    before = table_contents(store)
    order = _keys(_load(store, review))
    with pytest.raises(DomainError, match="needs a title"):
        run(store, AddAgendaItem(review, "   ", order, 0))
    with pytest.raises(DomainError, match="at most 200 characters"):
        run(store, AddAgendaItem(review, "x" * 201, order, 0))
    with pytest.raises(DomainError, match="already first"):
        run(store, MoveAgendaItem(review, order, order[0], -1, "Email"))
    with pytest.raises(DomainError, match="hide a generated item"):
        RemoveAgendaItem(review, order[0])
    with pytest.raises(DomainError, match="not an item of this agenda"):
        run(store, EditAgendaItem(review, "drop table", hidden=True))
    with pytest.raises(NotFoundError, match="no longer exists"):
        run(store, EditAgendaItem(review, "free:999", notes="x"))
    with pytest.raises(NotFoundError, match="review no longer exists"):
        run(store, EditAgendaItem(9999, order[0], hidden=True))
    assert table_contents(store) == before


def test_a_decision_captured_about_a_service_links_it(
    store: Store, sample: dict[str, int], review: int
) -> None:
    svc = sample["svc"]
    made = run(store, record_decision(review, "Renew the contract", HELD, service_id=svc))
    about_prj = run(
        store,
        record_decision(
            review, "Delay go-live", HELD, project_id=sample["prj"], raid_item_id=sample["risk"]
        ),
    )
    assert made.row_id is not None and about_prj.row_id is not None
    with store.session() as session:
        row = repo.get(session, "decision", made.row_id)
    assert row is not None and row["service_id"] == svc and row["project_id"] is None
    data = _load(store, review)
    subjects = {d.text: (d.service_id, d.project_id, d.subject) for d in data.decisions}
    assert subjects["Renew the contract"] == (svc, None, "SVC-001 Email")
    assert subjects["Delay go-live"][1:] == (sample["prj"], "PRJ-001 Mail migration")


def test_starting_a_planned_review_takes_its_snapshot_once(
    store: Store, sample: dict[str, int]
) -> None:
    planned = run(
        store,
        CreateRow(
            "review", {"title": "April review", "held_on": "2026-04-14", "status": "planned"}
        ),
    ).row_id
    assert planned is not None
    run(store, CreateRow("review_scope", {"review_id": planned, "service_id": sample["svc"]}))
    before = table_contents(store)
    with pytest.raises(NotFoundError, match="no longer exists"):
        run(store, TakeSnapshot(planned + 1000))
    bare = run(store, CreateRow("review", {"title": "Bare", "held_on": "2026-04-20"})).row_id
    assert bare is not None
    with pytest.raises(DomainError, match="no scope"):
        run(store, TakeSnapshot(bare))
    before = table_contents(store)
    op = run(store, TakeSnapshot(planned, date(2026, 4, 10)))
    assert op.label.startswith("Start review REV-")
    with store.session() as session:
        snap = stored_snapshot(session, planned)
        row = repo.get(session, "review", planned)
    assert snap is not None and snap.as_of == date(2026, 4, 10)
    assert row is not None and row["status"] == "in progress"
    assert row["held_on"] == date(2026, 4, 10)  # held early: the date moves with it
    assert _load(store, planned).agenda  # it has an agenda now
    with pytest.raises(DomainError, match="never retaken"):
        run(store, TakeSnapshot(planned))
    undo(store, op)
    assert table_contents(store) == before
    run(store, op)
    with store.session() as session:
        again = stored_snapshot(session, planned)
    assert again == snap
