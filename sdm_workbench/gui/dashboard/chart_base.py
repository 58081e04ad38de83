"""What every dashboard chart shares: themed pyqtgraph plots with date axes, legends,
threshold bands, a hover read-out, in-place updates (the user's zoom survives) and export."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...analytics.kpi_catalogue import KpiSpec
from .bands import BandItem, threshold_bands
from .export import export_scene
from .format import format_value, month_label, month_stamp
from .grid_lines import DateAxis, GridLines
from .palette import DashboardStyle

F64 = npt.NDArray[np.float64]


def compact_number(value: float) -> str:
    """Axis ticks without scientific notation: 950, 12k, 1.1M."""
    size = abs(value)
    if size >= 1e6:
        return f"{value / 1e6:.{0 if size >= 1e7 else 1}f}M"
    if size >= 1e4:
        return f"{value / 1e3:.0f}k"
    if size >= 100 or value == int(value):
        return f"{value:.0f}"
    return f"{value:.{2 if size < 10 else 1}f}"


class CompactAxis(pg.AxisItem):
    """A value axis whose labels stay short at any magnitude."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if spacing * scale < 1 or max((abs(v * scale) for v in values), default=0) < 1e4:
            return list(super().tickStrings(values, scale, spacing))
        return [compact_number(v * scale) for v in values]


