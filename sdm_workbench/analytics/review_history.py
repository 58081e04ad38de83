"""Reading reviews back: scope, stored snapshot, the previous review, live open actions, and
everything a presenter or a review pack shows, gathered in one :class:`ReviewData`.

The snapshot is read as stored (never recomputed); open actions, decisions and attendance
are read live, so what was captured during the meeting shows at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import NotFoundError
from ..domain.reviews import ReviewAgendaItem
from ..store import repository as repo
from ..store.repository import RowSnapshot
from .review_agenda import AgendaItem, build_agenda
from .review_agenda_edits import AgendaEdit, apply_edits, visible
from .review_changes import ReviewChange, changes_since
from .review_model import OPEN_ACTIONS, ActionEntry, ReviewScope, Snapshot, SnapshotFormatError
from .review_snapshot import action_entry, expand_scope


@dataclass(frozen=True)
class DecisionEntry:
    id: int
    decided_on: date
    text: str
    made_by: str | None
    raid_item: str | None  # the RAID item's code
    service_id: int | None = None
    project_id: int | None = None
    subject: str | None = None  # the service's or project's code and name


@dataclass(frozen=True)
class AttendeeEntry:
    person_id: int
    name: str
    present: bool


@dataclass(frozen=True)
class ReviewData:
    """One review with its frozen snapshot, what changed since the previous one and its
    agenda; ``snapshot`` is None for a review started without one (a planned review).

    ``agenda`` is what is presented and printed (stored edits applied, hidden items left
    out); ``agenda_all`` is the same with the hidden items, for the agenda editor."""

    id: int
    code: str
    title: str
    held_on: date
    status: str
    notes: str | None
    scope: ReviewScope
    snapshot: Snapshot | None
    previous_code: str | None
    changes: tuple[ReviewChange, ...]
    agenda: tuple[AgendaItem, ...]
    open_actions: tuple[ActionEntry, ...]
    decisions: tuple[DecisionEntry, ...]
    attendees: tuple[AttendeeEntry, ...]
    agenda_all: tuple[AgendaItem, ...] = ()


def agenda_edits(session: Session, review_id: int) -> list[AgendaEdit]:
    """The agenda edits stored for a review (order, hidden, titles, notes, free items)."""
    # Not a registered kind (it means nothing outside its review): read the table itself.
    t = ReviewAgendaItem.__table__
    query = select(t).where(t.c.review_id == review_id).order_by(t.c.id)
    return [
        AgendaEdit(r.id, r.agenda_key, r.position, r.title, bool(r.hidden), r.notes)
        for r in session.execute(query)
    ]


def review_scope(session: Session, review_id: int) -> ReviewScope:
    rows = repo.list_rows(session, "review_scope", where={"review_id": review_id})
    return ReviewScope(
        tuple(r["service_id"] for r in rows if r["service_id"] is not None),
        tuple(r["project_id"] for r in rows if r["project_id"] is not None),
        tuple(r["customer_id"] for r in rows if r["customer_id"] is not None),
    )


def stored_snapshot(session: Session, review_id: int) -> Snapshot | None:
    """The review's snapshot as stored (the latest, should there be more than one)."""
    rows = repo.list_rows(session, "snapshot", where={"review_id": review_id}, order_by="taken_at")
    return Snapshot.from_json(rows[-1]["payload"]) if rows else None


def _readable_snapshot(session: Session, review_id: int) -> Snapshot | None:
    """The previous review's snapshot, or None when it cannot be read (another format, or
    damaged): the current review is still shown, only without "what changed"."""
    try:
        return stored_snapshot(session, review_id)
    except SnapshotFormatError:
        return None


def find_review(session: Session, code_or_id: str | int | None = None) -> RowSnapshot:
    """A review by code (REV-004) or id; when none is given, the latest (by date, then id)
    with a snapshot, or else the latest."""
    if code_or_id is None:
        rows = repo.list_rows(session, "review", order_by="held_on")
        if not rows:
            raise NotFoundError("There is no review in this workbench yet.")
        # A planned review has no snapshot yet: the latest one that has is what people want.
        taken = [r for r in rows if repo.count(session, "snapshot", where={"review_id": r.id})]
        return (taken or rows)[-1]
    text = str(code_or_id).strip()
    row = repo.find_by_code(session, "review", text.upper())
    if row is None and text.isdigit():
        row = repo.get(session, "review", int(text))
    if row is None:
        raise NotFoundError(f"There is no review {text}.")
    return row


