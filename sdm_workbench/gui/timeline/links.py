"""Dependency arrows: the links crossing the view, their routes and their arrow heads."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen

from .painter_base import PainterBase

GAP = 6.0  # px a dependency line runs out of a bar before it turns


class LinkPainter(PainterBase):
    """The dependency arrows of :class:`~.paint.GanttPainter`."""

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
