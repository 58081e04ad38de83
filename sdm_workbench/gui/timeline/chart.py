"""The chart half of the timeline: a scroll area that paints only its viewport.

Scrolling is in content pixels (x: time at the current zoom; y: rows), so the vertical
scroll bar can mirror the task table's. Dragging a bar asks for a :class:`MoveTask`;
dragging its right end asks for a :class:`ResizeTask` (both snap to whole days).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QToolTip, QWidget

from ...operations.base import Operation
from ...operations.plan import MoveTask, ResizeTask
from .data import TimelineData
from .paint import Colours, GanttPainter
from .scale import TimeScale

PAD_DAYS = 30  # room to scroll before the first and after the last date (more at low zoom)
END_GRIP = 5.0  # px either side of a bar's right end that resize instead of move


@dataclass
class _Drag:
    row: int
    mode: str  # "move" or "resize"
    press_x: float
    days: int = 0


class GanttChart(QAbstractScrollArea):
    """Bars of a :class:`TimelineData`; emits ``operation_requested`` for drags."""

    operation_requested = Signal(object)
    row_clicked = Signal(int)
    zoom_changed = Signal()

    def __init__(self, data: TimelineData, row_height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ganttChart")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.viewport().setMouseTracking(True)
        self.row_height = row_height
        self.header_height = 2 * (self.fontMetrics().height() + 6)
        first, _last = data.date_range()
        self.scale = TimeScale(first - PAD_DAYS, 8.0)
        self.gantt = GanttPainter(
            data, self.scale, row_height, Colours.from_palette(self.palette()), self.font()
        )
        self._drag: _Drag | None = None
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

    # --- painting ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self.viewport())
        try:
            self.paint_viewport(p)
        finally:
            p.end()

    def paint_viewport(self, p: QPainter) -> None:
        """The header and the rows on screen (also used by the benchmark)."""
        w, h = self.viewport().width(), self.viewport().height()
        x0 = float(self.horizontalScrollBar().value())
        y0 = float(self.verticalScrollBar().value())
        rows = QRectF(0, self.header_height, w, h - self.header_height)
        self.gantt.paint_rows(p, rows, x0, y0)
        self.gantt.paint_header(p, QRectF(0, 0, w, self.header_height), x0)
        if self._drag is not None and self._drag.days:
            self._paint_ghost(p, self._drag)

    def _paint_ghost(self, p: QPainter, drag: _Drag) -> None:
        rect = self.bar_rect(drag.row)
        shift = drag.days * self.scale.px_per_day
        if drag.mode == "move":
            rect.translate(shift, 0)
        else:
            rect.setRight(max(rect.left() + self.scale.px_per_day, rect.right() + shift))
        p.setPen(
            QPen(
                self.palette().color(self.palette().ColorRole.Highlight), 1.5, Qt.PenStyle.DashLine
            )
        )
        p.setBrush(QColor(0, 0, 0, 0))
        p.drawRect(rect)

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

    # --- input ---------------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = 1 if event.angleDelta().y() > 0 else -1
            self.zoom(steps, event.position().x())
            event.accept()
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - event.angleDelta().y())
            event.accept()
            return
        super().wheelEvent(event)

    def hit(self, point: QPointF) -> tuple[int, str] | None:
        """(row, "move" or "resize") under a viewport point, or None."""
        y = point.y() - self.header_height + self.verticalScrollBar().value()
        if point.y() < self.header_height or y < 0:
            return None
        position = int(y // self.row_height)
        if position >= len(self.data.visible):
            return None
        row = int(self.data.visible[position])
        rect = self.bar_rect(row).adjusted(-3, -3, 3, 3)
        if not rect.contains(point):
            return None
        resizable = not (self.data.milestone[row] or self.data.summary[row])
        if resizable and abs(point.x() - (rect.right() - 3)) <= END_GRIP:
            return row, "resize"
        return row, "move"

    def row_at(self, y: float) -> int:
        """The timeline row at viewport y, or -1."""
        content = y - self.header_height + self.verticalScrollBar().value()
        position = int(content // self.row_height) if content >= 0 else -1
        if 0 <= position < len(self.data.visible):
            return int(self.data.visible[position])
        return -1

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        found = self.hit(event.position())
        row = self.row_at(event.position().y())
        if row >= 0:
            self.row_clicked.emit(row)
        if found is not None:
            self._drag = _Drag(found[0], found[1], event.position().x())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        drag = self._drag
        if drag is None:
            found = self.hit(event.position())
            shape = Qt.CursorShape.ArrowCursor
            if found is not None:
                resize = found[1] == "resize"
                shape = Qt.CursorShape.SizeHorCursor if resize else Qt.CursorShape.OpenHandCursor
            self.viewport().setCursor(shape)
            return
        days = round((event.position().x() - drag.press_x) / self.scale.px_per_day)
        if days != drag.days:
            drag.days = days
            self.viewport().update()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        days = round((event.position().x() - drag.press_x) / self.scale.px_per_day)
        self.viewport().update()
        if days:
            self.operation_requested.emit(self._operation(drag.row, drag.mode, days))
        event.accept()

    def _operation(self, row: int, mode: str, days: int) -> Operation:
        task = self.data.tasks[row]
        if mode == "resize":
            finish: date = task["finish_date"]
            return ResizeTask(task.id, finish + timedelta(days=days))
        start: date = task["start_date"]
        return MoveTask(task.id, start + timedelta(days=days))

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = self.hit(QPointF(event.pos()))
            if found is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self._tooltip(found[0]), self.viewport())
            return True
        return super().viewportEvent(event)

    def _tooltip(self, row: int) -> str:
        d = self.data
        task = d.tasks[row]
        lines = [f"{d.number(row)}  {task['name']}"]
        lines.append(f"{task['start_date']:%a %d %b %Y} to {task['finish_date']:%a %d %b %Y}")
        if not d.milestone[row]:
            lines.append(f"{task['duration_days']} working days, {d.percent[row]:.0f} % complete")
        if d.total_float[row] is not None:
            lines.append(
                f"Total float {d.total_float[row]} d" + (" (critical)" if d.critical[row] else "")
            )
        if task["baseline_finish"] is not None:
            lines.append(
                f"Baseline {task['baseline_start']:%d %b} to {task['baseline_finish']:%d %b %Y}"
            )
        return "\n".join(lines)

    def point_of_day(self, row: int, ordinal: int) -> QPoint:
        """A viewport point in ``row`` at the middle of day ``ordinal`` (for tests)."""
        y = self.row_y(row) + self.row_height / 2
        return QPoint(round(self.x_of(ordinal + 0.5)), round(y))