class TrendPlot:
    """One plot with a date axis whose items are updated in place."""

    def __init__(self, plot: pg.PlotItem, title: str, unit: str) -> None:
        self.plot = plot
        self.title = title
        self.unit = unit
        self.x: F64 = np.empty(0)
        self.labels: list[str] = []
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.bars: dict[str, pg.BarGraphItem] = {}
        self.values: dict[str, F64] = {}
        self.units: dict[str, str] = {}
        self.bands: list[BandItem] = []
        self.target_line: pg.InfiniteLine | None = None
        self.legend = plot.addLegend(offset=(8, 8))
        self.legend.setZValue(1000)  # above threshold lines and their labels
        self.cursor = pg.InfiniteLine(angle=90, movable=False)
        self.cursor.setVisible(False)
        plot.addItem(self.cursor, ignoreBounds=True)
        self.grid = GridLines(plot, QColor(0, 0, 0, 0))  # coloured by the chart's style
        plot.addItem(self.grid, ignoreBounds=True)
        plot.setMenuEnabled(False)

    def set_x(self, x: F64, labels: Sequence[str]) -> None:
        self.x = np.asarray(x, dtype=np.float64)
        self.labels = list(labels)

    def line(self, name: str, y: F64, colour: QColor, unit: str = "", *, width: float = 2.0,
             style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> pg.PlotDataItem:  # fmt: skip
        """Create or update the curve ``name``; gaps (NaN) stay gaps."""
        y = np.asarray(y, dtype=np.float64)
        pen = pg.mkPen(colour, width=width, style=style)
        looks = {"pen": pen, "symbolBrush": QColor(colour), "symbolPen": pen}
        # nothing to draw when all is NaN (pyqtgraph warns on all-NaN data)
        x, shown = (self.x[:0], y[:0]) if np.isnan(y).all() else (self.x, y)
        curve = self.curves.get(name)
        if curve is None:  # data and looks at once: each separate setter redraws the curve
            curve = pg.PlotDataItem(x, shown, name=name, connect="finite", symbol="o",
                                    symbolSize=6, **looks)  # fmt: skip
            self.plot.addItem(curve)
            self.curves[name] = curve
        else:
            curve.setData(x, shown, **looks)
        self.values[name], self.units[name] = y, unit or self.unit
        return curve

    def bar(self, name: str, y: F64, colour: QColor, unit: str = "") -> pg.BarGraphItem:
        """Create or update the bars ``name``, one per month."""
        y = np.nan_to_num(np.asarray(y, dtype=np.float64))
        width = float(np.median(np.diff(self.x))) * 0.6 if self.x.size > 1 else 86_400.0 * 20
        item = self.bars.get(name)
        fill = QColor(colour)
        fill.setAlpha(150)
        if item is None:
            item = pg.BarGraphItem(
                x=self.x, height=y, width=width, brush=fill, pen=colour, name=name
            )
            self.plot.addItem(item)  # named, so the legend lists it by itself
            self.bars[name] = item
        else:
            item.setOpts(x=self.x, height=y, width=width, brush=fill, pen=colour)
        self.values[name], self.units[name] = y, unit or self.unit
        return item

    def set_thresholds(self, spec: KpiSpec | None, style: DashboardStyle) -> None:
        """Red, amber and green bands behind the data and a dashed target line."""
        for region in self.bands:
            self.plot.removeItem(region)
        self.bands = []
        if self.target_line is not None:
            self.plot.removeItem(self.target_line)
            self.target_line = None
        if spec is None:
            return
        for band in threshold_bands(spec):
            region = BandItem(band, style.band(band.status))
            region.setZValue(-20)
            self.plot.addItem(region, ignoreBounds=True)
            self.bands.append(region)
        if spec.target is not None:
            text = f"Target {format_value(spec.target, spec.unit)}"
            line = pg.InfiniteLine(
                pos=spec.target, angle=0, movable=False,
                pen=pg.mkPen(style.muted, width=1.5, style=Qt.PenStyle.DashLine), label=text,
                labelOpts={"position": 0.98, "color": style.muted, "anchors": [(1, 1), (1, 1)]},
            )  # fmt: skip
            line.setZValue(-5)
            self.plot.addItem(line)
            self.target_line = line

    def index_at(self, x: float) -> int | None:
        if self.x.size == 0:
            return None
        return int(np.argmin(np.abs(self.x - x)))

    def readout(self, index: int) -> str:
        parts = []
        for name, values in self.values.items():
            value = values[index] if index < values.size else math.nan
            shown = format_value(None if math.isnan(value) else float(value), self.units[name])
            parts.append(f"{name} {shown}")
        label = self.labels[index] if index < len(self.labels) else ""
        return f"{label}: " + " · ".join(parts)


class ChartPanel(QWidget):
    """A titled chart area of one or more :class:`TrendPlot` (x axes linked)."""

    title = "Chart"

    def __init__(self, style: DashboardStyle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._style = style
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        self.readout_label = QLabel(" ", self)
        self.readout_label.setObjectName("chartReadout")
        self.readout_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.graphics = pg.GraphicsLayoutWidget(self)
        layout.addWidget(self.readout_label)
        layout.addWidget(self.graphics, 1)
        self.plots: list[TrendPlot] = []
        self.graphics.scene().sigMouseMoved.connect(self._on_mouse_moved)

    def add_plot(self, title: str, unit: str, row: int = 0, col: int = 0) -> TrendPlot:
        axis = {
            "bottom": DateAxis(),
            "left": CompactAxis(orientation="left"),
        }
        plot = self.graphics.addPlot(row=row, col=col, axisItems=axis)
        trend = TrendPlot(plot, title, unit)
        if self.plots:
            plot.setXLink(self.plots[0].plot)
        self.plots.append(trend)
        self._style_plot(trend)
        return trend

    # --- style -----------------------------------------------------------------------------
    def set_style(self, style: DashboardStyle) -> None:
        self._style = style
        for trend in self.plots:
            self._style_plot(trend)

    @property
    def style_(self) -> DashboardStyle:
        return self._style

    def _style_plot(self, trend: TrendPlot) -> None:
        style = self._style
        self.graphics.setBackground(style.background)
        fg = style.foreground
        font = QFont(self.font())
        font.setPointSizeF(9 * style.scale)
        for name in ("left", "bottom"):
            axis = trend.plot.getAxis(name)
            axis.setPen(pg.mkPen(style.muted))
            axis.setTextPen(pg.mkPen(fg))
            axis.setTickFont(font)
        grid = QColor(style.muted)
        grid.setAlphaF(style.grid_alpha)
        trend.grid.set_colour(grid)
        unit = f" ({trend.unit})" if trend.unit else ""
        trend.plot.setTitle(trend.title + unit, color=fg.name(), size=f"{style.points(10)}pt")
        trend.plot.getAxis("left").setWidth(round(58 * style.scale))
        trend.legend.setLabelTextColor(fg)
        trend.legend.setLabelTextSize(f"{style.points(9)}pt")
        for _sample, label in trend.legend.items:
            label.setText(label.text)  # pyqtgraph applies a new size only on the next text
        trend.plot.getAxis("bottom").setHeight(round(28 * style.scale))
        legend_bg = QColor(style.background)
        legend_bg.setAlpha(200)
        trend.legend.setBrush(legend_bg)
        trend.legend.setPen(pg.mkPen(style.tile_border))
        trend.cursor.setPen(QPen(style.muted, 1, Qt.PenStyle.DotLine))
        self.readout_label.setStyleSheet(f"font-size: {style.points(9)}pt;")

    # --- hover -------------------------------------------------------------------------------
    def _on_mouse_moved(self, position: QPointF) -> None:
        for trend in self.plots:
            box = trend.plot.vb.sceneBoundingRect()
            if box.contains(position):
                x = trend.plot.vb.mapSceneToView(position).x()
                self.hover_at(x)
                return

    def hover_at(self, x: float) -> str:
        """Show the values of the month nearest ``x`` (seconds since the epoch)."""
        lines = []
        for trend in self.plots:
            index = trend.index_at(x)
            if index is None:
                continue
            trend.cursor.setPos(trend.x[index])
            trend.cursor.setVisible(True)
            lines.append(trend.readout(index))
        text = "   |   ".join(lines) or " "
        self.readout_label.setText(text)
        return text

    # --- export --------------------------------------------------------------------------------
    def export(self, path: Path, width: int | None = None) -> Path:
        """Write the chart as PNG (optionally ``width`` pixels wide) or SVG, by suffix."""
        return export_scene(self.graphics, path, width)


def month_x(days: Sequence[object]) -> F64:
    """x positions (UTC seconds of each month's first day) for ``days`` (dates)."""
    return np.array([month_stamp(d) for d in days], dtype=np.float64)  # type: ignore[arg-type]


def month_labels(days: Sequence[object]) -> list[str]:
    return [month_label(d) for d in days]  # type: ignore[arg-type]
