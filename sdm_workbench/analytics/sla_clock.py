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

All work is vectorised; per ticket it costs a few O(1) table look-ups (see
:mod:`.calendar_clock`). Pauses cost one pass per "n-th pause of a ticket".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

from sdm_workbench.domain.enums import Comparator, SlaMetric

from .calendar import BusinessCalendar
from .calendar_clock import NAT, Clock, minute_of, to_minutes
from .sla_inputs import CLOCK_UNITS, PauseColumns, TargetSpec, TicketColumns
from .sla_pauses import merge_pauses, subtract_paused
from .sla_targets import budgets, choose, positions, select_targets, target_table

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
F64 = NDArray[np.float64]
Bools = NDArray[np.bool_]

_COMPARATORS = (Comparator.LE, Comparator.LT, Comparator.GE, Comparator.GT)


class ClockState(IntEnum):
    """Where a ticket stands against its target at ``as_of``."""

    NOT_MEASURED = 0  # no applicable target, or opened after as_of
    RUNNING = 1
    MET = 2
    BREACHED = 3  # includes open tickets already past their target


@dataclass(frozen=True)
class MetricClock:
    """Per ticket, for one metric (response or resolution). Minutes are whole minutes.

    ``target``: index into the targets given to :func:`evaluate`, -1 for none.
    ``budget``: the target in minutes on its clock (NaN: none).
    ``elapsed``: minutes on the target's clock, pauses excluded (the calendar's clock when
    there is no target); NaN when opened after ``as_of``.
    ``business``: minutes on the SLA's calendar, pauses excluded, whatever the target.
    ``state``: :class:`ClockState` codes. ``due``: ``datetime64[m]``, NaT when unknown.
    ``remaining``: budget - elapsed at ``as_of`` for running or overdue tickets
    (negative = overdue by), NaN otherwise. ``completed``: the event happened by ``as_of``.
    ``paused``: not completed and paused at ``as_of``.
    """

    target: I64
    budget: F64
    elapsed: F64
    business: F64
    state: NDArray[np.int8]
    due: NDArray[np.datetime64]
    remaining: F64
    completed: Bools
    paused: Bools


@dataclass(frozen=True)
class SlaClockResult:
    as_of: np.datetime64
    response: MetricClock
    resolution: MetricClock


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
    if (responded == NAT).any():
        responded = np.where(responded == NAT, resolved, responded)
    response = _measure(ctx, responded, SlaMetric.RESPONSE_TIME)
    resolution = _measure(ctx, resolved, SlaMetric.RESOLUTION_TIME)
    return SlaClockResult(np.datetime64(ctx.as_of, "m"), response, resolution)


def _per_clock(
    clocks: list[Clock], codes: I64 | None, values: I64, *, inverse: bool = False
) -> I64:
    """``cum`` (or ``inverse``) of each value on the clock its code names."""
    if codes is None:
        return clocks[0].inverse(values) if inverse else clocks[0].cum(values)
    out = np.empty(values.shape, dtype=np.int64)
    for code, clock in enumerate(clocks):
        where = codes == code
        if where.any():
            out[where] = clock.inverse(values[where]) if inverse else clock.cum(values[where])
    return out


class _Context:
    """What both metrics share: SLA positions, calendar clocks, opened, merged pauses."""

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
        self.valid = (opened != NAT) & (opened <= as_of)
        self.all_valid = bool(self.valid.all())
        # Not yet open at as_of: an empty clock at as_of.
        self.opened = opened if self.all_valid else np.where(self.valid, opened, as_of)
        self.keys = np.unique(np.array([*calendars, *(t.sla for t in targets)], dtype=np.int64))
        self.position = positions(self.keys, tickets.sla)
        self.priority = tickets.priority
        # One code per distinct calendar; an SLA without one, or no SLA, runs 24x7.
        distinct: dict[BusinessCalendar, int] = {}
        always = BusinessCalendar.always_open()
        by_key = [
            distinct.setdefault(calendars.get(int(k), always), len(distinct)) for k in self.keys
        ]
        by_key.append(distinct.setdefault(always, len(distinct)))
        self.calendars = list(distinct)
        self.codes: I64 | None = None
        if len(self.calendars) > 1:
            codes = np.array(by_key, dtype=np.int64).take(self.position)
            if self.n == 0 or (codes == codes[0]).all():  # one calendar after all: no masks
                self.calendars = [self.calendars[int(codes[0]) if self.n else 0]]
            else:
                self.codes = codes
        first = int(self.opened.min()) if self.n else as_of
        # A year of headroom after as_of, so most due instants need no bigger table.
        self.clocks = [c.clock(first, as_of + 366 * 1440) for c in self.calendars]
        self.cum_opened = _per_clock(self.clocks, self.codes, self.opened)
        pauses = pauses or PauseColumns.empty()
        self.pauses = merge_pauses(
            pauses.ticket, to_minutes(pauses.start), to_minutes(pauses.end), self.opened, as_of
        )
        pause_codes = None if self.codes is None else self.codes.take(self.pauses.ticket)
        self.p_cum_start = _per_clock(self.clocks, pause_codes, self.pauses.start)
        self.p_cum_end = _per_clock(self.clocks, pause_codes, self.pauses.end)
        self.paused_now = np.zeros(self.n, dtype=bool)
        self.paused_now[self.pauses.ticket[self.pauses.running]] = True

    def cum(self, t: I64) -> I64:
        return _per_clock(self.clocks, self.codes, t)

    def target_facts(self, metric: str) -> tuple[I64, I64, Bools, I64]:
        """Per ticket: target index (-1: none), budget in whole minutes (0: none), whether
        the target runs on the calendar, comparator code."""
        targets = self.targets
        table = target_table(self.keys, targets, metric)
        chosen = choose(table, self.position, self.priority)
        if not self.all_valid:
            chosen = np.where(self.valid, chosen, -1)
        # Small tables per target (x calendar), one gather each; the last entry is the
        # "no target" dummy that index -1 picks up.
        minutes = np.array(
            [*(budgets(t, self.calendars) for t in targets), [0] * len(self.calendars)]
        )
        spend = minutes[:, 0][chosen] if self.codes is None else minutes[chosen, self.codes]
        on_calendar = np.array([CLOCK_UNITS.get(t.unit, (0.0, True))[1] for t in targets] + [True])
        comparator = np.array([_comparator_code(t.comparator) for t in targets] + [0])
        # Plain indexing, not take(): faster for small tables here, and -1 picks the dummy.
        return chosen, spend, on_calendar[chosen], comparator[chosen]


