"""Turn loosely typed input (typed cells, text from a CSV or a form) into column values."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Float, Integer, Numeric, String, Text
from sqlalchemy import Enum as SAEnum

from .labels import column_label

_TRUE = {"true", "yes", "y", "1", "x", "ja", "oui"}
_FALSE = {"false", "no", "n", "0", "", "nein", "non"}


class CoercionError(ValueError):
    """The value cannot be read as the column's type; the text is for the user."""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _to_int(value: Any, label: str) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                pass
            else:
                if number.is_integer():
                    return int(number)
    raise CoercionError(f"{label} must be a whole number, not {value!r}.")


def _to_float(value: Any, label: str) -> float:
    if isinstance(value, bool):
        raise CoercionError(f"{label} must be a number, not {value!r}.")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        if text.endswith("%"):
            text = text[:-1]
        try:
            return float(text)
        except ValueError:
            pass
    raise CoercionError(f"{label} must be a number, not {value!r}.")


def _to_date(value: Any, label: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise CoercionError(f"{label} must be a date (YYYY-MM-DD), not {value!r}.")


def _to_datetime(value: Any, label: str) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise CoercionError(f"{label} must be given in UTC without a time zone.")
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            pass
        else:
            if parsed.tzinfo is None:
                return parsed
    raise CoercionError(f"{label} must be a date and time (YYYY-MM-DD HH:MM), not {value!r}.")


def _to_bool(value: Any, label: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise CoercionError(f"{label} must be yes or no, not {value!r}.")


def _to_enum(value: Any, enum_cls: type[enum.Enum], label: str) -> enum.Enum:
    if isinstance(value, enum_cls):
        return value
    text = str(value).strip().lower()
    for member in enum_cls:
        if text in (str(member.value).lower(), member.name.lower()):
            return member
    allowed = ", ".join(str(m.value) for m in enum_cls)
    raise CoercionError(f"{label} must be one of: {allowed} (not {value!r}).")


def coerce_value(column: Column[Any], value: Any) -> Any:
    """The value as ``column`` stores it; blank text becomes None (except for text columns)."""
    label = column_label(column.name)
    column_type = column.type
    if isinstance(column_type, String | Text) and not isinstance(column_type, SAEnum):
        if value is None:
            return None
        text = value if isinstance(value, str) else str(value)
        text = text.strip()
        if not text and column.nullable:
            return None
        length = getattr(column_type, "length", None)
        if length is not None and len(text) > length:
            raise CoercionError(f"{label} is too long ({len(text)} characters; at most {length}).")
        return text
    if _blank(value):
        return None
    if isinstance(column_type, SAEnum) and column_type.enum_class is not None:
        return _to_enum(value, column_type.enum_class, label)
    if isinstance(column_type, Boolean):
        return _to_bool(value, label)
    if isinstance(column_type, Integer):
        return _to_int(value, label)
    if isinstance(column_type, Float | Numeric):
        return _to_float(value, label)
    if isinstance(column_type, DateTime):
        return _to_datetime(value, label)
    if isinstance(column_type, Date):
        return _to_date(value, label)
    return value
