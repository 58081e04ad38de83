"""Below the table: every field of the current row, long texts in full (read-only)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ..domain.columns import Column, ColumnType

PAIRS_PER_LINE = 3
EMPTY = "—"


def _value_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def _caption(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


class RowDetails(QScrollArea):
    """Shows one row as captions and values: short fields in a grid, long texts beneath."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rowDetails")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._body = QWidget(self)
        self._body.setBackgroundRole(QPalette.ColorRole.Base)
        self._body.setAutoFillBackground(True)
        self.heading = QLabel(self._body)
        self.heading.setObjectName("detailsHeading")
        font = QFont(self.heading.font())
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(4)
        layout = QVBoxLayout(self._body)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addLayout(self._grid)
        layout.addStretch(1)
        self.setWidget(self._body)
        self._values: dict[str, QLabel] = {}
        self._long_rows: dict[str, tuple[QLabel, QLabel]] = {}
        self._columns: tuple[Column, ...] = ()

    def set_columns(self, columns: tuple[Column, ...]) -> None:
        """Lay out captions for a kind's columns (done once per kind)."""
        if columns == self._columns:
            return
        self._columns = columns
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:  # hide now: deletion waits for the event loop
                widget.hide()
                widget.deleteLater()
        self._values.clear()
        self._long_rows.clear()
        short = [c for c in columns if c.type is not ColumnType.LONG_TEXT]
        long = [c for c in columns if c.type is ColumnType.LONG_TEXT]
        for i, column in enumerate(short):
            line, pair = divmod(i, PAIRS_PER_LINE)
            value = _value_label(self._body)
            self._grid.addWidget(_caption(column.header, self._body), line, pair * 2)
            self._grid.addWidget(value, line, pair * 2 + 1)
            self._values[column.name] = value
        first_long_line = (len(short) + PAIRS_PER_LINE - 1) // PAIRS_PER_LINE
        for j, column in enumerate(long):
            caption = _caption(column.header, self._body)
            value = _value_label(self._body)
            self._grid.addWidget(caption, first_long_line + j, 0)
            self._grid.addWidget(value, first_long_line + j, 1, 1, PAIRS_PER_LINE * 2 - 1)
            self._values[column.name] = value
            self._long_rows[column.name] = (caption, value)
        for pair in range(PAIRS_PER_LINE):
            self._grid.setColumnStretch(pair * 2 + 1, 1)

    def show_record(self, heading: str, record: list[tuple[Column, str]] | None) -> None:
        """Fill in one row's values (None: nothing selected)."""
        self._body.setVisible(record is not None)
        if record is None:
            return
        self.heading.setText(heading)
        for column, text in record:
            label = self._values.get(column.name)
            if label is None:
                continue
            label.setText(text or EMPTY)
            if column.name in self._long_rows:  # empty long texts take no room
                for widget in self._long_rows[column.name]:
                    widget.setVisible(bool(text))
