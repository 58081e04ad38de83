"""The side panel that opens when a tile is clicked: the records behind its number in a
sortable table, and a button to edit the KPI's target and thresholds."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..qtconv import to_qdate, utc_to_local
from .records import Records

Index = QModelIndex | QPersistentModelIndex
EMPTY = Records("", (), [], 0)


def display(value: Any) -> str:
    """A cell as a manager reads it; times in local time."""
    if value is None:
        return "\u2013"  # en dash
    if isinstance(value, datetime):
        return utc_to_local(value).toString("dd MMM yyyy HH:mm")
    if isinstance(value, date):
        return to_qdate(value).toString("dd MMM yyyy")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _sort_key(value: Any) -> tuple[int, Any]:
    """None last; numbers, dates and text each among themselves."""
    if value is None:
        return (3, 0)
    if isinstance(value, int | float):
        return (0, value)
    if isinstance(value, datetime | date):
        return (1, value.isoformat())
    return (2, str(value).lower())


class RecordsModel(QAbstractTableModel):
    """Read-only rows of plain values; sorts itself (a few hundred rows at most)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records = EMPTY
        self._rows: list[tuple[Any, ...]] = []

    def set_records(self, records: Records) -> None:
        self.beginResetModel()
        self.records = records
        self._rows = list(records.rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self._rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return display(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            columns = self.records.columns
            return columns[section] if 0 <= section < len(columns) else None
        return section + 1

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.records.columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=lambda row: _sort_key(row[column]),
                        reverse=order == Qt.SortOrder.DescendingOrder)  # fmt: skip
        self.layoutChanged.emit()

    def row_values(self, row: int) -> tuple[Any, ...]:
        return self._rows[row]


class DrillPanel(QWidget):
    """What is behind one KPI; ``edit_requested`` carries its key, ``closed`` fires on Close."""

    edit_requested = Signal(str)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drillPanel")
        self.key = ""
        self.heading = QLabel(self)
        self.heading.setObjectName("drillHeading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.edit_button = QPushButton("Edit &target and thresholds…", self)
        self.edit_button.setObjectName("editKpi")
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self.key))
        close = QToolButton(self)
        close.setText("\u2715")  # a multiplication x: the usual close mark
        close.setToolTip("Close the records")
        close.setAutoRaise(True)
        close.setObjectName("closeDrill")
        close.clicked.connect(self._close)
        self.model = RecordsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("drillTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self.caption)
        layout.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.table, 1)

    def show_records(self, key: str, heading: str, records: Records, *, editable: bool) -> None:
        """Show ``records`` for KPI ``key``; the edit button only where a KPI can be edited."""
        self.key = key
        self.heading.setText(heading)
        self.caption.setText(records.caption if records.columns else "No records behind this.")
        self.edit_button.setVisible(editable)
        self.model.set_records(records)
        self.table.resizeColumnsToContents()
        self.show()

    def _close(self) -> None:
        self.hide()
        self.closed.emit()
