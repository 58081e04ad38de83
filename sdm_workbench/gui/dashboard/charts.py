"""The chart area under the tiles: one tab per chart, and which chart a KPI opens.

Charts are built the first time they are needed (their tab is shown, or a caller asks for
one) and redrawn only while they are the current tab: building and drawing all eleven at start
was most of the dashboard's first paint. A hidden chart keeps the data it missed and draws it
when its tab comes to the front.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Protocol

from PySide6.QtWidgets import QTabWidget, QWidget

from .data import DashboardData, ScopeRef
from .evm_chart import EvmChart
from .extra_charts import AvailabilityChart, BudgetChart, DoraChart, ServqualChart
from .palette import DashboardStyle
from .risk_chart import RiskChart
from .trend_charts import (
    KpiTrendChart,
    MonthlyChart,
    MttrChart,
    SatisfactionChart,
    SlaChart,
    VolumeChart,
)


class Chart(Protocol):
    title: str
    keys: tuple[str, ...]

    def update_data(self, data: DashboardData, scope: ScopeRef) -> None: ...

    def set_style(self, style: DashboardStyle) -> None: ...


ChartType = type[QWidget]
KINDS: dict[str, ChartType] = {
    "sla": SlaChart, "mttr": MttrChart, "volume": VolumeChart,
    "satisfaction": SatisfactionChart, "servqual": ServqualChart,
    "availability": AvailabilityChart, "dora": DoraChart, "evm": EvmChart,
    "budget": BudgetChart, "risk": RiskChart, "trend": KpiTrendChart,
}  # fmt: skip


def from_results(kind: ChartType) -> bool:
    """Whether a chart draws from KPI results alone (others need the inputs: EVM, budget,
    risks, SERVQUAL, the error budget), so it can draw from cached results."""
    return issubclass(kind, MonthlyChart)


class _Charts(Mapping[str, QWidget]):
    """``charts[name]``: the chart, built (and brought up to date) on first access."""

    def __init__(self, tabs: ChartTabs) -> None:
        self._tabs = tabs

    def __getitem__(self, name: str) -> QWidget:
        if name not in KINDS:
            raise KeyError(name)
        return self._tabs.chart(name)

    def __iter__(self) -> Iterator[str]:
        return iter(KINDS)

    def __len__(self) -> int:
        return len(KINDS)


class ChartTabs(QTabWidget):
    """Every chart of the dashboard; ``charts`` by short name for callers and tests."""

    def __init__(self, style: DashboardStyle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self._style = style
        self.built: dict[str, QWidget] = {}
        self._pages: dict[str, QWidget] = {}  # what each tab holds: a placeholder or the chart
        self._stale: set[str] = set()  # built charts that missed data while hidden
        self._data: DashboardData | None = None
        self._scope: ScopeRef | None = None
        self.charts: Mapping[str, QWidget] = _Charts(self)
        for name, kind in KINDS.items():
            self.addTab(self._page(name), str(getattr(kind, "title", name)))
        self.currentChanged.connect(self._on_current)

    def _page(self, name: str) -> QWidget:
        page = self._pages.get(name)
        if page is None:
            page = self._pages[name] = QWidget(self)
            page.setObjectName(f"{name}Placeholder")
        return page

    def chart(self, name: str) -> QWidget:
        """The chart ``name``, built if needed and up to date with the last data."""
        chart = self.built.get(name)
        if chart is None:
            chart = self._build(name)
        if name in self._stale:
            self._draw(name)
        return chart

    def _build(self, name: str) -> QWidget:
        chart = KINDS[name](self._style, self)  # type: ignore[call-arg]
        chart.setObjectName(f"{name}Chart")
        self.built[name] = chart
        placeholder = self._pages[name]
        self._pages[name] = chart
        index = self.indexOf(placeholder)
        if index >= 0:  # swap the placeholder for the chart in its tab, quietly
            current, text = self.currentIndex(), self.tabText(index)
            self.blockSignals(True)
            self.removeTab(index)
            self.insertTab(index, chart, text)
            self.setCurrentIndex(current)
            self.blockSignals(False)
        else:
            chart.setVisible(False)
        placeholder.deleteLater()
        self._stale.add(name)
        return chart

    def _name_of(self, widget: QWidget | None) -> str | None:
        for name, page in self._pages.items():
            if page is widget:
                return name
        return None

    def _on_current(self, _index: int) -> None:
        """The chart brought to the front is built (even before there is data: on a start
        that overlaps the reading of the data stamp) and drawn."""
        name = self._name_of(self.currentWidget())
        if name is not None:
            self.chart(name)

    def titles(self) -> list[tuple[str, str]]:
        """(name, title) of every chart, in the standard order."""
        return [(name, str(getattr(kind, "title", name))) for name, kind in KINDS.items()]

    def shown(self) -> list[str]:
        """Names of the charts shown as tabs, in tab order."""
        return [name for n in range(self.count()) if (name := self._name_of(self.widget(n)))]

    def show_charts(self, names: tuple[str, ...] | None) -> None:
        """Show the charts ``names`` in that order (None: all, standard order)."""
        wanted = [n for n in (names or KINDS) if n in KINDS] or list(KINDS)
        if wanted == self.shown():
            self._on_current(self.currentIndex())
            return
        current = self.currentWidget()
        self.blockSignals(True)
        while self.count():
            self.removeTab(0)
        for page in self._pages.values():
            page.setVisible(False)
        for name in wanted:
            self.addTab(self._page(name), str(getattr(KINDS[name], "title", name)))
        if current is not None and self.indexOf(current) >= 0:
            self.setCurrentWidget(current)
        self.blockSignals(False)
        self._on_current(self.currentIndex())

    def update_data(self, data: DashboardData, scope: ScopeRef) -> None:
        """New data: the current chart draws it now, the others when they are shown."""
        self._data, self._scope = data, scope
        self._stale = set(self.built)
        current = self._name_of(self.currentWidget())
        if current is not None:
            self.chart(current)

    def _draw(self, name: str) -> None:
        data, scope = self._data, self._scope
        if data is None or scope is None:
            return
        if data.cached_at is not None and not from_results(KINDS[name]):
            return  # stays as it is (empty at first) until the fresh results arrive
        self._stale.discard(name)
        chart: Chart = self.built[name]  # type: ignore[assignment]
        chart.update_data(data, scope)

    def set_style(self, style: DashboardStyle) -> None:
        self._style = style
        for name, chart in self.built.items():
            chart.set_style(style)  # type: ignore[attr-defined]
            self._stale.add(name)
        current = self._name_of(self.currentWidget())
        if current is not None and current in self.built:
            self.chart(current)

    def current_name(self) -> str | None:
        return self._name_of(self.currentWidget())

    def open_for(self, key: str) -> QWidget:
        """Show the chart that explains KPI ``key`` (its own trend chart if no other does)."""
        for name in self.shown():
            if name != "trend" and key in getattr(KINDS[name], "keys", ()):
                chart = self.chart(name)
                self.setCurrentWidget(chart)
                return chart
        trend = self.built.get("trend") or self._build("trend")
        assert isinstance(trend, KpiTrendChart)
        if self.indexOf(trend) < 0:  # a layout without it: the tile's chart still opens
            self.addTab(trend, trend.title)
        trend.set_key(key)
        self._stale.add("trend")
        self.setCurrentWidget(trend)
        return self.chart("trend")
