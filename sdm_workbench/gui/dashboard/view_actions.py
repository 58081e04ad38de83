"""What the dashboard's bar and side panel ask of it: KPI definitions, layouts, presentation
options and export, one mixin of :class:`DashboardView` (kept apart: the view is about data)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QCheckBox, QDialog, QFileDialog, QLabel, QWidget

from ...analytics.kpi_catalogue import CATALOGUE
from ...domain.errors import DomainError
from ...operations import Operation
from ...store import Store
from ...store import repository as repo
from .charts import ChartTabs
from .export import export_scene, export_widget
from .kpi_editor import KpiDefinitionDialog, Limits, definition_operation
from .layout_dialog import LayoutDialog
from .layouts import DashboardLayout, LayoutBook
from .palette import DashboardStyle
from .tile import KpiTile
from .tile_grid import PREFERRED_ORDER, TileGrid
from .toolbar import DashboardBar

if TYPE_CHECKING:
    from .data import DashboardData

LARGE_KEY = "dashboard/large_type"
COLOUR_BLIND_KEY = "dashboard/colour_blind"


class DashboardActions(QWidget):
    """The view's actions that change how it looks or what it writes, not its data."""

    store: Store
    data: DashboardData | None
    bar: DashboardBar
    chart_tabs: ChartTabs
    tile_grid: TileGrid
    layouts: LayoutBook
    status_label: QLabel
    large_box: QCheckBox
    blind_box: QCheckBox
    style_: DashboardStyle
    _settings: QSettings | None
    apply_operation: Callable[[Operation], object]

    # provided by the view
    tiles: dict[str, KpiTile]
    _show_data: Callable[[], None]
    _size_tile_area: Callable[[], None]

    def edit_definition(self, key: str, limits: Limits | None = None) -> bool:
        """Ask for (or apply the given) target and thresholds of KPI ``key``; one undo step.

        Returns True when a change was applied; the tiles recolour as soon as the change
        is committed (the refresher re-rates without recomputing).
        """
        spec = (self.data.specs if self.data else CATALOGUE).get(key) or CATALOGUE.get(key)
        if spec is None:
            return False
        if limits is None:
            tile = self.tiles.get(key)
            dialog = KpiDefinitionDialog(spec, tile.result.value if tile else None, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            limits = dialog.limits()
        with self.store.session() as session:
            stored = repo.list_rows(session, "kpi", where={"key": key})
        operation = definition_operation(spec, limits, stored[0].values if stored else None)
        if operation is None:
            return False
        try:
            done = self.apply_operation(operation)
        except DomainError as refused:
            self.status_label.setText(f"Not changed: {refused}")
            return False
        return done is not False

    def use_layout(self, name: str) -> DashboardLayout:
        """Show the named layout's tiles and charts (and remember the choice)."""
        layout = self.layouts.use(name)
        self.bar.set_layout_names(self.layouts.names(), layout.name)
        self.tile_grid.chosen = layout.tiles
        self.chart_tabs.show_charts(layout.charts)
        self._show_data()
        return layout

    def save_layout(self, layout: DashboardLayout) -> DashboardLayout:
        """Keep ``layout`` under its name and show it."""
        self.layouts.save(layout)
        return self.use_layout(layout.name)

    def customize_layout(self) -> None:
        specs = self.data.specs if self.data else CATALOGUE
        rank = {key: n for n, key in enumerate(PREFERRED_ORDER)}
        keys = sorted(specs, key=lambda k: rank.get(k, len(rank)))
        dialog = LayoutDialog(self.layouts.current, [(k, specs[k].name) for k in keys],
                              self.chart_tabs.titles(), self)  # fmt: skip
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.save_layout(dialog.result_layout())

    def set_presentation(
        self, *, large: bool | None = None, colour_blind: bool | None = None
    ) -> None:
        """Large type for a projector, the colour-blind-safe palette; kept in the settings."""
        if large is not None:
            self.large_box.setChecked(large)
        if colour_blind is not None:
            self.blind_box.setChecked(colour_blind)

    def export_chart(self, path: Path, chart: QWidget | None = None) -> Path:
        """The current (or given) chart as PNG or SVG, by the file's suffix; a given chart is
        brought to the front first (it is exported as laid out on screen)."""
        chart = chart or self.chart_tabs.currentWidget()
        if chart is not self.chart_tabs.currentWidget():
            self.chart_tabs.setCurrentWidget(chart)
        graphics = getattr(chart, "graphics", None)
        if graphics is None:
            raise ValueError("This chart cannot be exported")
        return export_scene(graphics, path)

    def export_dashboard(self, path: Path) -> Path:
        """The whole dashboard as it is on screen: PNG, or PDF (one landscape page)."""
        return export_widget(self, path)

    def _delete_layout(self) -> None:
        self.layouts.delete(self.layouts.current.name)
        self.use_layout(self.layouts.current.name)

    def _on_style_option(self, _checked: bool = False) -> None:
        if self._settings is not None:
            self._settings.setValue(LARGE_KEY, self.large_box.isChecked())
            self._settings.setValue(COLOUR_BLIND_KEY, self.blind_box.isChecked())
        self._restyle()

    def _restyle(self) -> None:
        style = DashboardStyle.from_application(
            colour_blind=self.blind_box.isChecked(), large=self.large_box.isChecked()
        )
        if style == self.style_:
            return
        self.style_ = style
        self.tile_grid.set_style(style)
        self.chart_tabs.set_style(style)
        self._size_tile_area()

    def _ask_export_chart(self, suffix: str) -> None:
        name = getattr(self.chart_tabs.currentWidget(), "title", "chart").lower().replace(" ", "-")
        path, _ = QFileDialog.getSaveFileName(self, "Export chart", f"{name}.{suffix}",
                                              f"{suffix.upper()} (*.{suffix})")  # fmt: skip
        if path:
            self.export_chart(Path(path))

    def _ask_export_dashboard(self, suffix: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export dashboard", f"dashboard.{suffix}",
                                              f"{suffix.upper()} (*.{suffix})")  # fmt: skip
        if path:
            self.export_dashboard(Path(path))
