"""Drawing the timeline: the time scale, bars, milestones, baselines and dependency arrows.

One painter serves the screen and the exports. It draws only what falls inside the rect
it is given: the rows on screen (a slice of the visible rows), the days on screen (for
shading and the scale) and the links whose rows and x range cross that rect (a vectorised
mask over the link arrays). So the cost follows the viewport, not the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen

from .data import TimelineData
from .scale import TimeScale, label, next_unit, units

Role = QPalette.ColorRole
GAP = 6.0  # px a dependency line runs out of a bar before it turns


@dataclass(frozen=True)
class Colours:
    """The timeline's colours for one palette (light or dark)."""

    base: QColor
    stripe: QColor
    grid: QColor
    non_working: QColor
    text: QColor
    muted: QColor
    bar: QColor
    progress: QColor
    critical: QColor
    critical_progress: QColor
    summary: QColor
    baseline: QColor
    link: QColor
    today: QColor
    status: QColor
    header: QColor
    selection: QColor
    raid: QColor
    sla: QColor

    @classmethod
    def from_palette(cls, palette: QPalette) -> Colours:
        dark = palette.color(Role.Base).lightness() < 128
        base = palette.color(Role.Base)
        text = palette.color(Role.Text)
        selection = QColor(palette.color(Role.Highlight))
        selection.setAlpha(60)
        return cls(
            base=base,
            stripe=palette.color(Role.AlternateBase),
            grid=palette.color(Role.Midlight if not dark else Role.Mid),
            non_working=QColor("#2b2f36" if dark else "#eceef2"),
            text=text,
            muted=palette.color(Role.PlaceholderText),
            bar=QColor("#5b8def" if dark else "#7ea6ee"),
            progress=QColor("#2f62c8" if dark else "#2f5fb8"),
            critical=QColor("#e0655d" if dark else "#ef8a84"),
            critical_progress=QColor("#b83a33" if dark else "#c2352d"),
            summary=QColor("#c9ced6" if dark else "#3a3f47"),
            baseline=QColor("#6b717b" if dark else "#b3b9c2"),
            link=QColor("#8f96a1" if dark else "#6b7280"),
            today=QColor("#f0a030" if dark else "#e07b00"),
            status=QColor("#4cc38a" if dark else "#1f9d63"),
            header=palette.color(Role.Window),
            selection=selection,
            raid=QColor("#d57be6" if dark else "#8e3fa8"),
            sla=QColor("#3fc1c9" if dark else "#0f7c86"),
        )


