"""Notice commits made by other processes (a CLI import, a second window) on the same file."""

from __future__ import annotations

from sqlalchemy import Connection, text

from .store import Store

# SQLite: changes whenever another connection commits to the file. PostgreSQL: the next
# transaction id, which only moves when some transaction writes (reads take no id).
_COUNTERS = {
    "sqlite": "PRAGMA data_version",
    "postgresql": "SELECT pg_snapshot_xmax(pg_current_snapshot())::text",
}


class ExternalChangeWatcher:
    """Polls a cheap change counter on one long-lived connection.

    The counter also moves for this process's own commits (they come through other pooled
    connections); call :meth:`absorb` after an own commit so it is not reported twice.
    On PostgreSQL any write in the cluster moves it: a poll may report a change that turns
    out not to touch this workbench, never the other way round.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._query = _COUNTERS.get(store.engine.dialect.name)
        self._conn: Connection | None = store.engine.connect() if self._query else None
        self._last = self._read()

    def _read(self) -> str:
        if self._conn is None or self._query is None:
            return ""
        value = self._conn.execute(text(self._query)).scalar_one()
        self._conn.rollback()  # end the read transaction so the next poll sees new commits
        return str(value)

    def poll(self) -> bool:
        """True once for each batch of commits made elsewhere since the last poll."""
        current = self._read()
        changed = current != self._last
        self._last = current
        return changed

    def absorb(self) -> None:
        """Forget changes seen so far (our own commits)."""
        self._last = self._read()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
