"""The time scale above the chart: two tiers of labelled units and the review flags."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen

from .painter_base import PainterBase
from .scale import label, next_unit, units


class HeaderPainter(PainterBase):
    """The time scale of :class:`~.paint.GanttPainter`."""

    def paint_header(self, p: QPainter, rect: QRectF, x0: float) -> None:
        """Two tiers (e.g. month over week) for the days in ``rect``; labels stay on screen."""
        c = self.colours
        p.save()
        p.setClipRect(rect)
        p.fillRect(rect, c.header)
        p.setFont(self.font)
        half = rect.height() / 2
        d0 = self.scale.day_at(x0)
        d1 = self.scale.day_at(x0 + rect.width())
        for tier, unit in enumerate(self.scale.tiers):
            top = rect.top() + tier * half
            for u in units(d0, d1, unit):
                left = rect.left() + self.scale.x(u) - x0
                right = rect.left() + self.scale.x(next_unit(u, unit)) - x0
                p.setPen(QPen(c.grid, 0))
                p.drawLine(QPointF(left, top), QPointF(left, top + half))
                shown_left = max(left, rect.left())
                width = min(right, rect.right()) - shown_left
                text = label(u, unit, min(right - left, width))
                if self.metrics.horizontalAdvance(text) + 6 > width:
                    continue  # a sliver of a unit at the edge: no label rather than a cut one
                p.setPen(c.text)
                p.drawText(
                    QRectF(shown_left + 3, top, max(0.0, width - 4), half),
                    int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                    text,
                )
        p.setPen(QPen(c.grid, 0))
        p.drawLine(
            QPointF(rect.left(), rect.top() + half), QPointF(rect.right(), rect.top() + half)
        )
        p.drawLine(rect.bottomLeft() - QPointF(0, 0.5), rect.bottomRight() - QPointF(0, 0.5))
        if self.show_markers:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._marker_flags(p, rect, x0, d0, d1)
        p.restore()

    def _marker_flags(self, p: QPainter, rect: QRectF, x0: float, d0: int, d1: int) -> None:
        """Small triangles on the time scale's bottom edge: RAID (purple), SLA (teal)."""
        size = min(6.0, rect.height() / 4)
        y = rect.bottom() - 1
        for colour, xs in self._marker_xs(d0, d1):
            path = QPainterPath()
            for content_x in xs:
                x = rect.left() + content_x - x0
                path.moveTo(x, y)
                path.lineTo(x - size, y - 1.6 * size)
                path.lineTo(x + size, y - 1.6 * size)
                path.closeSubpath()
            p.fillPath(path, colour)
