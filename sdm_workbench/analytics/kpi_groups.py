"""Ticket and survey KPIs for many scopes at once (services, customers, SLAs) with bincount.

Each function takes a group index per record (-1 = in no group) and returns one value per
group (NaN where a group has nothing to measure), so 250k tickets over 200 services cost a
handful of passes instead of 200 masks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..domain.surveys import RATER_DIMENSIONS
from .periods import Period
from .sla_clock import ClockState, SlaClockResult
from .sla_inputs import TicketColumns
from .ticket_kpis import TicketActivity, opened_in, resolved_in

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
GroupValues = dict[str, F64]


def _count(groups: I64, mask: Bools, size: int) -> F64:
    chosen = groups[mask & (groups >= 0)]
    return np.bincount(chosen, minlength=size).astype(np.float64)


def _sum(groups: I64, mask: Bools, values: F64, size: int) -> F64:
    keep = mask & (groups >= 0) & ~np.isnan(values)
    return np.asarray(np.bincount(groups[keep], weights=values[keep], minlength=size), np.float64)


def _mean(groups: I64, mask: Bools, values: F64, size: int) -> F64:
    keep = mask & ~np.isnan(values)
    with np.errstate(invalid="ignore", divide="ignore"):
        return _sum(groups, keep, values, size) / _count(groups, keep, size)


def _share(groups: I64, mask: Bools, hits: Bools, size: int) -> F64:
    """% of masked records that are hits, per group."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return 100.0 * _count(groups, mask & hits, size) / _count(groups, mask, size)


def _quantiles(groups: I64, mask: Bools, values: F64, size: int, q: float) -> F64:
    keep = mask & (groups >= 0) & ~np.isnan(values)
    g, v = groups[keep], values[keep]
    order = np.lexsort((v, g))
    g, v = g[order], v[order]
    bounds = np.searchsorted(g, np.arange(size + 1))
    result = np.full(size, np.nan)
    for group in np.flatnonzero(bounds[1:] > bounds[:-1]):
        result[group] = np.quantile(v[bounds[group] : bounds[group + 1]], q)
    return result


def _hours(later: npt.NDArray[np.datetime64], earlier: npt.NDArray[np.datetime64]) -> F64:
    minutes = (later - earlier).astype("timedelta64[m]").astype(np.float64)
    minutes[np.isnat(later) | np.isnat(earlier)] = np.nan
    return minutes / 60.0


def ticket_values(
    t: TicketColumns,
    activity: TicketActivity,
    sla: SlaClockResult,
    groups: I64,
    size: int,
    period: Period,
) -> GroupValues:
    """Every ticket KPI of ``period`` per group; keys match the KPI catalogue."""
    end = np.datetime64(period.end_instant, "m")
    opened, resolved = opened_in(t, period), resolved_in(t, period)
    to_resolve = _hours(t.resolved, t.opened)
    still_open = np.isnat(t.resolved) | (t.resolved >= end)
    values: GroupValues = {
        "volume": _count(groups, opened, size),
        "backlog": _count(groups, (t.opened < end) & still_open, size),
        "mttr": _mean(groups, resolved, to_resolve, size),
        "mttr_median": _quantiles(groups, resolved, to_resolve, size, 0.5),
        "mttr_p90": _quantiles(groups, resolved, to_resolve, size, 0.9),
        "mttr_business": _mean(groups, resolved, sla.resolution.business / 60.0, size),
        "mtta": _mean(groups, opened, _hours(t.first_response, t.opened) * 60.0, size),
        "fcr": _share(groups, resolved, activity.first_contact, size),
        "reopen_rate": _share(groups, resolved, activity.reopens > 0, size),
        "reassignments": _mean(groups, resolved, activity.reassignments.astype(float), size),
    }
    responded_at = np.where(np.isnat(t.first_response), t.resolved, t.first_response)
    start = np.datetime64(period.start_instant, "m")
    responded = ~np.isnat(responded_at) & (responded_at >= start) & (responded_at < end)
    for key, clock, stopped in (
        ("sla_attainment", sla.resolution, resolved),
        ("sla_response_attainment", sla.response, responded),
    ):
        measured = stopped & np.isin(clock.state, (ClockState.MET, ClockState.BREACHED))
        met = clock.state == ClockState.MET
        values[key] = _share(groups, measured, met, size)
        for priority in range(1, 6):
            values[f"{key}:P{priority}"] = _share(
                groups, measured & (t.priority == priority), met, size
            )
    return values


def _floats(values: Sequence[Any]) -> F64:
    if isinstance(values, np.ndarray) and values.dtype == np.float64:
        return values  # prepared once by :func:`prepared_surveys`
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


def prepared_surveys(surveys: Mapping[str, Sequence[Any]]) -> dict[str, Any]:
    """The survey columns as numpy arrays, converted once for the many periods a
    calculator asks about (converting them per period was a tenth of a dashboard refresh)."""
    prepared: dict[str, Any] = dict(surveys)
    prepared["responded_on"] = np.array(surveys["responded_on"], dtype="datetime64[D]")
    for key, values in surveys.items():
        if key in ("csat", "nps", "ces") or key.startswith(("exp_", "perc_")):
            prepared[key] = _floats(values)
    return prepared


def survey_values(
    surveys: Mapping[str, Sequence[Any]], groups: I64, size: int, period: Period
) -> GroupValues:
    """CSAT, NPS, CES and SERVQUAL gaps of the responses given in ``period``, per group."""
    days = np.array(surveys["responded_on"], dtype="datetime64[D]")
    inside = (days >= np.datetime64(period.start, "D")) & (days <= np.datetime64(period.end, "D"))
    csat, nps, ces = (_floats(surveys[k]) for k in ("csat", "nps", "ces"))
    answered = inside & ~np.isnan(csat)
    rated = inside & ~np.isnan(nps)
    with np.errstate(invalid="ignore", divide="ignore"):
        promoters = _count(groups, rated & (nps >= 9), size)
        detractors = _count(groups, rated & (nps <= 6), size)
        nps_value = 100.0 * (promoters - detractors) / _count(groups, rated, size)
    values: GroupValues = {
        "csat": _share(groups, answered, csat >= 4, size),
        "csat_mean": _mean(groups, inside, csat, size),
        "nps": nps_value,
        "ces": _mean(groups, inside, ces, size),
    }
    gaps = []
    for dim in RATER_DIMENSIONS:
        gap = _floats(surveys[f"perc_{dim}"]) - _floats(surveys[f"exp_{dim}"])
        values[f"servqual_gap:{dim}"] = _mean(groups, inside, gap, size)
        gaps.append(values[f"servqual_gap:{dim}"])
    with np.errstate(invalid="ignore"):
        stacked = np.vstack(gaps)
        known = ~np.isnan(stacked)
        values["servqual_gap"] = np.where(
            known.any(axis=0), np.nansum(stacked, axis=0) / np.maximum(known.sum(axis=0), 1), np.nan
        )
    return values
