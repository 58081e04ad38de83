"""The Overview: KPI tiles for a scope and period above the charts, live and exportable.

Clicking a tile opens its chart and, in a side panel, the records behind its number; from
there the KPI's target and thresholds can be edited (one undo step through
``apply_operation``). Filters, layouts and display options are remembered per user.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QScrollArea, QSplitter, QVBoxLayout, QWidget

from ...analytics.kpi_catalogue import CATALOGUE
from ...analytics.periods import Period
from ...operations import Operation, run
from ...store import Store
from ..live import LiveUpdates
from .charts import ChartTabs
from .data import DEFAULT_MONTHS, PORTFOLIO, DashboardData, ScopeRef
from .drill_panel import DrillPanel
from .filters import PeriodChoice, load_choice, save_choice, scope_from_text
from .layouts import LayoutBook
from .palette import DashboardStyle
from .records import Records, records_for
from .refresher import Refresher
from .tile import KpiTile
from .tile_grid import TileGrid
from .toolbar import DashboardBar
from .view_actions import COLOUR_BLIND_KEY, LARGE_KEY, DashboardActions
from .warm_start import WarmStart

ApplyOperation = Callable[[Operation], object]


class DashboardView(DashboardActions):
    """The portfolio dashboard (the "overview" view).

    Pass the main window's :class:`LiveUpdates` as ``live`` so one watcher serves the window,
    and its undo-stack pusher as ``apply_operation`` (without one, edits run directly).
    ``as_of`` fixes "today" (tests, reviews); ``settings`` keeps the user's choices.
    With ``use_cache`` the last results of this workbench (in ``cache_dir``, by default the
    user's cache folder) are shown at once when the data has not changed since, marked "as
    of" their time, until the fresh ones replace them. Call :meth:`close_view` before the
    store closes.
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
        apply_operation: ApplyOperation | None = None,
        use_cache: bool = True,
        cache_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.warm = WarmStart(store, cache_dir, self) if use_cache else None
        self.setObjectName("dashboardView")
        self.store = store
        self._as_of = as_of
        self.apply_operation: ApplyOperation = apply_operation or (lambda op: run(store, op))
        self._settings = settings
        large = bool(settings.value(LARGE_KEY, False, type=bool)) if settings else False
        blind = bool(settings.value(COLOUR_BLIND_KEY, False, type=bool)) if settings else False
        self.style_ = DashboardStyle.from_application(colour_blind=blind, large=large)
        self._wanted_scope, choice = load_choice(settings)
        self.scope: ScopeRef = PORTFOLIO
        self.data: DashboardData | None = None
        self.last_refresh: datetime | None = None
        self.layouts = LayoutBook(settings)
        self._build(as_of or date.today())
        self.filter_bar.set_choice(choice)
        self.large_box.setChecked(large)
        self.blind_box.setChecked(blind)
        self.refresher = Refresher(store, live, as_of=as_of, months=months, threaded=threaded,
                                   period=self._period(choice), parent=self)  # fmt: skip
        self.refresher.computed.connect(self._apply)
        self.refresher.failed.connect(self._on_failed)
        self.refresher.busy_changed.connect(self._show_status)
        self.refresher.stamping = self.warm is not None
        self.use_layout(self.layouts.current.name)
        cached = None
        if self.warm is not None:
            refresher = self.refresher
            cached = self.warm.cached(refresher.as_of, refresher.months, refresher.period)
        if cached is None:
            self.refresher.refresh_now()
            return
        self.refresher.provisional = cached
        self._apply(cached)
        assert self.warm is not None
        self.warm.after_first_paint(self, self.refresher.refresh_now)

    # --- building ------------------------------------------------------------------------
    def _build(self, as_of: date) -> None:
        self.bar = DashboardBar(as_of, [
            ("Chart as PNG…", lambda: self._ask_export_chart("png")),
            ("Chart as SVG…", lambda: self._ask_export_chart("svg")),
            ("Dashboard as PNG…", lambda: self._ask_export_dashboard("png")),
            ("Dashboard as PDF…", lambda: self._ask_export_dashboard("pdf")),
        ], self)  # fmt: skip
        self.filter_bar = self.bar.filters
        self.scope_box = self.filter_bar.scope_box
        self.status_label = self.bar.status_label
        self.large_box, self.blind_box = self.bar.large_box, self.bar.blind_box
        self.large_box.toggled.connect(self._on_style_option)
        self.blind_box.toggled.connect(self._on_style_option)
        self.filter_bar.changed.connect(self._on_filter)
        self.bar.layout_box.textActivated.connect(self.use_layout)
        self.bar.customize_action.triggered.connect(self.customize_layout)
        self.bar.delete_action.triggered.connect(self._delete_layout)
        self.bar.refresh_button.clicked.connect(self.refresh)

        self.tile_grid = TileGrid(self.style_, self)
        self.tile_grid.tile_clicked.connect(self.drill_down)
        self.tile_area = QScrollArea(self)
        self.tile_area.setWidgetResizable(True)
        self.tile_area.setWidget(self.tile_grid)
        self.tile_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.tile_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chart_tabs = ChartTabs(self.style_, self)
        self.drill = DrillPanel(self)
        self.drill.hide()
        self.drill.edit_requested.connect(self.edit_definition)
        self.lower_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.lower_split.addWidget(self.chart_tabs)
        self.lower_split.addWidget(self.drill)
        self.lower_split.setStretchFactor(0, 3)
        self.lower_split.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.tile_area)
        self.splitter.addWidget(self.lower_split)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self._user_sized = False
        self.splitter.splitterMoved.connect(self._on_splitter_moved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.splitter, 1)

    # --- public --------------------------------------------------------------------------
    @property
    def tiles(self) -> dict[str, KpiTile]:
        return self.tile_grid.tiles

    @property
    def charts(self) -> Mapping[str, QWidget]:
        return self.chart_tabs.charts

    def refresh(self) -> None:
        """Recompute everything now (in the background)."""
        self.refresher.refresh_now()

    @property
    def cached(self) -> bool:
        """Whether the results on screen are the cached ones (fresh ones are on their way)."""
        return self.data is not None and self.data.cached_at is not None

    def set_scope(self, scope: ScopeRef) -> None:
        """Show the portfolio, a service, a customer or a project."""
        if not self.filter_bar.set_scope(scope):  # re-enters through _on_filter
            self.scope = scope
            self._show_data()

    def set_period(self, choice: PeriodChoice) -> None:
        """Sum the tiles up over a month, a quarter or a custom range (kept per user)."""
        self.filter_bar.set_choice(choice)
        self._on_filter()

    def open_chart(self, key: str) -> QWidget:
        """Bring the chart of KPI ``key`` to the front."""
        return self.chart_tabs.open_for(key)

    def drill_down(self, key: str) -> QWidget:
        """What clicking a tile does: its chart, and the records behind it beside the chart."""
        chart = self.open_chart(key)
        self._show_records(key)
        return chart

    def _show_records(self, key: str) -> None:
        data = self.data
        if data is None:
            return
        spec = data.specs.get(key) or CATALOGUE.get(key)
        name = spec.name if spec else key
        heading = f"{name} · {self.scope.label} · {data.tile_period.label}"
        if data.cached_at is not None:  # no inputs yet: the records follow the fresh results
            records = Records("Loading the records", (), [], 0)
        else:
            records = records_for(self.store, data, self.scope, key)
        self.drill.show_records(key, heading, records, editable=spec is not None)

    def close_view(self) -> None:
        """Stop listening and wait for a running computation (before the store closes)."""
        if self.warm is not None:
            self.warm.close(busy=self.refresher.busy)
        self.refresher.close()

    def sizeHint(self) -> QSize:
        return QSize(1200, 760)

    # --- applying data --------------------------------------------------------------------
    def _period(self, choice: PeriodChoice) -> Period | None:
        if choice.kind == "month" and choice.start is None:
            return None  # the running month, whichever it is when the data is computed
        return choice.period(self._as_of or date.today())

    def _apply(self, data: object) -> None:
        assert isinstance(data, DashboardData)
        self.data = data
        fresh = data.cached_at is None
        if fresh:
            self.last_refresh = datetime.now()
            self.refresher.provisional = None
        self.filter_bar.set_scopes(data.scopes)
        if self._wanted_scope:  # the remembered scope, once the scopes are known
            wanted = scope_from_text(self._wanted_scope, data.scopes)
            self._wanted_scope = ""
            self.filter_bar.set_scope(wanted)
        self.scope = self.filter_bar.scope
        self._show_data()
        self._show_status(self.refresher.busy or not fresh)
        if not fresh:
            return
        if self.warm is not None and data is self.refresher.data:  # complete, not partial
            self.warm.completed(data)
        self.refreshed.emit()

    def _show_data(self) -> None:
        data = self.data
        if data is None:
            return
        before = data.tile_period.previous()
        previous = f"{before.start:%b}" if before.kind == "month" else before.label
        if before.kind == "custom":
            previous = f"the {(before.end - before.start).days + 1} days before"
        self.tile_grid.set_results(
            data.tiles(self.scope), lambda key: data.series(self.scope, key), previous
        )
        self.chart_tabs.update_data(data, self.scope)
        if not self.drill.isHidden() and self.drill.key:
            self._show_records(self.drill.key)  # the records follow the filters and edits
        self._size_tile_area()

    def _on_filter(self) -> None:
        choice = self.filter_bar.choice
        save_choice(self._settings, self.filter_bar.scope, choice)
        self.refresher.set_period(self._period(choice))
        if self.filter_bar.scope != self.scope:
            self.scope = self.filter_bar.scope
            self._show_data()

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

    def _show_status(self, busy: bool) -> None:
        self.bar.show_status(self.data, busy, self.last_refresh)

    def _on_failed(self, message: str) -> None:
        self.status_label.setText(f"Could not compute the KPIs: {message}")

    # --- style ---------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._restyle()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self._restyle()
        super().showEvent(event)

    # --- dialogs -------------------------------------------------------------------------
