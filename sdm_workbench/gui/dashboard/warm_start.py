"""The dashboard's warm start: find its last results before the first paint, keep them saved.

On start the data stamp (a millisecond or two: SQLite keeps a change counter, see
``store/change_counter.py``) and the cache file are read before the first paint. After each fresh
computation the results are written on a worker thread: at once the first time, then at
most every :data:`SAVE_DELAY_MS` while edits stream in, and once more when the view closes.
A failure to read or write is logged, never shown: the cache only ever saves time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRunnable, QThreadPool, QTimer
from PySide6.QtWidgets import QWidget

from ...analytics.periods import Period, month_of
from ...paths import user_paths
from ...store import Store
from .computation import chart_axis
from .data import DashboardData
from .results_cache import CachedData, ResultsCache

log = logging.getLogger(__name__)
SAVE_DELAY_MS = 3000  # while edits stream in, a save at most this often (a save is ~0.2 s)
AFTER_PAINT_MS = 0  # the fresh computation starts this long after the cached first paint
UNSHOWN_MS = 1000  # ... or this long after the start if the view is not painted by then


def identity(store: Store) -> str:
    """What names a workbench across starts: its resolved path, or its URL (no password)."""
    path = store.path
    return str(path.resolve()) if path is not None else store.describe()


class _Save(QRunnable):
    def __init__(self, cache: ResultsCache, data: DashboardData, name: str) -> None:
        super().__init__()
        self.cache, self.data, self.name = cache, data, name

    def run(self) -> None:
        assert self.data.stamp is not None
        try:
            self.cache.save(self.data, self.name, self.data.stamp, datetime.now())
        except Exception:  # a full disk or a read-only folder: no cache, nothing else
            log.exception("could not save the dashboard's results")


class WarmStart(QObject):
    """Reads the stamp and the cache for one view; saves its fresh results afterwards."""

    def __init__(self, store: Store, folder: Path | None = None,
                 parent: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.cache = ResultsCache(folder or user_paths().cache_dir / "dashboard")
        self.identity = identity(store)
        self.store = store
        self._pending: DashboardData | None = None
        self._saved_once = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._save_pending)
        self._then: Callable[[], None] | None = None

    def cached(self, as_of: date, months: int, period: Period | None) -> CachedData | None:
        """The cached results if they match the store now, the day and the period."""
        raw = self.cache.read(self.identity)
        if raw is None:
            return None
        try:
            stamp = self.store.data_stamp()
        except Exception:  # a schema the stamp cannot read: simply no warm start
            log.exception("could not read the data stamp")
            return None
        chosen = period or month_of(as_of)
        axis = chart_axis(chosen, as_of, months)
        return self.cache.decode(raw, self.identity, stamp, as_of, axis, chosen)

    def after_first_paint(self, view: QWidget, then: Callable[[], None]) -> None:
        """Call ``then`` (the fresh computation) once ``view`` has painted the cached results:
        a thread computing beside the first paint would take turns with it for Python's lock
        and slow it down by half."""
        self._then = then
        view.installEventFilter(self)
        QTimer.singleShot(UNSHOWN_MS, self, self._go)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            watched.removeEventFilter(self)
            QTimer.singleShot(AFTER_PAINT_MS, self, self._go)
        return False

    def _go(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()

    def completed(self, data: DashboardData) -> None:
        """A fresh, complete result is on screen: save it (soon)."""
        if data.stamp is None or data.cached_at is not None:
            return
        self._pending = data
        self._timer.start(SAVE_DELAY_MS if self._saved_once else 0)

    def _save_pending(self) -> None:
        data, self._pending = self._pending, None
        if data is not None:
            self._saved_once = True
            self._pool.start(_Save(self.cache, data, self.identity))

    def close(self, busy: bool) -> None:
        """Save what is still waiting (unless newer results are on their way), then wait."""
        self._timer.stop()
        if busy:
            self._pending = None
        self._save_pending()
        self._pool.waitForDone()
