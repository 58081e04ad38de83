"""The 5x5 risk heat maps, inherent and residual; clicking a cell lists its risks."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QVBoxLayout, QWidget

from ...analytics.rag import Rag
from ...analytics.risk import DEFAULT_BANDS, Band, HeatMap, heat_map, score
from .data import DashboardData, RiskRow, ScopeRef
from .palette import DashboardStyle

BAND_RAG = {Band.LOW: Rag.GREEN, Band.MEDIUM: Rag.AMBER, Band.HIGH: Rag.RED}


class HeatMapPlot:
    """One 5x5 grid: impact across, probability up; counts written in the cells."""

    def __init__(self, graphics: pg.GraphicsLayoutWidget, col: int, title: str) -> None:
        self.title = title
        self.plot = graphics.addPlot(row=0, col=col)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setAspectLocked(True)
        self.plot.setRange(xRange=(0.5, 5.5), yRange=(0.5, 5.5), padding=0.02)
        ticks = [[(v, str(v)) for v in range(1, 6)]]
        for name, label in (("bottom", "Impact"), ("left", "Probability")):
            self.plot.getAxis(name).setTicks(ticks)
            self.plot.getAxis(name).setLabel(label)
        px, iy = np.meshgrid(np.arange(1, 6), np.arange(1, 6), indexing="ij")
        self.probability, self.impact = px.ravel(), iy.ravel()
        self.cells = pg.BarGraphItem(x=self.impact, y=self.probability, width=0.96, height=0.96)
        self.plot.addItem(self.cells)
        self.labels = [pg.TextItem(anchor=(0.5, 0.5)) for _ in range(25)]
        for text, p, i in zip(self.labels, self.probability, self.impact, strict=True):
            text.setPos(float(i), float(p))
            self.plot.addItem(text)
        self.map = heat_map([])
        self.selected: tuple[int, int] | None = None

    def counts(self) -> np.ndarray:
        """What the cells say, ``[probability - 1, impact - 1]``, read back from the labels."""
        found = np.zeros((5, 5), dtype=np.int64)
        for text, p, i in zip(self.labels, self.probability, self.impact, strict=True):
            found[p - 1, i - 1] = int(text.toPlainText() or 0)
        return found

    def draw(self, heat: HeatMap, style: DashboardStyle) -> None:
        self.map = heat
        brushes, pens = [], []
        for p, i in zip(self.probability, self.impact, strict=True):
            colour = QColor(style.rag(BAND_RAG[DEFAULT_BANDS.band(score(int(p), int(i)) or 0)]))
            colour.setAlpha(235 if heat.counts[p - 1, i - 1] else 70)
            brushes.append(colour)
            chosen = self.selected == (p, i)
            pens.append(
                pg.mkPen(style.foreground, width=3) if chosen else pg.mkPen(style.background)
            )
        self.cells.setOpts(brushes=brushes, pens=pens)
        font = QFont()
        font.setPointSizeF(11 * style.scale)
        font.setBold(True)
        for text, brush, p, i in zip(self.labels, brushes, self.probability, self.impact,
                                     strict=True):  # fmt: skip
            count = int(heat.counts[p - 1, i - 1])
            text.setText(str(count) if count else "")
            text.setFont(font)
            dark_cell = brush.lightnessF() < 0.45 and brush.alpha() > 200
            text.setColor(QColor("#ffffff" if dark_cell else "#111111"))
        self.plot.setTitle(f"{self.title} ({int(heat.counts.sum())} risks)",
                           color=style.foreground.name(), size=f"{style.points(10)}pt")  # fmt: skip
        tick_font = QFont()
        tick_font.setPointSizeF(9 * style.scale)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(style.muted))
            axis.setTextPen(pg.mkPen(style.foreground))
            axis.setTickFont(tick_font)
            axis.label.setFont(tick_font)

    def cell_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        if not self.plot.vb.sceneBoundingRect().contains(scene_pos):
            return None
        point = self.plot.vb.mapSceneToView(scene_pos)
        p, i = round(point.y()), round(point.x())
        return (p, i) if 1 <= p <= 5 and 1 <= i <= 5 else None


class RiskChart(QWidget):
    """Inherent and residual heat maps side by side, and the risks of the chosen cell."""

    title = "Risk heat map"
    keys = ("high_risks",)

    def __init__(self, style: DashboardStyle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._style = style
        self.graphics = pg.GraphicsLayoutWidget(self)
        self.inherent = HeatMapPlot(self.graphics, 0, "Inherent")
        self.residual = HeatMapPlot(self.graphics, 1, "Residual")
        self.cell_title = QLabel("Click a cell to list its risks.", self)
        self.cell_title.setWordWrap(True)
        self.risk_list = QListWidget(self)
        self.risk_list.setObjectName("riskList")
        side = QVBoxLayout()
        side.addWidget(self.cell_title)
        side.addWidget(self.risk_list, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.graphics, 3)
        layout.addLayout(side, 1)
        self._rows: dict[int, RiskRow] = {}
        self.graphics.scene().sigMouseClicked.connect(self._on_click)
        self.set_style(style)

    def update_data(self, data: DashboardData, scope: ScopeRef) -> None:
        rows = data.risks_of(scope)
        self._rows = {r.item.id: r for r in rows}
        items = [r.item for r in rows]
        self.inherent.draw(heat_map(items), self._style)
        self.residual.draw(heat_map(items, residual=True), self._style)
        for grid, residual in ((self.inherent, False), (self.residual, True)):
            if grid.selected is not None:
                self.select_cell(residual, *grid.selected)

    def set_style(self, style: DashboardStyle) -> None:
        self._style = style
        self.graphics.setBackground(style.background)
        for grid in (self.inherent, self.residual):
            grid.draw(grid.map, style)

    def _on_click(self, event: object) -> None:
        position = event.scenePos()  # type: ignore[attr-defined]
        for grid, residual in ((self.inherent, False), (self.residual, True)):
            cell = grid.cell_at(position)
            if cell is not None:
                self.select_cell(residual, *cell)
                return

    def select_cell(self, residual: bool, probability: int, impact: int) -> list[str]:
        """List the risks rated ``probability`` x ``impact``; returns the lines shown."""
        grid, other = (self.residual, self.inherent) if residual else (self.inherent, self.residual)
        grid.selected, other.selected = (probability, impact), None
        for g in (grid, other):
            g.draw(g.map, self._style)
        ids = grid.map.cell(probability, impact)
        rows = sorted((self._rows[i] for i in ids if i in self._rows), key=lambda r: r.code)
        kind = "Residual" if residual else "Inherent"
        self.cell_title.setText(
            f"{kind} probability {probability} x impact {impact}"
            f" (score {probability * impact}): {len(rows)} risk(s)"
        )
        self.risk_list.clear()
        lines = [f"{r.code}  {r.title}" for r in rows]
        self.risk_list.addItems(lines)
        for n, r in enumerate(rows):
            self.risk_list.item(n).setData(Qt.ItemDataRole.UserRole, r.item.id)
        return lines
