"""The chart area under the tiles: one tab per chart, and which chart a KPI opens."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QTabWidget, QWidget

from .data import DashboardData, ScopeRef
from .evm_chart import EvmChart
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
            "evm": EvmChart(style, self),
            "risk": RiskChart(style, self),
            "trend": KpiTrendChart(style, self),
        }
        for name, chart in self.charts.items():
            chart.setObjectName(f"{name}Chart")
            self.addTab(chart, chart.title)  # type: ignore[attr-defined]
        self._data: DashboardData | None = None
        self._scope: ScopeRef | None = None

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
            if chart is not self.charts["trend"] and key in getattr(chart, "keys", ()):
                self.setCurrentWidget(chart)
                return chart
        trend = self.charts["trend"]
        assert isinstance(trend, KpiTrendChart)
        trend.set_key(key)
        if self._data is not None and self._scope is not None:
            trend.update_data(self._data, self._scope)
        self.setCurrentWidget(trend)
        return trend
