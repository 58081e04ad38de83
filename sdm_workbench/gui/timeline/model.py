"""The task table beside the chart: a tree model over the timeline's rows.

Holds no sessions and no ORM objects: an index's internal id is the row number in
:class:`~.data.TimelineData` (plus one, so that 0 stays "no item"). Only the Predecessors
cell is editable; the model does not apply the edit itself but hands the typed text to
``edit_predecessors`` (the view turns it into one undo step).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from ..qtconv import to_qdate
from .data import TimelineData

COLUMNS = (
    "ID",
    "Task",
    "Start",
    "Finish",
    "Duration",
    "% Complete",
    "Predecessors",
    "Total float",
    "Slip",
    "Assignee",
)
ID, NAME, START, FINISH, DURATION, PERCENT, PREDECESSORS, FLOAT, SLIP, ASSIGNEE = range(
    len(COLUMNS)
)
_RIGHT = {ID, DURATION, PERCENT, FLOAT, SLIP}
EditPredecessors = Callable[[int, str], bool]  # task id, typed text -> applied
AnyIndex = QModelIndex | QPersistentModelIndex


class TaskTreeModel(QAbstractItemModel):
    """Rows are tasks in WBS outline; children sit under their summary task."""

    def __init__(self, data: TimelineData, row_height: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data = data
        self._row_height = row_height
        self._bold = QFont()
        self._bold.setBold(True)
        self._critical = QBrush(QColor("#c2352d"))
        self._early = QBrush(QColor("#1f9d63"))
        self._positions = self._sibling_positions(data)
        self.edit_predecessors: EditPredecessors | None = None

    @staticmethod
    def _sibling_positions(data: TimelineData) -> list[int]:
        positions = [0] * len(data)
        for siblings in (data.top, *data.children):
            for n, row in enumerate(siblings):
                positions[row] = n
        return positions

    @property
    def timeline(self) -> TimelineData:
        return self._data

    def set_timeline(self, data: TimelineData) -> bool:
        """New data: cell updates when the outline is the same (keeps expansion), else a
        reset; returns True after a reset."""
        same = len(data) == len(self._data) and all(
            a.id == b.id and a["parent_id"] == b["parent_id"]
            for a, b in zip(data.tasks, self._data.tasks, strict=True)
        )
        if not same:
            self.beginResetModel()
            self._data = data
            self._positions = self._sibling_positions(data)
            self.endResetModel()
            return True
        self._data = data
        last = len(COLUMNS) - 1
        for parent_row, siblings in ((-1, data.top), *enumerate(data.children)):
            if siblings:
                parent = self._index_of(parent_row)
                self.dataChanged.emit(
                    self.index(0, 0, parent), self.index(len(siblings) - 1, last, parent)
                )
        return False

    def _index_of(self, row: int, column: int = 0) -> QModelIndex:
        if row < 0:
            return QModelIndex()
        return self.createIndex(self._positions[row], column, row + 1)

    def index_of_row(self, row: int, column: int = 0) -> QModelIndex:
        """The index of timeline row ``row`` (WBS order)."""
        return self._index_of(row, column)

    def row_of(self, index: AnyIndex) -> int:
        """The timeline row of an index (-1 for the root)."""
        return int(index.internalId()) - 1 if index.isValid() else -1

    # --- QAbstractItemModel --------------------------------------------------------------
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        siblings = self._siblings(parent)
        if not (0 <= row < len(siblings) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column, siblings[row] + 1)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent_row = int(self._data.parent[self.row_of(index)])
        return self._index_of(parent_row)

    def _siblings(self, parent: AnyIndex) -> list[int]:
        if not parent.isValid():
            return self._data.top
        if parent.column() != 0:
            return []
        return self._data.children[self.row_of(parent)]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self._siblings(parent))

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return bool(self._siblings(parent))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                align = (
                    Qt.AlignmentFlag.AlignRight if section in _RIGHT else Qt.AlignmentFlag.AlignLeft
                )
                return int(align | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == PREDECESSORS and not self._data.group[self.row_of(index)]:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Typed predecessors go to ``edit_predecessors``; the cell shows the stored links
        again after the reload that follows (or as before, when the edit was refused)."""
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        row = self.row_of(index)
        text = "" if value is None else str(value).strip()
        if text == self._data.predecessors[row] or self.edit_predecessors is None:
            return False
        return self.edit_predecessors(self._data.tasks[row].id, text)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.row_of(index), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._value(row, column)
        if role == Qt.ItemDataRole.SizeHintRole:
            return QSize(-1, self._row_height)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = Qt.AlignmentFlag.AlignRight if column in _RIGHT else Qt.AlignmentFlag.AlignLeft
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self._data.summary[row]:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == NAME:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.UserRole:
            return self._data.tasks[row].id
        return None

    def _foreground(self, row: int, column: int) -> QBrush | None:
        if column == FLOAT and self._data.critical[row]:
            return self._critical
        slip = self._data.slip[row] if column == SLIP else None
        if slip:
            return self._critical if slip > 0 else self._early
        return None

    def _value(self, row: int, column: int) -> Any:
        d = self._data
        task = d.tasks[row]
        if d.group[row]:
            return self._project_value(row, column)
        if column == ID:
            return d.number(row)
        if column == NAME:
            return str(task["name"])
        if column == START:
            return to_qdate(task["start_date"])
        if column == FINISH:
            return to_qdate(task["finish_date"])
        if column == DURATION:
            return "0 d" if d.milestone[row] else f"{task['duration_days']} d"
        if column == PERCENT:
            return f"{float(d.percent[row]):.0f} %"
        if column == PREDECESSORS:
            return d.predecessors[row]
        if column == FLOAT:
            value = d.total_float[row]
            return "" if value is None else f"{value} d"
        if column == SLIP:
            return slip_text(d.slip[row])
        if column == ASSIGNEE:
            return d.assignees[row]
        return None

    def _project_value(self, row: int, column: int) -> Any:
        """A portfolio's project row: code, name, span, progress and slip."""
        d = self._data
        values = {
            ID: str(d.tasks[row]["code"]),
            NAME: str(d.tasks[row]["name"]),
            START: to_qdate(d.tasks[row]["start_date"]),
            FINISH: to_qdate(d.tasks[row]["finish_date"]),
            PERCENT: f"{float(d.percent[row]):.0f} %",
            SLIP: slip_text(d.slip[row]),
        }
        return values.get(column, "")

    def _tooltip(self, row: int) -> str:
        task = self._data.tasks[row]
        lines = [
            str(task["name"]),
            f"{task['start_date']:%d %b %Y} to {task['finish_date']:%d %b %Y}",
        ]
        if task["baseline_finish"] is not None:
            lines.append(f"Baseline finish {task['baseline_finish']:%d %b %Y}")
        slip = self._data.slip[row]
        if slip:
            late = "late" if slip > 0 else "early"
            lines.append(f"{abs(slip)} working days {late} against the baseline")
        if self._data.critical[row]:
            lines.append("On the critical path")
        return "\n".join(lines)


def slip_text(value: int | None) -> str:
    """Slip as shown: "+3 d" late, "-1 d" early, "0 d" on time, "" without a baseline."""
    if value is None:
        return ""
    return f"{value:+d} d" if value else "0 d"
