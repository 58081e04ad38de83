"""The SLA clock of many tickets at once: elapsed time, applicable target, breach, due time.

Rules (DOMAIN.md, "SLAs, SLOs and the SLA clock"):

* The clock runs from *opened* to *first response* (response metric) or *resolved*
  (resolution metric); a ticket resolved without a recorded response counts as responded
  when resolved. Events after ``as_of`` are not known yet: the ticket is still running.
* Targets in ``minutes``/``hours`` run on the 24x7 clock; ``business hours``/``business
  days`` on the SLA's calendar, where a business day is
  :attr:`BusinessCalendar.business_day_minutes`. Targets are rounded to whole minutes.
* Pauses stop the clock: their time (on the same clock) is subtracted; overlapping pauses
  count once; a pause still open at ``as_of`` stops the clock there.
* ``due`` is the instant the budget is used up (opened + target on the clock, pushed back
  by the pauses that begin before it). With ``<=`` the ticket is breached from the first
  minute after ``due``; with ``<`` at ``due``. No ``due`` for ``>=``/``>`` targets, nor while
  a ticket is paused at ``as_of`` with budget left (it depends on when the pause ends).

All work is vectorised and costs a fixed number of passes over the tickets, whatever the
mix of SLAs, priorities and calendars: what depends on the SLA and priority comes from
small per-class tables (:func:`.sla_targets.ticket_classes`, one gather each), every
calendar is one gather in a :class:`.clock_bank.ClockBank`, and pauses are per-ticket sums
(``reduceat``) over the pause rows, no loop per ticket or per pause. The passes run block
by block (:mod:`.sla_blocks`) so their temporaries stay in the CPU cache.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sdm_workbench.domain.enums import SlaMetric

from .calendar import BusinessCalendar
from .calendar_clock import NAT, minute_of, to_minutes
from .clock_bank import Lanes, ticket_clocks
from .sla_blocks import BLOCK, MetricTables, Tickets, measure_block, pause_effects
from .sla_inputs import PauseColumns, TargetSpec, TicketColumns
from .sla_pauses import merge_pauses
from .sla_results import ClockState, MetricClock, SlaClockResult
from .sla_targets import class_targets, select_targets, ticket_classes

__all__ = [
    "ClockState",
    "MetricClock",
    "PauseColumns",
    "SlaClockResult",
    "TargetSpec",
    "TicketColumns",
    "evaluate",
    "select_targets",
]

I64 = NDArray[np.int64]
Paused = tuple[I64, slice] | None

COLUMNS = 7  # priority columns per SLA in the class tables (see sla_targets)


def evaluate(
    tickets: TicketColumns,
    targets: Sequence[TargetSpec],
    calendars: Mapping[int, BusinessCalendar],
    *,
    as_of: datetime | np.datetime64,
    pauses: PauseColumns | None = None,
) -> SlaClockResult:
    """Response and resolution clocks of every ticket at ``as_of``.

    ``calendars`` maps SLA id to its calendar (see :func:`.sla_inputs.sla_calendars`); an
    SLA without one, and tickets without an SLA, use 24x7 UTC.
    """
    ctx = _Context(tickets, targets, calendars, minute_of(as_of), pauses)
    resolved = to_minutes(tickets.resolved)
    responded = to_minutes(tickets.first_response)
    if responded.size and int(responded.min()) == NAT:  # NaT is the least int64
        responded = np.where(responded == NAT, resolved, responded)
    response, resolution = _empty_clocks(len(tickets), 2)
    ctx.measure(responded, SlaMetric.RESPONSE_TIME, response)
    ctx.measure(resolved, SlaMetric.RESOLUTION_TIME, resolution)
    return SlaClockResult(np.datetime64(ctx.as_of, "m"), response, resolution)


# The result's columns, widest first so each view into the shared buffer stays aligned.
_COLUMNS: tuple[tuple[str, np.dtype[Any]], ...] = tuple(
    (name, np.dtype(kind))
    for name, kind in (
        ("target", np.int64), ("budget", np.float64), ("elapsed", np.float64),
        ("business", np.float64), ("due", "datetime64[m]"), ("remaining", np.float64),
        ("state", np.int8), ("completed", np.bool_), ("paused", np.bool_),
    )
)  # fmt: skip


def _empty_clocks(n: int, count: int) -> list[MetricClock]:
    """``count`` results for ``n`` tickets whose columns are views into one buffer.

    One large allocation instead of nine per metric: the kernel maps it with huge pages
    where it can, so writing the results takes about 50 page faults instead of 6,000 for
    250k tickets (measured: 0.9 ms instead of 5.8 ms for both metrics).
    """
    width = sum(dtype.itemsize for _, dtype in _COLUMNS)
    buffer = np.empty(count * width * n, dtype=np.uint8)
    clocks, offset = [], 0
    for _ in range(count):
        columns = {}
        for name, dtype in _COLUMNS:
            columns[name] = buffer[offset : offset + dtype.itemsize * n].view(dtype)
            offset += dtype.itemsize * n
        clocks.append(MetricClock(**columns))
    return clocks


class _Context:
    """What both metrics share: ticket classes, calendar clocks, opened, merged pauses."""

    def __init__(
        self,
        tickets: TicketColumns,
        targets: Sequence[TargetSpec],
        calendars: Mapping[int, BusinessCalendar],
        as_of: int,
        pauses: PauseColumns | None,
    ) -> None:
        self.n, self.as_of, self.targets = len(tickets), as_of, targets
        opened = to_minutes(tickets.opened)
        # NaT is the least int64: two reductions tell whether any ticket is not open yet.
        all_open = not self.n or (int(opened.min()) != NAT and int(opened.max()) <= as_of)
        self.valid = None if all_open else (opened != NAT) & (opened <= as_of)
        # Not yet open at as_of: an empty clock at as_of.
        self.opened = opened if self.valid is None else np.where(self.valid, opened, as_of)
        self.keys = np.unique(np.array([*calendars, *(t.sla for t in targets)], dtype=np.int64))
        cls = ticket_classes(self.keys, tickets.sla, tickets.priority)
        # One code per distinct calendar; an SLA without one, or no SLA, runs 24x7.
        distinct: dict[BusinessCalendar, int] = {}
        always = BusinessCalendar.always_open()
        by_key = [
            distinct.setdefault(calendars.get(int(k), always), len(distinct)) for k in self.keys
        ]
        by_key.append(distinct.setdefault(always, len(distinct)))
        self.calendars = list(distinct)
        # Per class (see ticket_classes), plus a last class for tickets not open yet.
        self.class_codes = np.append(np.repeat(np.array(by_key, np.int64), COLUMNS), 0)
        codes = None
        if len(self.calendars) > 1:
            codes = self.class_codes.take(cls)
            if self.n == 0 or (codes == codes[0]).all():  # one calendar after all: no lanes
                self.calendars = [self.calendars[int(codes[0]) if self.n else 0]]
                self.class_codes = np.zeros_like(self.class_codes)
                codes = None
        unmeasured = self.class_codes.size - 1
        self.cls = cls if self.valid is None else np.where(self.valid, cls, unmeasured)
        self.used = np.bincount(self.cls, minlength=unmeasured + 1) > 0
        first = int(self.opened.min()) if self.n else as_of
        # A year of headroom after as_of, so most due instants need no bigger table.
        self.clocks = ticket_clocks(self.calendars, first, as_of + 366 * 1440)
        self.lanes = self.clocks.lanes(codes)
        self.cum_opened = self.clocks.cum(self.opened, self.lanes)
        pauses = pauses or PauseColumns.empty()
        self.pauses = merge_pauses(
            pauses.ticket, to_minutes(pauses.start), to_minutes(pauses.end), self.opened, as_of
        )
        pause_lanes = self.lanes.take(self.pauses.ticket)
        self.p_cum_start = self.clocks.cum(self.pauses.start, pause_lanes)
        self.p_cum_end = self.clocks.cum(self.pauses.end, pause_lanes)
        self.paused_now = np.zeros(self.n, dtype=bool)
        self.paused_now[self.pauses.ticket[self.pauses.running]] = True
        owners = self.pauses.owners
        self.owners = self._tickets(owners, self.lanes.take(owners))
        self.blocks = [self._block(lo, min(lo + BLOCK, self.n)) for lo in range(0, self.n, BLOCK)]

    def _tickets(self, rows: I64 | slice, lanes: Lanes, paused: Paused = None) -> Tickets:
        def part(column: NDArray[Any]) -> NDArray[Any]:
            return column[rows]

        return Tickets(
            opened=part(self.opened),
            cls=part(self.cls),
            cum_opened=part(self.cum_opened),
            valid=None if self.valid is None else part(self.valid),
            paused_now=part(self.paused_now),
            lanes=lanes,
            clocks=self.clocks,
            as_of=self.as_of,
            paused=paused,
        )

    def _block(self, lo: int, hi: int) -> Tickets:
        first, last = np.searchsorted(self.pauses.owners, (lo, hi)).tolist()
        paused = (self.pauses.owners[first:last] - lo, slice(first, last)) if last > first else None
        return self._tickets(slice(lo, hi), self.lanes.slice(lo, hi), paused)

    def measure(self, event: I64, metric: str, out: MetricClock) -> None:
        """One metric's clocks into ``out``; ``event`` the instants that stop them (NAT:
        not yet)."""
        facts = class_targets(self.keys, self.targets, metric, self.calendars, self.class_codes)
        tables = MetricTables.of(facts, self.used)
        effects = pause_effects(
            tables, self.owners, event.take(self.pauses.owners), self.pauses, self.p_cum_start,
            self.p_cum_end,
        )  # fmt: skip
        columns = {name: getattr(out, name) for name, _ in _COLUMNS}
        lo = 0
        for block in self.blocks:
            hi = lo + len(block.cls)
            window = replace(out, **{name: col[lo:hi] for name, col in columns.items()})
            measure_block(tables, block, event[lo:hi], effects, window)
            lo = hi
