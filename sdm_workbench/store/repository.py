"""Read access that returns frozen row snapshots: no ORM object leaves the store."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from sqlalchemy import Date, DateTime, Row, Select, String, cast, func, select
from sqlalchemy.orm import Session

from ..domain.kinds import Kind, kind


@dataclass(frozen=True)
class RowSnapshot:
    """The values of one row as read; safe to keep in Qt models and across threads."""

    kind: str
    id: int
    uid: str
    version: int
    values: Mapping[str, Any]

    def __getitem__(self, column: str) -> Any:
        return self.values[column]

    def get(self, column: str, default: Any = None) -> Any:
        return self.values.get(column, default)

    def code(self) -> str | None:
        """The human code (SVC-012, RSK-0042) when the kind has one."""
        column = kind(self.kind).code_column
        return None if column is None else self.values.get(column)


def snapshot(k: Kind, row: Row[Any] | Mapping[str, Any]) -> RowSnapshot:
    values = dict(row._mapping) if isinstance(row, Row) else dict(row)
    return RowSnapshot(
        k.name,
        int(values["id"]),
        str(values["uid"]),
        int(values["version"]),
        MappingProxyType(values),
    )


def _select(k: Kind, where: Mapping[str, Any] | None) -> Select[Any]:
    table = k.table
    query = select(table)
    for column, value in (where or {}).items():
        query = query.where(table.c[column] == value)
    return query


def count(session: Session, kind_name: str, where: Mapping[str, Any] | None = None) -> int:
    k = kind(kind_name)
    query = select(func.count()).select_from(_select(k, where).subquery())
    return int(session.execute(query).scalar_one())


def list_rows(
    session: Session,
    kind_name: str,
    *,
    where: Mapping[str, Any] | None = None,
    order_by: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[RowSnapshot]:
    """Rows of a kind, filtered by equality on columns, ordered by a column then id."""
    k = kind(kind_name)
    table = k.table
    query = _select(k, where)
    if order_by:
        query = query.order_by(table.c[order_by])
    query = query.order_by(table.c.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return [snapshot(k, row) for row in session.execute(query)]


def iter_rows(session: Session, kind_name: str, batch: int = 5000) -> Iterator[RowSnapshot]:
    """Every row of a kind in id order, read in batches (large tables)."""
    k = kind(kind_name)
    last = 0
    while True:
        query = select(k.table).where(k.table.c.id > last).order_by(k.table.c.id).limit(batch)
        rows = [snapshot(k, row) for row in session.execute(query)]
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def read_columns(
    session: Session,
    kind_name: str,
    columns: Sequence[str],
    ids: Collection[int] | None = None,
) -> dict[str, list[Any]]:
    """Whole columns of a kind (or of the rows ``ids``) in id order, for bulk calculators.

    Dates and datetimes come back as ISO text (numpy parses it fast); ``None`` stays None.
    """
    table = kind(kind_name).table
    selected = [
        cast(table.c[name], String).label(name)
        if isinstance(table.c[name].type, Date | DateTime)
        else table.c[name]
        for name in columns
    ]
    query = select(*selected).order_by(table.c.id)
    if ids is None:
        rows = list(session.execute(query))
    else:
        wanted = sorted(ids)
        rows = []
        for start in range(0, len(wanted), 500):  # below every backend's parameter limit
            chunk = wanted[start : start + 500]
            rows += session.execute(query.where(table.c.id.in_(chunk))).all()
    return {name: [row[i] for row in rows] for i, name in enumerate(columns)}


def get(session: Session, kind_name: str, row_id: int) -> RowSnapshot | None:
    k = kind(kind_name)
    row = session.execute(select(k.table).where(k.table.c.id == row_id)).first()
    return None if row is None else snapshot(k, row)


def find_by_code(session: Session, kind_name: str, code: str) -> RowSnapshot | None:
    k = kind(kind_name)
    if k.code_column is None:
        raise ValueError(f"{k.plural} have no code")
    row = session.execute(select(k.table).where(k.table.c[k.code_column] == code)).first()
    return None if row is None else snapshot(k, row)


def counts(session: Session, names: Iterable[str] | None = None) -> dict[str, int]:
    """Rows per kind (every kind, or ``names``) in one query, for the navigator, status bars
    and the check report."""
    from ..domain.kinds import KINDS

    wanted = list(KINDS if names is None else names)
    if not wanted:
        return {}
    columns = [
        select(func.count()).select_from(kind(name).table).scalar_subquery() for name in wanted
    ]
    row = session.execute(select(*columns)).one()
    return {name: int(value) for name, value in zip(wanted, row, strict=True)}


IN_CHUNK = 500  # values per IN (...): below every backend's parameter limit


def rows_where_in(
    session: Session, kind_name: str, columns: Sequence[str], key: str, values: Sequence[Any]
) -> list[dict[str, Any]]:
    """Only ``columns`` of the rows whose ``key`` is one of ``values`` (lean for big pages),
    as plain dicts, in as few queries as the parameter limit allows."""
    table = kind(kind_name).table
    found: list[dict[str, Any]] = []
    for start in range(0, len(values), IN_CHUNK):
        statement = select(*(table.c[c] for c in columns)).where(
            table.c[key].in_(values[start : start + IN_CHUNK])
        )
        found += [dict(zip(columns, row, strict=True)) for row in session.execute(statement)]
    return found
