"""The Summary sheet's trends: a month table and native Excel charts drawn from it.

Three charts, each a real Excel chart over cells of the table (so a stakeholder can restyle
or extend them): portfolio SLA attainment by month against its target, the budget burn
(cumulative planned, actual and forecast) and the earned-value S-curve (PV, EV, AC summed
over the projects). The months run from a year before the export to half a year after it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy.orm import Session

from ..analytics.evm import BudgetLineAmounts, s_curve
from ..analytics.kpi_catalogue import definitions
from ..analytics.kpi_groups import ticket_values
from ..analytics.kpi_inputs import KpiInputs, leaf_progress, read
from ..analytics.periods import month_of
from ..analytics.sla_clock import evaluate
from . import styles
from .selection import Scope

MONTHS_BACK = 12
MONTHS_AHEAD = 6
SLA_KEY = "sla_attainment"
HEADERS = (
    "Month",
    "SLA attainment (%)",
    "SLA target (%)",
    "Planned (cumulative)",
    "Actual (cumulative)",
    "Forecast (cumulative)",
    "PV",
    "EV",
    "AC",
)
PERCENT_FORMAT = "0.0"
AMOUNT_FORMAT = "#,##0"
CHART_COLUMN = "K"  # right of the table
CHART_ROWS = 16  # each chart's height in rows, with a gap


@dataclass
class Trends:
    """One row per month; None where a month has no value (future actuals, no tickets)."""

    months: list[date] = field(default_factory=list)
    sla: list[float | None] = field(default_factory=list)
    sla_target: float | None = None
    planned: list[float] = field(default_factory=list)
    actual: list[float | None] = field(default_factory=list)
    forecast: list[float | None] = field(default_factory=list)
    pv: list[float] = field(default_factory=list)
    ev: list[float | None] = field(default_factory=list)
    ac: list[float | None] = field(default_factory=list)


def _first_of(day: date) -> date:
    return day.replace(day=1)


def _shift(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def month_window(as_of: date) -> list[date]:
    first = _shift(_first_of(as_of), -(MONTHS_BACK - 1))
    return [_shift(first, k) for k in range(MONTHS_BACK + MONTHS_AHEAD)]


def _sla_by_month(
    inputs: KpiInputs, as_of: date, months: Sequence[date], scope: Scope | None
) -> list[float | None]:
    """Resolution SLA attainment of the tickets in scope, month by month (one clock run)."""
    tickets = inputs.tickets
    if not len(tickets):
        return [None] * len(months)
    clock = evaluate(
        tickets, inputs.targets, inputs.calendars, as_of=_instant_after(as_of),
        pauses=inputs.pauses,
    )  # fmt: skip
    groups = np.zeros(len(tickets), np.int64)
    if scope is not None and scope.services is not None:
        mine = np.isin(inputs.ticket_service, list(scope.services))
        if scope.only_customers is not None:
            customer = inputs.ticket_customer
            mine &= (customer < 0) | np.isin(customer, list(scope.only_customers))
        groups = np.where(mine, 0, -1).astype(np.int64)
    values: list[float | None] = []
    for month in months:
        if month > as_of:
            values.append(None)
            continue
        found = ticket_values(tickets, inputs.activity, clock, groups, 1, month_of(month))
        value = float(found[SLA_KEY][0])
        values.append(None if np.isnan(value) else round(value, 4))
    return values


def _instant_after(day: date) -> datetime:
    return datetime(day.year, day.month, day.day) + timedelta(days=1)


def _burn(
    lines: Iterable[BudgetLineAmounts], months: Sequence[date], as_of: date
) -> tuple[list[float], list[float | None], list[float | None]]:
    """Cumulative planned, actual (to the current month) and forecast (actuals, then the
    forecast or, where none is given, the plan) over ``months``, counting earlier months too."""
    planned: dict[date, float] = defaultdict(float)
    actual: dict[date, float] = defaultdict(float)
    ahead: dict[date, float] = defaultdict(float)
    for line in lines:
        for m in line.months:
            month = _first_of(m.month)
            planned[month] += m.planned
            actual[month] += m.actual or 0.0
            ahead[month] += m.planned if m.forecast is None else m.forecast
    current = _first_of(as_of)
    start = months[0]

    def before(amounts: dict[date, float]) -> float:
        return sum(v for month, v in amounts.items() if month < start)

    p_total, a_total = before(planned), before(actual)
    f_total = a_total
    cum_p: list[float] = []
    cum_a: list[float | None] = []
    cum_f: list[float | None] = []
    for month in months:
        p_total += planned.get(month, 0.0)
        cum_p.append(round(p_total, 2))
        if month <= current:
            a_total += actual.get(month, 0.0)
            f_total = a_total
            cum_a.append(round(a_total, 2))
            cum_f.append(round(f_total, 2) if month == current else None)
        else:
            f_total += ahead.get(month, 0.0)
            cum_a.append(None)
            cum_f.append(round(f_total, 2))
    return cum_p, cum_a, cum_f


def _s_curve(
    inputs: KpiInputs, months: Sequence[date], as_of: date, scope: Scope | None
) -> tuple[list[float], list[float | None], list[float | None]]:
    """PV, EV and AC summed over the projects' own S-curves, month by month."""
    pv: dict[date, float] = defaultdict(float)
    ev: dict[date, float] = defaultdict(float)
    ac: dict[date, float] = defaultdict(float)
    for project in inputs.projects:
        if not _kept(scope, "project", project["id"]):
            continue
        lines = inputs.budget_lines.get(("project", project["id"]), [])
        tasks = leaf_progress(inputs.tasks.get(project["id"], []))
        if not lines:
            continue
        points = s_curve(lines, tasks, as_of)
        last = points[-1] if points else None
        by_month = {p.month: p for p in points}
        for month in months:
            point = by_month.get(month)
            if point is None:  # before the project's first month: 0; after its last: its end
                if last is None or month < points[0].month:
                    continue
                point = last
            pv[month] += point.pv
            ev[month] += point.ev or 0.0
            ac[month] += point.ac or 0.0
    current = _first_of(as_of)
    return (
        [round(pv[m], 2) for m in months],
        [round(ev[m], 2) if m <= current else None for m in months],
        [round(ac[m], 2) if m <= current else None for m in months],
    )


