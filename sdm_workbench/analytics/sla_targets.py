"""Which SLA target applies to each ticket, and what it is worth in minutes."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .calendar import BusinessCalendar
from .sla_inputs import CLOCK_UNITS, TargetSpec

I64 = NDArray[np.int64]


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
