"""DORA, availability burn-down, budget burn and SERVQUAL charts plot known values."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from sdm_workbench.analytics.evm import BudgetLineAmounts, MonthAmounts
from sdm_workbench.analytics.kpi_inputs import SURVEY_COLUMNS
from sdm_workbench.gui.dashboard import PORTFOLIO
from sdm_workbench.gui.dashboard.data import ScopeRef
from sdm_workbench.gui.dashboard.extra_charts import (
    AvailabilityChart,
    BudgetChart,
    DoraChart,
    ServqualChart,
)
from sdm_workbench.gui.dashboard.format import month_stamp
from sdm_workbench.store import Store
from sdm_workbench.store import repository as repo

from .conftest import known_data
from .test_charts import MONTHS, NAN, STYLE, months_of, x_of, y_of

MAIL = ScopeRef("service", "SVC-001", "Mail")


def test_dora_chart_plots_the_four_measures(qtbot: QtBot, store: Store) -> None:
    data = known_data(store, months_of({
        "deployment_frequency": [4.0, 6.0, 8.0, 10.0, 2.0, 0.0],
        "lead_time": [30.0, 20.0, 10.0, None, 12.0, 8.0],
        "change_failure_rate": [10.0, 20.0, 0.0, 5.0, 50.0, None],
        "recovery_time": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
    }))  # fmt: skip
    chart = DoraChart(STYLE)
    qtbot.addWidget(chart)
    chart.update_data(data, PORTFOLIO)
    bars = chart.by_key["deployment_frequency"].bars["Deployments"]
    np.testing.assert_array_equal(bars.opts["height"], [4, 6, 8, 10, 2, 0])
    np.testing.assert_array_equal(bars.opts["x"], [month_stamp(m) for m in MONTHS])
    lead = chart.by_key["lead_time"].curves["Lead time for changes"]
    np.testing.assert_array_equal(y_of(lead), [30, 20, 10, NAN, 12, 8])
    failure = chart.by_key["change_failure_rate"].curves["Change failure rate"]
    np.testing.assert_array_equal(y_of(failure), [10, 20, 0, 5, 50, NAN])
    recovery = chart.by_key["recovery_time"].curves["Failed deployment recovery"]
    np.testing.assert_array_equal(y_of(recovery), [1, 2, 3, 4, 5, 6])
    assert chart.by_key["change_failure_rate"].target_line.value() == 15  # type: ignore[union-attr]


def test_availability_chart_burns_the_error_budget_down(qtbot: QtBot, seeded: Store) -> None:
    store = seeded
    with store.session() as session:
        mail = next(r.id for r in repo.list_rows(session, "service") if r["code"] == "SVC-001")
    outage = (datetime(2026, 6, 2, 10, 0), datetime(2026, 6, 2, 10, 30))  # 30 minutes
    data = known_data(
        store, months_of({"availability": [99.9, 100.0, 99.5, 99.99, 100.0, 99.93]}),
        outages={mail: [outage]},
    )  # fmt: skip
    chart = AvailabilityChart(STYLE)
    qtbot.addWidget(chart)
    chart.update_data(data, MAIL)
    budget = 0.001 * 30 * 1440  # 99.9 % of June: 43.2 minutes
    left = y_of(chart.burn.curves["Left"])
    assert left.size == 30  # every day of June
    assert left[0] == pytest.approx(budget)
    np.testing.assert_allclose(left[1:15], budget - 30.0)  # 2 to 15 June
    assert np.isnan(left[15:]).all()  # after the status date (15 June)
    even = y_of(chart.burn.curves["Even burn"])
    np.testing.assert_allclose(even[[0, 14, 29]], [budget * 29 / 30, budget / 2, 0.0])
    assert x_of(chart.burn.curves["Left"])[1] == month_stamp(date(2026, 6, 1)) + 86_400
    assert y_of(chart.monthly.curves["Availability"]).size == 0  # known values: portfolio's
    chart.update_data(data, PORTFOLIO)  # three services: three budgets, one outage
    assert y_of(chart.burn.curves["Left"])[1] == pytest.approx(3 * budget - 30.0)
    monthly = y_of(chart.monthly.curves["Availability"])
    np.testing.assert_array_equal(monthly, [99.9, 100.0, 99.5, 99.99, 100.0, 99.93])


def test_budget_chart_plots_planned_actual_and_forecast(qtbot: QtBot, store: Store) -> None:
    line = BudgetLineAmounts(300.0, [
        MonthAmounts(date(2026, 4, 1), 100.0, 90.0),
        MonthAmounts(date(2026, 5, 1), 100.0, 120.0, 120.0),
        MonthAmounts(date(2026, 6, 1), 100.0, None, 80.0),
        MonthAmounts(date(2026, 7, 1), 50.0, None),
    ])  # fmt: skip
    data = known_data(store, months_of({"cpi": [1.0] * 6}),
                      projects=[{"id": 7, "code": "PRJ-007", "name": "Known"}],
                      budget_lines={("project", 7): [line]})  # fmt: skip
    chart = BudgetChart(STYLE)
    qtbot.addWidget(chart)
    chart.update_data(data, ScopeRef("project", "PRJ-007", "Known"))
    curves = chart.plot.curves
    np.testing.assert_array_equal(y_of(curves["Planned"]), [100, 200, 300, 350])
    np.testing.assert_array_equal(y_of(curves["Actual"]), [90, 210, NAN, NAN])
    # from the last booked month (May) on: 210, then + June's forecast 80, + July's plan 50
    np.testing.assert_array_equal(y_of(curves["Forecast"]), [NAN, 210, 290, 340])
    np.testing.assert_array_equal(
        x_of(curves["Planned"]), [month_stamp(date(2026, m, 1)) for m in (4, 5, 6, 7)]
    )
    assert chart.bac_line.value() == 300.0
    chart.update_data(data, ScopeRef("customer", "CUS-9", "None"))  # customers have no budget
    assert y_of(chart.plot.curves["Planned"]).size == 0


def test_servqual_chart_plots_expectation_perception_and_gap(qtbot: QtBot, store: Store) -> None:
    surveys: dict[str, list[object]] = {column: [None] * 3 for column in SURVEY_COLUMNS}
    surveys["responded_on"] = [date(2026, 6, 3), date(2026, 6, 10), date(2026, 5, 20)]
    for dim, exp, perc in (("reliability", [6, 7, 1], [5, 6, 1]),
                           ("assurance", [5, 5, 1], [6, 6, 1]),
                           ("tangibles", [4, 6, 1], [4, 6, 1]),
                           ("empathy", [7, 7, 1], [3, 4, 1]),
                           ("responsiveness", [6, 6, 1], [6, 7, 1])):  # fmt: skip
        surveys[f"exp_{dim}"], surveys[f"perc_{dim}"] = list(exp), list(perc)
    data = known_data(store, months_of({"csat": [80.0] * 6}), surveys=surveys)
    chart = ServqualChart(STYLE)
    qtbot.addWidget(chart)
    chart.update_data(data, PORTFOLIO)  # June only: the May response is left out
    np.testing.assert_array_equal(chart.expectation.opts["height"], [6.5, 5, 5, 7, 6])
    np.testing.assert_array_equal(chart.perception.opts["height"], [5.5, 6, 5, 3.5, 6.5])
    np.testing.assert_array_equal(chart.gap.opts["height"], [-1, 1, 0, -3.5, 0.5])
    np.testing.assert_array_equal(chart.expectation.opts["x"], np.arange(5) - 0.2)
    assert chart.caption.text().startswith("2 response(s) in Jun 2026")