def _kept(scope: Scope | None, side: str, row_id: int) -> bool:
    if scope is None or scope.services is None:
        return True
    return row_id in (scope.services if side == "service" else scope.projects or ())


def read_trends(session: Session, as_of: date, scope: Scope | None = None) -> Trends:
    """The month table of the Summary sheet (of the rows in ``scope``), read inside the
    export's session."""
    inputs = read(session)
    months = month_window(as_of)
    lines = [
        line
        for (side, owner), group in inputs.budget_lines.items()
        if _kept(scope, side, owner)
        for line in group
    ]
    planned, actual, forecast = _burn(lines, months, as_of)
    pv, ev, ac = _s_curve(inputs, months, as_of, scope)
    spec = definitions(inputs.definitions).get(SLA_KEY)
    return Trends(
        months=months,
        sla=_sla_by_month(inputs, as_of, months, scope),
        sla_target=None if spec is None else spec.target,
        planned=planned,
        actual=actual,
        forecast=forecast,
        pv=pv,
        ev=ev,
        ac=ac,
    )


def write_trends(ws: Any, trends: Trends, first_row: int, cell: Any) -> int:
    """Append the title, header and month rows from ``first_row``; add the three charts.

    ``ws`` appends rows and adds charts (a write-only sheet, or a wrapper of one);
    ``cell(ws, value, **style)`` makes a styled write-only cell. Returns the next free row.
    """
    ws.append([cell(ws, "Trends by month", font=styles.BOLD)])
    ws.append([cell(ws, h, font=styles.BOLD) for h in HEADERS])
    header_row = first_row + 1
    for k, month in enumerate(trends.months):
        target = trends.sla_target if trends.sla[k] is not None else None
        percents = (trends.sla[k], target)
        amounts = (
            trends.planned[k],
            trends.actual[k],
            trends.forecast[k],
            trends.pv[k],
            trends.ev[k],
            trends.ac[k],
        )
        ws.append(
            [cell(ws, month, number_format="mmm yyyy")]
            + [_number(ws, cell, v, PERCENT_FORMAT) for v in percents]
            + [_number(ws, cell, v, AMOUNT_FORMAT) for v in amounts]
        )
    last_row = header_row + len(trends.months)
    charts = (
        _line_chart(ws, "SLA attainment by month", "%", (2, 3), header_row, last_row),
        _bar_and_lines(ws, header_row, last_row),
        _line_chart(ws, "Earned value S-curve", "Amount", (7, 8, 9), header_row, last_row),
    )
    for k, chart in enumerate(charts):
        ws.add_chart(chart, f"{CHART_COLUMN}{first_row + k * CHART_ROWS}")
    return last_row + 1


def _number(ws: Any, cell: Any, value: float | None, number_format: str) -> Any:
    return None if value is None else cell(ws, value, number_format=number_format)


def _categories(ws: WriteOnlyWorksheet, header_row: int, last_row: int) -> Reference:
    return Reference(ws, min_col=1, min_row=header_row + 1, max_row=last_row)


def _line_chart(
    ws: WriteOnlyWorksheet,
    title: str,
    axis_title: str,
    columns: tuple[int, ...],
    header_row: int,
    last_row: int,
) -> LineChart:
    chart = LineChart()
    chart.title = title
    chart.y_axis.title = axis_title
    chart.height, chart.width = 7.5, 16
    for column in columns:
        data = Reference(ws, min_col=column, min_row=header_row, max_row=last_row)
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(_categories(ws, header_row, last_row))
    chart.x_axis.number_format = "mmm yy"
    _show_axes(chart)
    return chart


def _bar_and_lines(ws: WriteOnlyWorksheet, header_row: int, last_row: int) -> BarChart:
    """Budget burn: planned as columns, actual and forecast as lines over them."""
    bars = BarChart()
    bars.title = "Budget burn (cumulative)"
    bars.y_axis.title = "Amount"
    bars.height, bars.width = 7.5, 16
    bars.add_data(
        Reference(ws, min_col=4, min_row=header_row, max_row=last_row), titles_from_data=True
    )
    bars.set_categories(_categories(ws, header_row, last_row))
    lines = LineChart()
    lines.add_data(
        Reference(ws, min_col=5, max_col=6, min_row=header_row, max_row=last_row),
        titles_from_data=True,
    )
    _show_axes(bars)
    bars += lines
    return bars


def _show_axes(chart: Any) -> None:
    # openpyxl 3.1 hides axes unless told (delete=True by default in its XML)
    chart.x_axis.delete = False
    chart.y_axis.delete = False
