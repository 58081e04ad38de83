"""What the SLA clock returns: per ticket and metric, target, elapsed time, state, due."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]
Bools = NDArray[np.bool_]


class ClockState(IntEnum):
    """Where a ticket stands against its target at ``as_of``."""

    NOT_MEASURED = 0  # no applicable target, or opened after as_of
    RUNNING = 1
    MET = 2
    BREACHED = 3  # includes open tickets already past their target


@dataclass(frozen=True)
class MetricClock:
    """Per ticket, for one metric (response or resolution). Minutes are whole minutes.

    ``target``: index into the targets given to :func:`.sla_clock.evaluate`, -1 for none.
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
    """Both clocks of every ticket, read at ``as_of``."""

    as_of: np.datetime64
    response: MetricClock
    resolution: MetricClock
