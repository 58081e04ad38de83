"""Drawing the timeline: the time scale, bars, milestones, baselines and dependency arrows.

One painter serves the screen and the exports. It draws only what falls inside the rect
it is given: the rows on screen (a slice of the visible rows), the days on screen (for
shading and the scale) and the links whose rows and x range cross that rect (a vectorised
mask over the link arrays). So the cost follows the viewport, not the plan.
The time scale is drawn in :mod:`.header`, the arrows in :mod:`.links`; the geometry
they share is in :mod:`.painter_base`.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from .header import HeaderPainter
from .links import LinkPainter
from .scale import units


class GanttPainter(LinkPainter, HeaderPainter):
    """Paints a :class:`TimelineData` under a :class:`TimeScale` with rows ``row_height`` tall.

    Rects are device rects; ``x0``/``y0`` are the content coordinates at their top-left
    corner (the scroll offsets on screen, the page's window in an export).
    """

    # --- painting ------------------------------------------------------------------------
    def paint_rows(self, p: QPainter, rect: QRectF, x0: float, y0: float) -> None:
        """Everything below the time scale: shading, grid, baselines, links, bars, lines."""
        c = self.colours
        p.save()
        p.setClipRect(rect)
        p.fillRect(rect, c.base)
        p.translate(rect.left() - x0, rect.top() - y0)
        view = QRectF(x0, y0, rect.width(), rect.height())
        first, last = self.rows_in(y0, rect.height())
        d0 = self.scale.day_at(x0)
        d1 = self.scale.day_at(x0 + rect.width())
        self._stripes(p, view, first, last)
        self._shade(p, view, d0, d1)
        self._grid(p, view, d0, d1)
        if last >= first:
            rows = self.data.visible[first : last + 1].tolist()
            self._baselines(p, rows)
            self._links(p, view, first, last)
            p.setFont(self.font)
            for row in rows:
                self._bar(p, row, view)
        if self.show_markers:
            self._marker_lines(p, view, d0, d1)
        self._day_line(p, view, self.today, c.today, Qt.PenStyle.SolidLine)
        if self.data.status_date is not None:
            status = self.data.status_date.toordinal() + 1  # the end of the status date
            self._day_line(p, view, status, c.status, Qt.PenStyle.DashLine)
        p.restore()

    def _stripes(self, p: QPainter, view: QRectF, first: int, last: int) -> None:
        rh = self.row_height
        for pos in range(first + (first % 2 == 0), last + 1, 2):
            p.fillRect(QRectF(view.left(), pos * rh, view.width(), rh), self.colours.stripe)
        if 0 <= self.selected_row < len(self.data) and self.data.position[self.selected_row] >= 0:
            top = self.row_top(self.selected_row)
            p.fillRect(QRectF(view.left(), top, view.width(), rh), self.colours.selection)

    def _shade(self, p: QPainter, view: QRectF, d0: int, d1: int) -> None:
        """Weekends, holidays and closed days; runs of days in one rect each."""
        if self.scale.px_per_day < 2.5:
            return  # too narrow to read; the scale's months and quarters carry the view
        off = self.data.non_working(d0, d1)
        edges = np.flatnonzero(np.diff(np.concatenate(([0], off.astype(np.int8), [0]))))
        for a, b in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
            left, right = self.scale.x(d0 + a), self.scale.x(d0 + b)
            p.fillRect(
                QRectF(left, view.top(), right - left, view.height()), self.colours.non_working
            )

    def _grid(self, p: QPainter, view: QRectF, d0: int, d1: int) -> None:
        bottom_unit = self.scale.tiers[1]
        unit = bottom_unit if bottom_unit != "day" else "week"
        p.setPen(QPen(self.colours.grid, 0))
        for u in units(d0, d1, unit):
            x = self.scale.x(u)
            p.drawLine(QPointF(x, view.top()), QPointF(x, view.bottom()))

    def _baselines(self, p: QPainter, rows: list[int]) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.colours.baseline)
        for row in rows:
            rect = self.baseline_rect(row)
            if rect is not None:
                p.drawRect(rect)

    def _bar(self, p: QPainter, row: int, view: QRectF) -> None:
        d, c = self.data, self.colours
        rect = self.bar_rect(row)
        critical = bool(d.critical[row])
        if d.milestone[row]:
            diamond = QPainterPath()
            cx, cy, h = rect.center().x(), rect.center().y(), rect.height() / 2
            diamond.moveTo(cx, cy - h)
            diamond.lineTo(cx + h, cy)
            diamond.lineTo(cx, cy + h)
            diamond.lineTo(cx - h, cy)
            diamond.closeSubpath()
            p.fillPath(diamond, c.critical_progress if critical else c.summary)
        elif d.summary[row]:
            p.fillRect(rect, c.summary)
            for x, sign in ((rect.left(), 1), (rect.right(), -1)):
                cap = QPainterPath()
                cap.moveTo(x, rect.bottom())
                cap.lineTo(x + sign * rect.height() * 0.9, rect.bottom())
                cap.lineTo(x, rect.bottom() + rect.height() * 0.9)
                cap.closeSubpath()
                p.fillPath(cap, c.summary)
        else:
            p.fillRect(rect, c.critical if critical else c.bar)
            done = rect.width() * float(d.percent[row]) / 100.0
            if done > 0:
                strip = QRectF(
                    rect.left(), rect.top() + rect.height() * 0.3, done, rect.height() * 0.4
                )
                p.fillRect(strip, c.critical_progress if critical else c.progress)
            p.setPen(QPen(c.critical_progress if critical else c.progress, 0))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(rect)
        self._label(p, row, rect, view)

    def _label(self, p: QPainter, row: int, rect: QRectF, view: QRectF) -> None:
        x = rect.right() + 5
        if x > view.right():
            return
        name = str(self.data.tasks[row]["name"])
        p.setPen(self.colours.text)  # the muted colour read faintly on the dark chart
        top = self.row_top(row)
        p.drawText(
            QRectF(x, top, max(40.0, view.right() - x), self.row_height),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            name,
        )

    def _day_line(
        self, p: QPainter, view: QRectF, ordinal: int, colour: QColor, style: Qt.PenStyle
    ) -> None:
        x = self.scale.x(ordinal)
        if view.left() <= x <= view.right():
            pen = QPen(colour, 1.5, style)
            p.setPen(pen)
            p.drawLine(QPointF(x, view.top()), QPointF(x, view.bottom()))

    def _marker_lines(self, p: QPainter, view: QRectF, d0: int, d1: int) -> None:
        """A faint dotted line through the rows at each review date on screen (from the
        weeks zoom on; further out the flags on the time scale suffice)."""
        if self.scale.px_per_day < 2.5:
            return
        for colour, xs in self._marker_xs(d0, d1):
            faint = QColor(colour)
            faint.setAlpha(110)
            p.setPen(QPen(faint, 1.0, Qt.PenStyle.DotLine))
            p.drawLines([QLineF(x, view.top(), x, view.bottom()) for x in xs])
