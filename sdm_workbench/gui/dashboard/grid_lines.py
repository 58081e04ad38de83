"""Grid lines at the axes' ticks, drawn in the plot's view as one batch of cosmetic lines.

pyqtgraph's own grid (``AxisItem.setGrid``) paints each axis as a picture spanning the whole
plot: about 20 ms per plot and paint here (offscreen raster), against under 1 ms for the
same lines drawn by this item. The lines sit at the very ticks the axes label: both ask the
axis for its tick values over the same range and length.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen


class DateAxis(pg.DateAxisItem):
    """A date axis that can choose its ticks before it is first painted (the grid asks)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(orientation="bottom", utcOffset=0, **kwargs)
        self.fontMetrics = QFontMetrics(QFont())  # pyqtgraph sets this only while painting

    def setTickFont(self, font: QFont | None) -> None:
        super().setTickFont(font)
        self.fontMetrics = QFontMetrics(font or QFont())


def tick_levels(axis: pg.AxisItem, low: float, high: float, length: float) -> list[list[float]]:
    """The tick values per level (major first) ``axis`` puts between ``low`` and ``high``."""
    if length <= 0 or high <= low:
        return []
    return [list(values) for _spacing, values in axis.tickValues(low, high, length)]


class GridLines(pg.GraphicsObject):
    """Vertical lines at the bottom axis' ticks, horizontal ones at the left axis' ticks."""

    def __init__(self, plot: pg.PlotItem, colour: QColor) -> None:
        super().__init__()
        self.plot = plot
        self.colour = QColor(colour)
        self._rect = QRectF()
        self.setZValue(-30)  # behind threshold bands, target lines and data

    def set_colour(self, colour: QColor) -> None:
        self.colour = QColor(colour)
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(self._rect)

    def viewRangeChanged(self) -> None:
        rect = self.viewRect()
        rect = QRectF() if rect is None else rect.normalized()
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        super().viewRangeChanged()

    def dataBounds(self, axis: int, frac: float = 1.0, orthoRange: object = None) -> None:
        return None  # the grid never widens the auto range

    def _lengths(self) -> tuple[float, float]:
        """The view's width and height in pixels: what the axes measure too."""
        box = self.getViewBox()
        device = box.mapRectToDevice(box.boundingRect()) if box is not None else None
        return (device.width(), device.height()) if device is not None else (0.0, 0.0)

    def levels(self) -> tuple[list[list[float]], list[list[float]]]:
        """(x tick levels, y tick levels) for the view as it is now."""
        view = self._rect
        if view.isEmpty():
            return [], []
        width, height = self._lengths()
        xs = tick_levels(self.plot.getAxis("bottom"), view.left(), view.right(), width)
        ys = tick_levels(self.plot.getAxis("left"), view.top(), view.bottom(), height)
        return xs, ys

    def paint(self, painter: QPainter, *_args: object) -> None:
        view = self._rect
        xs, ys = self.levels()
        width, height = self._lengths()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for levels, length, vertical in ((xs, width, True), (ys, height, False)):
            for level, values in enumerate(levels):
                # as pyqtgraph fades them: minor levels fainter, dense levels fainter still
                fade = min(max(0.05 * length / (len(values) + 1), 0.0), 1.0) / (level + 1)
                colour = QColor(self.colour)
                colour.setAlphaF(self.colour.alphaF() * fade)
                pen = QPen(colour, 0, Qt.PenStyle.SolidLine)
                pen.setCosmetic(True)
                painter.setPen(pen)
                if vertical:
                    painter.drawLines([QLineF(x, view.top(), x, view.bottom()) for x in values])
                else:
                    painter.drawLines([QLineF(view.left(), y, view.right(), y) for y in values])
