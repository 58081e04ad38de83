"""Cell values both ways: a stored value in the form a workbook holds it, and back.

The *cell form* of a value is what we write: text (cleaned of characters a workbook cannot
hold), numbers, booleans, dates, datetimes to the second, percentages as fractions. Import
turns whatever a reader returns (calamine gives 3.0 for 3, a date for a date cell) into the
same form, so that an untouched cell compares equal to the stored value it came from, and a
row's fingerprint (recorded in ``_meta`` at export) tells whether anybody edited it.
"""

from __future__ import annotations

import enum
import zlib
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.datetime import from_excel

from ..domain.columns import ColumnType
from .schema import SheetColumn

MAX_TEXT = 32767  # characters a cell can hold


def clean_text(value: str) -> str | None:
    """Text as a cell can hold it: no control characters, at most 32,767 characters."""
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    value = value.replace("\r\n", "\n")
    return value[:MAX_TEXT] or None


def to_second(value: datetime) -> datetime:
    """A timestamp rounded to the whole second (cells hold seconds; we keep no more)."""
    if value.microsecond == 0:
        return value
    rounded = value.replace(microsecond=0)
    return rounded + timedelta(seconds=1) if value.microsecond >= 500_000 else rounded


def export_value(column: SheetColumn, value: Any) -> Any:
    """The cell form of a stored field value (not for references or derived columns)."""
    if value is None:
        return None
    kind = column.type
    if kind in (ColumnType.TEXT, ColumnType.LONG_TEXT):
        return clean_text(str(value))
    if kind is ColumnType.ENUM:
        return str(value.value if isinstance(value, enum.Enum) else value)
    if kind is ColumnType.BOOL:
        return bool(value)
    if kind is ColumnType.INT:
        return int(value)
    if kind in (ColumnType.FLOAT, ColumnType.MONEY):
        return float(value) / 100.0 if column.percent else float(value)
    if kind is ColumnType.DATETIME:
        return to_second(value) if isinstance(value, datetime) else value
    if kind is ColumnType.DATE:
        return value.date() if isinstance(value, datetime) else value
    return value


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def cell_value(column: SheetColumn, raw: Any) -> Any:
    """What a reader returned, in cell form; a value of the wrong type is passed through."""
    if raw is None or (isinstance(raw, str) and raw == ""):
        return None
    kind = column.type
    if isinstance(raw, str):
        if kind in (ColumnType.TEXT, ColumnType.LONG_TEXT):
            return clean_text(raw)
        return raw if kind is ColumnType.ENUM or raw.strip() else None
    if isinstance(raw, bool):
        return raw if kind is ColumnType.BOOL else str(raw)
    if isinstance(raw, int | float):
        return _number(kind, raw)
    if isinstance(raw, datetime):
        if kind is ColumnType.DATETIME:
            return to_second(raw)
        if kind is ColumnType.DATE and raw.time() == datetime.min.time():
            return raw.date()
        return raw
    if isinstance(raw, date):
        return datetime(raw.year, raw.month, raw.day) if kind is ColumnType.DATETIME else raw
    if isinstance(raw, time):  # a time-formatted cell: 08:00 typed into a text column
        return raw.strftime("%H:%M") if raw.second == 0 else raw.isoformat()
    if isinstance(raw, timedelta):
        return str(raw)
    return raw


def _number(kind: ColumnType, raw: float) -> Any:
    if kind is ColumnType.INT:
        return int(raw) if float(raw).is_integer() else float(raw)
    if kind in (ColumnType.FLOAT, ColumnType.MONEY):
        return float(raw)
    if kind in (ColumnType.TEXT, ColumnType.LONG_TEXT, ColumnType.REF, ColumnType.ENUM):
        return _number_text(float(raw))
    if kind in (ColumnType.DATE, ColumnType.DATETIME):
        try:  # a bare serial number: the date it stands for
            when = from_excel(raw)
        except (ValueError, OverflowError, TypeError):
            return raw
        if not isinstance(when, datetime):
            return raw
        return when.date() if kind is ColumnType.DATE else to_second(when)
    if kind is ColumnType.BOOL and raw in (0, 1):
        return bool(raw)
    return raw


def fingerprint(values: Sequence[Any]) -> str:
    """A short checksum of a row's cell-form values (stable across runs and machines)."""
    text = "\x1f".join(["" if v is None else str(v) for v in values])
    return f"{zlib.crc32(text.encode('utf-8', 'surrogatepass')):08x}"


def domain_input(column: SheetColumn, value: Any) -> Any:
    """A cell-form value as the domain's validation expects it (percent back to 0..100)."""
    if column.percent and isinstance(value, int | float) and not isinstance(value, bool):
        return round(float(value) * 100.0, 9)
    if isinstance(value, str) and column.type not in (ColumnType.TEXT, ColumnType.LONG_TEXT):
        return value.strip()
    return value


def show(value: Any) -> str:
    """A value as the plan prints it: dates ISO, empty as an empty pair of quotes."""
    if value is None or value == "":
        return "''"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, enum.Enum):
        return repr(str(value.value))
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")
