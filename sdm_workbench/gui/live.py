"""Live updates: the store's change bus and other processes' commits, as Qt signals."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from ..domain.kinds import kind_of_table
from ..store import Change, Store
from ..store.watch import ExternalChangeWatcher

POLL_MS = 1000


class LiveUpdates(QObject):
    """Re-emits committed changes on the GUI thread.

    ``changed`` carries a dict kind name -> changed ids (our own commits, exact);
    ``external_change`` means another process committed and anything may have changed.
    """

    changed = Signal(object)
    external_change = Signal()
    _relay = Signal(object)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.last_change: datetime | None = None
        self._watcher: ExternalChangeWatcher | None = ExternalChangeWatcher(store)
        # The bus calls back on whichever thread committed; a queued signal hops to ours.
        self._relay.connect(self._on_own_changes, Qt.ConnectionType.QueuedConnection)
        store.bus.subscribe(self._on_bus)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._timer.start()

    def _on_bus(self, changes: tuple[Change, ...]) -> None:
        self._relay.emit(changes)

    def _on_own_changes(self, changes: tuple[Change, ...]) -> None:
        if self._watcher is not None:
            self._watcher.absorb()  # our own commit moved data_version too
        by_kind: dict[str, set[int]] = {}
        for change in changes:
            try:
                name = kind_of_table(change.table).name
            except KeyError:  # a table the GUI does not show (e.g. the operation log)
                continue
            by_kind.setdefault(name, set()).update(change.ids)
        self.last_change = datetime.now()
        if by_kind:
            self.changed.emit({k: frozenset(v) for k, v in by_kind.items()})

    def poll(self) -> bool:
        """Check once for commits by other processes; True (and a signal) when there were."""
        if self._watcher is None or not self._watcher.poll():
            return False
        self.last_change = datetime.now()
        self.external_change.emit()
        return True

    def close(self) -> None:
        """Stop listening (idempotent); the store may outlive this window."""
        self._timer.stop()
        self._store.bus.unsubscribe(self._on_bus)
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None
