"""Date and timestamp editors with a calendar pop-up that may also be left empty.

Qt's date edits cannot hold "no date". As calibre's ``DateDelegate`` does, the lowest date
stands for empty and shows as a dash; a clear button in the field, or Delete/Backspace over
the whole text, empties it. Opening the calendar on an empty field shows this month rather
than the sentinel year.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateTimeEdit, QLineEdit, QStyle, QWidget

from .delegates import DATE_FORMAT, DATETIME_FORMAT

EMPTY_TEXT = "—"
SENTINEL = QDateTime(QDate(1900, 1, 1), QTime(0, 0))


class NullableDateTimeEdit(QDateTimeEdit):
    """A local-time ``QDateTime`` editor; ``field_value()`` is a null ``QDateTime`` when empty."""

    def __init__(
        self, parent: QWidget | None = None, nullable: bool = True, dates_only: bool = False
    ) -> None:
        super().__init__(parent)
        self.nullable = nullable
        self.dates_only = dates_only
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_FORMAT if dates_only else DATETIME_FORMAT)
        self.setMinimumDateTime(SENTINEL)
        self.setMaximumDate(QDate(9999, 12, 31))
        self.clear_action = None
        if nullable:
            self.setSpecialValueText(EMPTY_TEXT)
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_LineEditClearButton)
            action = self.lineEdit().addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
            action.setObjectName("clearDate")
            action.setToolTip("Clear (no date)")
            action.triggered.connect(self.clear_value)
            self.clear_action = action

    def is_empty(self) -> bool:
        return self.nullable and self.dateTime() == self.minimumDateTime()

    def clear_value(self) -> None:
        if self.nullable:
            self.setDateTime(self.minimumDateTime())

    def field_value(self) -> QDateTime:
        return QDateTime() if self.is_empty() else self.dateTime()

    def set_field_value(self, value: object) -> None:
        if isinstance(value, QDateTime) and value.isValid():
            self.setDateTime(value)
        elif self.nullable:
            self.clear_value()
        else:  # a required timestamp starts at this hour
            now = QDateTime.currentDateTime()
            self.setDateTime(QDateTime(now.date(), QTime(now.time().hour(), 0)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        line = self.lineEdit()
        whole = line.hasSelectedText() and line.selectedText() == line.text()
        if self.nullable and whole and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear_value()
            line.selectAll()
            return
        super().keyPressEvent(event)
        self._show_today_if_empty()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        self._show_today_if_empty()

    def _show_today_if_empty(self) -> None:
        calendar = self.calendarWidget()
        if self.is_empty() and calendar is not None:
            today = QDate.currentDate()
            calendar.setCurrentPage(today.year(), today.month())


class NullableDateEdit(NullableDateTimeEdit):
    """A ``QDate`` editor; ``field_value()`` is a null ``QDate`` when empty."""

    def __init__(self, parent: QWidget | None = None, nullable: bool = True) -> None:
        super().__init__(parent, nullable, dates_only=True)

    def field_value(self) -> QDate:  # type: ignore[override]
        return QDate() if self.is_empty() else self.date()

    def set_field_value(self, value: object) -> None:
        if isinstance(value, QDate) and value.isValid():
            self.setDate(value)
        elif self.nullable:
            self.clear_value()
        else:  # a required date starts at today
            self.setDate(QDate.currentDate())