# State by has-target*8 + completed*4 + over-target*2 + upper-bound*1.
_STATES = np.array(
    [ClockState.NOT_MEASURED] * 8
    + [ClockState.RUNNING, ClockState.RUNNING, ClockState.RUNNING, ClockState.BREACHED]
    + [ClockState.MET, ClockState.MET, ClockState.BREACHED, ClockState.BREACHED],
    dtype=np.int8,
)


def _u8(mask: Bools) -> NDArray[np.uint8]:
    return mask.view(np.uint8)


def _measure(ctx: _Context, event: I64, metric: str) -> MetricClock:
    as_of, opened, pauses = ctx.as_of, ctx.opened, ctx.pauses
    completed = (event != NAT) & (event <= as_of)
    if not ctx.all_valid:
        completed &= ctx.valid
    stop = np.maximum(np.where(completed, event, as_of), opened)
    chosen, spend, biz, comparator = ctx.target_facts(metric)
    has = chosen >= 0
    mixed = bool(biz.any()) and not bool(biz.all())

    cum_stop = ctx.cum(stop)
    business = subtract_paused(
        cum_stop - ctx.cum_opened, pauses, ctx.p_cum_start, ctx.p_cum_end, cum_stop
    )
    if biz.all():
        elapsed = business
    else:
        wall = subtract_paused(stop - opened, pauses, pauses.start, pauses.end, stop)
        elapsed = np.where(biz, business, wall) if mixed else wall

    budget = np.where(has, spend, np.nan)
    upper = comparator <= 1
    over = elapsed > budget
    if (comparator != 0).any():  # anything but "<=" is rarer: pay for np.select only then
        missed = [elapsed >= budget, elapsed < budget, elapsed <= budget]  # <, >=, >
        over = np.select([comparator == 1, comparator == 2, comparator == 3], missed, over)
    code = _u8(has) * 8 + _u8(completed) * 4 + _u8(over) * 2 + _u8(upper)
    state = _STATES.take(code)

    wanted = has & upper
    due, unknown = _due(ctx, biz, mixed, spend, cum_stop, stop, completed, wanted)
    remaining = np.where(completed | ~upper, np.nan, budget - elapsed)
    elapsed_out, business_out = elapsed.astype(np.float64), business.astype(np.float64)
    if not ctx.all_valid:
        elapsed_out[~ctx.valid] = np.nan
        business_out[~ctx.valid] = np.nan
    return MetricClock(
        target=chosen,
        budget=budget,
        elapsed=elapsed_out,
        business=business_out,
        state=state,
        due=np.where(unknown, NAT, due).view("datetime64[m]"),
        remaining=remaining,
        completed=completed,
        paused=ctx.paused_now & ~completed,
    )


def _due(
    ctx: _Context,
    biz: Bools,
    mixed: bool,
    spend: I64,
    cum_stop: I64,
    stop: I64,
    completed: Bools,
    wanted: Bools,
) -> tuple[I64, Bools]:
    """Due instant per ticket in epoch minutes, and where it is unknown (or not wanted)."""
    start = (
        ctx.cum_opened
        if biz.all()
        else (np.where(biz, ctx.cum_opened, ctx.opened) if mixed else ctx.opened)
    )
    level = start + spend  # the clock's value when the budget is used up
    unknown = ~wanted
    pauses = ctx.pauses
    if len(pauses):
        pt = pauses.ticket
        on_cal = biz.take(pt)
        cut = np.where(on_cal, cum_stop.take(pt), stop.take(pt))
        p_start = np.minimum(np.where(on_cal, ctx.p_cum_start, pauses.start), cut)
        p_end = np.minimum(np.where(on_cal, ctx.p_cum_end, pauses.end), cut)
        open_pause = pauses.running & ~completed.take(pt)
        # A pause that starts before the budget runs out pushes it back by its length;
        # ranks go in time order, so a pushed-back budget can meet the next pause.
        for rows in pauses.by_rank:
            t = pt[rows]
            hit = p_start[rows] < level[t]
            level[t] += np.where(hit, p_end[rows] - p_start[rows], 0)
            unknown[t] |= hit & open_pause[rows]
    if not biz.any():
        return level, unknown
    # Calendar targets: map the clock value back to an instant (1 = harmless filler).
    values = np.where(biz, level, 1) if mixed else level
    due = _per_clock(ctx.clocks, ctx.codes, values, inverse=True)
    never = due == NAT  # the calendar never opens (enough)
    # inverse() finds the earliest instant with that much open time, which for a zero
    # budget opened in closed time lies before the opening: the clock starts at opened.
    due = np.maximum(due, ctx.opened)
    if mixed:
        due = np.where(biz, due, level)
    return due, unknown | never


def _comparator_code(text: str) -> int:
    try:
        return _COMPARATORS.index(Comparator(text))
    except ValueError:
        raise ValueError(f"Unknown comparator {text!r} (use <=, <, >= or >).") from None
