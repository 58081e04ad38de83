"""The SLA clock as it was before the rewrite of issue #3's benchmark, frozen as an oracle.

``test_sla_clock_equivalence`` checks that :func:`sdm_workbench.analytics.sla_clock.evaluate`
gives bit-for-bit the same results as this implementation (rank-by-rank pause loops, per-clock
masks). Not used by the application; delete it together with that test once nobody needs
the comparison any more.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from sdm_workbench.analytics.calendar import BusinessCalendar
from sdm_workbench.analytics.calendar_clock import NAT, Clock, minute_of, to_minutes
from sdm_workbench.analytics.sla_clock import ClockState, MetricClock, SlaClockResult
from sdm_workbench.analytics.sla_inputs import CLOCK_UNITS, PauseColumns, TargetSpec, TicketColumns
from sdm_workbench.domain.enums import Comparator, SlaMetric

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]
Bools = NDArray[np.bool_]

_PRIORITY_COLUMNS = 7  # priorities 1-5; columns 0 and 6 take anything out of range


def target_table(keys: I64, targets: Sequence[TargetSpec], metric: str) -> I64:
    """Target index per (SLA position, priority column); last row: no SLA."""
    table = np.full((keys.size + 1, _PRIORITY_COLUMNS), -1, dtype=np.int64)
    chosen = [(i, t) for i, t in enumerate(targets) if t.metric == metric and t.is_clock_target]
    for i, t in chosen:  # one priority first: those win
        row = int(np.searchsorted(keys, t.sla))
        if t.priority is not None and 1 <= t.priority <= 5 and table[row, t.priority] < 0:
            table[row, t.priority] = i
    for i, t in chosen:  # then all priorities fill the gaps
        if t.priority is None:
            row = int(np.searchsorted(keys, t.sla))
            table[row] = np.where(table[row] < 0, i, table[row])
    return table


def choose(table: I64, position: I64, priority: I64) -> I64:
    """Target index per ticket from its SLA position and priority."""
    column = np.clip(priority, 0, _PRIORITY_COLUMNS - 1)
    chosen: I64 = table.ravel()[position * _PRIORITY_COLUMNS + column]
    return chosen


def positions(keys: I64, values: I64) -> I64:
    """Index of each value in sorted unique ``keys``; ``len(keys)`` where absent."""
    missing = keys.size
    if missing == 0:
        return np.zeros(values.shape, dtype=np.int64)
    top = int(keys[-1])
    if int(keys[0]) >= 0 and top <= 4 * values.size + 1024:  # small ids: a direct table
        lookup = np.full(top + 2, missing, dtype=np.int64)
        lookup[keys] = np.arange(keys.size)
        return lookup[np.clip(values, -1, top + 1)]  # -1 wraps to the last: missing
    found = np.searchsorted(keys, values).clip(0, missing - 1)
    return np.where(keys[found] == values, found, missing)


def budgets(target: TargetSpec, calendars: list[BusinessCalendar]) -> list[int]:
    """A target in whole minutes on each calendar (business days differ per calendar)."""
    per_unit = CLOCK_UNITS.get(target.unit, (0.0, False))[0]
    return [
        round(target.target * (c.business_day_minutes if per_unit is None else per_unit))
        for c in calendars
    ]


@dataclass(frozen=True)
class MergedPauses:
    """Disjoint pauses sorted by ticket then start, in epoch minutes.

    ``running``: the pause had not ended by ``as_of`` (its ``end`` is ``as_of``).
    ``by_rank[r]``: positions of the (r+1)-th pause of each ticket, so a loop over ranks
    touches each ticket at most once per step.
    """

    ticket: I64
    start: I64
    end: I64
    running: Bools
    by_rank: list[I64]

    def __len__(self) -> int:
        return len(self.ticket)


def merge_pauses(ticket: I64, start: I64, end: I64, opened: I64, as_of: int) -> MergedPauses:
    """Clip pauses to ``[opened of their ticket, as_of]`` and merge overlaps per ticket.

    ``end`` NAT (still paused) or after ``as_of`` ends at ``as_of`` and counts as running;
    pauses starting after ``as_of`` are not known yet and are dropped.
    """
    running = (end == NAT) | (end > as_of)
    end = np.where(running, as_of, end)
    start = np.maximum(start, opened[ticket])
    keep = (start < end) | (running & (start <= end))
    ticket, start, end, running = ticket[keep], start[keep], end[keep], running[keep]
    if ticket.size:
        # One sort key and one running maximum over all tickets: offsetting each ticket's
        # minutes by ticket * span keeps tickets apart, so no Python loop per ticket.
        base = int(start.min())
        span = as_of - base + 2
        key = ticket * span + (start - base)
        if not (key[1:] >= key[:-1]).all():  # rows often come sorted already
            order = np.argsort(key, kind="stable")
            ticket, start, end, running, key = (
                ticket[order],
                start[order],
                end[order],
                running[order],
                key[order],
            )
        reach = np.maximum.accumulate(key + (end - start))
        new = np.ones(ticket.size, dtype=bool)
        new[1:] = key[1:] > reach[:-1]
        heads = np.flatnonzero(new)
        end = np.maximum.reduceat(end, heads)
        running = np.logical_or.reduceat(running, heads)
        ticket, start = ticket[heads], start[heads]
    index = np.arange(ticket.size)
    first = np.ones(ticket.size, dtype=bool)
    first[1:] = ticket[1:] != ticket[:-1]
    rank = index - np.maximum.accumulate(np.where(first, index, 0))
    by_rank: list[I64] = []
    if ticket.size:
        by_rank = np.split(np.argsort(rank, kind="stable"), np.cumsum(np.bincount(rank))[:-1])
    return MergedPauses(ticket, start, end, running, by_rank)


def subtract_paused(elapsed: I64, pauses: MergedPauses, start: I64, end: I64, stop: I64) -> I64:
    """``elapsed`` (per ticket) minus the paused minutes before each ticket's ``stop``, in place.

    ``start``/``end`` are the pause bounds and ``stop`` the tickets' stops, all on one clock.
    One step per pause rank, so each step touches a ticket at most once (no ufunc.at).
    """
    for rows in pauses.by_rank:
        ticket = pauses.ticket[rows]
        cut = stop[ticket]
        elapsed[ticket] -= np.minimum(end[rows], cut) - np.minimum(start[rows], cut)
    return elapsed


_COMPARATORS = (Comparator.LE, Comparator.LT, Comparator.GE, Comparator.GT)


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
