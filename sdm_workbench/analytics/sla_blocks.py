"""One metric's SLA clock over a block of tickets, written straight into the result columns.

:func:`.sla_clock.evaluate` cuts the tickets into blocks of :data:`BLOCK`, so the
temporaries of a block stay in the CPU cache. Inside a block every step is one numpy pass
without branches on the data: the choice between the calendar's clock and the wall clock
per ticket is arithmetic (``wall + (calendar - wall) * on_calendar``), because ``np.where``
on an unpredictable mask is four times slower. Pauses touch few tickets: their effects are
worked out once per metric for the paused tickets (:func:`pause_effects`) and each block
adds them to its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .calendar_clock import NAT
from .clock_bank import Lanes, TicketClocks
from .sla_pauses import MergedPauses, paused_minutes, pushed_back
from .sla_results import ClockState, MetricClock
from .sla_targets import ClassTargets

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]
Bools = NDArray[np.bool_]
U8 = NDArray[np.uint8]
Ints = NDArray[np.int64] | NDArray[np.int32]

BLOCK = 1 << 15  # tickets per block: a block's int64 column is 256 KiB

# State by has-target*8 + completed*4 + over-target*2 + upper-bound*1.
_STATES = np.array(
    [ClockState.NOT_MEASURED] * 8
    + [ClockState.RUNNING, ClockState.RUNNING, ClockState.RUNNING, ClockState.BREACHED]
    + [ClockState.MET, ClockState.MET, ClockState.BREACHED, ClockState.BREACHED],
    dtype=np.int8,
)
_ONE_OR_NAN = np.array([1.0, np.nan])  # remaining time: kept, or none once completed


@dataclass(frozen=True)
class MetricTables:
    """One metric's per-class tables (see :class:`.sla_targets.ClassTargets`), and what
    holds for every class in use, so a block skips the work nobody needs."""

    targets: ClassTargets
    open_budget: F64  # the budget of upper bounds ("<=", "<"), NaN otherwise: remaining time
    code: U8  # has-target*8 + upper-bound: the class's part of the state code
    unwanted: Bools  # no due instant: no target, or a lower bound
    calendar_mask: I64  # -1 where the target runs on the calendar, else 0 (for _blend)
    all_business: bool
    no_business: bool
    all_at_most: bool  # every comparator is "<="
    all_upper: bool

    @classmethod
    def of(cls, targets: ClassTargets, used: Bools) -> MetricTables:
        """The tables; ``used`` marks the classes some ticket has."""
        has, upper = targets.chosen >= 0, targets.comparator <= 1
        business = targets.business[used]
        return cls(
            targets=targets,
            open_budget=np.where(upper, targets.budget, np.nan),
            code=(has.view(np.uint8) * 8 + upper.view(np.uint8)).astype(np.uint8),
            unwanted=~(has & upper),
            calendar_mask=-targets.business.astype(np.int64),
            all_business=bool(business.all()),
            no_business=not bool(business.any()),
            all_at_most=not bool(targets.comparator[used].any()),
            all_upper=bool(upper[used].all()),
        )


@dataclass(frozen=True)
class Tickets:
    """What both metrics share about some tickets (all, a block, or the paused ones).

    ``valid`` is None when every ticket was open at ``as_of``; ``opened`` is ``as_of`` for
    the others. ``cls`` are ticket classes, ``lanes`` their calendars in ``clocks``.
    ``paused``: the block's paused tickets (numbered within the block) and their rows in
    :class:`PauseEffects`, None when it has none.
    """

    opened: I64
    cls: I64
    cum_opened: Ints
    valid: Bools | None
    paused_now: Bools
    lanes: Lanes
    clocks: TicketClocks
    as_of: int
    paused: tuple[I64, slice] | None = None


@dataclass(frozen=True)
class PauseEffects:
    """One metric's pause effects per paused ticket (``MergedPauses.owners`` order).

    ``business``/``wall``: paused minutes before the clock stopped, on the calendar and
    round the clock (None when no target runs round the clock); ``push``: how far the
    pauses push the budget back on the target's clock; ``unknown``: a pause the budget
    met is still running, so the due instant is not known.
    """

    business: Ints
    wall: I64 | None
    push: I64
    unknown: Bools


def _blend(wall: I64 | Ints | int, calendar: I64 | Ints, on_calendar: I64) -> I64:
    """``calendar`` where ``on_calendar`` (a mask: -1 = all bits), else ``wall``: bit
    arithmetic, no branches and no casts."""
    mixed: I64 = np.subtract(calendar, wall, dtype=np.int64)
    mixed &= on_calendar
    mixed += wall
    return mixed


def _stop(event: I64, tk: Tickets, completed: Bools) -> I64:
    """Where each clock stops; sets ``completed`` (the event happened by ``as_of``)."""
    as_of = tk.as_of
    np.not_equal(event, NAT, out=completed)
    completed &= event <= as_of
    if tk.valid is not None:
        completed &= tk.valid
    # At the event, at as_of if later or not yet (NaT - 1 wraps to the largest int64),
    # and never before opening.
    stop = event - 1
    np.minimum(stop, as_of - 1, out=stop)
    stop += 1
    np.maximum(stop, tk.opened, out=stop)
    return stop


def pause_effects(
    t: MetricTables, tk: Tickets, event: I64, pauses: MergedPauses, cum_start: Ints,
    cum_end: Ints,
) -> PauseEffects:  # fmt: skip
    """The effects of ``pauses`` on their tickets ``tk`` (one per owner, ``event`` theirs);
    ``cum_start``/``cum_end``: the pause bounds on the tickets' calendars."""
    completed = np.empty(len(event), dtype=bool)
    stop = _stop(event, tk, completed)
    cum_stop = tk.clocks.cum(stop, tk.lanes)
    row = pauses.owner_of
    cut_calendar = cum_stop.take(row)
    business = paused_minutes(pauses, cum_start, cum_end, cut_calendar)
    wall = None
    if not t.all_business:
        cut_wall = stop.take(row)
        wall = paused_minutes(pauses, pauses.start, pauses.end, cut_wall)
    biz = t.targets.business.take(tk.cls)
    start = np.where(biz, tk.cum_opened, tk.opened)
    level = start + t.targets.spend.take(tk.cls)  # when the budget runs out, on its clock
    if t.all_business:
        cut, p_start, p_end = cut_calendar, cum_start, cum_end
    elif t.no_business:
        cut, p_start, p_end = cut_wall, pauses.start, pauses.end
    else:
        on_cal = biz.take(row)
        cut = np.where(on_cal, cut_calendar, cut_wall)
        p_start = np.where(on_cal, cum_start, pauses.start)
        p_end = np.where(on_cal, cum_end, pauses.end)
    p_start, p_end = np.minimum(p_start, cut), np.minimum(p_end, cut)
    push, hit = pushed_back(pauses, p_start, p_end, level.take(row))
    still = pauses.running & ~completed.take(row)
    unknown = np.logical_or.reduceat(hit & still, pauses.heads)
    return PauseEffects(business, wall, push, unknown)


