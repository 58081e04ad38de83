"""Cell painting helpers: dates in one unambiguous, locale-aware form."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QDateTime, QLocale
from PySide6.QtWidgets import QStyledItemDelegate

DATE_FORMAT = "d MMM yyyy"
DATETIME_FORMAT = "d MMM yyyy HH:mm"


def format_date(value: QDate, locale: QLocale) -> str:
    return "" if value.isNull() else locale.toString(value, DATE_FORMAT)


def format_datetime(value: QDateTime, locale: QLocale) -> str:
    return "" if value.isNull() else locale.toString(value, DATETIME_FORMAT)


class CellDelegate(QStyledItemDelegate):
    """Shows ``3 Mar 2025`` rather than the short format (``3/3/25`` reads both ways)."""

    def displayText(self, value: Any, locale: QLocale | QLocale.Language) -> str:
        if not isinstance(locale, QLocale):
            locale = QLocale(locale)
        if isinstance(value, QDateTime):
            return format_datetime(value, locale)
        if isinstance(value, QDate):
            return format_date(value, locale)
        return super().displayText(value, locale)
