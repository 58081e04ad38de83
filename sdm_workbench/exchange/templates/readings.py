"""How a mapped column's values are read: its *reading*, detected and correctable by the user.

A probability or impact column is read on a scale (1-5, 1-3, Low/Medium/High, a percent
chance...), a date column day-first or month-first, a percent-complete column as 0-1
fractions or 0-100 numbers. The reading is kept per column in the mapping (and in a saved
mapping); planning and the mapping dialog's preview both read values through
:func:`read_value`, so what the preview shows is what the import stores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .fields import FIELDS
from .scales import WORD_SCALES, decided_order, detect_scale, five_levels, to_date, to_percent
from .scales import to_scale as _to_scale

# Field kind -> {reading: label}; the first entry is the fallback.
READINGS: dict[str, dict[str, str]] = {
    "scale": {
        "1-5": "1-5",
        "1-3": "1-3 (3 is the top)",
        "1-4": "1-4",
        "1-10": "1-10",
        "words": "Low / Medium / High",
        "words-5": "Very low ... Very high (5 levels)",
        "percent": "Percent chance (0.3 or 30 %)",
    },
    "date": {"dmy": "Day first (31/12/2025)", "mdy": "Month first (12/31/2025)"},
    "percent": {"fraction": "0-1 (0.85 is 85 %)", "percent": "0-100 (85 is 85 %)"},
}


def field_kind(target: str | None, key: str | None) -> str | None:
    """The kind of ``key`` in ``target`` (scale, date, percent, text...); None when unknown."""
    if target is None or key is None:
        return None
    return next((f.kind for f in FIELDS.get(target, ()) if f.key == key), None)


def readings_for(target: str | None, key: str | None) -> dict[str, str]:
    """The readings a column feeding ``key`` can have ({} when its values need no choice)."""
    return READINGS.get(field_kind(target, key) or "", {})


def default_reading(
    target: str | None, key: str | None, header: str, values: Sequence[Any], order: str = "dmy"
) -> str | None:
    """The detected reading of a column feeding ``key`` (``order``: the sheet's date order)."""
    kind = field_kind(target, key)
    if kind == "scale":
        scale = detect_scale(header, values)
        return "words-5" if scale == "words" and five_levels(values) else scale
    if kind == "date":
        return decided_order(header, values) or order
    if kind == "percent":
        numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        return "percent" if any(n > 1 for n in numbers) else "fraction"
    return None


def read_value(kind: str | None, reading: str | None, value: Any, five: bool = False) -> Any:
    """``value`` as the import stores it; ValueError (a manager's message) when it cannot be.

    ``five``: the column's words use five levels (for a numeric scale holding words).
    """
    if kind == "scale":
        scale = reading or "1-5"
        return _to_scale(value, scale, five and scale not in WORD_SCALES)
    if kind == "date":
        return to_date(value, reading or "dmy")
    if kind == "percent":
        return to_percent(value, reading)
    return value


@dataclass(frozen=True)
class Sample:
    """One sample value as written and as it will be read (``error`` when it cannot be)."""

    before: str
    after: str
    error: str = ""
    fixed: bool = False  # a real date cell: no reading changes it, so no arrow

    def __str__(self) -> str:
        if self.fixed:
            return self.before
        return f"{self.before} \u2192 {self.error or self.after}"


def show_value(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return f"{value.day} {value:%b %Y}"  # unambiguous: which is the day is the point
    return " ".join(str(value).split())[:24]


def preview(
    target: str | None, key: str | None, reading: str | None, values: Sequence[Any], limit: int = 3
) -> list[Sample]:
    """Up to ``limit`` distinct values as they will be read, the first unreadable one shown."""
    kind = field_kind(target, key)
    five = five_levels(values)
    samples: list[Sample] = []
    seen: set[str] = set()
    failed = False
    for value in values:
        before = show_value(value)
        if before in seen:
            continue
        seen.add(before)
        try:
            after = show_value(read_value(kind, reading, value, five))
            fixed = kind == "date" and isinstance(value, date)
            sample = Sample(before, after + (" %" if kind == "percent" else ""), fixed=fixed)
        except ValueError as exc:
            sample = Sample(before, "", str(exc))
        if len(samples) < limit:
            samples.append(sample)
            failed = failed or bool(sample.error)
        elif sample.error and not failed:
            samples[-1] = sample  # the reason a reading is refused is worth the room
            break
        elif failed:
            break
    return samples
