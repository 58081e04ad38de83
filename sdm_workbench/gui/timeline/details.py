"""The details of one task, opened by a double-click on its bar or its row (read-only).

Everything shown comes from the timeline's snapshot, so opening it costs no query.
Dates, progress and links are changed on the chart or in the table; the dialog says so.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from .data import TimelineData
from .model import slip_text


def _day(ordinal: int) -> str:
    return "—" if ordinal < 0 else f"{date.fromordinal(ordinal):%a %d %b %Y}"


def task_fields(data: TimelineData, row: int) -> list[tuple[str, str]]:
    """(caption, text) pairs describing timeline row ``row``."""
    task = data.tasks[row]
    kind = "Milestone" if data.milestone[row] else "Summary" if data.summary[row] else "Task"
    successors = [
        str(data.number(int(s))) for p, s in zip(data.link_pred, data.link_succ, strict=True)
        if int(p) == row
    ]  # fmt: skip
    duration = task["duration_days"]
    fields = [
        ("ID", str(data.number(row))),
        ("Kind", kind),
        ("Start", _day(int(data.start[row]))),
        ("Finish", _day(int(data.finish[row]))),
        ("Duration", "0 d" if data.milestone[row] else f"{duration} working days"),
        ("% complete", f"{float(data.percent[row]):.0f} %"),
        ("Predecessors", data.predecessors[row] or "—"),
        ("Successors", ", ".join(successors) or "—"),
        ("Total float", "—" if data.total_float[row] is None else f"{data.total_float[row]} d"),
        ("Critical", "yes" if data.critical[row] else "no"),
        ("Baseline", f"{_day(int(data.base_start[row]))} to {_day(int(data.base_finish[row]))}"),
        ("Slip", slip_text(data.slip[row]) or "no baseline"),
        ("Assignee", data.assignees[row] or "—"),
    ]
    return fields


class TaskDetailsDialog(QDialog):
    """A small window with one task's fields; closes with Esc or Close."""

    def __init__(self, data: TimelineData, row: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("taskDetails")
        self.task_id = data.tasks[row].id
        self.setWindowTitle(f"Task: {data.tasks[row]['name']}")
        heading = QLabel(str(data.tasks[row]["name"]), self)
        heading.setObjectName("detailsHeading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for caption, text in task_fields(data, row):
            value = QLabel(text, self)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(caption, value)
            self.values[caption] = value
        hint = QLabel(
            "Drag the bar to move it, its end to resize, its grip to set progress, its round "
            "handle to another task to link them; type predecessors as 12FS+2d in the table.",
            self,
        )
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)
