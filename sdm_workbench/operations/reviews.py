"""Review operations: start a review (scope + frozen snapshot, one undo step) and capture.

Capturing during a meeting is mostly plain rows, so the helpers here return the generic
:class:`~.rows.CreateRow` / :class:`~.rows.UpdateRow` with the right links filled in; each is
one operation (one undo step) saved at once. :class:`SetAttendance` adds or updates the
attendee row, whichever is needed.

The snapshot row is written once by :class:`StartReview` and never updated afterwards: undo
removes it with the review, redo brings the very same row back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from ..analytics.review_history import previous_review, review_scope
from ..analytics.review_model import ReviewScope, Snapshot
from ..analytics.review_snapshot import expand_scope, take_snapshot
from ..domain.enums import ActionStatus, ReviewStatus
from ..domain.errors import DomainError, NotFoundError
from ..store import repository as repo
from .base import Operation
from .rows import CreateRow, UpdateRow


class StartReview(Operation):
    """Create a review with its scope items and its snapshot as of ``held_on``.

    The snapshot is taken inside the transaction unless one is given (the GUI may take it
    off the GUI thread first). The previous review's open actions carry over: they stay open
    and are part of the snapshot and of the new agenda.
    """

    def __init__(
        self,
        scope: ReviewScope,
        held_on: date,
        title: str | None = None,
        *,
        chair_id: int | None = None,
        code: str | None = None,
        snapshot: Snapshot | None = None,
    ) -> None:
        self.scope = scope
        self.held_on = held_on
        self.title = title.strip() if title and title.strip() else f"Review of {held_on:%d %b %Y}"
        self.chair_id = chair_id
        self.code = code
        self.snapshot = snapshot
        self.label = f"Start review \u201c{self.title}\u201d"
        self.review_id: int | None = None
        self._steps: list[CreateRow] = []

    def apply(self, session: Session) -> None:
        if self._steps:  # redo: the very same rows, snapshot included, come back
            for step in self._steps:
                step.apply(session)
            return
        try:
            self._first_apply(session)
        except Exception:
            self._steps = []  # the transaction rolls back: nothing of this attempt remains
            raise

    def _first_apply(self, session: Session) -> None:
        if not self.scope:
            raise DomainError("Choose at least one service, project or customer for the review.")
        if self.snapshot is not None and self.snapshot.as_of != self.held_on:
            raise DomainError(
                f"The snapshot is as of {self.snapshot.as_of:%d %b %Y}, "
                f"the review is held on {self.held_on:%d %b %Y}."
            )
        expand_scope(session, self.scope)  # refuses unknown ids before anything is written
        review = self._create(
            session,
            "review",
            {
                "code": self.code,
                "title": self.title,
                "held_on": self.held_on,
                "status": ReviewStatus.IN_PROGRESS,
                "chair_id": self.chair_id,
            },
        )
        self.review_id = review
        self.label = f"Start review {self._code(session)}"
        for column, ids in (
            ("service_id", self.scope.service_ids),
            ("project_id", self.scope.project_ids),
            ("customer_id", self.scope.customer_ids),
        ):
            for row_id in ids:
                self._create(session, "review_scope", {"review_id": review, column: row_id})
        previous = previous_review(session, self.held_on, self.scope, review)
        snapshot = self.snapshot or take_snapshot(
            session, self.scope, self.held_on, carry_over_from=[previous.id] if previous else ()
        )
        self._create(
            session,
            "snapshot",
            {
                "review_id": review,
                "taken_at": datetime.now(UTC).replace(tzinfo=None),
                "format_version": snapshot.format_version,
                "payload": snapshot.to_json(),
            },
        )
        self.snapshot = snapshot

    def revert(self, session: Session) -> None:
        for step in reversed(self._steps):
            step.revert(session)

    def _create(self, session: Session, kind_name: str, values: dict[str, Any]) -> int:
        step = CreateRow(kind_name, values)
        step.apply(session)
        self._steps.append(step)
        assert step.row_id is not None
        return step.row_id

    def _code(self, session: Session) -> str:
        row = repo.get(session, "review", self.review_id or 0)
        return "" if row is None else str(row["code"])


class TakeSnapshot(Operation):
    """Start a planned review: freeze its snapshot as of its date, mark it in progress.

    ``held_on`` / ``title`` move the meeting's date or rename it in the same step (a planned
    meeting held early). The snapshot is taken inside the transaction unless one is given;
    it is never taken twice: a review that has one is refused.
    """

    def __init__(
        self,
        review_id: int,
        held_on: date | None = None,
        title: str | None = None,
        *,
        snapshot: Snapshot | None = None,
    ) -> None:
        self.review_id, self.held_on, self.snapshot = review_id, held_on, snapshot
        self.title = title.strip() if title and title.strip() else None
        self.label = "Start planned review"
        self._steps: list[Operation] = []

    def apply(self, session: Session) -> None:
        if not self._steps:
            try:
                self._first_apply(session)
            except Exception:
                self._steps = []
                raise
            return
        for step in self._steps:
            step.apply(session)

    def _first_apply(self, session: Session) -> None:
        review = repo.get(session, "review", self.review_id)
        if review is None:
            raise NotFoundError("This review no longer exists.")
        code = str(review["code"])
        if repo.count(session, "snapshot", where={"review_id": review.id}):
            raise DomainError(f"{code} already has its snapshot; a snapshot is never retaken.")
        if review["status"] == ReviewStatus.CLOSED:
            raise DomainError(f"{code} is closed; start a new review instead.")
        scope = review_scope(session, review.id)
        if not scope:
            raise DomainError(f"{code} has no scope: add a service, project or customer first.")
        held = self.held_on or review["held_on"]
        if self.snapshot is not None and self.snapshot.as_of != held:
            raise DomainError(
                f"The snapshot is as of {self.snapshot.as_of:%d %b %Y}, "
                f"the review is held on {held:%d %b %Y}."
            )
        previous = previous_review(session, held, scope, review.id)
        snapshot = self.snapshot or take_snapshot(
            session, scope, held, carry_over_from=[previous.id] if previous else ()
        )
        changes: dict[str, Any] = {"status": ReviewStatus.IN_PROGRESS, "held_on": held}
        if self.title is not None:
            changes["title"] = self.title
        taken = {
            "review_id": review.id,
            "taken_at": datetime.now(UTC).replace(tzinfo=None),
            "format_version": snapshot.format_version,
            "payload": snapshot.to_json(),
        }
        for step in (UpdateRow("review", review.id, changes), CreateRow("snapshot", taken)):
            step.apply(session)
            self._steps.append(step)
        self.snapshot = snapshot
        self.label = f"Start review {code}"

    def revert(self, session: Session) -> None:
        for step in reversed(self._steps):
            step.revert(session)


def record_decision(
    review_id: int,
    text: str,
    decided_on: date,
    *,
    raid_item_id: int | None = None,
    made_by_id: int | None = None,
    service_id: int | None = None,
    project_id: int | None = None,
) -> CreateRow:
    """A decision taken in the meeting, linked to the item under discussion: its service
    or project, and the RAID item if one was chosen."""
    return CreateRow(
        "decision",
        {
            "review_id": review_id,
            "text": text,
            "decided_on": decided_on,
            "raid_item_id": raid_item_id,
            "service_id": service_id,
            "project_id": project_id,
            "made_by_id": made_by_id,
        },
    )


def record_action(
    review_id: int,
    title: str,
    raised_on: date,
    *,
    owner_id: int | None = None,
    due_date: date | None = None,
    service_id: int | None = None,
    project_id: int | None = None,
    raid_item_id: int | None = None,
) -> CreateRow:
    """An action item (next free ACT- code) linked to the agenda item it came from."""
    return CreateRow(
        "action",
        {
            "review_id": review_id,
            "title": title,
            "raised_on": raised_on,
            "owner_id": owner_id,
            "due_date": due_date,
            "service_id": service_id,
            "project_id": project_id,
            "raid_item_id": raid_item_id,
            "status": ActionStatus.OPEN,
        },
    )


def close_review(review_id: int, notes: str | None = None) -> UpdateRow:
    """Mark the review closed (its notes too, when given)."""
    changes: dict[str, Any] = {"status": ReviewStatus.CLOSED}
    if notes is not None:
        changes["notes"] = notes
    return UpdateRow("review", review_id, changes)


class SetAttendance(Operation):
    """Say whether a person attended: adds the attendee row or updates it."""

    def __init__(self, review_id: int, person_id: int, present: bool = True) -> None:
        self.review_id, self.person_id, self.present = review_id, person_id, present
        self.label = "Record attendance"
        self._step: Operation | None = None

    def apply(self, session: Session) -> None:
        if self._step is None:
            rows = repo.list_rows(
                session,
                "attendee",
                where={"review_id": self.review_id, "person_id": self.person_id},
            )
            if rows:
                self._step = UpdateRow("attendee", rows[0].id, {"present": self.present})
            else:
                self._step = CreateRow(
                    "attendee",
                    {
                        "review_id": self.review_id,
                        "person_id": self.person_id,
                        "present": self.present,
                    },
                )
        self._step.apply(session)
        self.label = self._step.label

    def revert(self, session: Session) -> None:
        assert self._step is not None, "revert before apply"
        self._step.revert(session)


def attendance(
    review_id: int, present: Sequence[int], absent: Sequence[int] = ()
) -> list[SetAttendance]:
    """One :class:`SetAttendance` per person (wrap them in a Macro for one undo step)."""
    return [SetAttendance(review_id, p, True) for p in present] + [
        SetAttendance(review_id, p, False) for p in absent
    ]
