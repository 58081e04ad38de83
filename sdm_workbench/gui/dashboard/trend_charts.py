"""Monthly KPI charts: SLA attainment, MTTR, volume and backlog, satisfaction, any KPI."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ...analytics.kpi_catalogue import CATALOGUE
from .chart_base import ChartPanel, TrendPlot, month_labels, month_x
from .data import DashboardData, ScopeRef
from .palette import DashboardStyle
from .period_shade import shade_period

PRIORITIES = ("P1", "P2", "P3", "P4", "P5")


class MonthlyChart(ChartPanel):
    """A chart of monthly KPI values of one scope; subclasses say which."""

    keys: tuple[str, ...] = ()

    def update_data(self, data: DashboardData, scope: ScopeRef) -> None:
        days = [p.start for p in data.months]
        for trend in self.plots:
            trend.set_x(month_x(days), month_labels(days))
        self.draw(data, scope)
        for trend in self.plots:  # after the data: its range decides the shade's height
            shade_period(trend, data.tile_period, self.style_.period_shade)

    def draw(self, data: DashboardData, scope: ScopeRef) -> None:
        raise NotImplementedError

    def _bands(self, trend: TrendPlot, data: DashboardData, key: str) -> None:
        trend.set_thresholds(data.specs.get(key), self.style_)


class SlaChart(MonthlyChart):
    """Resolution and response attainment by month, and resolution attainment per priority."""

    title = "SLA attainment"
    keys = ("sla_attainment", "sla_response_attainment")

    def __init__(self, style: DashboardStyle, parent: QWidget | None = None) -> None:
        super().__init__(style, parent)
        self.plot = self.add_plot("SLA attainment by month", "%")

    def draw(self, data: DashboardData, scope: ScopeRef) -> None:
        s, p = self.style_, self.plot
        p.line("Resolution", data.series(scope, "sla_attainment"), s.series(0), width=3)
        p.line("Response", data.series(scope, "sla_response_attainment"), s.series(1), width=3)
        for n, priority in enumerate(PRIORITIES):
            values = data.breakdown_series(scope, "sla_attainment", priority)
            p.line(f"{priority} resolution", values, s.series(2 + n), width=1.2,
                   style=Qt.PenStyle.DashLine)  # fmt: skip
        self._bands(p, data, "sla_attainment")


class MttrChart(MonthlyChart):
    """Mean, median and 90th percentile time to resolve: means hide the long tail."""

    title = "Time to resolve"
    keys = ("mttr", "mttr_median", "mttr_p90", "mttr_business")

    def __init__(self, style: DashboardStyle, parent: QWidget | None = None) -> None:
        super().__init__(style, parent)
        self.plot = self.add_plot(
            "Time to resolve: mean, median and P90; bands for the mean", "hours"
        )

    def draw(self, data: DashboardData, scope: ScopeRef) -> None:
        s, p = self.style_, self.plot
        p.line("Mean", data.series(scope, "mttr"), s.series(0), "hours", width=3)
        p.line("Median", data.series(scope, "mttr_median"), s.series(2), "hours")
        p.line("P90", data.series(scope, "mttr_p90"), s.series(3), "hours",
               style=Qt.PenStyle.DashLine)  # fmt: skip
        self._bands(p, data, "mttr")


class VolumeChart(MonthlyChart):
    """Tickets opened per month (bars) and open at each month's end (line)."""

    title = "Volume and backlog"
    keys = ("volume", "backlog")

    def __init__(self, style: DashboardStyle, parent: QWidget | None = None) -> None:
        super().__init__(style, parent)
        self.plot = self.add_plot("Tickets opened and backlog at month end", "tickets")

    def draw(self, data: DashboardData, scope: ScopeRef) -> None:
        s, p = self.style_, self.plot
        p.bar("Opened", data.series(scope, "volume"), s.series(0), "tickets")
        p.line("Backlog", data.series(scope, "backlog"), s.series(1), "tickets", width=3)


class SatisfactionChart(MonthlyChart):
    """CSAT, NPS and CES, one plot each (their scales differ), months aligned."""

    title = "Satisfaction"
    keys = ("csat", "csat_mean", "nps", "ces")
    _rows = (("csat", "CSAT", "%"), ("nps", "NPS", "score"), ("ces", "Customer effort", "1-7"))

    def __init__(self, style: DashboardStyle, parent: QWidget | None = None) -> None:
        super().__init__(style, parent)
        self.by_key = {
            key: self.add_plot(title, unit, col=n)
            for n, (key, title, unit) in enumerate(self._rows)
        }

    def draw(self, data: DashboardData, scope: ScopeRef) -> None:
        for n, (key, title, unit) in enumerate(self._rows):
            trend = self.by_key[key]
            trend.line(title, data.series(scope, key), self.style_.series(n), unit, width=3)
            self._bands(trend, data, key)


class KpiTrendChart(MonthlyChart):
    """Any one KPI by month with its target and RAG bands (the tile's own chart)."""

    title = "KPI trend"

    def __init__(self, style: DashboardStyle, parent: QWidget | None = None) -> None:
        super().__init__(style, parent)
        self.key = "volume"
        self.plot = self.add_plot("KPI", "")

    def set_key(self, key: str) -> None:
        self.key = key
        self.keys = (key,)

    def draw(self, data: DashboardData, scope: ScopeRef) -> None:
        spec = data.specs.get(self.key) or CATALOGUE.get(self.key)
        name = spec.name if spec else self.key
        unit = spec.unit if spec else ""
        p = self.plot
        if p.title != name or p.unit != unit:
            for curve in p.curves.values():
                p.plot.removeItem(curve)
            p.curves.clear()
            p.values.clear()
            p.legend.clear()
            p.title, p.unit = name, unit
            self._style_plot(p)
            p.plot.enableAutoRange()
        p.line(name, data.series(scope, self.key), self.style_.series(0), unit, width=3)
        self._bands(p, data, self.key)