def measure_block(
    t: MetricTables, tk: Tickets, event: I64, effects: PauseEffects, out: MetricClock
) -> None:
    """Fill ``out`` (the block's slices of the result columns) for the ``event`` instants
    (first response or resolution; NAT = not yet); see :mod:`.sla_clock` for the rules."""
    cls, completed = tk.cls, out.completed
    stop = _stop(event, tk, completed)
    cum_stop = tk.clocks.cum(stop, tk.lanes)
    business = cum_stop - tk.cum_opened
    if tk.paused is not None:
        owners, rows = tk.paused
        business[owners] -= effects.business[rows]
    out.business[...] = business
    biz = None
    if t.all_business:
        out.elapsed[...] = business
    else:
        wall = stop - tk.opened
        if tk.paused is not None and effects.wall is not None:
            wall[owners] -= effects.wall[rows]
        if t.no_business:
            out.elapsed[...] = wall
        else:
            biz = t.calendar_mask.take(cls)
            out.elapsed[...] = _blend(wall, business, biz)

    # mode="wrap": the classes are valid indices, and "raise" would copy through a buffer.
    np.take(t.targets.chosen, cls, out=out.target, mode="wrap")
    budget, elapsed = out.budget, out.elapsed
    np.take(t.targets.budget, cls, out=budget, mode="wrap")
    over = elapsed > budget
    if not t.all_at_most:  # anything but "<=" is rarer: pay for np.select only then
        comparator = t.targets.comparator.take(cls)
        missed = [elapsed >= budget, elapsed < budget, elapsed <= budget]  # <, >=, >
        over = np.select([comparator == 1, comparator == 2, comparator == 3], missed, over)
    code = t.code.take(cls)
    code += completed.view(np.uint8) << 2
    code += over.view(np.uint8) << 1
    np.take(_STATES, code, out=out.state, mode="wrap")

    remaining = out.remaining
    np.subtract(budget if t.all_upper else t.open_budget.take(cls), elapsed, out=remaining)
    remaining *= _ONE_OR_NAN.take(completed.view(np.uint8))
    _due(t, tk, biz, effects, cum_stop, stop, out.due.view(np.int64))
    np.greater(tk.paused_now, completed, out=out.paused)  # paused and not completed
    if tk.valid is not None:
        not_open = ~tk.valid
        out.elapsed[not_open] = np.nan
        out.business[not_open] = np.nan


def _due(
    t: MetricTables,
    tk: Tickets,
    biz: I64 | None,
    effects: PauseEffects,
    cum_stop: Ints,
    stop: I64,
    out: I64,
) -> None:
    """Due instants (epoch minutes; NAT where unknown or not wanted) into ``out``.

    ``biz`` is -1 per ticket whose target runs on the calendar, else 0; None when all or
    none do (``t.all_business``).
    """
    cls, opened = tk.cls, tk.opened
    if t.all_business:
        start: Ints = tk.cum_opened
    else:
        start = opened if biz is None else _blend(opened, tk.cum_opened, biz)
    level = start + t.targets.spend.take(cls)  # the clock's value when the budget is used up
    unknown = t.unwanted.take(cls)
    if tk.paused is not None:
        owners, rows = tk.paused
        level[owners] += effects.push[rows]
        unknown[owners] |= effects.unknown[rows]
    if t.no_business:
        out[...] = level
    else:
        # Calendar targets: map the clock value back to an instant. The filler 1 for 24x7
        # targets is kept from the first version: on a calendar that never opens it makes
        # their due unknown too.
        due = tk.clocks.inverse(level if biz is None else _blend(1, level, biz), tk.lanes)
        if due.size and int(due.min()) == NAT:
            unknown |= due == NAT  # the calendar never opens (enough)
        # inverse() finds the earliest instant with that much open time, which for a zero
        # budget opened in closed time lies before the opening: the clock starts at opened.
        if biz is None:
            np.maximum(due, opened, out=out)
        else:
            np.maximum(due, opened, out=due)
            out[...] = _blend(level, due, biz)
    out[unknown] = NAT
