"""What a press on the chart grabs, the outline drawn while dragging, and the edit it makes.

Zones of a task bar, checked in this order:

* a small round handle just right of the bar (on the row under the mouse): **link**;
  drag it onto another row, then choose the dependency type;
* the right end: **resize** (not milestones, summaries or project rows);
* the lower half of the bar near the end of its progress fill: **progress**;
* anywhere else on the bar: **move**.

Shift-drag inside a task bar sets its progress wherever it is grabbed; Ctrl-drag from a
bar links it. Project rows of the portfolio are not dragged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from ...operations.base import Operation
from ...operations.plan import MoveTask, ResizeTask, SetProgress

if TYPE_CHECKING:
    from .chart import GanttChart

END_GRIP = 5.0  # px either side of a bar's right end that resize instead of move
PROGRESS_GRIP = 4.0  # px either side of the progress fill's end
HANDLE_GAP = 4.0  # px between a bar's end and its link handle
HANDLE_RADIUS = 4.5


@dataclass
class Drag:
    """One drag in progress, in viewport coordinates."""

    row: int
    mode: str  # "move", "resize", "progress" or "link"
    press: QPointF
    now: QPointF = field(default_factory=QPointF)
    days: int = 0
    percent: float = 0.0

    @property
    def moved(self) -> bool:
        return (self.now - self.press).manhattanLength() >= 3


def link_handle(chart: GanttChart, row: int) -> QRectF:
    """Viewport rect of the round link handle right of a row's bar."""
    rect = chart.bar_rect(row)
    cx = rect.right() + HANDLE_GAP + HANDLE_RADIUS
    r = HANDLE_RADIUS
    return QRectF(cx - r, rect.center().y() - r, 2 * r, 2 * r)


def is_task_bar(chart: GanttChart, row: int) -> bool:
    """A leaf task with a duration (what has a progress fill and a resizable end)."""
    d = chart.data
    return not (d.milestone[row] or d.summary[row] or d.group[row])


def progress_x(chart: GanttChart, row: int) -> float:
    rect = chart.bar_rect(row)
    return rect.left() + rect.width() * float(chart.data.percent[row]) / 100.0


def hit(
    chart: GanttChart, point: QPointF, modifiers: Qt.KeyboardModifier
) -> tuple[int, str] | None:
    """(row, mode) of what a press at ``point`` grabs, or None."""
    row = chart.row_at(point.y())
    if row < 0 or chart.data.group[row]:
        return None
    if link_handle(chart, row).adjusted(-2, -2, 2, 2).contains(point):
        return row, "link"
    rect = chart.bar_rect(row)
    if not rect.adjusted(-3, -3, 3, 3).contains(point):
        return None
    if modifiers & Qt.KeyboardModifier.ControlModifier:
        return row, "link"
    task_bar = is_task_bar(chart, row)
    if task_bar and modifiers & Qt.KeyboardModifier.ShiftModifier:
        return row, "progress"
    if task_bar and abs(point.x() - rect.right()) <= END_GRIP:
        return row, "resize"
    lower = point.y() >= rect.center().y()
    if task_bar and lower and abs(point.x() - progress_x(chart, row)) <= PROGRESS_GRIP:
        return row, "progress"
    return row, "move"


def update(chart: GanttChart, drag: Drag, point: QPointF) -> None:
    """Follow the mouse: whole days for move/resize, a percentage for progress."""
    drag.now = QPointF(point)
    drag.days = round((point.x() - drag.press.x()) / chart.scale.px_per_day)
    if drag.mode == "progress":
        rect = chart.bar_rect(drag.row)
        share = (point.x() - rect.left()) / max(1.0, rect.width())
        drag.percent = float(min(100, max(0, round(share * 100))))


def operation(chart: GanttChart, drag: Drag) -> Operation | None:
    """The edit a finished move, resize or progress drag makes (None: nothing changes)."""
    task = chart.data.tasks[drag.row]
    if drag.mode == "progress":
        if not drag.moved or drag.percent == float(chart.data.percent[drag.row]):
            return None
        return SetProgress(task.id, drag.percent)
    if not drag.days:
        return None
    if drag.mode == "resize":
        finish: date = task["finish_date"]
        return ResizeTask(task.id, finish + timedelta(days=drag.days))
    start: date = task["start_date"]
    return MoveTask(task.id, start + timedelta(days=drag.days))


def paint_ghost(chart: GanttChart, p: QPainter, drag: Drag) -> None:
    """The dashed outline of where the bar, progress or link would go."""
    highlight = chart.palette().color(chart.palette().ColorRole.Highlight)
    p.setPen(QPen(highlight, 1.5, Qt.PenStyle.DashLine))
    p.setBrush(QColor(0, 0, 0, 0))
    rect = chart.bar_rect(drag.row)
    if drag.mode == "link":
        start = link_handle(chart, drag.row).center()
        p.drawLine(start, drag.now)
        target = chart.row_at(drag.now.y())
        if target >= 0 and target != drag.row and not chart.data.group[target]:
            p.drawRect(chart.bar_rect(target).adjusted(-2, -2, 2, 2))
        return
    if drag.mode == "progress":
        x = rect.left() + rect.width() * drag.percent / 100.0
        p.drawLine(QPointF(x, rect.top() - 3), QPointF(x, rect.bottom() + 3))
        p.setPen(chart.palette().color(chart.palette().ColorRole.Text))
        p.drawText(QPointF(x + 4, rect.top() - 3), f"{drag.percent:.0f} %")
        return
    if not drag.days:
        return
    shift = drag.days * chart.scale.px_per_day
    if drag.mode == "move":
        rect.translate(shift, 0)
    else:
        rect.setRight(max(rect.left() + chart.scale.px_per_day, rect.right() + shift))
    p.drawRect(rect)


def paint_handles(chart: GanttChart, p: QPainter, row: int) -> None:
    """The link handle (and the progress grip of a task bar) of the row under the mouse."""
    if row < 0 or row >= len(chart.data) or chart.data.group[row]:
        return
    if chart.data.position[row] < 0:
        return
    colour = chart.palette().color(chart.palette().ColorRole.Highlight)
    p.setPen(QPen(colour, 1.2))
    p.setBrush(chart.palette().color(chart.palette().ColorRole.Base))
    p.drawEllipse(link_handle(chart, row))
    if is_task_bar(chart, row):
        rect = chart.bar_rect(row)
        x = progress_x(chart, row)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        y = rect.bottom()
        p.drawPolygon([QPointF(x, y - 3), QPointF(x - 4, y + 3), QPointF(x + 4, y + 3)])
