"""Editing a review's agenda: move, hide or show, retitle, presenter notes, free items.

Each edit is one operation (one undo step). Edits are rows of ``review_agenda_items``, one
per agenda key, created the first time an item is edited (see
:mod:`~sdm_workbench.analytics.review_agenda_edits` for how they merge with the generated
agenda). That table is not a registered kind (it means nothing outside its review, so it has
no navigator entry or Excel sheet): these operations write it with the store's row helpers
and remember every write, so undo and redo replay exactly (same ids) and refuse, rather than
overwrite, a field someone else changed meanwhile.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..analytics.review_agenda_edits import free_id
from ..domain.errors import ConflictError, DomainError, NotFoundError
from ..domain.reviews import ReviewAgendaItem
from ..store import rows
from ..store.events import ChangeKind, record
from ..store.rows import DeletedRows
from .base import Operation

TABLE = ReviewAgendaItem.__tablename__
MAX_TITLE = 200
_KEY = re.compile(r"^(?:(?:service|project|free):\d+|overdue_actions|open_actions)$")
_UNSET: Any = object()


def _quoted(name: str) -> str:
    return f"\u201c{name}\u201d" if name else "the item"


def clean_title(title: str, *, required: bool) -> str | None:
    """A title as stored: trimmed, at most :data:`MAX_TITLE` characters; None when empty."""
    text = " ".join(title.split())
    if not text:
        if required:
            raise DomainError("An agenda item you add needs a title.")
        return None
    if len(text) > MAX_TITLE:
        raise DomainError(
            f"An agenda title has at most {MAX_TITLE} characters (this one has {len(text)})."
        )
    return text


@dataclass
class _Step:
    """One write: a row created (``row``), changed (``old`` -> ``new``) or deleted."""

    row_id: int
    row: dict[str, Any] | None = None
    old: dict[str, Any] | None = None
    new: dict[str, Any] | None = None
    deleted: DeletedRows | None = None


class AgendaOperation(Operation):
    """Base of the agenda edits: writes through :meth:`_set`, replayed by undo and redo."""

    label = "Edit the agenda"

    def __init__(self, review_id: int) -> None:
        self.review_id = review_id
        self._steps: list[_Step] = []
        self._done_once = False

    def _plan(self, session: Session) -> None:
        """The first apply: decide and write (through :meth:`_set` / :meth:`_delete`)."""
        raise NotImplementedError

    def apply(self, session: Session) -> None:
        if not self._done_once:
            if rows.fetch(session, "reviews", self.review_id) is None:
                raise NotFoundError("This review no longer exists.")
            self._steps = []
            self._plan(session)
            self._done_once = True
        else:
            for step in self._steps:
                self._redo(session, step)
        self._touch(session)

    def revert(self, session: Session) -> None:
        for step in reversed(self._steps):
            if step.row is not None:  # created: remove it again
                step.deleted = rows.delete_rows(session, TABLE, [step.row_id])
            elif step.deleted is not None:
                rows.restore_deleted(session, step.deleted)
            else:
                assert step.old is not None and step.new is not None
                self._write(session, step.row_id, step.new, step.old)
        self._touch(session)

    def _redo(self, session: Session, step: _Step) -> None:
        if step.row is not None:
            assert step.deleted is not None
            rows.restore_deleted(session, step.deleted)
        elif step.old is None:  # a delete
            step.deleted = rows.delete_rows(session, TABLE, [step.row_id])
        else:
            assert step.new is not None
            self._write(session, step.row_id, step.old, step.new)

    def _touch(self, session: Session) -> None:
        # The agenda table is no kind of its own: tell listeners (the Reviews screen, open
        # presenters) that this review changed, so they read its agenda again.
        record(session, "reviews", [self.review_id], ChangeKind.UPDATE)

    def _write(
        self, session: Session, row_id: int, expected: dict[str, Any], values: dict[str, Any]
    ) -> None:
        current = rows.fetch(session, TABLE, row_id)
        if current is None or any(current[c] != v for c, v in expected.items()):
            raise ConflictError(
                "Someone else changed this agenda item in the meantime; "
                "this step cannot be undone or redone."
            )
        rows.update_row(session, TABLE, row_id, values)

    # ---- helpers for _plan ----

    def _row(self, session: Session, key: str) -> dict[str, Any] | None:
        if not _KEY.match(key):
            raise DomainError(f"{key!r} is not an item of this agenda.")
        t = ReviewAgendaItem.__table__
        row_id = free_id(key)
        where = t.c.id == row_id if row_id is not None else t.c.agenda_key == key
        found = session.execute(select(t).where(t.c.review_id == self.review_id, where)).first()
        return None if found is None else dict(found._mapping)

    def _set(self, session: Session, key: str, changes: dict[str, Any]) -> int:
        """Store ``changes`` on the edit row of ``key`` (created when there is none yet)."""
        row = self._row(session, key)
        if row is None:
            if free_id(key) is not None:
                raise NotFoundError("This agenda item no longer exists.")
            values = {"review_id": self.review_id, "agenda_key": key, "hidden": False, **changes}
            stored = rows.insert_row(session, TABLE, values)
            self._steps.append(_Step(int(stored["id"]), row=stored))
            return int(stored["id"])
        new = {c: v for c, v in changes.items() if row[c] != v}
        if new:
            old = {c: row[c] for c in new}
            rows.update_row(session, TABLE, int(row["id"]), new)
            self._steps.append(_Step(int(row["id"]), old=old, new=new))
        return int(row["id"])

    def _add_free(self, session: Session, title: str, position: int) -> int:
        values = {"review_id": self.review_id, "title": title, "position": position}
        stored = rows.insert_row(session, TABLE, {**values, "hidden": False})
        self._steps.append(_Step(int(stored["id"]), row=stored))
        return int(stored["id"])

    def _delete(self, session: Session, row_id: int) -> None:
        self._steps.append(_Step(row_id, deleted=rows.delete_rows(session, TABLE, [row_id])))

    def _order(self, session: Session, order: Sequence[str], skip: int = -1) -> None:
        """Give every key of ``order`` its place (``skip``: a place already taken)."""
        for position, key in enumerate(order):
            self._set(session, key, {"position": position + (position >= skip >= 0)})


class EditAgendaItem(AgendaOperation):
    """Hide or show an item, retitle it or write its presenter notes (``name``: its title,
    for the undo text)."""

    def __init__(
        self,
        review_id: int,
        key: str,
        *,
        hidden: bool = _UNSET,
        title: str = _UNSET,
        notes: str = _UNSET,
        name: str = "",
    ) -> None:
        super().__init__(review_id)
        self.key = key
        self.changes: dict[str, Any] = {}
        if hidden is not _UNSET:
            self.changes["hidden"] = bool(hidden)
            self.label = f"{'Hide' if hidden else 'Show'} {_quoted(name)} on the agenda"
        if notes is not _UNSET:
            self.changes["notes"] = notes if notes.strip() else None
            self.label = f"Presenter notes for {_quoted(name)}"
        if title is not _UNSET:
            self.changes["title"] = clean_title(title, required=free_id(key) is not None)
            self.label = f"Rename agenda item {_quoted(name)}"

    def _plan(self, session: Session) -> None:
        if self.changes:
            self._set(session, self.key, self.changes)


class MoveAgendaItem(AgendaOperation):
    """Move ``key`` ``offset`` places (-1 up, +1 down) in ``order``, the agenda as shown
    (hidden items included); every item then keeps a stored place."""

    def __init__(
        self, review_id: int, order: Sequence[str], key: str, offset: int, name: str = ""
    ) -> None:
        super().__init__(review_id)
        self.order, self.key, self.offset, self.name = list(order), key, offset, name
        self.label = f"Move {_quoted(name)} {'up' if offset < 0 else 'down'}"

    def _plan(self, session: Session) -> None:
        order = list(self.order)
        if self.key not in order:
            raise DomainError("This item is no longer on the agenda.")
        at = order.index(self.key)
        to = max(0, min(len(order) - 1, at + self.offset))
        if to == at:
            where = "first" if self.offset < 0 else "last"
            raise DomainError(f"{_quoted(self.name)} is already {where} on the agenda.")
        order.insert(to, order.pop(at))
        self._order(session, order)


class AddAgendaItem(AgendaOperation):
    """Add a free item (a title, notes later) at ``index`` of ``order``, the agenda as shown."""

    def __init__(self, review_id: int, title: str, order: Sequence[str], index: int) -> None:
        super().__init__(review_id)
        self.title = clean_title(title, required=True) or ""
        self.order = list(order)
        self.index = max(0, min(len(self.order), index))
        self.label = f"Add {_quoted(self.title)} to the agenda"
        self.key: str | None = None

    def _plan(self, session: Session) -> None:
        row_id = self._add_free(session, self.title, self.index)
        self.key = f"free:{row_id}"
        self._order(session, self.order, skip=self.index)


class RemoveAgendaItem(AgendaOperation):
    """Remove an item that was added by hand (generated ones can only be hidden)."""

    def __init__(self, review_id: int, key: str, name: str = "") -> None:
        super().__init__(review_id)
        if free_id(key) is None:
            raise DomainError(
                "Only items added by hand can be removed; hide a generated item instead."
            )
        self.key = key
        self.label = f"Remove {_quoted(name)} from the agenda"

    def _plan(self, session: Session) -> None:
        row = self._row(session, self.key)
        if row is None:
            raise NotFoundError("This agenda item no longer exists.")
        self._delete(session, int(row["id"]))
