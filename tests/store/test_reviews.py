"""Reviews in a real workbench: the frozen snapshot, undo of StartReview, carried-over actions."""

from __future__ import annotations

from datetime import date

import pytest

from sdm_workbench.analytics.review_agenda import AgendaKind
from sdm_workbench.analytics.review_changes import ChangeKind, changes_since
from sdm_workbench.analytics.review_history import load_review, stored_snapshot
from sdm_workbench.analytics.review_model import ReviewScope
from sdm_workbench.analytics.review_snapshot import scope_from_codes, take_snapshot
from sdm_workbench.domain.errors import DomainError, NotFoundError
from sdm_workbench.operations import Macro, UpdateRow, run, undo
from sdm_workbench.operations.reviews import (
    SetAttendance,
    StartReview,
    close_review,
    record_action,
    record_decision,
)
from sdm_workbench.store import Store
from sdm_workbench.store import repository as repo

from .sample import build_sample, table_contents

HELD = date(2026, 3, 16)


@pytest.fixture
def sample(store: Store) -> dict[str, int]:
    return build_sample(store)


def _payloads(store: Store, review_id: int) -> list[str]:
    with store.session() as session:
        rows = repo.list_rows(session, "snapshot", where={"review_id": review_id})
        return [r["payload"] for r in rows]


def test_the_snapshot_holds_the_scope_as_of_the_review_date(
    store: Store, sample: dict[str, int]
) -> None:
    scope = ReviewScope((sample["svc"],), (sample["prj"],))
    op = run(store, StartReview(scope, HELD, "Mid-March review"))
    assert op.review_id is not None and op.label.startswith("Start review REV-")
    with store.session() as session:
        snap = stored_snapshot(session, op.review_id)
    assert snap is not None and snap.as_of == HELD and snap.period == "Mar 2026"
    (svc,) = snap.services
    assert svc.code == "SVC-001" and svc.kpi("availability") is not None
    (prj,) = snap.projects
    assert [m.name for m in prj.milestones] == ["Go live"]
    assert prj.evm.bac == 120_000 and prj.budget.planned == 120_000
    assert prj.budget.actual == 21_000  # February's actual, booked before the review date
    (risk,) = snap.raid
    assert (risk.code, risk.score, risk.band) == ("RSK-0001", 12, "medium")
    assert [a.title for a in snap.actions] == ["Call vendor"]  # open, linked to the project


def test_the_snapshot_does_not_change_when_the_data_is_edited_later(
    store: Store, sample: dict[str, int]
) -> None:
    scope = ReviewScope((sample["svc"],), (sample["prj"],))
    op = run(store, StartReview(scope, HELD))
    assert op.review_id is not None
    text = _payloads(store, op.review_id)
    with store.session() as session:
        taken = stored_snapshot(session, op.review_id)
    edits = Macro(
        "Edits after the meeting",
        [
            UpdateRow(
                "task", sample["t2"], {"start_date": "2026-03-27", "finish_date": "2026-03-27"}
            ),
            UpdateRow("raid_item", sample["risk"], {"probability": 5}),
            UpdateRow("budget_month", sample["month"], {"actual": 90_000}),
            UpdateRow("service", sample["svc"], {"name": "Mail and calendars"}),
        ],
    )
    run(store, edits)
    assert _payloads(store, op.review_id) == text
    with store.session() as session:
        again = stored_snapshot(session, op.review_id)
        fresh = take_snapshot(session, scope, HELD)
    assert again == taken
    assert fresh != taken  # the edits are real: a new snapshot sees them
    kinds = {c.kind for c in changes_since(taken, fresh)}
    assert {ChangeKind.MILESTONE, ChangeKind.RISK_SCORE, ChangeKind.BUDGET} <= kinds


