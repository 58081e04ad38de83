"""Values between editors, the clipboard and operations.

Editors hand Qt values (``QDate``, local ``QDateTime``); operations want plain Python values
(``date``, naive-UTC ``datetime``) or text, which the domain coerces and validates in one
place. Text pasted from a spreadsheet is read here only as far as the domain cannot (dates
in the user's format, numbers with digit grouping); anything else goes through unchanged,
so a bad cell gets the domain's message.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from ..domain.columns import Column, ColumnType
from .qtconv import from_qdate, local_to_utc, to_qdate, utc_to_local

DATE_FORMATS = ("yyyy-MM-dd", "d MMM yyyy", "d MMMM yyyy", "dd/MM/yyyy", "d.M.yyyy")
DATETIME_FORMATS = (
    "yyyy-MM-dd HH:mm",
    "yyyy-MM-dd HH:mm:ss",
    "yyyy-MM-ddTHH:mm:ss",
    "yyyy-MM-ddTHH:mm",
    "d MMM yyyy HH:mm",
    "dd/MM/yyyy HH:mm",
)
COPY_DATE = "yyyy-MM-dd"  # what every spreadsheet reads as a date, in any language
COPY_DATETIME = "yyyy-MM-dd HH:mm"


def edit_value(column: Column, value: Any, label: str | None) -> Any:
    """The EditRole value an editor starts from (rule 8: ``QDate``, never ``date``)."""
    kind = column.type
    if kind is ColumnType.DATE:
        return to_qdate(value if isinstance(value, date) else None)
    if kind is ColumnType.DATETIME:
        return utc_to_local(value if isinstance(value, datetime) else None)
    if kind is ColumnType.REF:
        return "" if value is None else (label or f"#{value}")
    if value is None:
        return "" if kind in (ColumnType.TEXT, ColumnType.LONG_TEXT, ColumnType.ENUM) else None
    if isinstance(value, Enum):
        return str(value.value)
    if kind.numeric:
        return float(value) if kind is not ColumnType.INT else int(value)
    return value


def python_value(column: Column, value: Any) -> Any:
    """An editor's value as the operation takes it (dates as ``date``, UTC timestamps)."""
    if isinstance(value, QDateTime):
        return local_to_utc(value)
    if isinstance(value, QDate):
        return from_qdate(value)
    if isinstance(value, str) and column.type is not ColumnType.TEXT and not value.strip():
        return None
    return value


def _parse(text: str, formats: tuple[str, ...], locale: QLocale, datetime_: bool) -> Any:
    for form in formats:
        for loc in (locale, QLocale.c()):
            if datetime_:
                stamp = loc.toDateTime(text, form)
                if stamp.isValid():
                    return local_to_utc(stamp)
            else:
                day = loc.toDate(text, form)
                if day.isValid():
                    return from_qdate(day)
    return None


def text_value(column: Column, text: str, locale: QLocale | None = None) -> Any:
    """A pasted cell's text as a value (or the text itself, for the domain to judge)."""
    locale = locale or QLocale()
    stripped = text.strip()
    if not stripped:
        return "" if column.type is ColumnType.TEXT else None
    kind = column.type
    if kind is ColumnType.DATE:
        formats: tuple[str, ...] = (
            *DATE_FORMATS,
            locale.dateFormat(QLocale.FormatType.ShortFormat),
        )
        parsed = _parse(stripped, formats, locale, False)
        return stripped if parsed is None else parsed
    if kind is ColumnType.DATETIME:
        formats = (*DATETIME_FORMATS, locale.dateTimeFormat(QLocale.FormatType.ShortFormat))
        parsed = _parse(stripped, formats, locale, True)
        if parsed is None:  # a bare date pasted into a timestamp: midnight local time
            day = _parse(stripped, DATE_FORMATS, locale, False)
            if day is not None:
                parsed = local_to_utc(QDateTime(to_qdate(day), QTime(0, 0)))
        return stripped if parsed is None else parsed
    if kind.numeric:
        for loc in (QLocale.c(), locale):
            number, ok = loc.toDouble(stripped.removesuffix("%").strip())
            if ok:
                return number
        return stripped
    return text if kind is ColumnType.LONG_TEXT else stripped


def copy_text(column: Column, value: Any, label: str | None) -> str:
    """A cell as clipboard text: ISO dates, plain numbers, labels for references."""
    if value is None:
        return ""
    kind = column.type
    if kind is ColumnType.REF:
        return label or f"#{value}"
    if kind is ColumnType.BOOL:
        return "Yes" if value else "No"
    if isinstance(value, Enum):
        return str(value.value)
    if kind is ColumnType.DATETIME and isinstance(value, datetime):
        return utc_to_local(value).toString(COPY_DATETIME)
    if kind is ColumnType.DATE and isinstance(value, date):
        return to_qdate(value).toString(COPY_DATE)
    if kind is ColumnType.MONEY:
        return f"{float(value):.2f}"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def same_value(column: Column, current: Any, new: Any) -> bool:
    """Whether an edit would change nothing (so no undo step is made for it)."""
    if isinstance(current, Enum):
        current = current.value
    if isinstance(new, Enum):
        new = new.value
    blank = (None, "")
    if current in blank and new in blank:
        return True
    if column.type.numeric and isinstance(new, int | float) and isinstance(current, int | float):
        return float(current) == float(new)
    return bool(current == new)
