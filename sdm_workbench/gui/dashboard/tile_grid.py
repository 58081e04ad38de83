"""The grid of KPI tiles: reflows with the width, updates tiles in place (no flicker)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QWidget

from ...analytics.kpis import KpiResult
from .palette import DashboardStyle
from .tile import KpiTile

# The order a manager reads them in; KPIs not listed follow in catalogue order.
PREFERRED_ORDER = (
    "sla_attainment", "sla_response_attainment", "mttr", "mttr_p90", "mtta", "backlog",
    "volume", "fcr", "csat", "nps", "ces", "availability", "error_budget_remaining",
    "change_failure_rate", "deployment_frequency", "lead_time", "recovery_time", "cpi", "spi",
    "percent_complete", "on_time_delivery", "high_risks",
)  # fmt: skip

SparklineOf = Callable[[str], npt.NDArray[np.float64]]


def ordered(results: Sequence[KpiResult], chosen: Sequence[str] | None = None) -> list[KpiResult]:
    """``results`` in reading order, or only the ``chosen`` keys in their order."""
    if chosen is not None:
        by_key = {r.key: r for r in results}
        return [by_key[key] for key in chosen if key in by_key]
    rank = {key: n for n, key in enumerate(PREFERRED_ORDER)}
    return sorted(results, key=lambda r: rank.get(r.key, len(rank)))


class TileGrid(QWidget):
    """Tiles keyed by KPI; ``tile_clicked`` carries the key."""

    tile_clicked = Signal(str)

    def __init__(self, style: DashboardStyle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._style = style
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(8, 8, 8, 4)
        self._layout.setSpacing(8)
        self.tiles: dict[str, KpiTile] = {}
        self._order: list[str] = []
        self._columns = 0
        self.chosen: tuple[str, ...] | None = None  # a layout's tiles; None: all of them

    @property
    def columns(self) -> int:
        return self._columns

    def set_results(
        self, results: Sequence[KpiResult], sparkline: SparklineOf, previous_label: str
    ) -> None:
        """Show ``results``; tiles already shown keep their widget and only repaint."""
        wanted = ordered(results, self.chosen)
        keys = [r.key for r in wanted]
        for key in set(self.tiles) - set(keys):
            tile = self.tiles.pop(key)
            self._layout.removeWidget(tile)
            tile.deleteLater()
        for r in wanted:
            tile = self.tiles.get(r.key)
            if tile is None:
                tile = self.tiles[r.key] = KpiTile(r, self._style, self)
                tile.clicked.connect(self.tile_clicked)
            tile.set_result(r, sparkline(r.key), previous_label)
        if keys != self._order:
            self._order = keys
            self._reflow(force=True)

    def set_style(self, style: DashboardStyle) -> None:
        self._style = style
        for tile in self.tiles.values():
            tile.set_style(style)
        self._reflow(force=True)

    def _reflow(self, force: bool = False) -> None:
        if not self._order:
            return
        hint = next(iter(self.tiles.values())).minimumSizeHint().width()
        spacing = self._layout.spacing()
        margins = self._layout.contentsMargins()
        usable = self.width() - margins.left() - margins.right()
        columns = max(1, (usable + spacing) // (hint + spacing))
        if columns == self._columns and not force:
            return
        self._columns = columns
        for tile in self.tiles.values():
            self._layout.removeWidget(tile)
        for n, key in enumerate(self._order):
            self._layout.addWidget(self.tiles[key], n // columns, n % columns)
        for column in range(self._layout.columnCount()):
            self._layout.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._reflow()
