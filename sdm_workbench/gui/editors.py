"""One editor widget per column type, shared by table cells and the new-row form.

Every editor here answers ``field_value()`` and ``set_field_value(value)`` with the values of
``edit_values.edit_value`` (``QDate``, ``QDateTime``, numbers or None, text, ids).
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from ..domain.columns import ColumnType
from .cells import is_percent
from .date_editors import EMPTY_TEXT, NullableDateEdit, NullableDateTimeEdit
from .fields import FieldSpec
from .references import ReferenceChoices

VISIBLE_CHOICES = 20


class FieldEditor(Protocol):
    def field_value(self) -> Any: ...

    def set_field_value(self, value: Any) -> None: ...


class TextEdit(QLineEdit):
    def field_value(self) -> str:
        return self.text()

    def set_field_value(self, value: Any) -> None:
        self.setText("" if value is None else str(value))


class LongTextEdit(QPlainTextEdit):
    """Several lines; Enter starts a new line, Ctrl+Enter or Tab finishes."""

    def field_value(self) -> str:
        return self.toPlainText()

    def set_field_value(self, value: Any) -> None:
        self.setPlainText("" if value is None else str(value))


class IntegerEdit(QSpinBox):
    """Whole numbers in the column's range; one below the range means empty (shown as —)."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nullable = spec.nullable
        self.setRange(int(spec.minimum) - (1 if spec.nullable else 0), int(spec.maximum))
        if spec.nullable:
            self.setSpecialValueText(EMPTY_TEXT)
        self.setAccelerated(True)

    def field_value(self) -> int | None:
        return None if self.nullable and self.value() == self.minimum() else self.value()

    def set_field_value(self, value: Any) -> None:
        if value is None:
            self.setValue(self.minimum() if self.nullable else max(0, self.minimum()))
        else:
            self.setValue(int(value))


class DecimalEdit(QDoubleSpinBox):
    """Numbers with decimals in the column's range; one below the range means empty."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nullable = spec.nullable
        self.setDecimals(spec.decimals)
        self.setRange(spec.minimum - (1 if spec.nullable else 0), spec.maximum)
        if spec.nullable:
            self.setSpecialValueText(EMPTY_TEXT)
        self.setAccelerated(True)
        self.setGroupSeparatorShown(spec.column.type is ColumnType.MONEY)
        if is_percent(spec.column):
            self.setSuffix(QLocale().percent())

    def field_value(self) -> float | None:
        return None if self.nullable and self.value() == self.minimum() else self.value()

    def set_field_value(self, value: Any) -> None:
        if value is None:
            self.setValue(self.minimum() if self.nullable else max(0.0, self.minimum()))
        else:
            self.setValue(float(value))


class ChoiceEdit(QComboBox):
    """A fixed list (enum values, or Yes/No); an empty first entry when the field may be empty."""

    def __init__(
        self, items: list[tuple[str, Any]], nullable: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        if nullable:
            self.addItem("", None)
        for text, data in items:
            self.addItem(text, data)

    def field_value(self) -> Any:
        return self.currentData()

    def set_field_value(self, value: Any) -> None:
        index = self.findData(value)
        self.setCurrentIndex(max(0, index))


class ReferenceEdit(QComboBox):
    """Pick a referenced row by code or title; typing completes on any part of the text."""

    def __init__(
        self, spec: FieldSpec, choices: ReferenceChoices, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(VISIBLE_CHOICES)
        if spec.nullable:
            self.addItem("", None)
        assert spec.column.ref_kind is not None
        for choice in choices.choices(spec.column.ref_kind):
            self.addItem(choice.label, choice.id)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        if line is not None:
            line.setPlaceholderText("Type to search…")

    def field_value(self) -> int | str | None:
        """The picked row's id; typed text that names no row is returned as text."""
        text = self.currentText().strip()
        if not text:
            return None
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        data = self.itemData(index) if index >= 0 else None
        return data if isinstance(data, int) else text

    def set_field_value(self, value: Any) -> None:
        """Select a row by id, or by its label text."""
        if isinstance(value, int) and not isinstance(value, bool):
            self.setCurrentIndex(max(0, self.findData(value)))
            return
        text = "" if value is None else str(value)
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(text)


def create_editor(spec: FieldSpec, parent: QWidget, choices: ReferenceChoices) -> QWidget:
    """The editor widget for one field (it also implements ``FieldEditor``)."""
    kind = spec.column.type
    editor: QWidget
    if kind is ColumnType.DATE:
        editor = NullableDateEdit(parent, spec.nullable)
    elif kind is ColumnType.DATETIME:
        editor = NullableDateTimeEdit(parent, spec.nullable)
    elif kind is ColumnType.INT:
        editor = IntegerEdit(spec, parent)
    elif kind in (ColumnType.FLOAT, ColumnType.MONEY):
        editor = DecimalEdit(spec, parent)
    elif kind is ColumnType.ENUM:
        editor = ChoiceEdit([(c, c) for c in spec.choices], spec.nullable, parent)
    elif kind is ColumnType.BOOL:
        editor = ChoiceEdit([("Yes", True), ("No", False)], spec.nullable, parent)
    elif kind is ColumnType.REF:
        editor = ReferenceEdit(spec, choices, parent)
    elif kind is ColumnType.LONG_TEXT:
        editor = LongTextEdit(parent)
        editor.setTabChangesFocus(True)
    else:
        line = TextEdit(parent)
        if spec.max_length:
            line.setMaxLength(spec.max_length)
        editor = line
    editor.setObjectName(f"edit_{spec.name}")
    return editor


def field_value(editor: QWidget) -> Any:
    """What the user entered in an editor made by ``create_editor``."""
    assert hasattr(editor, "field_value"), f"{type(editor).__name__} is not a field editor"
    return editor.field_value()


def set_field_value(editor: QWidget, value: Any) -> None:
    assert hasattr(editor, "set_field_value"), f"{type(editor).__name__} is not a field editor"
    editor.set_field_value(value)
