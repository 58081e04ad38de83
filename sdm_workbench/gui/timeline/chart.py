"""The chart half of the timeline: paints only its viewport, turns drags into operations.

Dragging a bar asks for a :class:`MoveTask`, its right end for a :class:`ResizeTask` (both
snap to whole days), its progress grip for a :class:`SetProgress`, its link handle onto
another row for a :class:`LinkTasks` (the type chosen from a small menu). See :mod:`.drag`
for the zones and :mod:`.canvas` for scrolling and zoom.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QWheelEvent
from PySide6.QtWidgets import QMenu, QToolTip, QWidget

from ...operations.plan import DEPENDENCY_TYPES, LinkTasks
from . import drag as dragging
from .canvas import GanttCanvas
from .data import TimelineData
from .drag import Drag

LINK_TYPE_NAMES = {
    "FS": "Finish to start (FS)",
    "SS": "Start to start (SS)",
    "FF": "Finish to finish (FF)",
    "SF": "Start to finish (SF)",
}
# (predecessor row, successor row, global position) -> "FS"/"SS"/"FF"/"SF", None: cancelled
ChooseLinkType = Callable[[int, int, QPoint], str | None]


class GanttChart(GanttCanvas):
    """Bars of a :class:`TimelineData`; emits ``operation_requested`` for drags."""

    operation_requested = Signal(object)
    row_clicked = Signal(int)
    row_activated = Signal(int)  # double-click: open the row's details

    def __init__(self, data: TimelineData, row_height: int, parent: QWidget | None = None) -> None:
        super().__init__(data, row_height, parent)
        self.viewport().setMouseTracking(True)
        self._drag: Drag | None = None
        self._hover_row = -1
        self.choose_link_type: ChooseLinkType = self._link_type_menu

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
        p.save()
        p.setClipRect(rows)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._drag is None:
            dragging.paint_handles(self, p, self._hover_row)
        else:
            dragging.paint_ghost(self, p, self._drag)
        p.restore()

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

    def hit(
        self, point: QPointF, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> tuple[int, str] | None:
        """(row, "move", "resize", "progress" or "link") under a viewport point, or None."""
        return dragging.hit(self, point, modifiers)

    def row_at(self, y: float) -> int:
        """The timeline row at viewport y, or -1."""
        content = y - self.header_height + self.verticalScrollBar().value()
        position = int(content // self.row_height) if content >= 0 else -1
        if y >= self.header_height and 0 <= position < len(self.data.visible):
            return int(self.data.visible[position])
        return -1

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        found = self.hit(event.position(), event.modifiers())
        row = self.row_at(event.position().y())
        if row >= 0:
            self.row_clicked.emit(row)
        if found is not None:
            self._drag = Drag(found[0], found[1], event.position(), event.position())
        event.accept()

    _CURSORS = {
        "resize": Qt.CursorShape.SizeHorCursor,
        "move": Qt.CursorShape.OpenHandCursor,
        "progress": Qt.CursorShape.SplitHCursor,
        "link": Qt.CursorShape.CrossCursor,
    }

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        drag = self._drag
        if drag is None:
            row = self.row_at(event.position().y())
            if row != self._hover_row:  # handles show on the row under the mouse
                self._hover_row = row
                self.viewport().update()
            found = self.hit(event.position(), event.modifiers())
            shape = Qt.CursorShape.ArrowCursor if found is None else self._CURSORS[found[1]]
            self.viewport().setCursor(shape)
            return
        dragging.update(self, drag, event.position())
        self.viewport().update()
        event.accept()

    def leaveEvent(self, event: QEvent) -> None:
        self._hover_row = -1
        self.viewport().update()
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        dragging.update(self, drag, event.position())
        self.viewport().update()
        event.accept()
        if drag.mode == "link":
            self._finish_link(drag, event.globalPosition().toPoint())
            return
        made = dragging.operation(self, drag)
        if made is not None:
            self.operation_requested.emit(made)

    def _finish_link(self, drag: Drag, where: QPoint) -> None:
        target = self.row_at(drag.now.y())
        if target < 0 or target == drag.row or self.data.group[target]:
            return
        kind = self.choose_link_type(drag.row, target, where)
        if kind is None:
            return
        pred, succ = self.data.tasks[drag.row], self.data.tasks[target]
        self.operation_requested.emit(LinkTasks(pred.id, succ.id, kind, 0))

    def _link_type_menu(self, pred: int, succ: int, where: QPoint) -> str | None:
        """A small menu of the four types; finish-to-start first and active."""
        menu = QMenu(self)
        title = menu.addAction(f"{self.data.tasks[pred]['name']} → {self.data.tasks[succ]['name']}")
        title.setEnabled(False)
        menu.addSeparator()
        actions = {menu.addAction(LINK_TYPE_NAMES[k]): k for k in DEPENDENCY_TYPES}
        first = next(iter(actions))
        menu.setActiveAction(first)
        chosen = menu.exec(where, first)
        menu.deleteLater()
        return actions.get(chosen) if chosen is not None else None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        row = self.row_at(event.position().y())
        if event.button() == Qt.MouseButton.LeftButton and row >= 0:
            self.row_activated.emit(row)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def markers_at(self, x: float) -> list[str]:
        """Texts of the review markers within a few pixels of viewport x."""
        if not self.gantt.show_markers:
            return []
        content = x + self.horizontalScrollBar().value()
        near = 4.0 / self.scale.px_per_day + 1
        found = self.data.markers_between(
            math.floor(self.scale.origin + content / self.scale.px_per_day - near),
            math.ceil(self.scale.origin + content / self.scale.px_per_day + near),
        )
        return [m.text for m in found if abs(self.x_of(m.day + 0.5) - x) <= 5]

    def tooltip_at(self, point: QPointF) -> str:
        """A bar's or a marker's tooltip at a viewport point ("" where there is none)."""
        if point.y() < self.header_height:
            return "\n".join(self.markers_at(point.x()))
        row = self.row_at(point.y())
        if row < 0 or not self.bar_rect(row).adjusted(-3, -3, 3, 3).contains(point):
            return ""
        return self._tooltip(row)

    def _tooltip(self, row: int) -> str:
        d = self.data
        task = d.tasks[row]
        first, last = date.fromordinal(int(d.start[row])), date.fromordinal(int(d.finish[row]))
        number = task["code"] if d.group[row] else d.number(row)
        lines = [f"{number}  {task['name']}", f"{first:%a %d %b %Y} to {last:%a %d %b %Y}"]
        if d.group[row]:
            lines.append(f"{d.percent[row]:.0f} % complete; double-click to show this project")
        elif not d.milestone[row]:
            lines.append(f"{task['duration_days']} working days, {d.percent[row]:.0f} % complete")
        if d.total_float[row] is not None:
            lines.append(
                f"Total float {d.total_float[row]} d" + (" (critical)" if d.critical[row] else "")
            )
        if d.base_finish[row] >= 0:
            base = (
                date.fromordinal(int(d.base_start[row])),
                date.fromordinal(int(d.base_finish[row])),
            )
            lines.append(f"Baseline {base[0]:%d %b} to {base[1]:%d %b %Y}")
        slip = d.slip[row]
        if slip:
            lines.append(f"{abs(slip)} working days {'late' if slip > 0 else 'early'}")
        return "\n".join(lines)

    def point_of_day(self, row: int, ordinal: int) -> QPoint:
        """A viewport point in ``row`` at the middle of day ``ordinal`` (for tests)."""
        y = self.row_y(row) + self.row_height / 2
        return QPoint(round(self.x_of(ordinal + 0.5)), round(y))
