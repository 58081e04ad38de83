"""Earned value against DOMAIN.md's definitions, worked out by hand."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdm_workbench.analytics.evm import (
    BudgetLineAmounts,
    MonthAmounts,
    TaskProgress,
    actual_cost,
    earned_value_metrics,
    planned_value,
    portfolio_earned_value,
    project_earned_value,
    s_curve,
)


def m(month: int, planned: float, actual: float | None = None) -> MonthAmounts:
    return MonthAmounts(date(2024, month, 1), planned, actual)


# Labour 80 000 and licences 20 000: BAC 100 000.
LABOUR = BudgetLineAmounts(
    80_000,
    [
        m(1, 10_000, 9_000),
        m(2, 10_000, 12_000),
        m(3, 10_000, 11_000),
        m(4, 25_000, 4_000),  # April to date
        m(5, 25_000),
    ],
)
LICENCES = BudgetLineAmounts(
    20_000, [m(1, 0), m(2, 5_000, 5_000), m(3, 5_000, 4_000), m(4, 5_000), m(5, 5_000)]
)
# Duration-weighted: (10 x 100 + 20 x 50 + 20 x 0 + 0 x 100) / 50 = 40 %.
TASKS = [
    TaskProgress(10, 100),
    TaskProgress(20, 50),
    TaskProgress(20, 0),
    TaskProgress(0, 100),  # a milestone weighs nothing
]
STATUS = date(2024, 4, 10)


def test_the_worked_example() -> None:
    # PV: January to March in full (40 000) + 10/30 of April's 30 000 (10 000) = 50 000.
    # AC: 9 000 + 12 000 + 11 000 + 4 000 (April to date) + 5 000 + 4 000 = 45 000.
    # EV = 100 000 x 40 % = 40 000.
    ev = project_earned_value([LABOUR, LICENCES], TASKS, STATUS)
    assert ev.bac == 100_000 and ev.percent_complete == pytest.approx(40.0)
    assert ev.pv == pytest.approx(50_000)
    assert ev.ev == pytest.approx(40_000)
    assert ev.ac == pytest.approx(45_000)
    assert ev.cv == pytest.approx(-5_000)  # EV - AC: over cost
    assert ev.sv == pytest.approx(-10_000)  # EV - PV: behind schedule
    assert ev.cpi == pytest.approx(0.8889, abs=1e-4)  # 40 000 / 45 000
    assert ev.spi == pytest.approx(0.8)  # 40 000 / 50 000
    assert ev.eac == pytest.approx(112_500)  # 100 000 / (8/9)
    assert ev.etc == pytest.approx(67_500)  # 112 500 - 45 000
    assert ev.vac == pytest.approx(-12_500)  # 100 000 - 112 500
    assert ev.tcpi == pytest.approx(60_000 / 55_000)  # (BAC - EV) / (BAC - AC) = 1.0909
    assert ev.currencies == ("EUR",) and ev.status_date == STATUS


def test_pv_is_pro_rata_within_the_status_month_by_calendar_days() -> None:
    line = BudgetLineAmounts(2_900, [m(2, 2_900)])  # February 2024: 29 days
    assert planned_value([line], date(2024, 1, 31)) == 0
    assert planned_value([line], date(2024, 2, 1)) == pytest.approx(100)
    assert planned_value([line], date(2024, 2, 10)) == pytest.approx(1_000)
    assert planned_value([line], date(2024, 2, 29)) == pytest.approx(2_900)
    assert planned_value([line], date(2025, 1, 1)) == pytest.approx(2_900)


def test_ac_counts_the_status_month_as_booked() -> None:
    assert actual_cost([LABOUR], date(2024, 3, 31)) == 32_000
    assert actual_cost([LABOUR], date(2024, 4, 1)) == 36_000
    assert actual_cost([LABOUR], date(2023, 12, 31)) == 0


def test_undefined_ratios_are_none_not_infinite() -> None:
    start = earned_value_metrics(STATUS, bac=1_000, pv=0, ev=0, ac=0)
    assert (start.cpi, start.spi, start.eac, start.etc, start.vac) == (None,) * 5
    assert start.tcpi == 1.0 and start.cv == 0 and start.sv == 0
    nothing_earned = earned_value_metrics(STATUS, bac=1_000, pv=100, ev=0, ac=50)
    assert nothing_earned.cpi == 0 and nothing_earned.spi == 0
    assert nothing_earned.eac is None and nothing_earned.etc is None
    spent = earned_value_metrics(STATUS, bac=1_000, pv=1_000, ev=800, ac=1_000)
    assert spent.tcpi is None and spent.eac == pytest.approx(1_250)
    empty = project_earned_value([], [], STATUS)
    assert (empty.bac, empty.ev, empty.percent_complete, empty.currencies) == (0, 0, 0, ())


def test_portfolio_sums_then_takes_ratios() -> None:
    one = earned_value_metrics(STATUS, bac=100_000, pv=50_000, ev=40_000, ac=45_000)
    two = earned_value_metrics(STATUS, bac=50_000, pv=20_000, ev=25_000, ac=20_000)
    total = portfolio_earned_value([one, two], STATUS)
    assert (total.bac, total.pv, total.ev, total.ac) == (150_000, 70_000, 65_000, 65_000)
    assert total.cpi == 1.0 and total.eac == 150_000 and total.vac == 0
    assert total.spi == pytest.approx(65 / 70)  # not the mean of 0.8 and 1.25
    assert total.percent_complete == pytest.approx(100 * 65 / 150)
    usd = BudgetLineAmounts(10, currency="USD")
    mixed = portfolio_earned_value(
        [project_earned_value([LABOUR], [], STATUS), project_earned_value([usd], [], STATUS)],
        STATUS,
    )
    assert mixed.currencies == ("EUR", "USD")  # summed as they are: a known limitation
    assert portfolio_earned_value([], STATUS).percent_complete is None


def test_s_curve_by_month() -> None:
    line = BudgetLineAmounts(3_000, [m(1, 1_000, 1_100), m(2, 1_000, 900), m(3, 1_000)])
    # One task, 50 % done, 22 Jan .. 8 Mar; progress accrues from 22 Jan to the status date
    # 15 Feb: 25 calendar days. By 31 Jan (10 days) it had earned 10/25 x 50 % = 20 %.
    task = TaskProgress(10, 50, date(2024, 1, 22), date(2024, 3, 8))
    points = s_curve([line], [task], date(2024, 2, 15))
    assert [p.month for p in points] == [date(2024, k, 1) for k in (1, 2, 3)]
    assert [p.as_of for p in points] == [date(2024, 1, 31), date(2024, 2, 15), date(2024, 3, 31)]
    assert [p.pv for p in points] == pytest.approx([1_000, 1_000 + 1_000 * 15 / 29, 3_000])
    assert points[0].ev == pytest.approx(600) and points[1].ev == pytest.approx(1_500)
    assert [p.ac for p in points] == [1_100, 2_000, None]
    assert points[2].ev is None
    # The status month's point is the headline figure.
    headline = project_earned_value([line], [task], date(2024, 2, 15))
    assert points[1].pv == pytest.approx(headline.pv) and points[1].ev == headline.ev


# -- properties ----------------------------------------------------------------------------

months = st.builds(
    MonthAmounts,
    month=st.dates(date(2023, 1, 1), date(2025, 12, 1)).map(lambda d: d.replace(day=1)),
    planned=st.floats(0, 1e6),
    actual=st.none() | st.floats(0, 1e6),
)
lines = st.builds(
    BudgetLineAmounts,
    budget_at_completion=st.floats(0, 1e7),
    months=st.lists(months, max_size=6),
)
tasks = st.builds(
    TaskProgress,
    duration_days=st.integers(0, 60),
    percent_complete=st.floats(-10, 150),  # out-of-range input is clamped
    start=st.none() | st.dates(date(2023, 1, 1), date(2025, 12, 31)),
    finish=st.none() | st.dates(date(2023, 1, 1), date(2025, 12, 31)),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(lines, max_size=4),
    st.lists(tasks, max_size=8),
    st.dates(date(2023, 1, 1), date(2025, 12, 31)),
)
def test_ev_never_exceeds_bac(
    budget: list[BudgetLineAmounts], progress: list[TaskProgress], status: date
) -> None:
    ev = project_earned_value(budget, progress, status)
    assert 0 <= ev.ev <= ev.bac * (1 + 1e-12)
    curve = s_curve(budget, progress, status)
    earned = [p.ev for p in curve if p.ev is not None]
    assert all(0 <= x <= ev.bac * (1 + 1e-12) for x in earned)
    assert all(b >= a - 1e-6 for a, b in itertools.pairwise(earned))  # cumulative
    assert earned[-1] == pytest.approx(ev.ev)
    planned = [p.pv for p in curve]
    assert all(b >= a - 1e-6 for a, b in itertools.pairwise(planned))
