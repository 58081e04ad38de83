"""The series behind the budget, error-budget and SERVQUAL charts, as plain numpy arrays
(no Qt): computed from the dashboard's inputs for one scope and period."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import numpy.typing as npt

from ...analytics.evm import BudgetLineAmounts
from ...analytics.periods import Period
from ...domain.surveys import RATER_DIMENSIONS
from .data import DashboardData, ScopeRef

F64 = npt.NDArray[np.float64]
DEFAULT_AVAILABILITY = 99.9  # as the KPI calculator assumes for a service without a target


@dataclass(frozen=True)
class BudgetBurn:
    """Cumulative planned, actual (to the status date) and forecast cost per budget month.

    The forecast starts where the actuals end and adds each later month's forecast (its
    plan where no forecast is given): where the money will have gone by then.
    """

    months: list[date]
    planned: F64
    actual: F64
    forecast: F64
    bac: float


def budget_burn(lines: Sequence[BudgetLineAmounts], as_of: date) -> BudgetBurn:
    planned: dict[date, float] = defaultdict(float)
    actual: dict[date, float] = defaultdict(float)
    forecast: dict[date, float] = defaultdict(float)
    booked: set[date] = set()
    for line in lines:
        for m in line.months:
            planned[m.month] += m.planned or 0.0
            if m.actual is not None and m.month <= as_of:
                actual[m.month] += m.actual
                booked.add(m.month)
            forecast[m.month] += m.forecast if m.forecast is not None else (m.planned or 0.0)
    months = sorted(planned)
    last = max(booked) if booked else None
    plan = np.cumsum([planned[m] for m in months], dtype=np.float64)
    spent = np.cumsum([actual[m] for m in months], dtype=np.float64)
    ahead = np.array([actual[m] if last and m <= last else forecast[m] for m in months])
    outlook = np.cumsum(ahead, dtype=np.float64)
    known = np.array([last is not None and m <= last for m in months], dtype=bool)
    actual_line = np.where(known, spent, np.nan)
    # the forecast continues from the last booked month onwards (it joins the actual line)
    starts = np.array([last is None or m >= last for m in months], dtype=bool)
    bac = float(sum(line.budget_at_completion for line in lines))
    return BudgetBurn(months, plan, actual_line, np.where(starts, outlook, np.nan), bac)


def scope_budget_lines(data: DashboardData, scope: ScopeRef) -> list[BudgetLineAmounts]:
    """The budget lines of a project or service; all of them for the portfolio."""
    if scope.scope == "portfolio":
        return [line for lines in data.inputs.budget_lines.values() for line in lines]
    member = data.member_id(scope)
    if scope.scope not in ("project", "service") or member is None:
        return []
    return list(data.inputs.budget_lines.get((scope.scope, member), []))


@dataclass(frozen=True)
class BurnDown:
    """Error budget left (minutes) at the end of each day of a period; NaN after ``as_of``."""

    days: list[date]
    remaining: F64
    even: F64  # the budget spent evenly over the period: where "on track" lies
    budget: float


def _targets(data: DashboardData) -> dict[int, float]:
    by_sla = {t.sla: t.target for t in data.inputs.targets if t.metric == "availability"}
    targets: dict[int, float] = {}
    for sla in sorted(data.inputs.slas, key=lambda s: s.id):
        if sla.id in by_sla and sla.service_id not in targets:
            targets[sla.service_id] = by_sla[sla.id]
    return targets


def error_budget_burn_down(data: DashboardData, scope: ScopeRef, period: Period) -> BurnDown:
    """The scope's services together (one service, or all of them for the portfolio)."""
    services = [int(s["id"]) for s in data.inputs.services]
    if scope.scope == "service":
        services = [m for m in [data.member_id(scope)] if m is not None]
    elif scope.scope != "portfolio":
        services = []
    targets = _targets(data)
    days = [period.start + timedelta(days=n) for n in range((period.end - period.start).days + 1)]
    budget = sum((1 - targets.get(s, DEFAULT_AVAILABILITY) / 100.0) * period.minutes
                 for s in services)  # fmt: skip
    start, end = period.start_instant, period.end_instant
    spans: list[tuple[float, float]] = []  # minutes after the start; merged per service
    for sid in services:
        outages = data.inputs.outages.get(sid, [])
        clipped = sorted(
            (max(b, start), min(e or end, end))
            for b, e in outages
            if b < end and (e or end) > start
        )
        merged: list[tuple[datetime, datetime]] = []
        for b, e in clipped:
            if merged and b <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((b, e))
        spans += [((b - start).total_seconds() / 60, (e - start).total_seconds() / 60)
                  for b, e in merged]  # fmt: skip
    begins, ends = np.array([b for b, _ in spans]), np.array([e for _, e in spans])
    day_ends = np.arange(1, len(days) + 1, dtype=np.float64) * 1440.0
    down = np.clip(np.minimum(ends[None, :], day_ends[:, None]) - begins[None, :], 0, None)
    remaining = budget - down.sum(axis=1) if spans else np.full(len(days), budget)
    remaining = np.where(np.array(days) <= data.as_of, remaining, np.nan)
    even = budget * (1 - np.arange(1, len(days) + 1, dtype=np.float64) / max(len(days), 1))
    return BurnDown(days, remaining, even, float(budget))


@dataclass(frozen=True)
class Servqual:
    """Mean expectation and perception per RATER dimension (1-7) and the gap P - E."""

    dimensions: tuple[str, ...]
    expectation: F64
    perception: F64
    responses: int

    @property
    def gap(self) -> F64:
        return np.asarray(self.perception - self.expectation)


def servqual(data: DashboardData, scope: ScopeRef, period: Period) -> Servqual:
    """Responses given in ``period`` by the scope (all of them for the portfolio)."""
    s = data.inputs.surveys
    days = np.array(s["responded_on"], dtype="datetime64[D]")
    inside = (days >= np.datetime64(period.start, "D")) & (days <= np.datetime64(period.end, "D"))
    if scope.scope != "portfolio":
        column = s.get(f"{scope.scope}_id")
        member = data.member_id(scope)
        ids = np.array([-1 if v is None else v for v in (column or [])], dtype=np.int64)
        inside &= ids == member if column is not None and member is not None else False

    def means(side: str) -> F64:
        found = []
        for dim in RATER_DIMENSIONS:
            values = np.array([np.nan if v is None else v for v in s[f"{side}_{dim}"]], np.float64)
            chosen = values[inside] if values.size else values
            found.append(float(np.nanmean(chosen)) if np.isfinite(chosen).any() else np.nan)
        return np.array(found, dtype=np.float64)

    return Servqual(RATER_DIMENSIONS, means("exp"), means("perc"), int(inside.sum()))