def test_start_review_is_one_undo_step(store: Store, sample: dict[str, int]) -> None:
    before = table_contents(store)
    scope = ReviewScope((sample["svc"],), (sample["prj"],), (sample["cust"],))
    op = run(store, StartReview(scope, HELD, "Steering"))
    assert op.review_id is not None
    text = _payloads(store, op.review_id)
    with store.session() as session:
        assert repo.count(session, "review_scope", where={"review_id": op.review_id}) == 3
    undo(store, op)
    assert table_contents(store) == before
    run(store, op)  # redo: the very same rows, the very same snapshot
    assert _payloads(store, op.review_id) == text
    with store.session() as session:
        assert repo.get(session, "review", op.review_id) is not None
        assert repo.count(session, "review_scope", where={"review_id": op.review_id}) == 3


def test_the_previous_reviews_open_actions_carry_over(store: Store, sample: dict[str, int]) -> None:
    first = sample["review"]  # 10 March, scope: the Email service
    loose = run(
        store, record_action(first, "Book the room", date(2026, 3, 10), due_date=date(2026, 3, 12))
    )
    done = run(store, record_action(first, "Send minutes", date(2026, 3, 10)))
    assert done.row_id is not None and loose.row_id is not None
    run(store, UpdateRow("action", done.row_id, {"status": "done", "closed_on": "2026-03-11"}))

    op = run(store, StartReview(ReviewScope((sample["svc"],)), HELD, "Follow-up"))
    assert op.review_id is not None
    with store.session() as session:
        snap = stored_snapshot(session, op.review_id)
        data = load_review(session)  # the latest review: this one
        status = repo.get(session, "action", loose.row_id)
    assert snap is not None and status is not None
    assert {a.title for a in snap.actions} == {"Book the room", "Call vendor"}
    assert status["status"].value == "open"  # carried over: still open, nothing rewritten
    assert data.id == op.review_id and data.previous_code == "REV-001"
    assert data.changes == ()  # the sample's old snapshot is unreadable: no "what changed"
    assert data.agenda[0].kind is AgendaKind.OVERDUE_ACTIONS
    assert [a.title for a in data.agenda[0].actions] == ["Book the room"]
    assert "Send minutes" not in {a.title for a in data.open_actions}


def test_capture_during_the_meeting_is_undoable(store: Store, sample: dict[str, int]) -> None:
    op = run(store, StartReview(ReviewScope((sample["svc"],)), HELD))
    review = op.review_id
    assert review is not None
    decision = run(
        store, record_decision(review, "Keep the vendor", HELD, raid_item_id=sample["risk"])
    )
    action = run(
        store,
        record_action(
            review, "Ask for a quote", HELD, owner_id=sample["ana"], service_id=sample["svc"]
        ),
    )
    present = run(store, SetAttendance(review, sample["ben"], True))
    absent = run(store, SetAttendance(review, sample["ben"], False))  # updates the same row
    run(store, close_review(review, "Short meeting"))
    with store.session() as session:
        data = load_review(session, review)
    assert [(d.text, d.raid_item) for d in data.decisions] == [("Keep the vendor", "RSK-0001")]
    assert "Ask for a quote" in {a.title for a in data.open_actions}
    assert [(a.name, a.present) for a in data.attendees] == [("Ben Okafor", False)]
    assert data.status == "closed"
    for step in (absent, present, action, decision):
        undo(store, step)
    with store.session() as session:
        data = load_review(session, review)
    assert data.decisions == () and data.attendees == ()
    assert "Ask for a quote" not in {a.title for a in data.open_actions}


def test_a_review_needs_a_scope_that_exists(store: Store, sample: dict[str, int]) -> None:
    before = table_contents(store)
    with pytest.raises(DomainError, match="at least one service"):
        run(store, StartReview(ReviewScope(), HELD))
    with pytest.raises(NotFoundError, match="no longer exists"):
        run(store, StartReview(ReviewScope((9999,)), HELD))
    assert table_contents(store) == before
    with store.session() as session:
        assert scope_from_codes(session, ["svc-001", " PRJ-001"]) == ReviewScope(
            (sample["svc"],), (sample["prj"],)
        )
        with pytest.raises(NotFoundError, match="no service SVC-404"):
            scope_from_codes(session, ["SVC-404"])
        with pytest.raises(NotFoundError, match="start with SVC-"):
            scope_from_codes(session, ["Email"])
