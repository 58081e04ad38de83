"""The Overview: KPI tiles for a scope above the charts, live and exportable."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QMarginsF, QPoint, QSettings, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...store import Store
from ..live import LiveUpdates
from .chart_base import export_scene
from .charts import ChartTabs
from .data import DEFAULT_MONTHS, PORTFOLIO, DashboardData, ScopeRef
from .format import month_label
from .palette import DashboardStyle
from .refresher import Refresher
from .tile import KpiTile
from .tile_grid import TileGrid

LARGE_KEY = "dashboard/large_type"
COLOUR_BLIND_KEY = "dashboard/colour_blind"


class DashboardView(QWidget):
    """The portfolio dashboard (the "overview" view).

    Pass the main window's :class:`LiveUpdates` as ``live`` so one watcher serves the window;
    without it the view makes its own. ``as_of`` fixes "today" (tests, reviews); ``settings``
    keeps the presentation choices. Call :meth:`close_view` before the store closes.
    """

    refreshed = Signal()  # new data is on screen

    def __init__(
        self,
        store: Store,
        live: LiveUpdates | None = None,
        parent: QWidget | None = None,
        *,
        as_of: date | None = None,
        months: int = DEFAULT_MONTHS,
        threaded: bool = True,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardView")
        self._settings = settings
        large = bool(settings.value(LARGE_KEY, False, type=bool)) if settings else False
        blind = bool(settings.value(COLOUR_BLIND_KEY, False, type=bool)) if settings else False
        self.style_ = DashboardStyle.from_application(colour_blind=blind, large=large)
        self.scope: ScopeRef = PORTFOLIO
        self.data: DashboardData | None = None
        self.last_refresh: datetime | None = None
        self._build()
        self.large_box.setChecked(large)
        self.blind_box.setChecked(blind)
        self.refresher = Refresher(
            store, live, as_of=as_of, months=months, threaded=threaded, parent=self
        )
        self.refresher.computed.connect(self._apply)
        self.refresher.failed.connect(self._on_failed)
        self.refresher.busy_changed.connect(self._show_status)
        self.refresher.refresh_now()

    # --- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.scope_box = QComboBox(self)
        self.scope_box.setObjectName("scopeBox")
        self.scope_box.setMinimumContentsLength(28)
        self.scope_box.addItem(PORTFOLIO.label, PORTFOLIO)
        self.scope_box.currentIndexChanged.connect(self._on_scope_chosen)
        scope_label = QLabel("&Scope:", self)
        scope_label.setBuddy(self.scope_box)
        self.status_label = QLabel("Computing KPIs…", self)
        self.status_label.setObjectName("dashboardStatus")
        self.large_box = QCheckBox("&Large type", self)
        self.large_box.setToolTip("Bigger text and tiles for a projector")
        self.blind_box = QCheckBox("&Colour-blind palette", self)
        self.blind_box.setToolTip("Okabe-Ito colours; RAG also shows a shape and a word")
        self.large_box.toggled.connect(self._on_style_option)
        self.blind_box.toggled.connect(self._on_style_option)
        self.export_button = QToolButton(self)
        self.export_button.setText("&Export")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        for text, handler in (
            ("Chart as PNG…", lambda: self._ask_export_chart("png")),
            ("Chart as SVG…", lambda: self._ask_export_chart("svg")),
            ("Dashboard as PNG…", lambda: self._ask_export_dashboard("png")),
            ("Dashboard as PDF…", lambda: self._ask_export_dashboard("pdf")),
        ):
            action = QAction(text, menu)
            action.triggered.connect(handler)
            menu.addAction(action)
        self.export_button.setMenu(menu)
        refresh = QToolButton(self)
        refresh.setText("&Refresh")
        refresh.clicked.connect(self.refresh)

        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 0)
        for widget in (scope_label, self.scope_box, self.status_label):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.large_box, self.blind_box, self.export_button, refresh):
            bar.addWidget(widget)

        self.tile_grid = TileGrid(self.style_, self)
        self.tile_grid.tile_clicked.connect(self.open_chart)
        self.tile_area = QScrollArea(self)
        self.tile_area.setWidgetResizable(True)
        self.tile_area.setWidget(self.tile_grid)
        self.tile_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.tile_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chart_tabs = ChartTabs(self.style_, self)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.tile_area)
        self.splitter.addWidget(self.chart_tabs)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self._user_sized = False
        self.splitter.splitterMoved.connect(self._on_splitter_moved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

    # --- public --------------------------------------------------------------------------
    @property
    def tiles(self) -> dict[str, KpiTile]:
        return self.tile_grid.tiles

    @property
    def charts(self) -> dict[str, QWidget]:
        return self.chart_tabs.charts

    def refresh(self) -> None:
        """Recompute everything now (in the background)."""
        self.refresher.refresh_now()

    def set_scope(self, scope: ScopeRef) -> None:
        """Show the portfolio, a service or a project."""
        index = self.scope_box.findData(scope)
        if index >= 0:
            self.scope_box.setCurrentIndex(index)  # re-enters through _on_scope_chosen
        else:
            self.scope = scope
            self._show_data()

    def open_chart(self, key: str) -> QWidget:
        """Bring the chart of KPI ``key`` to the front (what clicking its tile does)."""
        return self.chart_tabs.open_for(key)

    def set_presentation(
        self, *, large: bool | None = None, colour_blind: bool | None = None
    ) -> None:
        """Large type for a projector, the colour-blind-safe palette; kept in the settings."""
        if large is not None:
            self.large_box.setChecked(large)
        if colour_blind is not None:
            self.blind_box.setChecked(colour_blind)

    def export_chart(self, path: Path, chart: QWidget | None = None) -> Path:
        """The current (or given) chart as PNG or SVG, by the file's suffix.

        A chart is exported as it is laid out on screen, so a given chart is brought to the
        front first.
        """
        chart = chart or self.chart_tabs.currentWidget()
        if chart is not self.chart_tabs.currentWidget():
            self.chart_tabs.setCurrentWidget(chart)
        graphics = getattr(chart, "graphics", None)
        if graphics is None:
            raise ValueError("This chart cannot be exported")
        return export_scene(graphics, path)

    def export_dashboard(self, path: Path) -> Path:
        """The whole dashboard as it is on screen: PNG, or PDF (one landscape page)."""
        if path.suffix.lower() == ".pdf":
            writer = QPdfWriter(str(path))
            landscape = QPageLayout.Orientation.Landscape
            a4 = QPageSize(QPageSize.PageSizeId.A4)
            writer.setPageLayout(QPageLayout(a4, landscape, QMarginsF(10, 10, 10, 10)))
            writer.setResolution(144)
            painter = QPainter(writer)
            page = writer.pageLayout().paintRectPixels(writer.resolution())
            scale = min(page.width() / max(self.width(), 1), page.height() / max(self.height(), 1))
            painter.scale(scale, scale)
            self.render(painter, QPoint(0, 0))
            painter.end()
            return path
        if not self.grab().save(str(path), "PNG"):
            raise OSError(f"Could not write {path}")
        return path

    def close_view(self) -> None:
        """Stop listening and wait for a running computation (before the store closes)."""
        self.refresher.close()

    def sizeHint(self) -> QSize:
        return QSize(1200, 760)

    # --- applying data --------------------------------------------------------------------
    def _apply(self, data: object) -> None:
        assert isinstance(data, DashboardData)
        self.data = data
        self.last_refresh = datetime.now()
        self._fill_scopes(data)
        self._show_data()
        self._show_status(self.refresher.busy)
        self.refreshed.emit()

    def _fill_scopes(self, data: DashboardData) -> None:
        known = [self.scope_box.itemData(i) for i in range(self.scope_box.count())]
        if known == list(data.scopes):
            return
        self.scope_box.blockSignals(True)
        self.scope_box.clear()
        for scope in data.scopes:
            prefix = {"service": "Service ", "project": "Project "}.get(scope.scope, "")
            self.scope_box.addItem(prefix + scope.label, scope)
        index = self.scope_box.findData(self.scope)
        if index < 0:
            self.scope, index = PORTFOLIO, 0
        self.scope_box.setCurrentIndex(index)
        self.scope_box.blockSignals(False)

    def _show_data(self) -> None:
        data = self.data
        if data is None:
            return
        previous = f"{data.months[-2].start:%b}" if len(data.months) > 1 else ""
        self.tile_grid.set_results(
            data.tiles(self.scope), lambda key: data.series(self.scope, key), previous
        )
        self.chart_tabs.update_data(data, self.scope)
        self._size_tile_area()

    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        self._user_sized = True

    def _size_tile_area(self) -> None:
        """Room for two rows of tiles (one on a short window), the rest for the charts."""
        if self._user_sized or not self.tiles:
            return
        tile = next(iter(self.tiles.values())).sizeHint().height()
        total = sum(self.splitter.sizes()) or self.height()
        columns = max(1, self.tile_grid.columns)
        needed = -(-len(self.tiles) // columns)
        rows = min(needed, 2 if total >= 560 * self.style_.scale else 1)
        spacing = self.tile_grid.layout().spacing()
        height = rows * tile + (rows - 1) * spacing + 14
        self.splitter.setSizes([height, max(total - height, 200)])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._size_tile_area()

    def _on_scope_chosen(self, index: int) -> None:
        scope = self.scope_box.itemData(index)
        if isinstance(scope, ScopeRef) and scope != self.scope:
            self.scope = scope
            self._show_data()

    def _show_status(self, busy: bool) -> None:
        data = self.data
        if data is None:
            self.status_label.setText("Computing KPIs…")
            return
        when = self.last_refresh.strftime("%H:%M:%S") if self.last_refresh else ""
        period = month_label(data.months[-1].start)
        state = "updating…" if busy else f"updated {when}"
        self.status_label.setText(f"{period} (to {data.as_of:%d %b}) · {state}")

    def _on_failed(self, message: str) -> None:
        self.status_label.setText(f"Could not compute the KPIs: {message}")

    # --- style ---------------------------------------------------------------------------
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

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._restyle()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self._restyle()
        super().showEvent(event)

    # --- dialogs -------------------------------------------------------------------------
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
