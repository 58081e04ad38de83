"""The SQL behind the kind tables: ordered, filtered ids; rows by id; labels of referenced rows.

Sorting and filtering happen in the database (a proxy model sorting 250k Python rows takes
seconds). Rows come back as the store's frozen snapshots; no ORM object is ever loaded.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, or_, select, type_coerce
from sqlalchemy.orm import Session

from ..domain.columns import ColumnType, columns_for, label_column
from ..domain.kinds import kind
from .column_filters import ColumnFilter, escape_like, filter_condition, label_expression
from .repository import RowSnapshot, snapshot


@dataclass(frozen=True)
class RowQuery:
    """What a table shows: one kind, ordered by a column (or id), filtered by words and by
    conditions on single columns (all of them must hold); ``within`` keeps the rows of one
    parent (link column, parent id), ``then_by`` orders rows the sort column leaves tied."""

    kind: str
    sort_column: str | None = None
    descending: bool = False
    text: str = ""
    filters: tuple[ColumnFilter, ...] = ()
    within: tuple[str, int] | None = None
    then_by: str | None = None


def _matches(session: Session, query: RowQuery) -> ColumnElement[bool] | None:
    """Every word must occur in some text column (or a referenced row's code/title)."""
    words = query.text.split()
    if not words:
        return None
    table = kind(query.kind).table
    sqlite = session.get_bind().dialect.name == "sqlite"
    clauses = []
    for word in words:
        pattern = f"%{escape_like(word)}%"
        alternatives: list[ColumnElement[bool]] = []
        for column in columns_for(query.kind):
            if column.searchable:  # enums too: compare their stored text, not members
                expr: ColumnElement[Any] = type_coerce(table.c[column.name], String)
            elif column.type is ColumnType.REF and label_column(kind(column.ref_kind or "")):
                expr = label_expression(column, table)
            else:
                continue
            # SQLite's LIKE already ignores ASCII case and can use its fast path.
            like = expr.like(pattern, escape="\\") if sqlite else expr.ilike(pattern, escape="\\")
            alternatives.append(like)
        if word.isdigit():
            alternatives.append(table.c.id == int(word))
        clauses.append(or_(*alternatives))
    return and_(*clauses)


def _id_select(session: Session, query: RowQuery) -> Select[Any]:
    table = kind(query.kind).table
    statement = select(table.c.id)
    condition = _matches(session, query)
    if condition is not None:
        statement = statement.where(condition)
    sqlite = session.get_bind().dialect.name == "sqlite"
    for column_filter in query.filters:
        statement = statement.where(filter_condition(query.kind, column_filter, sqlite))
    if query.within is not None:
        link, parent_id = query.within
        statement = statement.where(table.c[link] == parent_id)
    if query.sort_column:
        column = next(c for c in columns_for(query.kind) if c.name == query.sort_column)
        key: ColumnElement[Any] = (
            label_expression(column, table)
            if column.type is ColumnType.REF
            else table.c[column.name]
        )
        statement = statement.order_by(key.desc() if query.descending else key.asc())
    elif query.then_by:
        statement = statement.order_by(table.c[query.then_by])
    return statement.order_by(table.c.id.desc() if query.descending else table.c.id)


def ordered_ids(session: Session, query: RowQuery) -> list[int]:
    """The ids of every row the query shows, in display order (one cheap column)."""
    return list(session.execute(_id_select(session, query)).scalars())


def fetch_rows(session: Session, kind_name: str, ids: Collection[int]) -> dict[int, RowSnapshot]:
    """Snapshots of the given rows, keyed by id (missing ids were deleted meanwhile)."""
    if not ids:
        return {}
    k = kind(kind_name)
    rows = session.execute(select(k.table).where(k.table.c.id.in_(list(ids))))
    return {snap.id: snap for snap in (snapshot(k, row) for row in rows)}


def fetch_labels(session: Session, kind_name: str, ids: Iterable[int]) -> dict[int, str]:
    """How people name the given rows of a kind: code, else title, else ``#id``."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    k = kind(kind_name)
    name = label_column(k)
    labels = {row_id: f"#{row_id}" for row_id in wanted}
    if name is None:
        return labels
    table = k.table
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        statement = select(table.c.id, table.c[name]).where(table.c.id.in_(chunk))
        for row_id, label in session.execute(statement):
            if label:
                labels[row_id] = str(label)
    return labels


def label_rows(session: Session, kind_name: str) -> list[tuple[int, list[Any]]]:
    """Every row of a kind as (id, [label, code, title]) with the columns the kind has, for
    reference pickers; the label column first (see ``domain.columns.label_column``)."""
    k = kind(kind_name)
    table = k.table
    names = [n for n in dict.fromkeys((label_column(k), k.code_column, k.title_column)) if n]
    statement = select(table.c.id, *(table.c[n] for n in names))
    return [(int(row[0]), list(row[1:])) for row in session.execute(statement)]
