"""Keeps the dashboard's data current: listens for changes, coalesces bursts, recomputes off
the GUI thread (one job at a time) and hands the result back by signal."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Collection, Mapping
from datetime import date

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from ...analytics.periods import Period
from ...store import Store
from ..live import LiveUpdates
from .computation import INPUT_KINDS, compute
from .data import DEFAULT_MONTHS, DashboardData

log = logging.getLogger(__name__)
COALESCE_MS = 300
Changes = dict[str, set[int]]


class _JobSignals(QObject):
    partial = Signal(int, object)
    done = Signal(int, object)
    failed = Signal(int, str)


class _Job(QRunnable):
    """One recomputation; reports through signals queued to the GUI thread."""

    def __init__(
        self,
        generation: int,
        work: Callable[[Callable[[DashboardData], None]], DashboardData],
        signals: _JobSignals,
    ) -> None:
        super().__init__()
        self.generation, self.work, self.signals = generation, work, signals

    def _partial(self, data: DashboardData) -> None:
        self.signals.partial.emit(self.generation, data)

    def run(self) -> None:
        try:
            data = self.work(self._partial)
        except Exception:  # reported to the view; a worker must never take the app down
            self.signals.failed.emit(self.generation, traceback.format_exc())
            return
        self.signals.done.emit(self.generation, data)


class Refresher(QObject):
    """Owns the current :class:`DashboardData` and recomputes it when the store changes.

    ``live`` is the window's :class:`LiveUpdates` (one watcher per window); without one the
    refresher makes its own. ``threaded=False`` computes on the calling thread (benchmarks).
    """

    computed = Signal(object)  # DashboardData
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(
        self,
        store: Store,
        live: LiveUpdates | None = None,
        *,
        as_of: date | None = None,
        months: int = DEFAULT_MONTHS,
        threaded: bool = True,
        period: Period | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.fixed_as_of = as_of
        self.months = months
        self.period = period  # None: the month of as_of
        self.threaded = threaded
        self.data: DashboardData | None = None
        self.stamping = False  # stamp each result with the store's data stamp (for a cache)
        self.provisional: DashboardData | None = None  # on screen until the first result
        self._own_live = live is None
        self.live = LiveUpdates(store, self) if live is None else live
        self.live.changed.connect(self._on_changed)
        self.live.external_change.connect(self._on_external_change)
        self._pending: Changes | None = None
        self._has_pending = False
        self._running = False
        self._generation = 0
        self._closed = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _JobSignals(self)
        self._signals.done.connect(self._on_done)
        self._signals.partial.connect(self._on_partial)
        self._signals.failed.connect(self._on_failed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COALESCE_MS)
        self._timer.timeout.connect(self._start)

    @property
    def as_of(self) -> date:
        return self.fixed_as_of or date.today()

    @property
    def busy(self) -> bool:
        return self._running or self._timer.isActive()

    # --- requests ------------------------------------------------------------------------
    def request(self, changes: Mapping[str, Collection[int]] | None = None) -> None:
        """Recompute soon: what ``changes`` touched, or everything (None)."""
        if self._closed:
            return
        if changes is not None:
            changes = {k: v for k, v in changes.items() if k in INPUT_KINDS}
            if not changes:
                return
        if changes is None or (self._has_pending and self._pending is None):
            self._pending = None
        else:
            merged = self._pending if self._has_pending and self._pending is not None else {}
            for kind, ids in changes.items():
                merged.setdefault(kind, set()).update(ids)
            self._pending = merged
        self._has_pending = True
        if not self._timer.isActive():  # a steady stream still refreshes every 300 ms
            self._timer.start()
            self.busy_changed.emit(True)

    def refresh_now(self) -> None:
        """Recompute everything at once (first show, the user's Refresh)."""
        self._pending, self._has_pending = None, True
        self._timer.stop()
        self._start()

    def set_period(self, period: Period | None) -> None:
        """Sum the tiles up over ``period`` (None: the current month); recomputes only the
        months the charts did not show yet, from the inputs already read."""
        if period == self.period:
            return
        self.period = period
        if not self._has_pending:
            self._pending, self._has_pending = {}, True
        self._timer.stop()
        self._start()

    def _on_changed(self, changes: Mapping[str, frozenset[int]]) -> None:
        self.request(changes)

    def _on_external_change(self) -> None:
        self.request(None)  # another process: anything may have changed

    # --- running -------------------------------------------------------------------------
    def _start(self) -> None:
        if self._closed or self._running or not self._has_pending:
            return
        changes, previous = self._pending, self.data
        self._pending, self._has_pending = None, False
        self._generation += 1
        as_of, months, store, period = self.as_of, self.months, self.store, self.period
        stamping = self.stamping

        def work(partial: Callable[[DashboardData], None] | None = None) -> DashboardData:
            # The stamp is read before the inputs: a commit in between makes the result
            # newer than its stamp (a cache miss later), never older. A new period only
            # reuses the inputs already read, and with them their stamp.
            reused = previous.stamp if previous is not None and changes == {} else None
            stamp = store.data_stamp() if stamping and reused is None else reused
            data = compute(store, as_of, months, previous, changes, partial, period)
            data.stamp = stamp
            return data

        self._running = True
        self.busy_changed.emit(True)
        if not self.threaded:
            try:
                data = work()
            except Exception:
                self._on_failed(self._generation, traceback.format_exc())
                return
            self._on_done(self._generation, data)
            return
        self._pool.start(_Job(self._generation, work, self._signals))

    def _on_partial(self, generation: int, data: object) -> None:
        """The tiles' figures are ready (older months follow): show them on a first
        computation or a new period, if nothing newer is on its way."""
        if self._closed or generation != self._generation:
            return
        assert isinstance(data, DashboardData)
        shown = self.data or self.provisional
        if shown is not None and (shown.period, shown.months) == (data.period, data.months):
            return  # an edit: the full result follows soon, no half-drawn charts meanwhile
        self.computed.emit(data)

    def _on_done(self, generation: int, data: object) -> None:
        self._running = False
        if self._closed or generation != self._generation:
            return
        assert isinstance(data, DashboardData)
        self.data = data
        self.computed.emit(data)
        if self._has_pending and not self._timer.isActive():
            self._start()
        self.busy_changed.emit(self.busy)

    def _on_failed(self, generation: int, message: str) -> None:
        self._running = False
        log.error("dashboard refresh failed:\n%s", message)
        if not self._closed and generation == self._generation:
            self.failed.emit(message.strip().splitlines()[-1])
            self.busy_changed.emit(self.busy)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the running job (if any) has finished."""
        return self._pool.waitForDone(msecs)

    def close(self) -> None:
        """Stop listening and wait for a running job; the store may close afterwards."""
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        self.live.changed.disconnect(self._on_changed)
        self.live.external_change.disconnect(self._on_external_change)
        self._pool.waitForDone()
        if self._own_live:
            self.live.close()
