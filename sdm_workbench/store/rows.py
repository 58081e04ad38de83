"""Row-level writes for the operations layer: insert, versioned update, delete with capture.

Deleting captures every row the database will cascade away and every reference it will
set to NULL, so that reverting the delete restores the same rows (same ids and uids).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from ..domain.base import Base
from .events import ChangeKind, record

CHUNK = 500  # stays well below every backend's limit on bound parameters


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def table(name: str) -> Table:
    return Base.metadata.tables[name]


def fetch(session: Session, table_name: str, row_id: int) -> dict[str, Any] | None:
    t = table(table_name)
    row = session.execute(select(t).where(t.c.id == row_id)).first()
    return None if row is None else dict(row._mapping)


def fetch_many(
    session: Session, table_name: str, column: str, values: Iterable[Any]
) -> list[dict[str, Any]]:
    t = table(table_name)
    wanted = sorted(set(values))
    rows: list[dict[str, Any]] = []
    for chunk in _chunks(wanted):
        query = select(t).where(t.c[column].in_(chunk)).order_by(t.c.id)
        rows += [dict(r._mapping) for r in session.execute(query)]
    return rows


def insert_row(session: Session, table_name: str, values: dict[str, Any]) -> dict[str, Any]:
    """Insert one row (defaults such as uid and version applied); returns the stored row."""
    t = table(table_name)
    result = session.execute(insert(t).values(**values).returning(t.c.id))
    row_id = int(result.scalar_one())
    record(session, table_name, [row_id], ChangeKind.INSERT)
    stored = fetch(session, table_name, row_id)
    assert stored is not None
    return stored


def insert_rows(session: Session, table_name: str, rows: Sequence[dict[str, Any]]) -> None:
    """Insert complete rows (ids included), e.g. when a delete is reverted."""
    if rows:
        session.execute(insert(table(table_name)), list(rows))
        record(session, table_name, [int(r["id"]) for r in rows], ChangeKind.INSERT)


def update_row(
    session: Session,
    table_name: str,
    row_id: int,
    values: dict[str, Any],
    expected_version: int | None = None,
) -> int | None:
    """Set ``values`` and bump the version; None when the row is gone or its version moved."""
    t = table(table_name)
    query = update(t).where(t.c.id == row_id)
    if expected_version is not None:
        query = query.where(t.c.version == expected_version)
    result = session.execute(query.values(**values, version=t.c.version + 1))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    record(session, table_name, [row_id], ChangeKind.UPDATE)
    version = session.execute(select(t.c.version).where(t.c.id == row_id)).scalar_one()
    return int(version)


@dataclass
class DeletedRows:
    """What a delete removed or detached, in an order that can be put back."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    nulled: list[tuple[str, str, int, int]] = field(
        default_factory=list
    )  # table, column, id, value

    def count(self) -> int:
        return sum(len(r) for r in self.rows.values())


def _references(target: Table) -> list[tuple[Table, str, str]]:
    """(table, column, ondelete) of every foreign key pointing at ``target``."""
    found = []
    for other in Base.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is target:
                found.append((other, fk.parent.name, (fk.ondelete or "NO ACTION").upper()))
    return found


def capture_delete(session: Session, table_name: str, ids: Sequence[int]) -> DeletedRows:
    """Read everything that deleting ``ids`` will take with it (cascades) or detach (SET NULL)."""
    captured = DeletedRows()
    seen: dict[str, set[int]] = {}
    queue: list[tuple[str, list[int]]] = [(table_name, list(ids))]
    root_rows = fetch_many(session, table_name, "id", ids)
    captured.rows[table_name] = root_rows
    seen[table_name] = {r["id"] for r in root_rows}
    while queue:
        current, current_ids = queue.pop(0)
        for other, column, action in _references(table(current)):
            referencing = fetch_many(session, other.name, column, current_ids)
            if action == "CASCADE":
                fresh = [
                    r for r in referencing if r["id"] not in seen.setdefault(other.name, set())
                ]
                if fresh:
                    seen[other.name].update(r["id"] for r in fresh)
                    captured.rows.setdefault(other.name, []).extend(fresh)
                    queue.append((other.name, [r["id"] for r in fresh]))
            elif action == "SET NULL":
                captured.nulled += [(other.name, column, r["id"], r[column]) for r in referencing]
    return captured


def delete_rows(session: Session, table_name: str, ids: Sequence[int]) -> DeletedRows:
    """Delete ``ids``; the database cascades. Returns what is needed to restore them."""
    captured = capture_delete(session, table_name, ids)
    t = table(table_name)
    for chunk in _chunks(list(ids)):
        session.execute(delete(t).where(t.c.id.in_(chunk)))
    for name, rows in captured.rows.items():
        record(session, name, [r["id"] for r in rows], ChangeKind.DELETE)
    deleted = {(n, r["id"]) for n, rows in captured.rows.items() for r in rows}
    for name, _column, row_id, _value in captured.nulled:
        if (name, row_id) not in deleted:
            record(session, name, [row_id], ChangeKind.UPDATE)
    return captured


def _parents_first(t: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Order rows of a self-referencing table so that a parent is inserted before its child."""
    self_columns = [fk.parent.name for fk in t.foreign_keys if fk.column.table is t]
    if not self_columns:
        return rows
    pending = {r["id"]: r for r in rows}
    ordered: list[dict[str, Any]] = []
    while pending:
        ready = [
            r
            for r in pending.values()
            if all(r[c] is None or r[c] not in pending for c in self_columns)
        ]
        if not ready:  # a cycle cannot be stored, so this cannot happen; keep what is left
            ready = list(pending.values())
        for r in ready:
            ordered.append(pending.pop(r["id"]))
    return ordered


def restore_deleted(session: Session, captured: DeletedRows) -> None:
    """Put back rows removed by :func:`delete_rows`, then re-attach detached references."""
    for t in Base.metadata.sorted_tables:
        rows = captured.rows.get(t.name)
        if rows:
            insert_rows(session, t.name, _parents_first(t, rows))
    for name, column, row_id, value in captured.nulled:
        t = table(name)
        session.execute(
            update(t).where(t.c.id == row_id).values({column: value, "version": t.c.version + 1})
        )
        record(session, name, [row_id], ChangeKind.UPDATE)


def max_code_number(session: Session, table_name: str, column: str, prefix: str) -> int:
    """The highest number used after ``prefix`` in a code column (0 when none)."""
    t = table(table_name)
    codes = session.execute(select(t.c[column]).where(t.c[column].like(f"{prefix}%"))).scalars()
    best = 0
    for code in codes:
        tail = str(code)[len(prefix) :]
        if tail.isdigit():
            best = max(best, int(tail))
    return best


def find_equal(
    session: Session, table_name: str, values: dict[str, Any], exclude_id: int | None = None
) -> dict[str, Any] | None:
    """The first row whose columns equal all of ``values`` (other than ``exclude_id``)."""
    t = table(table_name)
    query = select(t).where(*(t.c[column] == value for column, value in values.items()))
    if exclude_id is not None:
        query = query.where(t.c.id != exclude_id)
    row = session.execute(query.limit(1)).first()
    return None if row is None else dict(row._mapping)
