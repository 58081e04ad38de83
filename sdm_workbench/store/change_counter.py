"""A change counter kept by SQLite itself: triggers count every update and delete of our rows.

The data stamp (:mod:`.stamp`) must notice any commit that changes rows, from this program or
any other tool writing the file. Inserts show in a table's row count and its newest row;
updates and deletes need either a scan of every row (slow on 250k tickets) or this counter,
bumped by ``AFTER UPDATE`` and ``AFTER DELETE`` triggers on every table. Triggers live in the
file, so a foreign tool's edits count too. Inserts get no trigger: bulk imports of 100k rows
would pay for it, and they show in count and newest row anyway.

A foreign tool's ``INSERT OR REPLACE`` of a row with the same id and uid is not counted
(SQLite fires no delete trigger for it); this program never writes that way.

A restored backup starts a new epoch: its counter jumps by a random amount, so stamps taken
after the restore never repeat ones taken before it on the same path.

SQLite only: on PostgreSQL one counter row would serialise concurrent writers (and could
deadlock them), so the stamp keeps scanning there.
"""

from __future__ import annotations

import secrets
import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, Table

COUNTER_TABLE = "data_changes"
EVENTS = ("UPDATE", "DELETE")

# Not a model: bookkeeping of the store, in a metadata of its own (no kind, no export).
COUNTER_METADATA = MetaData()
data_changes = Table(
    COUNTER_TABLE,
    COUNTER_METADATA,
    Column("id", Integer, primary_key=True),
    Column("changes", Integer, nullable=False),
)


def trigger_name(table: str, event: str) -> str:
    return f"trg_{table}_{event.lower()}_counted"


def create_triggers(table: str) -> list[str]:
    """The statements that make ``table``'s updates and deletes count (new tables need them)."""
    return [
        f"CREATE TRIGGER {trigger_name(table, event)} AFTER {event} ON {table} "
        f"BEGIN UPDATE {COUNTER_TABLE} SET changes = changes + 1 WHERE id = 1; END"
        for event in EVENTS
    ]


def drop_triggers(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {trigger_name(table, event)}" for event in EVENTS]


def start_new_epoch(path: Path) -> None:
    """Move the counter of the SQLite file ``path`` by a random amount (after a restore)."""
    with closing(sqlite3.connect(path)) as conn, conn:
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (COUNTER_TABLE,)
        ).fetchone()
        if found:
            jump = secrets.randbelow(2**40) + 1
            conn.execute(f"UPDATE {COUNTER_TABLE} SET changes = changes + ? WHERE id = 1", (jump,))
