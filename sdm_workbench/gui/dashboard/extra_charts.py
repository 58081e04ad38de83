"""DORA measures, availability with the error-budget burn-down, budget burn (planned, actual,
forecast) and SERVQUAL expectation against perception per RATER dimension."""

from __future__ import annotations

from datetime import date

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...analytics.rag import Rag
from .chart_base import ChartPanel, month_labels, month_x
from .chart_data import budget_burn, error_budget_burn_down, scope_budget_lines, servqual
from .data import DashboardData, ScopeRef
from .format import month_stamp
from .palette import DashboardStyle
from .period_shade import shade_period
from .trend_charts import MonthlyChart


class DoraChart(MonthlyChart):
    """The four DORA measures by month, each against its own thresholds."""

    title = "DORA"
    keys = ("deployment_frequency", "lead_time", "change_failure_rate", "recovery_time")
    _rows = (
        ("deployment_frequency", "Deployments", "per month", 0, 0),
        ("lead_time", "Lead time for changes", "hours", 0, 1),
        ("change_failure_rate", "Change failure rate", "%", 1, 0),
        ("recovery_time", "Failed deployment recovery", "hours", 1, 1),
    )

    def __init__(self, style: DashboardStyle, parent: QWidget | None = None) -> None:
        super().__init__(style, parent)
        self.by_key = {key: self.add_plot(title, unit, row=row, col=col)
                       for key, title, unit, row, col in self._rows}  # fmt: skip

    def draw(self, data: DashboardData, scope: ScopeRef) -> None:
        for n, (key, title, unit, _row, _col) in enumerate(self._rows):
            trend = self.by_key[key]
            if key == "deployment_frequency":
                trend.bar(title, data.series(scope, key), self.style_.series(0), unit)
            else:
                trend.line(title, data.series(scope, key), self.style_.series(n), unit, width=3)
            self._bands(trend, data, key)


def _day_stamp(day: date) -> float:
    """UTC seconds of a day's start: the x of a day on a date axis."""
    return month_stamp(day) + (day.day - 1) * 86_400.0


class AvailabilityChart(ChartPanel):
    """The error budget left day by day in the chosen period (against spending it evenly),
    and availability by month with its bands."""

    title = "Availability"
    keys = ("availability", "error_budget_remaining", "burn_rate")

    def __init__(self, style: DashboardStyle, parent: QWidget | None = None) -> None:
        super().__init__(style, parent)
        self.burn = self.add_plot("Error budget left", "minutes")
        self.monthly = self.add_plot("Availability by month", "%", col=1)
        self.monthly.plot.setXLink(None)  # days on the left, months on the right
        self.monthly.plot.enableAutoRange()

    def update_data(self, data: DashboardData, scope: ScopeRef) -> None:
        s, period = self.style_, data.tile_period
        down = error_budget_burn_down(data, scope, period)
        self.burn.title = f"Error budget left in {period.label}"
        self._style_plot(self.burn)
        self.burn.set_x(np.array([_day_stamp(d) for d in down.days]),
                        [f"{d:%d %b %Y}" for d in down.days])  # fmt: skip
        self.burn.line("Left", down.remaining, s.series(0), "minutes", width=3)
        self.burn.line("Even burn", down.even, s.muted, "minutes", width=1.5,
                       style=Qt.PenStyle.DashLine)  # fmt: skip
        days = [p.start for p in data.months]
        self.monthly.set_x(month_x(days), month_labels(days))
        shade_period(self.monthly, period, s.period_shade)
        self.monthly.line("Availability", data.series(scope, "availability"), s.series(2),
                          width=3)  # fmt: skip
        self.monthly.set_thresholds(data.specs.get("availability"), s)


