"""The charts' grid lines sit at the very ticks the axes label, and follow zoom."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from sdm_workbench.gui.dashboard import PORTFOLIO
from sdm_workbench.gui.dashboard.palette import DashboardStyle
from sdm_workbench.gui.dashboard.trend_charts import MttrChart
from sdm_workbench.store import Store

from .conftest import known_data
from .test_charts import months_of

Levels = list[list[float]]


def _floats(levels: Any) -> Levels:
    return [[float(v) for v in values] for values in levels]


def _spy_on_ticks(axis: Any) -> list[Levels]:
    """Record the tick values (every level) the axis itself computes when it paints."""
    seen: list[Levels] = []
    own = axis.tickValues

    def recording(low: float, high: float, size: float) -> Any:
        levels = own(low, high, size)
        seen.append(_floats(values for _spacing, values in levels))
        return levels

    axis.tickValues = recording
    return seen


def test_grid_lines_sit_at_the_axis_ticks_and_follow_zoom(qtbot: QtBot, store: Store) -> None:
    data = known_data(store, months_of({"mttr": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]}))
    chart = MttrChart(DashboardStyle())
    qtbot.addWidget(chart)
    chart.resize(900, 420)
    chart.show()
    chart.update_data(data, PORTFOLIO)
    plot = chart.plot
    bottom = _spy_on_ticks(plot.plot.getAxis("bottom"))
    left = _spy_on_ticks(plot.plot.getAxis("left"))
    chart.grab()
    xs, ys = plot.grid.levels()
    assert xs and ys and xs[0] and ys[0] and len(ys) > 1  # major and minor lines
    assert _floats(xs) == bottom[-1]
    assert _floats(ys) == left[-1]
    assert plot.grid.colour.alpha() > 0

    low, high = plot.plot.viewRange()[1]
    plot.plot.setYRange(low, low + (high - low) / 20, padding=0)  # zoom into the values
    chart.grab()
    zoomed = plot.grid.levels()[1]
    assert _floats(zoomed) == left[-1]
    assert zoomed != ys
