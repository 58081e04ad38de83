"""Writing a demo portfolio into a workbench: one transaction, bulk inserts, change events."""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Date, DateTime, Table

from ..domain.base import Base
from ..store import ChangeKind, Store
from ..store.events import record
from ..store.gc_pause import paused_gc
from .context import DemoData

BATCH_ROWS = 20_000

Progress = Callable[[float], bool]


class DemoCancelled(Exception):
    """The progress callback asked to stop; the whole demo was rolled back."""


def _to_date(value: date) -> str:
    return value.isoformat()


def _to_datetime(value: datetime) -> str:
    # SQLAlchemy's SQLite DATETIME storage format, so the ORM reads these back unchanged.
    return value.isoformat(" ", "microseconds")


def _sqlite_text(column_type: Any) -> Callable[[Any], str] | None:
    if isinstance(column_type, DateTime):
        return _to_datetime
    if isinstance(column_type, Date):
        return _to_date
    return None


def positional_rows(table: Table, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Rows as tuples in column order with dates as SQLite text (what the dialect would bind)."""
    names = [c.name for c in table.columns]
    tuples = list(map(operator.itemgetter(*names), rows))
    converters = [(i, f) for i, c in enumerate(table.columns) if (f := _sqlite_text(c.type))]
    if not converters:
        return tuples
    columns: list[Any] = list(zip(*tuples, strict=True))
    for i, convert in converters:
        columns[i] = [None if v is None else convert(v) for v in columns[i]]
    return list(zip(*columns, strict=True))


def first_table_with_rows(conn: Connection) -> str | None:
    """The name of some table that holds a row, or None for an empty workbench."""
    quote = conn.dialect.identifier_preparer.format_table
    for table in Base.metadata.sorted_tables:
        # Plain SQL: compiling 30 SELECTs costs more than running them on an empty file.
        if conn.exec_driver_sql(f"SELECT 1 FROM {quote(table)} LIMIT 1").first() is not None:
            return table.name
    return None


def _sqlite_insert(conn: Connection, table: Table) -> str:
    preparer = conn.dialect.identifier_preparer
    columns = ", ".join(preparer.quote(c.name) for c in table.columns)
    marks = ", ".join("?" * len(table.columns))
    return f"INSERT INTO {preparer.format_table(table)} ({columns}) VALUES ({marks})"


def _check_shape(data: DemoData) -> None:
    for name, rows in data.tables.items():
        table = Base.metadata.tables.get(name)
        if table is None:
            raise ValueError(f"The demo data names a table {name!r} that the workbench lacks.")
        if rows and set(rows[0]) != set(table.columns.keys()):
            expected, given = set(table.columns.keys()), set(rows[0])
            raise ValueError(
                f"Rows for {name} must give exactly its columns; missing "
                f"{sorted(expected - given)}, unknown {sorted(given - expected)}."
            )


def write(
    store: Store,
    data: DemoData,
    progress: Progress | None = None,
    *,
    fast: bool | None = None,
) -> None:
    """Insert ``data`` into an empty workbench in one transaction and publish the changes.

    ``progress(fraction)`` is called after each batch; returning False stops, rolls
    everything back and raises DemoCancelled. A workbench that already holds rows is refused
    with ValueError. On SQLite, unless ``fast`` is False, pre-formatted tuples go straight to
    the driver's executemany instead of SQLAlchemy binding each value; both store the same.
    """
    _check_shape(data)
    total = max(1, data.row_count)
    done = 0
    with paused_gc(), store.unit_of_work() as session:
        conn = session.connection()
        taken = first_table_with_rows(conn)
        if taken is not None:
            raise ValueError(
                f"{store.describe()} already holds data (table {taken}); a demo portfolio "
                "goes into an empty workbench only. Choose a new file."
            )
        direct = conn.dialect.name == "sqlite" and fast is not False
        for name, rows in data.tables.items():
            if not rows:
                continue
            table = Base.metadata.tables[name]
            if direct:
                statement = _sqlite_insert(conn, table)
                values = positional_rows(table, rows)
            for start in range(0, len(rows), BATCH_ROWS):
                if direct:
                    conn.exec_driver_sql(statement, values[start : start + BATCH_ROWS])
                else:
                    conn.execute(table.insert(), rows[start : start + BATCH_ROWS])
                done += len(rows[start : start + BATCH_ROWS])
                if progress is not None and progress(done / total) is False:
                    raise DemoCancelled("Demo creation was cancelled; nothing was written.")
            record(session, name, (row["id"] for row in rows), ChangeKind.INSERT)
        if conn.dialect.name == "postgresql":
            _advance_sequences(conn, data)


def _advance_sequences(conn: Connection, data: DemoData) -> None:
    """Explicit ids leave PostgreSQL's id sequences behind; move them past the demo's rows."""
    for name, rows in data.tables.items():
        if rows:
            last = max(row["id"] for row in rows)
            conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), {last})")
