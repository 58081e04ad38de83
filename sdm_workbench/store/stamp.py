"""A data stamp: a short text that changes with every commit that changes the workbench's rows.

Caches of derived results (the dashboard's KPIs) are keyed by it, so a result computed from
other data is never shown as current. Per table it combines, in one query:

* ``count(*)`` and ``max(id)``: catch inserts and deletes;
* ``sum(version)``: every update bumps the row's version counter (the ORM's
  ``version_id_col``, and the bulk importer's statements likewise), and nothing lowers it, so
  the sum over an unchanged set of ids grows with every edit, undo and redo;
* the ``uid`` of the row with the highest id: ids are reused after the highest row is deleted
  (SQLite without AUTOINCREMENT), but a new row always gets a new uid. With the count
  unchanged, any insert that survives holds the highest id, so a delete followed by an insert
  changes this even when count, max(id) and sum(version) come back to the same numbers.

The cost is one scan of each table (``sum(version)`` reads every row; the uid is a primary
key lookup); see ``tests/store/test_stamp.py`` and the report for measured figures.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    String,
    Table,
    cast,
    func,
    inspect,
    literal,
    select,
    union_all,
)
from sqlalchemy.sql import Select

from ..domain.base import Base

STAMP_VERSION = "1"  # bump when the recipe changes, so old stamps never match new ones


def _table_stamp(table: Table) -> Select[str, int, Any, Any, str]:
    last_uid = select(table.c.uid).order_by(table.c.id.desc()).limit(1).scalar_subquery()
    return select(
        literal(table.name, String()).label("name"),
        func.count().label("rows"),
        func.max(table.c.id).label("max_id"),
        func.sum(table.c.version).label("versions"),
        cast(last_uid, String()).label("last_uid"),
    ).select_from(table)


def _tables(present: set[str]) -> list[Table]:
    """Every entity table (with the stamped columns) the database has, by name.

    Only tables present are read: a file opened without upgrading its schema lacks the newer
    ones (and a schema upgrade changes the set, hence the stamp).
    """
    wanted = {"id", "uid", "version"}
    found = [t for t in Base.metadata.tables.values() if t.name in present]
    return sorted((t for t in found if wanted <= set(t.c.keys())), key=lambda t: t.name)


def read_stamp(conn: Connection) -> str:
    """The stamp of the data ``conn`` sees (one query, plus the list of tables)."""
    tables = _tables(set(inspect(conn).get_table_names()))
    rows = conn.execute(union_all(*(_table_stamp(t) for t in tables))).all()
    digest = hashlib.sha256(STAMP_VERSION.encode())
    for name, count, max_id, versions, last_uid in sorted(rows, key=lambda r: str(r[0])):
        digest.update(f"{name}|{count}|{max_id}|{versions}|{last_uid};".encode())
    return digest.hexdigest()[:32]


def data_stamp(engine: Engine) -> str:
    """The stamp of the committed data (a short read transaction of its own)."""
    with engine.connect() as conn:
        return read_stamp(conn)