class GanttPainter:
    """Paints a :class:`TimelineData` under a :class:`TimeScale` with rows ``row_height`` tall.

    Rects are device rects; ``x0``/``y0`` are the content coordinates at their top-left
    corner (the scroll offsets on screen, the page's window in an export).
    """

    def __init__(
        self, data: TimelineData, scale: TimeScale, row_height: float, colours: Colours, font: QFont
    ) -> None:
        self.data = data
        self.scale = scale
        self.row_height = row_height
        self.colours = colours
        self.font = font
        self.metrics = QFontMetricsF(font)
        self.today = date.today().toordinal()
        self.selected_row = -1
        self.show_markers = True  # RAID and SLA review dates

    # --- geometry (content coordinates) --------------------------------------------------
    def row_top(self, row: int) -> float:
        return float(self.data.position[row]) * self.row_height

    def bar_rect(self, row: int) -> QRectF:
        """The bar of ``row`` (a task, summary or milestone diamond's bounding box)."""
        d, rh = self.data, self.row_height
        top = self.row_top(row)
        if d.milestone[row]:
            half = rh * 0.3
            cx = self.scale.x(int(d.start[row]) + 0.5)
            return QRectF(cx - half, top + rh / 2 - half, 2 * half, 2 * half)
        left, right = self.scale.bar(int(d.start[row]), int(d.finish[row]))
        right = max(right, left + 2.0)
        if d.summary[row]:
            return QRectF(left, top + rh * 0.3, right - left, rh * 0.22)
        return QRectF(left, top + rh * 0.22, right - left, rh * 0.44)

    def baseline_rect(self, row: int) -> QRectF | None:
        d, rh = self.data, self.row_height
        if d.base_start[row] < 0 or d.base_finish[row] < 0:
            return None
        left, right = self.scale.bar(int(d.base_start[row]), int(d.base_finish[row]))
        top = self.row_top(row)
        if d.milestone[row]:
            left = self.scale.x(int(d.base_start[row]) + 0.5) - rh * 0.15
            right = left + rh * 0.3
        return QRectF(left, top + rh * 0.72, max(right - left, 2.0), rh * 0.14)

    def rows_in(self, y0: float, height: float) -> tuple[int, int]:
        """First and last visible *positions* touching content y range [y0, y0 + height)."""
        count = len(self.data.visible)
        first = max(0, int(y0 // self.row_height))
        last = min(count - 1, int((y0 + height) // self.row_height))
        return first, last

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

    def _marker_xs(self, d0: int, d1: int) -> list[tuple[QColor, list[float]]]:
        """Content x of the markers on days d0..d1, one per pixel column and kind: hundreds
        of review dates at a portfolio's zoom cost what the screen's width allows."""
        window = self.data.marker_slice(d0, d1)
        days = self.data.marker_days[window]
        raid = self.data.marker_raid[window]
        found = []
        for is_raid, colour in ((True, self.colours.raid), (False, self.colours.sla)):
            xs = np.unique(np.round(self.scale.x(days[raid == is_raid] + 0.5)))
            if len(xs):
                found.append((colour, xs.tolist()))
        return found

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

    # --- dependency arrows ---------------------------------------------------------------
    def visible_links(self, view: QRectF, first: int, last: int) -> npt.NDArray[np.int64]:
        """Indices of links whose rows and x range cross the view (vectorised)."""
        d = self.data
        if not len(d.link_pred):
            return np.zeros(0, dtype=np.int64)
        pa, pb = d.position[d.link_pred], d.position[d.link_succ]
        mask = (pa >= 0) & (pb >= 0) & (np.minimum(pa, pb) <= last) & (np.maximum(pa, pb) >= first)
        index = np.flatnonzero(mask)
        if not len(index):
            return index
        scale = self.scale
        lo = np.minimum(d.start[d.link_pred[index]], d.start[d.link_succ[index]])
        hi = np.maximum(d.finish[d.link_pred[index]], d.finish[d.link_succ[index]]) + 1
        margin = (GAP + self.row_height) / scale.px_per_day
        ppd = scale.px_per_day
        keep = ((hi + margin - scale.origin) * ppd >= view.left()) & (
            (lo - margin - scale.origin) * ppd <= view.right()
        )
        kept: npt.NDArray[np.int64] = index[keep]
        return kept

    def _links(self, p: QPainter, view: QRectF, first: int, last: int) -> None:
        d = self.data
        plain, hot = QPainterPath(), QPainterPath()
        heads_plain, heads_hot = QPainterPath(), QPainterPath()
        for k in self.visible_links(view, first, last).tolist():
            a, b = int(d.link_pred[k]), int(d.link_succ[k])
            points = self.route(a, b, int(d.link_type[k]))
            critical = bool(d.critical[a] and d.critical[b])
            path = hot if critical else plain
            path.moveTo(points[0])
            for point in points[1:]:
                path.lineTo(point)
            _arrow_head(heads_hot if critical else heads_plain, points[-2], points[-1])
        c = self.colours
        p.setBrush(Qt.BrushStyle.NoBrush)
        for path, heads, colour in (
            (plain, heads_plain, c.link),
            (hot, heads_hot, c.critical_progress),
        ):
            p.setPen(QPen(colour, 1.0))
            p.drawPath(path)
            p.fillPath(heads, colour)

    def route(self, pred: int, succ: int, kind: int) -> list[QPointF]:
        """The polyline of a link: out of the predecessor's start or finish, into the
        successor's start (arrow pointing right) or finish (arrow pointing left)."""
        ra, rb = self.bar_rect(pred), self.bar_rect(succ)
        ya, yb = ra.center().y(), rb.center().y()
        below = self.data.position[succ] > self.data.position[pred]
        rh = self.row_height
        lane = self.row_top(succ) + (0.0 if below else rh)  # the row edge between the two
        from_finish = kind in (0, 2)  # FS, FF
        into_finish = kind in (2, 3)  # FF, SF
        ax = ra.right() if from_finish else ra.left()
        bx = rb.right() if into_finish else rb.left()
        a = QPointF(ax, ya)
        if kind == 1:  # SS: out left, in from the left
            mx = min(ax, bx) - GAP
            return [a, QPointF(mx, ya), QPointF(mx, yb), QPointF(bx, yb)]
        if kind == 2:  # FF: out right, in from the right
            mx = max(ax, bx) + GAP
            return [a, QPointF(mx, ya), QPointF(mx, yb), QPointF(bx, yb)]
        out = ax + GAP if from_finish else ax - GAP
        entry = bx + GAP if into_finish else bx - GAP
        straight = entry >= out if not into_finish else entry <= out
        if straight:  # room to turn once
            return [a, QPointF(out, ya), QPointF(out, yb), QPointF(bx, yb)]
        return [
            a,
            QPointF(out, ya),
            QPointF(out, lane),
            QPointF(entry, lane),
            QPointF(entry, yb),
            QPointF(bx, yb),
        ]

    # --- the time scale ------------------------------------------------------------------
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


def _arrow_head(path: QPainterPath, before: QPointF, tip: QPointF, size: float = 5.0) -> None:
    dx = 1.0 if tip.x() >= before.x() else -1.0
    if abs(tip.x() - before.x()) < 0.01:  # a vertical last leg: point up or down
        dy = 1.0 if tip.y() >= before.y() else -1.0
        path.moveTo(tip)
        path.lineTo(tip.x() - size * 0.6, tip.y() - dy * size)
        path.lineTo(tip.x() + size * 0.6, tip.y() - dy * size)
        path.closeSubpath()
        return
    path.moveTo(tip)
    path.lineTo(tip.x() - dx * size, tip.y() - size * 0.6)
    path.lineTo(tip.x() - dx * size, tip.y() + size * 0.6)
    path.closeSubpath()
