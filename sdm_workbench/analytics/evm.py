"""Earned value management per project and for a portfolio, at a status date.

Definitions (DOMAIN.md "Budgets and earned value"):

* BAC, budget at completion: the sum of the project's budget lines.
* PV, planned value: the planned amounts cumulated up to the status date. Whole months
  before the status month count in full; the status month counts pro rata by calendar
  days, the status date included (status 10 June -> 10/30 of June's plan).
* EV, earned value: BAC x % complete, where the project's % complete is the
  duration-weighted mean of its *leaf* tasks' % complete, sum(d x pc) / sum(d)
  (:func:`~.schedule.weighted_percent_complete`; milestones weigh nothing; a project with
  no tasks has earned nothing). Percentages are clamped to 0..100, so EV <= BAC.
* AC, actual cost: the actual amounts of every month up to and including the status month.
  Actuals are booked as they are incurred, so the status month's figure is already
  "to date" and is not pro-rated. A month without an actual counts as 0.
* CV = EV - AC; SV = EV - PV; CPI = EV / AC; SPI = EV / PV; EAC = BAC / CPI;
  ETC = EAC - AC; VAC = BAC - EAC; TCPI = (BAC - EV) / (BAC - AC).
  A ratio whose denominator is zero is None, never inf; so is everything derived from it
  (no actuals yet -> no CPI -> no EAC). TCPI is None once AC reaches BAC (no budget left
  to work with; PMI switches to an EAC-based TCPI then).

S-curves (:func:`s_curve`) give cumulative PV, EV and AC per month, each point at the month
end, except that the status month's point is at the status date, so the curves end on the
headline figures. History has no snapshots of % complete, so EV through time is estimated:
each leaf task is assumed to have earned its current % complete at a steady rate, by
calendar day, from its start date to the earlier of its finish date and the status date.

Currency: one currency per project is assumed; amounts are added as they are. Results list
the currencies they saw, so a caller can flag a mixed sum (a known limitation: there is no
conversion).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from .schedule import weighted_percent_complete

_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class MonthAmounts:
    """One budget month: ``month`` is the first day of the month."""

    month: date
    planned: float = 0.0
    actual: float | None = None
    forecast: float | None = None


@dataclass(frozen=True, slots=True)
class BudgetLineAmounts:
    """A project's budget line with its months."""

    budget_at_completion: float
    months: Sequence[MonthAmounts] = ()
    currency: str = "EUR"


@dataclass(frozen=True, slots=True)
class TaskProgress:
    """A leaf task's weight and progress; dates (inclusive) only matter for S-curves."""

    duration_days: float
    percent_complete: float
    start: date | None = None
    finish: date | None = None


@dataclass(frozen=True, slots=True)
class EarnedValue:
    """EVM figures at a status date; ratios are None where undefined."""

    status_date: date
    bac: float
    pv: float
    ev: float
    ac: float
    percent_complete: float | None
    cv: float
    sv: float
    cpi: float | None
    spi: float | None
    eac: float | None
    etc: float | None
    vac: float | None
    tcpi: float | None
    currencies: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SCurvePoint:
    """Cumulative values as of ``as_of``; EV and AC are None after the status month."""

    month: date
    as_of: date
    pv: float
    ev: float | None
    ac: float | None


def _ratio(num: float, den: float | None) -> float | None:
    return None if den is None or abs(den) < _EPS else num / den


def earned_value_metrics(
    status_date: date,
    bac: float,
    pv: float,
    ev: float,
    ac: float,
    percent_complete: float | None = None,
    currencies: Iterable[str] = (),
) -> EarnedValue:
    """Variances, indices and forecasts from BAC, PV, EV and AC (DOMAIN.md formulas)."""
    cpi = _ratio(ev, ac)
    eac = _ratio(bac, cpi)
    etc = None if eac is None else eac - ac
    vac = None if eac is None else bac - eac
    tcpi = (bac - ev) / (bac - ac) if bac - ac > _EPS else None
    return EarnedValue(
        status_date=status_date,
        bac=bac,
        pv=pv,
        ev=ev,
        ac=ac,
        percent_complete=percent_complete,
        cv=ev - ac,
        sv=ev - pv,
        cpi=cpi,
        spi=_ratio(ev, pv),
        eac=eac,
        etc=etc,
        vac=vac,
        tcpi=tcpi,
        currencies=tuple(sorted(set(currencies))),
    )


def _month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _first_of(day: date) -> date:
    return day.replace(day=1)


@lru_cache(maxsize=8192)  # a portfolio asks about the same few dozen months thousands of times
def _share_of_month(month: date, as_of: date) -> float:
    """How much of ``month`` has passed by the end of ``as_of`` (calendar days)."""
    month = _first_of(month)
    if as_of < month:
        return 0.0
    end = _month_end(month)
    if as_of >= end:
        return 1.0
    return as_of.day / end.day


