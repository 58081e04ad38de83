"""The chart area under the tiles: one tab per chart, and which chart a KPI opens."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QTabWidget, QWidget

from .data import DashboardData, ScopeRef
from .evm_chart import EvmChart
from .extra_charts import AvailabilityChart, BudgetChart, DoraChart, ServqualChart
from .palette import DashboardStyle
from .risk_chart import RiskChart
from .trend_charts import KpiTrendChart, MttrChart, SatisfactionChart, SlaChart, VolumeChart


class Chart(Protocol):
    title: str
    keys: tuple[str, ...]

    def update_data(self, data: DashboardData, scope: ScopeRef) -> None: ...

    def set_style(self, style: DashboardStyle) -> None: ...


class ChartTabs(QTabWidget):
    """Every chart of the dashboard; ``charts`` by short name for callers and tests."""

    def __init__(self, style: DashboardStyle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.charts: dict[str, QWidget] = {
            "sla": SlaChart(style, self),
            "mttr": MttrChart(style, self),
            "volume": VolumeChart(style, self),
            "satisfaction": SatisfactionChart(style, self),
            "servqual": ServqualChart(style, self),
            "availability": AvailabilityChart(style, self),
            "dora": DoraChart(style, self),
            "evm": EvmChart(style, self),
            "budget": BudgetChart(style, self),
            "risk": RiskChart(style, self),
            "trend": KpiTrendChart(style, self),
        }
        for name, chart in self.charts.items():
            chart.setObjectName(f"{name}Chart")
            self.addTab(chart, chart.title)  # type: ignore[attr-defined]
        self._data: DashboardData | None = None
        self._scope: ScopeRef | None = None

    def titles(self) -> list[tuple[str, str]]:
        """(name, title) of every chart, in the standard order."""
        return [(name, str(getattr(chart, "title", name))) for name, chart in self.charts.items()]

    def shown(self) -> list[str]:
        """Names of the charts shown as tabs, in tab order."""
        names = {id(chart): name for name, chart in self.charts.items()}
        return [names[id(self.widget(n))] for n in range(self.count())]

    def show_charts(self, names: tuple[str, ...] | None) -> None:
        """Show the charts ``names`` in that order (None: all, standard order)."""
        wanted = [n for n in (names or self.charts) if n in self.charts] or list(self.charts)
        if wanted == self.shown():
            return
        current = self.currentWidget()
        while self.count():
            self.removeTab(0)
        for name in self.charts:
            self.charts[name].setVisible(False)
        for name in wanted:
            chart = self.charts[name]
            self.addTab(chart, getattr(chart, "title", name))
        if current is not None and self.indexOf(current) >= 0:
            self.setCurrentWidget(current)

    def _all(self) -> list[Chart]:
        return list(self.charts.values())  # type: ignore[arg-type]

    def update_data(self, data: DashboardData, scope: ScopeRef) -> None:
        self._data, self._scope = data, scope
        for chart in self._all():
            chart.update_data(data, scope)

    def set_style(self, style: DashboardStyle) -> None:
        for chart in self._all():
            chart.set_style(style)
        if self._data is not None and self._scope is not None:
            self.update_data(self._data, self._scope)

    def open_for(self, key: str) -> QWidget:
        """Show the chart that explains KPI ``key`` (its own trend chart if no other does)."""
        for chart in self.charts.values():
            if self.indexOf(chart) < 0:
                continue
            if chart is not self.charts["trend"] and key in getattr(chart, "keys", ()):
                self.setCurrentWidget(chart)
                return chart
        trend = self.charts["trend"]
        assert isinstance(trend, KpiTrendChart)
        if self.indexOf(trend) < 0:  # a layout without it: the tile's chart still opens
            self.addTab(trend, trend.title)
        trend.set_key(key)
        if self._data is not None and self._scope is not None:
            trend.update_data(self._data, self._scope)
        self.setCurrentWidget(trend)
        return trend
