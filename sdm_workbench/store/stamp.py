"""A data stamp: a short text that changes with every commit that changes the workbench's rows.

Caches of derived results (the dashboard's KPIs) are keyed by it, so a result computed from
other data is never shown as current. Per table it combines, in one query:

* ``count(*)`` and ``max(id)``: catch inserts (and deletes);
* the ``uid`` of the row with the highest id: ids are reused after the highest row is deleted
  (SQLite without AUTOINCREMENT), but a new row always gets a new uid;
* updates and deletes: on SQLite the change counter its triggers keep
  (:mod:`.change_counter`), which counts foreign tools' edits too; elsewhere (PostgreSQL, or
  a file not yet upgraded) ``sum(version)``, which every update through the ORM or the bulk
  importer raises and nothing lowers.

On SQLite every part is an index lookup or SQLite's quick count (about 5 ms on the large
portfolio, against 65 ms when ``sum(version)`` reads all 250k tickets).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from sqlalchemy import Connection, Engine, Table, inspect

from ..domain.base import Base
from .change_counter import COUNTER_TABLE

STAMP_VERSION = "2"  # bump when the recipe changes, so old stamps never match new ones


def _table_stamp(table: str, counted: bool) -> str:
    # Each part a scalar subquery of its own: a bare count(*) is SQLite's quick count (it
    # reads the smallest index's page counts), while count(*) beside max(id) scans the rows.
    versions = "0" if counted else f"(SELECT sum(version) FROM {table})"
    return (
        f"SELECT '{table}', (SELECT count(*) FROM {table}), (SELECT max(id) FROM {table}), "
        f"{versions}, (SELECT uid FROM {table} ORDER BY id DESC LIMIT 1)"
    )


def _tables(present: frozenset[str]) -> list[Table]:
    """Every entity table (with the stamped columns) the database has, by name.

    Only tables present are read: a file opened without upgrading its schema lacks the newer
    ones (and a schema upgrade changes the set, hence the stamp).
    """
    wanted = {"id", "uid", "version"}
    found = [t for t in Base.metadata.tables.values() if t.name in present]
    return sorted((t for t in found if wanted <= set(t.c.keys())), key=lambda t: t.name)


@lru_cache(maxsize=8)
def _stamp_sql(dialect: str, present: frozenset[str]) -> str:
    """The stamp query (plain SQL over our own table names: SQLAlchemy would spend longer
    compiling a union of some thirty selects than SQLite takes to answer it)."""
    counted = dialect == "sqlite" and COUNTER_TABLE in present
    parts = [_table_stamp(t.name, counted) for t in _tables(present)]
    if counted:
        parts.append(f"SELECT '{COUNTER_TABLE}', changes, 0, 0, '' FROM {COUNTER_TABLE}")
    return " UNION ALL ".join(parts)


def read_stamp(conn: Connection) -> str:
    """The stamp of the data ``conn`` sees (one query, plus the list of tables)."""
    present = frozenset(inspect(conn).get_table_names())
    rows = conn.exec_driver_sql(_stamp_sql(conn.dialect.name, present)).all()
    digest = hashlib.sha256(STAMP_VERSION.encode())
    for name, count, max_id, versions, last_uid in sorted(rows, key=lambda r: str(r[0])):
        digest.update(f"{name}|{count}|{max_id}|{versions}|{last_uid};".encode())
    return digest.hexdigest()[:32]


def data_stamp(engine: Engine) -> str:
    """The stamp of the committed data (a short read transaction of its own)."""
    with engine.connect() as conn:
        return read_stamp(conn)
