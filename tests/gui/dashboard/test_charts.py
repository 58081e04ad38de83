"""Each chart, given known data, plots exactly those values (read back from the plot items)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from pytestqt.qtbot import QtBot

from sdm_workbench.analytics.evm import BudgetLineAmounts, MonthAmounts
from sdm_workbench.analytics.rag import Rag
from sdm_workbench.gui.dashboard import PORTFOLIO
from sdm_workbench.gui.dashboard.bands import threshold_bands
from sdm_workbench.gui.dashboard.evm_chart import EvmChart
from sdm_workbench.gui.dashboard.format import month_stamp
from sdm_workbench.gui.dashboard.palette import DashboardStyle
from sdm_workbench.gui.dashboard.risk_chart import RiskChart
from sdm_workbench.gui.dashboard.trend_charts import (
    KpiTrendChart,
    MttrChart,
    SatisfactionChart,
    SlaChart,
    VolumeChart,
)
from sdm_workbench.store import Store

from .conftest import KNOWN_AS_OF, known_data, result

NAN = float("nan")
STYLE = DashboardStyle()
MONTHS = [date(2026, m, 1) for m in range(1, 7)]


def y_of(curve: object) -> np.ndarray:
    y = curve.getData()[1]  # type: ignore[attr-defined]
    return np.empty(0) if y is None else np.asarray(y, dtype=float)


def x_of(curve: object) -> np.ndarray:
    x = curve.getData()[0]  # type: ignore[attr-defined]
    return np.empty(0) if x is None else np.asarray(x, dtype=float)


def months_of(values: dict[str, list[float | None]], **breakdowns: list[dict[str, float]]):
    monthly = []
    for n in range(6):
        month = [result(key, series[n], breakdowns.get(key, [{}] * 6)[n])
                 for key, series in values.items()]  # fmt: skip
        monthly.append(month)
    return monthly


def test_sla_chart_plots_attainment_per_month_and_priority(qtbot: QtBot, store: Store) -> None:
    resolution = [90.0, 92.5, None, 97.0, 95.0, 88.0]
    p1 = [{"P1": v} for v in (100.0, 50.0, 75.0, 80.0, 90.0, 60.0)]
    data = known_data(store, months_of(
        {"sla_attainment": resolution, "sla_response_attainment": [99.0] * 6},
        sla_attainment=p1,
    ))  # fmt: skip
    chart = SlaChart(STYLE)
    qtbot.addWidget(chart)
    chart.update_data(data, PORTFOLIO)
    curves = chart.plot.curves
    np.testing.assert_array_equal(x_of(curves["Resolution"]), [month_stamp(m) for m in MONTHS])
    np.testing.assert_array_equal(y_of(curves["Resolution"]), [90.0, 92.5, NAN, 97.0, 95.0, 88.0])
    np.testing.assert_array_equal(y_of(curves["Response"]), [99.0] * 6)
    np.testing.assert_array_equal(y_of(curves["P1 resolution"]), [100, 50, 75, 80, 90, 60])
    assert y_of(curves["P2 resolution"]).size == 0  # no P2 data: nothing drawn
    bands = [(r.band.status, r.band.low, r.band.high) for r in chart.plot.bands]
    assert [b[0] for b in bands] == [Rag.RED, Rag.AMBER, Rag.GREEN]
    assert bands[0][2] == 90 and bands[1][1:] == (90, 95) and bands[2][1] == 95
    assert chart.plot.target_line is not None and chart.plot.target_line.value() == 95
    text = chart.hover_at(month_stamp(date(2026, 2, 3)))
    assert text.startswith("Feb 2026: Resolution 92.5 %")


def test_threshold_bands_follow_direction() -> None:
    from sdm_workbench.analytics.kpi_catalogue import CATALOGUE

    mttr = threshold_bands(CATALOGUE["mttr"])  # lower is better: 36 amber, 72 red
    assert [(b.status, b.low, b.high) for b in mttr[1:]] == [
        (Rag.AMBER, 36, 72), (Rag.RED, 72, mttr[-1].high),
    ]  # fmt: skip
    assert mttr[0].status is Rag.GREEN and mttr[0].high == 36
    assert threshold_bands(CATALOGUE["volume"]) == []


def test_mttr_chart_plots_mean_median_and_p90(qtbot: QtBot, store: Store) -> None:
    data = known_data(store, months_of({
        "mttr": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0],
        "mttr_median": [5.0, 6.0, 7.0, 8.0, 9.0, 10.0],
        "mttr_p90": [50.0, 60.0, 70.0, 80.0, 90.0, 100.0],
    }))  # fmt: skip
    chart = MttrChart(STYLE)
    qtbot.addWidget(chart)
    chart.update_data(data, PORTFOLIO)
    curves = chart.plot.curves
    np.testing.assert_array_equal(y_of(curves["Mean"]), [10, 20, 30, 40, 50, 60])
    np.testing.assert_array_equal(y_of(curves["Median"]), [5, 6, 7, 8, 9, 10])
    np.testing.assert_array_equal(y_of(curves["P90"]), [50, 60, 70, 80, 90, 100])
    assert chart.hover_at(month_stamp(date(2026, 6, 1))) == (
        "Jun 2026: Mean 60.0 h · Median 10.0 h · P90 100.0 h"
    )


def test_volume_chart_draws_bars_and_backlog(qtbot: QtBot, store: Store) -> None:
    data = known_data(store, months_of({
        "volume": [12.0, 30.0, 7.0, 0.0, 15.0, 9.0],
        "backlog": [3.0, 8.0, 4.0, 2.0, 6.0, 5.0],
    }))  # fmt: skip
    chart = VolumeChart(STYLE)
    qtbot.addWidget(chart)
    chart.update_data(data, PORTFOLIO)
    bars = chart.plot.bars["Opened"]
    np.testing.assert_array_equal(bars.opts["height"], [12, 30, 7, 0, 15, 9])
    np.testing.assert_array_equal(bars.opts["x"], [month_stamp(m) for m in MONTHS])
    np.testing.assert_array_equal(y_of(chart.plot.curves["Backlog"]), [3, 8, 4, 2, 6, 5])


def test_satisfaction_chart_plots_csat_nps_and_ces(qtbot: QtBot, store: Store) -> None:
    data = known_data(store, months_of({
        "csat": [80.0, 85.0, 90.0, 70.0, 75.0, 88.0],
        "nps": [-10.0, 0.0, 10.0, 20.0, 30.0, 40.0],
        "ces": [3.0, 2.5, 2.0, 4.5, 3.5, 2.2],
    }))  # fmt: skip
    chart = SatisfactionChart(STYLE)
    qtbot.addWidget(chart)
    chart.update_data(data, PORTFOLIO)
    np.testing.assert_array_equal(
        y_of(chart.by_key["csat"].curves["CSAT"]), [80, 85, 90, 70, 75, 88]
    )
    np.testing.assert_array_equal(y_of(chart.by_key["nps"].curves["NPS"]), [-10, 0, 10, 20, 30, 40])
    ces = y_of(chart.by_key["ces"].curves["Customer effort"])
    np.testing.assert_array_equal(ces, [3.0, 2.5, 2.0, 4.5, 3.5, 2.2])


def test_kpi_trend_chart_switches_kpi(qtbot: QtBot, store: Store) -> None:
    data = known_data(store, months_of({
        "availability": [99.9, 99.95, 99.5, 100.0, 99.99, 99.8],
        "fcr": [20.0, 21.0, 22.0, 23.0, 24.0, 25.0],
    }))  # fmt: skip
    chart = KpiTrendChart(STYLE)
    qtbot.addWidget(chart)
    chart.set_key("availability")
    chart.update_data(data, PORTFOLIO)
    np.testing.assert_array_equal(y_of(chart.plot.curves["Availability"]),
                                  [99.9, 99.95, 99.5, 100.0, 99.99, 99.8])  # fmt: skip
    chart.set_key("fcr")
    chart.update_data(data, PORTFOLIO)
    assert list(chart.plot.curves) == ["First contact resolution"]
    np.testing.assert_array_equal(y_of(chart.plot.curves["First contact resolution"]),
                                  [20, 21, 22, 23, 24, 25])  # fmt: skip


def test_evm_chart_plots_the_s_curve_of_the_chosen_project(qtbot: QtBot, store: Store) -> None:
    # BAC 300 planned 100 a month over April-June; actuals 90 and 120; status 15 June.
    line = BudgetLineAmounts(300.0, [
        MonthAmounts(date(2026, 4, 1), 100.0, 90.0), MonthAmounts(date(2026, 5, 1), 100.0, 120.0),
        MonthAmounts(date(2026, 6, 1), 100.0, None),
    ])  # fmt: skip
    task = {"id": 1, "parent_id": None, "duration_days": 10.0, "percent_complete": 50.0,
            "start_date": date(2026, 4, 1), "finish_date": date(2026, 6, 30)}  # fmt: skip
    project = {"id": 7, "code": "PRJ-007", "name": "Known"}
    data = known_data(
        store, months_of({"cpi": [1.0] * 6}),
        projects=[project], budget_lines={("project", 7): [line]}, tasks={7: [task]},
    )  # fmt: skip
    assert data.as_of == KNOWN_AS_OF
    chart = EvmChart(STYLE)
    qtbot.addWidget(chart)
    chart.update_data(data, PORTFOLIO)
    assert chart.project_id() == 7
    curves = chart.plot.curves
    np.testing.assert_allclose(y_of(curves["PV (planned)"]), [100.0, 200.0, 250.0])
    np.testing.assert_allclose(y_of(curves["AC (actual)"]), [90.0, 210.0, 210.0])
    ev = y_of(curves["EV (earned)"])
    assert ev[-1] == pytest.approx(150.0)  # BAC x 50 % at the status date
    assert np.all(np.diff(ev) > 0)
    assert chart.bac_line.value() == 300.0


def risk(rid: int, p: int, i: int, rp: int | None = None, ri: int | None = None,
         status: str = "open") -> dict[str, object]:  # fmt: skip
    return {
        "id": rid, "code": f"RSK-{rid:04d}", "title": f"Risk {rid}", "type": "risk",
        "probability": p, "impact": i, "residual_probability": rp, "residual_impact": ri,
        "cost_impact": None, "status": status, "project_id": None, "service_id": None,
    }  # fmt: skip


def test_risk_heat_maps_count_and_list_cells(qtbot: QtBot, store: Store) -> None:
    items = [risk(1, 5, 5, 2, 3), risk(2, 5, 5, 2, 3), risk(3, 1, 2), risk(4, 3, 4, 1, 1),
             risk(5, 4, 4, status="closed")]  # fmt: skip
    data = known_data(store, months_of({"volume": [1.0] * 6}), raid_items=items)
    chart = RiskChart(STYLE)
    qtbot.addWidget(chart)
    chart.resize(900, 500)
    chart.show()
    chart.update_data(data, PORTFOLIO)
    inherent = np.zeros((5, 5), dtype=int)
    inherent[4, 4], inherent[0, 1], inherent[2, 3] = 2, 1, 1
    np.testing.assert_array_equal(chart.inherent.counts(), inherent)
    residual = np.zeros((5, 5), dtype=int)
    residual[1, 2], residual[0, 1], residual[0, 0] = 2, 1, 1
    np.testing.assert_array_equal(chart.residual.counts(), residual)
    assert chart.select_cell(False, 5, 5) == ["RSK-0001  Risk 1", "RSK-0002  Risk 2"]
    # A real click on the residual map's cell (probability 2, impact 3)
    scene_point = chart.residual.plot.vb.mapViewToScene(QPointF(3, 2))  # impact 3, prob. 2
    view_point = chart.graphics.mapFromScene(scene_point)
    qtbot.mouseClick(chart.graphics.viewport(), Qt.MouseButton.LeftButton, pos=view_point)
    assert [chart.risk_list.item(n).text() for n in range(chart.risk_list.count())] == [
        "RSK-0001  Risk 1",
        "RSK-0002  Risk 2",
    ]
    assert "Residual probability 2 x impact 3" in chart.cell_title.text()
