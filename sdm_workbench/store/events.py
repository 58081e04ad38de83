"""Change notification: collected at flush, published after commit, dropped on rollback."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from ..domain.base import Entity

log = logging.getLogger(__name__)

_PENDING_KEY = "sdm_pending_changes"


class ChangeKind(StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"


@dataclass(frozen=True)
class Change:
    """Rows of one table that one commit inserted, updated or deleted."""

    table: str
    ids: frozenset[int]
    kind: ChangeKind


Listener = Callable[[tuple[Change, ...]], None]


class ChangeBus:
    """Delivers each committed batch of changes to every subscriber, once."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def publish(self, changes: tuple[Change, ...]) -> None:
        if not changes:
            return
        for listener in list(self._listeners):
            try:
                listener(changes)
            except Exception:  # a broken listener must not undo a committed change
                log.exception("change listener failed")


def record(session: Session, table: str, ids: Iterable[int], kind: ChangeKind) -> None:
    """Note changes made with Core statements, which the ORM flush hook cannot see."""
    pending: dict[tuple[str, ChangeKind], set[int]] = session.info.setdefault(_PENDING_KEY, {})
    pending.setdefault((table, kind), set()).update(ids)


def _merge(changes: dict[tuple[str, ChangeKind], set[int]]) -> tuple[Change, ...]:
    return tuple(
        Change(table, frozenset(ids), kind) for (table, kind), ids in sorted(changes.items()) if ids
    )


def install(session_factory: Any, bus: ChangeBus) -> None:
    """Hook a sessionmaker so that its sessions report to ``bus``."""

    @event.listens_for(session_factory, "after_flush")
    def _after_flush(session: Session, _ctx: Any) -> None:
        for obj, kind in (
            *((o, ChangeKind.INSERT) for o in session.new),
            *((o, ChangeKind.UPDATE) for o in session.dirty if session.is_modified(o)),
            *((o, ChangeKind.DELETE) for o in session.deleted),
        ):
            if isinstance(obj, Entity):
                record(session, obj.__tablename__, [obj.id], kind)

    @event.listens_for(session_factory, "after_commit")
    def _after_commit(session: Session) -> None:
        pending = session.info.pop(_PENDING_KEY, None)
        if pending:
            bus.publish(_merge(pending))

    @event.listens_for(session_factory, "after_soft_rollback")
    def _after_rollback(session: Session, _previous: Any) -> None:
        session.info.pop(_PENDING_KEY, None)
