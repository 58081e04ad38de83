"""How one stored value is shown in a table cell: Qt types, text, alignment, tooltip."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt

from ..domain.columns import Column, ColumnType
from ..domain.validation import RANGES
from .delegates import format_date, format_datetime
from .money import format_money
from .qtconv import to_qdate, utc_to_local

LONG_TEXT_CHARS = 90

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter


def _one_line(text: str) -> str:
    first, _, rest = text.strip().partition("\n")
    if rest.strip() or len(first) > LONG_TEXT_CHARS:
        return first[:LONG_TEXT_CHARS].rstrip() + "…"
    return first


def is_percent(column: Column) -> bool:
    """A share from 0 to 100 (percent complete, attainment target): shown with ``%``."""
    return column.type is ColumnType.FLOAT and RANGES.get(column.name) == (0, 100)


def format_percent(value: float, locale: QLocale | None = None) -> str:
    """``45%``, ``99.5%``: one decimal where there is one."""
    locale = locale or QLocale()
    rounded = round(float(value), 1)
    decimals = 0 if rounded.is_integer() else 1
    return f"{locale.toString(rounded, 'f', decimals)}{locale.percent()}"


def display(
    column: Column, value: Any, label: str | None = None, currency: str | None = None
) -> Any:
    """The DisplayRole value: QDate/QDateTime for dates, numbers as numbers (money with its
    currency, shares with ``%``), else text."""
    if value is None:
        return None
    kind = column.type
    if kind is ColumnType.REF:
        return label if label is not None else f"#{value}"
    if kind is ColumnType.BOOL:
        return "Yes" if value else "No"
    if isinstance(value, Enum):
        return str(value.value)
    if kind is ColumnType.DATETIME and isinstance(value, datetime):
        return utc_to_local(value)
    if kind is ColumnType.DATE and isinstance(value, date):
        return to_qdate(value)
    if kind is ColumnType.MONEY:
        return format_money(value, currency)
    if is_percent(column):
        return format_percent(value)
    if isinstance(value, Decimal):
        return float(value)
    if kind is ColumnType.LONG_TEXT and isinstance(value, str):
        return _one_line(value)
    return value


def tooltip(column: Column, value: Any, label: str | None = None) -> str | None:
    """Full text where the cell shows a shortened or indirect form."""
    if value is None:
        return None
    if column.type is ColumnType.LONG_TEXT and isinstance(value, str):
        text = value.strip()
        return text if _one_line(text) != text else None
    if column.type is ColumnType.TEXT and isinstance(value, str) and len(value) > 40:
        return value
    return None


def alignment(column: Column) -> Qt.AlignmentFlag:
    """Numbers right-aligned (digits line up), flags centred, text left."""
    if column.type.numeric:
        return _RIGHT
    if column.type is ColumnType.BOOL:
        return _CENTER
    return _LEFT


def full_text(column: Column, value: Any, label: str | None = None) -> str:
    """The whole value as text (detail panels): nothing shortened, dates formatted."""
    if value is None:
        return ""
    if column.type is ColumnType.LONG_TEXT and isinstance(value, str):
        return value.strip()
    shown = display(column, value, label)
    locale = QLocale()
    if isinstance(shown, QDateTime):
        return format_datetime(shown, locale)
    if isinstance(shown, QDate):
        return format_date(shown, locale)
    if isinstance(shown, float):
        return locale.toString(shown, "g", 12)
    if isinstance(shown, int) and not isinstance(shown, bool):
        return locale.toString(shown)
    return str(shown)


def lower_plural(plural: str) -> str:
    """``Tickets`` -> ``tickets`` but ``RAID log`` and ``KPI definitions`` keep their capitals."""
    words = plural.split()
    return " ".join(w if sum(c.isupper() for c in w) > 1 else w.lower() for w in words)
