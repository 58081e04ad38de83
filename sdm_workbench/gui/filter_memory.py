"""Column filters kept per kind across restarts, in the user's settings.

Hidden columns, widths and order travel with the header state; the filters are conditions
in the model, so they are written here as JSON (``settings.filters(kind)``) whenever they
change and set again when the kind is shown. A kept filter that no longer fits (a column
gone, a hand-edited file) is dropped, never an error.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from PySide6.QtCore import QSettings

from ..store.column_filters import ColumnFilter, FilterMode, filter_condition
from . import settings as keys
from .row_model import RowTableModel


class _Unstorable(ValueError):
    """A value the settings file cannot hold (the filter is simply not kept)."""


def encode_value(value: Any) -> Any:
    """A filter value as JSON: plain values as they are, the rest tagged with their type."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return encode_value(value.value)  # the SQL condition takes the stored value back
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    raise _Unstorable(f"{type(value).__name__} values are not kept")


def decode_value(raw: Any) -> Any:
    if isinstance(raw, dict) and len(raw) == 1:
        ((tag, text),) = raw.items()
        decoders = {"datetime": datetime.fromisoformat, "date": date.fromisoformat,
                    "decimal": Decimal}  # fmt: skip
        if tag in decoders and isinstance(text, str):
            return decoders[tag](text)
        raise ValueError(f"unknown value {raw!r}")
    if raw is None or isinstance(raw, bool | int | float | str):
        return raw
    raise ValueError(f"unknown value {raw!r}")


def encode_filter(condition: ColumnFilter) -> dict[str, Any]:
    return {
        "column": condition.column,
        "mode": condition.mode.value,
        "text": condition.text,
        "values": [encode_value(v) for v in condition.values],
        "low": encode_value(condition.low),
        "high": encode_value(condition.high),
    }


def decode_filter(raw: Any) -> ColumnFilter:
    """One kept filter; ``ValueError`` (or ``KeyError``/``TypeError``) when malformed."""
    return ColumnFilter(
        column=str(raw["column"]),
        mode=FilterMode(raw["mode"]),
        text=str(raw.get("text", "")),
        values=tuple(decode_value(v) for v in raw.get("values", ())),
        low=decode_value(raw.get("low")),
        high=decode_value(raw.get("high")),
    )


def dumps(filters: list[ColumnFilter] | tuple[ColumnFilter, ...]) -> str:
    """The filters as JSON text (those with values the file cannot hold are left out)."""
    kept = []
    for condition in filters:
        try:
            kept.append(encode_filter(condition))
        except _Unstorable:
            continue
    return json.dumps(kept)


def loads(text: str) -> list[ColumnFilter]:
    """The filters in ``text``; malformed entries (or text) give nothing, not an error."""
    try:
        raw = json.loads(text)
    except ValueError:
        return []
    found = []
    for entry in raw if isinstance(raw, list) else []:
        try:
            found.append(decode_filter(entry))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    return found


class FilterMemory:
    """Keeps each kind's column filters in ``settings``; the table pane calls it."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def restore(self, model: RowTableModel) -> None:
        """Set the filters kept for the model's kind (those on columns it still has)."""
        raw = self.settings.value(keys.filters(model.kind))
        if not isinstance(raw, str) or not raw:
            return
        for condition in loads(raw):
            try:  # built once here: a column gone or a stale choice must not reach the model
                filter_condition(model.kind, condition, sqlite=True)
            except (ValueError, LookupError, TypeError):
                continue
            model.set_column_filter(condition.column, condition)

    def save(self, model: RowTableModel) -> None:
        """Write the model's filters in force (an empty list when none)."""
        self.settings.setValue(
            keys.filters(model.kind), dumps(tuple(model.column_filters.values()))
        )
