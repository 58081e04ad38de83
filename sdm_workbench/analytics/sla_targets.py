"""Which SLA target applies to each ticket, and what it is worth in minutes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sdm_workbench.domain.enums import Comparator

from .calendar import BusinessCalendar
from .sla_inputs import CLOCK_UNITS, TargetSpec

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]
Bools = NDArray[np.bool_]

_COMPARATORS = (Comparator.LE, Comparator.LT, Comparator.GE, Comparator.GT)


def select_targets(
    sla: ArrayLike, priority: ArrayLike, targets: Sequence[TargetSpec], metric: str
) -> I64:
    """Index of the applicable ``metric`` target per ticket, -1 for none.

    A target for the ticket's priority wins over one for all priorities; among equals the
    first given. Only targets in units of time count (see ``TargetSpec.is_clock_target``).
    """
    keys = np.unique(np.array([t.sla for t in targets], dtype=np.int64))
    table = target_table(keys, targets, metric)
    position = positions(keys, np.asarray(sla, dtype=np.int64))
    return choose(table, position, np.asarray(priority, dtype=np.int64))


_PRIORITY_COLUMNS = 7  # priorities 1-5; columns 0 and 6 take anything out of range


def target_table(keys: I64, targets: Sequence[TargetSpec], metric: str) -> I64:
    """Target index per (SLA position, priority column); last row: no SLA."""
    table = np.full((keys.size + 1, _PRIORITY_COLUMNS), -1, dtype=np.int64)
    chosen = [(i, t) for i, t in enumerate(targets) if t.metric == metric and t.is_clock_target]
    rows = np.searchsorted(keys, [t.sla for _, t in chosen]).tolist() if chosen else []
    for (i, t), row in zip(chosen, rows, strict=True):  # one priority first: those win
        if t.priority is not None and 1 <= t.priority <= 5 and table[row, t.priority] < 0:
            table[row, t.priority] = i
    for (i, t), row in zip(chosen, rows, strict=True):  # then all priorities fill the gaps
        if t.priority is None:
            table[row] = np.where(table[row] < 0, i, table[row])
    return table


def choose(table: I64, position: I64, priority: I64) -> I64:
    """Target index per ticket from its SLA position and priority."""
    column = np.clip(priority, 0, _PRIORITY_COLUMNS - 1)
    chosen: I64 = table.ravel()[position * _PRIORITY_COLUMNS + column]
    return chosen


def positions(keys: I64, values: I64, step: int = 1) -> I64:
    """Index of each value in sorted unique ``keys``; ``len(keys)`` where absent; times
    ``step`` (folded into the look-up table, so it costs no pass of its own)."""
    missing = keys.size
    if missing == 0:
        return np.zeros(values.shape, dtype=np.int64)
    top = int(keys[-1])
    if int(keys[0]) >= 0 and top <= 4 * values.size + 1024:  # small ids: a direct table
        lookup = np.full(top + 2, missing * step, dtype=np.int64)
        lookup[keys] = np.arange(0, keys.size * step, step)
        if values.size and int(values.min()) >= -1 and int(values.max()) <= top + 1:
            return lookup.take(values)  # -1 wraps to the last: missing
        return lookup.take(np.clip(values, -1, top + 1))
    found = np.searchsorted(keys, values).clip(0, missing - 1)
    return np.where(keys[found] == values, found, missing) * step


def budgets(
    target: TargetSpec, calendars: list[BusinessCalendar], day_minutes: list[float] | None = None
) -> list[int]:
    """A target in whole minutes on each calendar (business days differ per calendar);
    ``day_minutes``: the calendars' business day lengths when already known."""
    per_unit = CLOCK_UNITS.get(target.unit, (0.0, False))[0]
    if day_minutes is None:
        day_minutes = [c.business_day_minutes for c in calendars]
    return [round(target.target * (day if per_unit is None else per_unit)) for day in day_minutes]


def ticket_classes(keys: I64, sla: I64, priority: I64) -> I64:
    """Class per ticket: its SLA's position in ``keys`` times the priority columns plus its
    priority column, an index into :func:`target_table`'s rows raveled (and into
    :class:`ClassTargets`), so what depends on SLA and priority is one gather per ticket."""
    column = priority
    if priority.size and (int(priority.min()) < 0 or int(priority.max()) >= _PRIORITY_COLUMNS):
        column = np.clip(priority, 0, _PRIORITY_COLUMNS - 1)
    return positions(keys, sla, _PRIORITY_COLUMNS) + column


@dataclass(frozen=True)
class ClassTargets:
    """One metric's target per ticket class (:func:`ticket_classes`) and its facts.

    ``chosen``: target index (-1: none); ``spend``: whole minutes (0: none); ``budget``:
    the same as float, NaN for none; ``business``: runs on the calendar (True for none);
    ``comparator``: 0-3 for ``<=``, ``<``, ``>=``, ``>`` (0 for none). The last class is
    for tickets not measured at all (not open yet).
    """

    chosen: I64
    spend: I64
    budget: F64
    business: Bools
    comparator: I64


def class_targets(
    keys: I64,
    targets: Sequence[TargetSpec],
    metric: str,
    calendars: list[BusinessCalendar],
    class_codes: I64,
) -> ClassTargets:
    """The applicable ``metric`` target of every class, with ``calendars[class_codes[c]]``
    the calendar of class ``c`` (business days differ per calendar)."""
    chosen = np.append(target_table(keys, targets, metric).ravel(), -1)
    # Small tables per target x calendar, filled for the targets some class chose; the
    # last row is the "no target" dummy that index -1 picks up.
    minutes = np.zeros((len(targets) + 1, len(calendars)), dtype=np.int64)
    day_minutes = [c.business_day_minutes for c in calendars]
    for i in np.unique(chosen[chosen >= 0]).tolist():
        minutes[i] = budgets(targets[i], calendars, day_minutes)
    spend = minutes[chosen, class_codes]
    on_calendar = np.array([CLOCK_UNITS.get(t.unit, (0.0, True))[1] for t in targets] + [True])
    codes = {text: comparator_code(text) for text in {t.comparator for t in targets}}
    comparator = np.array([codes[t.comparator] for t in targets] + [0], dtype=np.int64)
    return ClassTargets(
        chosen=chosen,
        spend=spend,
        budget=np.where(chosen >= 0, spend, np.nan),
        business=on_calendar[chosen],
        comparator=comparator[chosen],
    )


def comparator_code(text: str) -> int:
    """0-3 for ``<=``, ``<``, ``>=``, ``>``; a manager's message for anything else."""
    try:
        return _COMPARATORS.index(Comparator(text))
    except ValueError:
        raise ValueError(f"Unknown comparator {text!r} (use <=, <, >= or >).") from None
