"""The chosen period shaded on the monthly charts: the months the tiles sum up stand out.

Monthly points sit on each month's first day, so a month's shade runs half a month either
side of its point; a quarter or a custom range shades every month it touches.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from ...analytics.periods import Period
from .chart_base import TrendPlot
from .format import month_stamp

HALF_MONTH_S = 15.0 * 86_400.0


def period_span(period: Period) -> tuple[float, float]:
    """The x range (UTC seconds) that shades ``period`` on a monthly axis."""
    return month_stamp(period.start) - HALF_MONTH_S, month_stamp(period.end) + HALF_MONTH_S


class PeriodShade(pg.GraphicsObject):
    """A vertical band from ``low`` to ``high`` (x) over the whole visible height."""

    def __init__(self, low: float, high: float, colour: QColor) -> None:
        super().__init__()
        self.span = (low, high)
        self.colour = QColor(colour)
        self._rect = QRectF()
        self.setZValue(-25)  # above the grid, under the threshold bands' lines and the data

    def set_span(self, low: float, high: float, colour: QColor) -> None:
        self.span, self.colour = (low, high), QColor(colour)
        self._place()
        self.update()

    def _place(self) -> None:
        view = self.viewRect()
        rect = QRectF()
        if view is not None:
            view = view.normalized()
            left, right = max(self.span[0], view.left()), min(self.span[1], view.right())
            if right > left:
                rect = QRectF(left, view.top(), right - left, view.height())
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect

    def viewRangeChanged(self) -> None:
        self._place()
        super().viewRangeChanged()

    def boundingRect(self) -> QRectF:
        return QRectF(self._rect)

    def dataBounds(self, axis: int, frac: float = 1.0, orthoRange: object = None) -> None:
        return None  # the shade never widens the auto range

    def paint(self, painter: QPainter, *_args: object) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.colour)
        painter.drawRect(self._rect)


def shade_of(trend: TrendPlot) -> PeriodShade | None:
    """The plot's period shade, if it has one (found among its items: no state of its own)."""
    return next((i for i in trend.plot.items if isinstance(i, PeriodShade)), None)


def shade_period(trend: TrendPlot, period: Period, colour: QColor) -> PeriodShade:
    """Shade ``period`` on ``trend`` (one shade per plot, moved when the period changes)."""
    low, high = period_span(period)
    shade = shade_of(trend)
    if shade is None:
        shade = PeriodShade(low, high, colour)
        trend.plot.addItem(shade, ignoreBounds=True)
    else:
        shade.set_span(low, high, colour)
    return shade
