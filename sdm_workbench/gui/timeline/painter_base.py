"""The painter's state and geometry: row tops, bar and baseline rects, rows and markers in view."""

from __future__ import annotations

from datetime import date

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF

from .colours import Colours
from .data import TimelineData
from .scale import TimeScale


class PainterBase:
    """What every part of :class:`~.paint.GanttPainter` shares: data, scale, colours, geometry."""

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