class BudgetChart(ChartPanel):
    """Cumulative planned, actual and forecast cost per month, with BAC and the status date."""

    title = "Budget burn"
    keys = ("cost_per_delivery",)

    def __init__(self, style: DashboardStyle, parent: QWidget | None = None) -> None:
        super().__init__(style, parent)
        self.plot = self.add_plot("Budget burn: planned, actual and forecast (cumulative)",
                                  "currency")  # fmt: skip
        self.bac_line = pg.InfiniteLine(angle=0, movable=False, label="BAC",
                                        labelOpts={"position": 0.6})  # fmt: skip
        self.status_line = pg.InfiniteLine(angle=90, movable=False, label="Status",
                                           labelOpts={"position": 0.95})  # fmt: skip
        self.plot.plot.addItem(self.bac_line)
        self.plot.plot.addItem(self.status_line, ignoreBounds=True)

    def update_data(self, data: DashboardData, scope: ScopeRef) -> None:
        s, p = self.style_, self.plot
        burn = budget_burn(scope_budget_lines(data, scope), data.as_of)
        p.set_x(month_x(burn.months), month_labels(burn.months))
        p.line("Planned", burn.planned, s.series(0), width=3)
        p.line("Actual", burn.actual, s.series(3), width=3)
        p.line("Forecast", burn.forecast, s.series(1), width=2, style=Qt.PenStyle.DashLine)
        self.bac_line.setPos(burn.bac)
        self.bac_line.setVisible(burn.bac > 0)
        self.bac_line.label.setText(f"BAC {burn.bac:,.0f}")
        self.status_line.setPos(_day_stamp(data.as_of))
        self.status_line.label.setText(f"Status {data.as_of:%d %b %Y}")
        for line in (self.bac_line, self.status_line):
            line.setPen(pg.mkPen(s.muted, width=1.2, style=Qt.PenStyle.DashLine))
            line.label.setColor(s.muted)


class ServqualChart(QWidget):
    """Expectation and perception side by side per RATER dimension, and the gap P - E."""

    title = "SERVQUAL"
    keys = ("servqual_gap",)

    def __init__(self, style: DashboardStyle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._style = style
        self.caption = QLabel(" ", self)
        self.graphics = pg.GraphicsLayoutWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.caption)
        layout.addWidget(self.graphics, 1)
        self.scores = self.graphics.addPlot(row=0, col=0)
        self.gaps = self.graphics.addPlot(row=0, col=1)
        self.legend = self.scores.addLegend(offset=(-8, 4), colCount=2)
        self.expectation = pg.BarGraphItem(x=[], height=[], width=0.38, name="Expectation")
        self.perception = pg.BarGraphItem(x=[], height=[], width=0.38, name="Perception")
        self.gap = pg.BarGraphItem(x=[], height=[], width=0.6)
        self.scores.addItem(self.expectation)
        self.scores.addItem(self.perception)
        self.gaps.addItem(self.gap)
        self.gaps.addLine(y=0, pen=pg.mkPen("#888888"))
        for plot in (self.scores, self.gaps):
            plot.setMenuEnabled(False)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
        self.scores.setYRange(0, 8.2, padding=0)  # room for the legend above a 7
        self.values: dict[str, np.ndarray] = {}
        self.set_style(style)

    def update_data(self, data: DashboardData, scope: ScopeRef) -> None:
        found = servqual(data, scope, data.tile_period)
        x = np.arange(len(found.dimensions), dtype=np.float64)
        ticks = [[(float(i), d.capitalize()) for i, d in enumerate(found.dimensions)]]
        for plot in (self.scores, self.gaps):
            plot.getAxis("bottom").setTicks(ticks)
        s = self._style
        e, p, gap = (np.nan_to_num(v) for v in (found.expectation, found.perception, found.gap))
        self.expectation.setOpts(x=x - 0.2, height=e, brush=s.series(0), pen=s.series(0))
        self.perception.setOpts(x=x + 0.2, height=p, brush=s.series(1), pen=s.series(1))
        colours = [s.rag(Rag.RED if g < 0 else Rag.GREEN) for g in gap]
        self.gap.setOpts(x=x, height=gap, brushes=colours, pens=colours)
        self.values = {"expectation": found.expectation, "perception": found.perception,
                       "gap": found.gap}  # fmt: skip
        self.caption.setText(f"{found.responses} response(s) in {data.tile_period.label}; "
                             "a negative gap is a shortfall")  # fmt: skip

    def set_style(self, style: DashboardStyle) -> None:
        self._style = style
        self.graphics.setBackground(style.background)
        font = QFont(self.font())
        font.setPointSizeF(9 * style.scale)
        for plot, title in ((self.scores, "Expectation and perception (1-7)"),
                            (self.gaps, "Gap: perception - expectation")):  # fmt: skip
            plot.setTitle(title, color=style.foreground.name(), size=f"{style.points(10)}pt")
            for name in ("left", "bottom"):
                axis = plot.getAxis(name)
                axis.setPen(pg.mkPen(style.muted))
                axis.setTextPen(pg.mkPen(style.foreground))
                axis.setTickFont(font)
        self.legend.setLabelTextColor(style.foreground)
        background = QColor(style.background)
        background.setAlpha(200)
        self.legend.setBrush(background)