def previous_review(
    session: Session, held_on: date, scope: ReviewScope, before_id: int | None = None
) -> RowSnapshot | None:
    """The latest review held before ``held_on`` (or earlier the same day) that has a
    snapshot and covers any of the same services or projects."""
    services, projects = (set(ids) for ids in expand_scope(session, scope))
    candidates = [
        r
        for r in repo.list_rows(session, "review", order_by="held_on")
        if r.id != before_id
        and (r["held_on"] < held_on or (r["held_on"] == held_on and r.id < (before_id or r.id + 1)))
    ]
    for row in reversed(candidates):
        if not repo.count(session, "snapshot", where={"review_id": row.id}):
            continue
        other_services, other_projects = expand_scope(session, review_scope(session, row.id))
        if services & set(other_services) or projects & set(other_projects):
            return row
    return None


def _people(session: Session) -> dict[int, str]:
    return {p.id: str(p["name"]) for p in repo.list_rows(session, "person")}


def open_actions(
    session: Session, review: RowSnapshot, scope: ReviewScope, previous: RowSnapshot | None
) -> list[ActionEntry]:
    """Open actions now: those raised at this review or the previous one (carried over),
    and those linked to a service, project or RAID item in scope."""
    services, projects = (set(ids) for ids in expand_scope(session, scope))
    raid = {
        r.id
        for r in repo.list_rows(session, "raid_item")
        if r["service_id"] in services or r["project_id"] in projects
    }
    reviews = {review.id} | ({previous.id} if previous else set())
    people = _people(session)
    found = [
        action_entry(row.values, people)
        for row in repo.list_rows(session, "action")
        if str(getattr(row["status"], "value", row["status"])) in OPEN_ACTIONS
        and (
            row["review_id"] in reviews
            or row["service_id"] in services
            or row["project_id"] in projects
            or row["raid_item_id"] in raid
        )
    ]
    return sorted(found, key=lambda a: (a.due_date or date.max, a.code))


def load_review(session: Session, code_or_id: str | int | None = None) -> ReviewData:
    """Everything about one review (the latest when ``code_or_id`` is None)."""
    review = find_review(session, code_or_id)
    scope = review_scope(session, review.id)
    snapshot = stored_snapshot(session, review.id)
    previous = previous_review(session, review["held_on"], scope, review.id)
    before = _readable_snapshot(session, previous.id) if previous else None
    changes = changes_since(before, snapshot) if snapshot else []
    actions = open_actions(session, review, scope, previous)
    built = build_agenda(snapshot, changes, actions) if snapshot else []
    agenda = apply_edits(built, agenda_edits(session, review.id))
    people = _people(session)
    return ReviewData(
        id=review.id,
        code=str(review["code"]),
        title=str(review["title"]),
        held_on=review["held_on"],
        status=str(getattr(review["status"], "value", review["status"])),
        notes=review["notes"],
        scope=scope,
        snapshot=snapshot,
        previous_code=None if previous is None else str(previous["code"]),
        changes=tuple(changes),
        agenda=tuple(visible(agenda)),
        agenda_all=tuple(agenda),
        open_actions=tuple(actions),
        decisions=tuple(_decisions(session, review.id, people)),
        attendees=tuple(_attendees(session, review.id, people)),
    )


def _decisions(session: Session, review_id: int, people: Mapping[int, str]) -> list[DecisionEntry]:
    codes = {r.id: str(r["code"]) for r in repo.list_rows(session, "raid_item")}
    subjects = {
        (name, r.id): f"{r['code']} {r['name']}"
        for name in ("service", "project")
        for r in repo.list_rows(session, name)
    }
    rows = repo.list_rows(
        session, "decision", where={"review_id": review_id}, order_by="decided_on"
    )
    return [
        DecisionEntry(
            r.id,
            r["decided_on"],
            str(r["text"]),
            people.get(r["made_by_id"]) if r["made_by_id"] is not None else None,
            codes.get(r["raid_item_id"]) if r["raid_item_id"] is not None else None,
            r["service_id"],
            r["project_id"],
            subjects.get(("service", r["service_id"]))
            or subjects.get(("project", r["project_id"])),
        )
        for r in rows
    ]


def _attendees(session: Session, review_id: int, people: Mapping[int, str]) -> list[AttendeeEntry]:
    rows = repo.list_rows(session, "attendee", where={"review_id": review_id})
    found = [
        AttendeeEntry(r["person_id"], people.get(r["person_id"], "?"), bool(r["present"]))
        for r in rows
    ]
    return sorted(found, key=lambda a: (a.name, a.person_id))
