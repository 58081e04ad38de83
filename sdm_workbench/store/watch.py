"""Notice commits made by other processes (a CLI import, a second window) on the same file."""

from __future__ import annotations

from sqlalchemy import Connection, text

from .store import Store


class ExternalChangeWatcher:
    """Polls SQLite's ``PRAGMA data_version`` on one long-lived connection.

    The number changes whenever *another* connection commits, which includes this
    process's own pooled connections; call :meth:`absorb` after an own commit so it
    is not reported twice. Server databases report nothing yet (team mode adds a counter).
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._conn: Connection | None = store.engine.connect() if store.is_sqlite else None
        self._last = self._read()

    def _read(self) -> int:
        if self._conn is None:
            return 0
        value = self._conn.execute(text("PRAGMA data_version")).scalar_one()
        self._conn.rollback()  # end the read transaction so the next poll sees new commits
        return int(value)

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
