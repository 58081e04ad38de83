"""The "Filter this column…" dialog: one condition on one column, chosen by its type.

Text and reference columns: *contains*; enums and flags: *is one of* (ticked values);
numbers and dates: *between* two ends, either left empty (—); every column: *is empty* or
*is not empty*. The result is a ``ColumnFilter`` the model runs in SQL.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.columns import Column, ColumnType
from ..store.column_filters import ColumnFilter, FilterMode
from .date_editors import NullableDateEdit
from .editors import DecimalEdit, IntegerEdit
from .fields import FieldSpec
from .qtconv import from_qdate, local_to_utc, to_qdate, utc_to_local

EMPTY_CHOICE = "(empty)"


def day_bounds(day: QDate) -> tuple[datetime, datetime]:
    """The first and last stored (UTC) instants of a local calendar day: timestamps are
    kept in UTC, a day runs from local midnight to the next one."""
    start = local_to_utc(QDateTime(day, QTime(0, 0)))
    end = local_to_utc(QDateTime(day.addDays(1), QTime(0, 0)))
    assert start is not None and end is not None
    return start, end - timedelta(microseconds=1)


def match_mode(column: Column) -> FilterMode:
    """The condition a column type is filtered by, besides (not) empty."""
    if column.type in (ColumnType.ENUM, ColumnType.BOOL):
        return FilterMode.ONE_OF
    if column.type.numeric or column.type in (ColumnType.DATE, ColumnType.DATETIME):
        return FilterMode.RANGE
    return FilterMode.CONTAINS


class ColumnFilterDialog(QDialog):
    """Asks for one column's condition; ``condition()`` is the answer, ``removed`` says the
    user chose "Remove filter"."""

    def __init__(
        self, spec: FieldSpec, current: ColumnFilter | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("columnFilterDialog")
        self.spec = spec
        self.column = spec.column
        self.mode = match_mode(self.column)
        self.removed = False
        self.setWindowTitle(f"Filter {self.column.header}")
        self.text: QLineEdit | None = None
        self.choices: QListWidget | None = None
        self.low: QWidget | None = None
        self.high: QWidget | None = None

        self.matching = QRadioButton(self._match_words(), self)
        self.empty = QRadioButton("is empty", self)
        self.not_empty = QRadioButton("is not empty", self)
        group = QButtonGroup(self)
        for button in (self.matching, self.empty, self.not_empty):
            group.addButton(button)
        grid = QGridLayout()
        grid.addWidget(self.matching, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self._match_editor(), 0, 1)
        grid.addWidget(self.empty, 1, 0)
        grid.addWidget(self.not_empty, 2, 0)
        grid.setColumnStretch(1, 1)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        remove = buttons.addButton("Remove filter", QDialogButtonBox.ButtonRole.ResetRole)
        remove.setObjectName("removeFilter")
        remove.setEnabled(current is not None)
        remove.clicked.connect(self._remove)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Show rows where {self.column.header}…", self))
        layout.addLayout(grid)
        layout.addWidget(buttons)
        self._load(current)

    # --- building ------------------------------------------------------------------------
    def _match_words(self) -> str:
        if self.mode is FilterMode.ONE_OF:
            return "is one of"
        if self.mode is FilterMode.RANGE:
            return "is between"
        return "contains"

    def _match_editor(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        if self.mode is FilterMode.CONTAINS:
            self.text = QLineEdit(box)
            self.text.setObjectName("filterText")
            self.text.setPlaceholderText("Text to look for")
            self.text.textEdited.connect(lambda _t: self.matching.setChecked(True))
            layout.addWidget(self.text)
        elif self.mode is FilterMode.ONE_OF:
            self.choices = QListWidget(box)
            self.choices.setObjectName("filterChoices")
            for text, value in self._choice_items():
                item = QListWidgetItem(text, self.choices)
                item.setData(Qt.ItemDataRole.UserRole, value)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            self.choices.itemChanged.connect(lambda _i: self.matching.setChecked(True))
            layout.addWidget(self.choices)
        else:
            self.low, self.high = self._bound_editor(box), self._bound_editor(box)
            self.low.setObjectName("filterLow")
            self.high.setObjectName("filterHigh")
            layout.addWidget(self.low)
            layout.addWidget(QLabel("and", box))
            layout.addWidget(self.high)
            hint = QLabel("Leave an end empty (—) for no limit.", box)
            hint.setEnabled(False)
            layout.addWidget(hint)
        return box

    def _choice_items(self) -> list[tuple[str, Any]]:
        if self.column.type is ColumnType.BOOL:
            items: list[tuple[str, Any]] = [("Yes", True), ("No", False)]
        else:
            items = [(c, c) for c in self.spec.choices]
        return [*items, (EMPTY_CHOICE, None)] if self.spec.nullable else items

    def _bound_editor(self, parent: QWidget) -> QWidget:
        editor: QWidget
        if self.column.type in (ColumnType.DATE, ColumnType.DATETIME):
            editor = NullableDateEdit(parent, nullable=True)
            editor.clear_value()
        elif self.column.type is ColumnType.INT:
            editor = IntegerEdit(replace(self.spec, nullable=True), parent)
            editor.set_field_value(None)
        else:
            editor = DecimalEdit(replace(self.spec, nullable=True), parent)
            editor.set_field_value(None)
        # Touching either end means "filter by the range".
        if isinstance(editor, NullableDateEdit):
            editor.dateTimeChanged.connect(lambda *_: self.matching.setChecked(True))
        else:
            editor.valueChanged.connect(lambda *_: self.matching.setChecked(True))
        return editor

    # --- values --------------------------------------------------------------------------
    def _load(self, current: ColumnFilter | None) -> None:
        if current is None or current.mode is self.mode:
            self.matching.setChecked(True)
        elif current.mode is FilterMode.EMPTY:
            self.empty.setChecked(True)
        elif current.mode is FilterMode.NOT_EMPTY:
            self.not_empty.setChecked(True)
        else:  # set elsewhere ("only this value"): start from a blank condition
            self.matching.setChecked(True)
        if current is None or current.mode is not self.mode:
            return
        if self.text is not None:
            self.text.setText(current.text)
        if self.choices is not None:
            for row in range(self.choices.count()):
                item = self.choices.item(row)
                ticked = item.data(Qt.ItemDataRole.UserRole) in current.values
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        for editor, bound in ((self.low, current.low), (self.high, current.high)):
            if editor is not None and bound is not None:
                editor.set_field_value(self._editor_value(bound))  # type: ignore[attr-defined]
        self.matching.setChecked(True)

    def _editor_value(self, bound: Any) -> Any:
        if isinstance(bound, datetime):
            return utc_to_local(bound).date()
        if self.column.type is ColumnType.DATE:
            return to_qdate(bound)
        return bound

    def set_text(self, text: str) -> None:
        assert self.text is not None
        self.text.setText(text)
        self.matching.setChecked(True)

    def tick(self, *values: Any) -> None:
        """Tick the choices with these values (tests and "filter by this value")."""
        assert self.choices is not None
        for row in range(self.choices.count()):
            item = self.choices.item(row)
            if item.data(Qt.ItemDataRole.UserRole) in values:
                item.setCheckState(Qt.CheckState.Checked)

    def set_range(self, low: Any, high: Any) -> None:
        """Both ends as editor values (``QDate`` or numbers; None for an open end)."""
        assert self.low is not None and self.high is not None
        self.low.set_field_value(low)  # type: ignore[attr-defined]
        self.high.set_field_value(high)  # type: ignore[attr-defined]
        self.matching.setChecked(True)

    def condition(self) -> ColumnFilter | None:
        """The filter asked for; None when removed or when it would not filter anything."""
        name = self.column.name
        if self.removed:
            return None
        if self.empty.isChecked():
            return ColumnFilter(name, FilterMode.EMPTY)
        if self.not_empty.isChecked():
            return ColumnFilter(name, FilterMode.NOT_EMPTY)
        if self.text is not None:
            text = self.text.text().strip()
            return ColumnFilter(name, FilterMode.CONTAINS, text=text) if text else None
        if self.choices is not None:
            items = [self.choices.item(r) for r in range(self.choices.count())]
            values = tuple(
                i.data(Qt.ItemDataRole.UserRole)
                for i in items
                if i.checkState() == Qt.CheckState.Checked
            )
            return ColumnFilter(name, FilterMode.ONE_OF, values=values) if values else None
        low, high = self._bound(self.low, end=False), self._bound(self.high, end=True)
        if low is None and high is None:
            return None
        return ColumnFilter(name, FilterMode.RANGE, low=low, high=high)

    def _bound(self, editor: QWidget | None, end: bool) -> Any:
        value = None if editor is None else editor.field_value()  # type: ignore[attr-defined]
        if not isinstance(value, QDate):
            return value
        if value.isNull():
            return None
        if self.column.type is ColumnType.DATE:
            return from_qdate(value)
        first, last = day_bounds(value)
        return last if end else first

    def _remove(self) -> None:
        self.removed = True
        self.accept()
