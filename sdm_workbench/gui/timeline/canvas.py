"""The chart's scrolling canvas: content geometry, scroll ranges and zoom.

Scrolling is in content pixels (x: time at the current zoom; y: rows), so the vertical
scroll bar can mirror the task table's. Painting and input are :mod:`.chart`'s.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QWidget

from .colours import Colours
from .data import TimelineData
from .paint import GanttPainter
from .scale import TimeScale

PAD_DAYS = 30  # room to scroll before the first and after the last date (more at low zoom)


class GanttCanvas(QAbstractScrollArea):
    """A scroll area over a :class:`TimelineData` at a zoom (the base of the Gantt chart)."""

    zoom_changed = Signal()

    def __init__(self, data: TimelineData, row_height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ganttChart")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.row_height = row_height
        self.header_height = 2 * (self.fontMetrics().height() + 6)
        first, _last = data.date_range()
        self.scale = TimeScale(first - PAD_DAYS, 8.0)
        self.gantt = GanttPainter(
            data, self.scale, row_height, Colours.from_palette(self.palette()), self.font()
        )
        self._fit_pending = False
        self.horizontalScrollBar().valueChanged.connect(self.viewport().update)
        self.verticalScrollBar().valueChanged.connect(self.viewport().update)
        self._update_ranges()

    # --- data and geometry ---------------------------------------------------------------
    @property
    def data(self) -> TimelineData:
        return self.gantt.data

    def set_data(self, data: TimelineData) -> None:
        """Show new data, keeping zoom and scroll position where they still make sense."""
        self.gantt.data = data
        self._update_ranges()
        self.viewport().update()

    def set_selected_row(self, row: int) -> None:
        self.gantt.selected_row = row
        self.viewport().update()

    def rows_height(self) -> int:
        """Height of the rows area (below the time scale)."""
        return max(0, self.viewport().height() - self.header_height)

    def content_extent(self) -> tuple[int, int]:
        """First and last ordinal the horizontal scroll bar can reach."""
        first, last = self.data.date_range()
        pad = max(PAD_DAYS, math.ceil(self.viewport().width() / self.scale.px_per_day / 2))
        return first - pad, last + pad

    def _update_ranges(self) -> None:
        first, last = self.content_extent()
        hbar = self.horizontalScrollBar()
        # Re-anchor the origin at the first reachable day, keeping the view where it is.
        value = hbar.value() + (self.scale.origin - first) * self.scale.px_per_day
        self.scale.origin = first
        width = self.scale.x(last + 1)
        hbar.setRange(0, max(0, round(width) - self.viewport().width()))
        hbar.setPageStep(max(1, self.viewport().width()))
        hbar.setSingleStep(max(1, round(self.scale.px_per_day * 7)))
        hbar.setValue(round(value))
        vbar = self.verticalScrollBar()
        total = len(self.data.visible) * self.row_height
        vbar.setRange(0, max(0, total - self.rows_height()))
        vbar.setPageStep(max(1, self.rows_height()))
        vbar.setSingleStep(self.row_height)

    def refresh_geometry(self) -> None:
        """Recompute scroll ranges after rows were shown or hidden."""
        self._update_ranges()
        self.viewport().update()

    def x_of(self, ordinal: float) -> float:
        """Viewport x of the start of day ``ordinal``."""
        return self.scale.x(ordinal) - self.horizontalScrollBar().value()

    def row_y(self, row: int) -> float:
        """Viewport y of the top of timeline row ``row``."""
        return self.header_height + self.gantt.row_top(row) - self.verticalScrollBar().value()

    def bar_rect(self, row: int) -> QRectF:
        """Viewport rect of a row's bar (what a user sees and drags)."""
        rect = self.gantt.bar_rect(row)
        return rect.translated(
            -self.horizontalScrollBar().value(),
            self.header_height - self.verticalScrollBar().value(),
        )

    # --- zoom ----------------------------------------------------------------------------
    def set_px_per_day(self, value: float, anchor_x: float | None = None) -> None:
        """Zoom keeping the day under ``anchor_x`` (viewport x; default the centre) still."""
        if anchor_x is None:
            anchor_x = self.viewport().width() / 2
        hbar = self.horizontalScrollBar()
        day = self.scale.origin + (hbar.value() + anchor_x) / self.scale.px_per_day
        self.scale.px_per_day = value
        self._update_ranges()
        hbar.setValue(round(self.scale.x(day) - anchor_x))
        self.viewport().update()
        self.zoom_changed.emit()

    def zoom(self, steps: int, anchor_x: float | None = None) -> None:
        self.set_px_per_day(self.scale.zoomed(steps), anchor_x)

    def fit(self) -> None:
        """Zoom so that the whole plan fits the width (once shown, if not yet)."""
        self._fit_pending = not self.isVisible()
        first, last = self.data.date_range()
        days = max(1, last - first + 1)
        margin = max(1, days // 30)
        width = max(100, self.viewport().width())
        width -= min(160, width // 4)  # room for the names beside the last bars
        self.scale.px_per_day = max(0.12, min(64.0, width / (days + 2 * margin)))
        self._update_ranges()
        self.horizontalScrollBar().setValue(round(self.scale.x(first - margin)))
        self.viewport().update()
        self.zoom_changed.emit()

    def scroll_to_day(self, ordinal: int) -> None:
        """Bring day ``ordinal`` to about a fifth of the width from the left."""
        target = self.scale.x(ordinal) - self.viewport().width() / 5
        self.horizontalScrollBar().setValue(round(target))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_ranges()
        if self._fit_pending and self.isVisible():
            self.fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._fit_pending:
            self.fit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.gantt.colours = Colours.from_palette(self.palette())
            self.gantt.font = self.font()
        super().changeEvent(event)