def planned_value(lines: Iterable[BudgetLineAmounts], as_of: date) -> float:
    """Cumulative planned amounts to the end of ``as_of``, pro rata within its month."""
    return sum(m.planned * _share_of_month(m.month, as_of) for line in lines for m in line.months)


def actual_cost(lines: Iterable[BudgetLineAmounts], as_of: date) -> float:
    """Cumulative actual amounts of every month up to and including the month of ``as_of``."""
    return sum(
        m.actual or 0.0 for line in lines for m in line.months if _first_of(m.month) <= as_of
    )


def project_percent_complete(tasks: Sequence[TaskProgress]) -> float:
    """Duration-weighted % complete of the leaf tasks (0..100)."""
    return weighted_percent_complete(
        [t.duration_days for t in tasks], [t.percent_complete for t in tasks]
    )


def project_earned_value(
    lines: Sequence[BudgetLineAmounts], tasks: Sequence[TaskProgress], status_date: date
) -> EarnedValue:
    """EVM for one project: its budget lines and its leaf tasks, at ``status_date``."""
    bac = sum(line.budget_at_completion for line in lines)
    percent = project_percent_complete(tasks)
    return earned_value_metrics(
        status_date,
        bac=bac,
        pv=planned_value(lines, status_date),
        ev=bac * percent / 100.0,
        ac=actual_cost(lines, status_date),
        percent_complete=percent,
        currencies=(line.currency for line in lines),
    )


def portfolio_earned_value(projects: Iterable[EarnedValue], status_date: date) -> EarnedValue:
    """Sum BAC, PV, EV and AC over projects, then take the ratios of the sums.

    The portfolio % complete is EV / BAC (budget-weighted), None without budget.
    """
    items = list(projects)
    bac = sum(p.bac for p in items)
    ev = sum(p.ev for p in items)
    return earned_value_metrics(
        status_date,
        bac=bac,
        pv=sum(p.pv for p in items),
        ev=ev,
        ac=sum(p.ac for p in items),
        percent_complete=None if bac < _EPS else 100.0 * ev / bac,
        currencies=(c for p in items for c in p.currencies),
    )


def _earned_fraction(
    tasks: Sequence[TaskProgress], status_date: date, points: Sequence[date]
) -> npt.NDArray[np.float64]:
    """Project % complete (0..100) at each point, progress linear within each task."""
    n = len(tasks)
    if n == 0:
        return np.zeros(len(points))
    status = status_date.toordinal()
    start = np.fromiter((t.start.toordinal() if t.start else status for t in tasks), np.int64, n)
    finish = np.fromiter((t.finish.toordinal() if t.finish else status for t in tasks), np.int64, n)
    # Progress accrues up to the status date at the latest; a task reported done before its
    # recorded start (or without dates) earns it all on the status date.
    stop = np.minimum(np.maximum(finish, start), status)
    start = np.minimum(start, stop)
    at = np.fromiter((p.toordinal() for p in points), np.int64, len(points))
    span = (stop - start + 1).astype(float)
    share = np.clip((at[:, None] - start[None, :] + 1) / span[None, :], 0.0, 1.0)
    weight = np.fromiter((t.duration_days for t in tasks), float, n)
    percent = np.clip(np.fromiter((t.percent_complete for t in tasks), float, n), 0.0, 100.0)
    earned = share * percent[None, :]
    total = weight.sum()
    if total > 0:
        result: npt.NDArray[np.float64] = earned @ weight / total
        return result
    mean: npt.NDArray[np.float64] = earned.mean(axis=1)
    return mean


def s_curve(
    lines: Sequence[BudgetLineAmounts],
    tasks: Sequence[TaskProgress],
    status_date: date,
) -> list[SCurvePoint]:
    """Monthly cumulative PV, EV and AC from the first to the last month with any data.

    The months run from the earliest budget month or task start to the latest budget month,
    task finish or the status month, whichever is later.
    """
    firsts = [_first_of(m.month) for line in lines for m in line.months]
    firsts += [_first_of(d) for t in tasks for d in (t.start, t.finish) if d is not None]
    firsts.append(_first_of(status_date))
    month, last = min(firsts), max(firsts)
    months: list[date] = []
    while month <= last:
        months.append(month)
        month = _month_end(month) + timedelta(days=1)
    status_month = _first_of(status_date)
    as_of = [
        min(_month_end(m), status_date) if m <= status_month else _month_end(m) for m in months
    ]
    bac = sum(line.budget_at_completion for line in lines)
    past = [d for m, d in zip(months, as_of, strict=True) if m <= status_month]
    earned = bac * _earned_fraction(tasks, status_date, past) / 100.0
    points: list[SCurvePoint] = []
    for k, (m, d) in enumerate(zip(months, as_of, strict=True)):
        done = m <= status_month
        points.append(
            SCurvePoint(
                month=m,
                as_of=d,
                pv=planned_value(lines, d),
                ev=float(earned[k]) if done else None,
                ac=actual_cost(lines, d) if done else None,
            )
        )
    return points
