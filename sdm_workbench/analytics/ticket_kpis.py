"""Ticket KPIs over numpy columns: volume, backlog, MTTR, response, FCR, reopens, hand-offs.

Times are naive UTC ``datetime64[m]``; a missing time is ``NaT``. Durations are in hours.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .periods import Period
from .sla_inputs import TicketColumns

Times = npt.NDArray[np.datetime64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class TicketActivity:
    """What happened to each ticket besides its clock (same order as its TicketColumns)."""

    reassignments: npt.NDArray[np.int64]
    reopens: npt.NDArray[np.int64]
    first_contact: Bools


def _bounds(period: Period) -> tuple[np.datetime64, np.datetime64]:
    return np.datetime64(period.start_instant, "m"), np.datetime64(period.end_instant, "m")


def _hours(later: Times, earlier: Times) -> Floats:
    return (later - earlier).astype("timedelta64[m]").astype(np.float64) / 60.0


def opened_in(t: TicketColumns, period: Period) -> Bools:
    start, end = _bounds(period)
    return np.asarray((t.opened >= start) & (t.opened < end))


def resolved_in(t: TicketColumns, period: Period) -> Bools:
    start, end = _bounds(period)
    resolved = t.resolved
    return np.asarray(~np.isnat(resolved) & (resolved >= start) & (resolved < end))


def volume(t: TicketColumns, period: Period) -> int:
    """Tickets opened in the period."""
    return int(opened_in(t, period).sum())


def backlog(t: TicketColumns, period: Period) -> int:
    """Tickets open at the end of the period (opened before it ended, not yet resolved)."""
    _, end = _bounds(period)
    still_open = np.isnat(t.resolved) | (t.resolved >= end)
    return int(((t.opened < end) & still_open).sum())


@dataclass(frozen=True)
class Spread:
    """Mean, median and 90th percentile: means hide the long tail."""

    count: int
    mean: float | None
    median: float | None
    p90: float | None


def spread(values: Floats) -> Spread:
    values = values[~np.isnan(values)]
    if values.size == 0:
        return Spread(0, None, None, None)
    return Spread(
        int(values.size),
        float(values.mean()),
        float(np.median(values)),
        float(np.percentile(values, 90)),
    )


def time_to_resolve(t: TicketColumns, period: Period) -> Spread:
    """Wall-clock hours from opened to resolved, for tickets resolved in the period (MTTR)."""
    mask = resolved_in(t, period)
    return spread(_hours(t.resolved[mask], t.opened[mask]))


def time_to_respond(t: TicketColumns, period: Period) -> Spread:
    """Wall-clock hours to first response, for tickets opened in the period that got one."""
    mask = opened_in(t, period) & ~np.isnat(t.first_response)
    return spread(_hours(t.first_response[mask], t.opened[mask]))


def _share(flags: Bools) -> float | None:
    return None if flags.size == 0 else float(flags.mean() * 100.0)


def first_contact_resolution(
    t: TicketColumns, activity: TicketActivity, period: Period
) -> float | None:
    """% of tickets resolved in the period that were resolved at the first contact."""
    return _share(activity.first_contact[resolved_in(t, period)])


def reopen_rate(t: TicketColumns, activity: TicketActivity, period: Period) -> float | None:
    """% of tickets resolved in the period that had been reopened."""
    return _share(activity.reopens[resolved_in(t, period)] > 0)


def mean_reassignments(t: TicketColumns, activity: TicketActivity, period: Period) -> float | None:
    """Mean hand-offs of tickets resolved in the period."""
    counts = activity.reassignments[resolved_in(t, period)]
    return None if counts.size == 0 else float(counts.mean())


def priority_mix(t: TicketColumns, period: Period | None = None) -> dict[int, int]:
    """Tickets per priority (opened in the period, or all)."""
    chosen = t.priority if period is None else t.priority[opened_in(t, period)]
    values, counts = np.unique(chosen, return_counts=True)
    return {int(v): int(c) for v, c in zip(values, counts, strict=True)}
