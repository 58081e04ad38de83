"""KPI values as a manager reads them: unit-aware numbers, signed deltas, month labels."""

from __future__ import annotations

import calendar
from datetime import date

# unit -> (decimals, suffix); the unit names are the KPI catalogue's.
_UNITS: dict[str, tuple[int, str]] = {
    "%": (1, " %"),
    "hours": (1, " h"),
    "minutes": (0, " min"),
    "tickets": (0, ""),
    "risks": (0, ""),
    "score": (0, ""),
    "ratio": (2, ""),
    "1-5": (2, " / 5"),
    "1-7": (2, " / 7"),
    "per month": (1, " / month"),
    "hand-offs": (2, ""),
    "P - E": (2, ""),
    "x": (2, "\u00d7"),  # multiplication sign
    "currency": (0, ""),
}
MINUS = "\u2212"  # a real minus sign lines up with the plus
SIGNED_UNITS = frozenset({"score", "P - E"})


def _decimals(value: float, unit: str) -> int:
    decimals = _UNITS.get(unit, (2, ""))[0]
    if unit == "%" and abs(value) >= 99.0 and abs(value) < 100.0:
        return 3  # availability: 99.9 and 99.99 must not both read "100.0"
    return decimals


def format_value(value: float | None, unit: str, *, signed: bool = False) -> str:
    """``52.1 h``, ``90.7 %``, ``+10``; an en dash for no value."""
    if value is None:
        return "\u2013"  # en dash
    decimals = _decimals(value, unit)
    sign = "+" if (signed or unit in SIGNED_UNITS) else ""
    text = f"{value:{sign},.{decimals}f}".replace("-", MINUS)
    return text + _UNITS.get(unit, (2, f" {unit}"))[1]


def format_delta(delta: float | None, unit: str) -> str:
    """A signed change in the KPI's unit (``+3.2 h``); empty when there is nothing to compare."""
    if delta is None:
        return ""
    return format_value(delta, unit, signed=True)


def unit_suffix(unit: str) -> str:
    """The short unit shown after numbers and on chart axes."""
    return _UNITS.get(unit, (2, f" {unit}"))[1].strip()


def month_label(day: date) -> str:
    return f"{calendar.month_abbr[day.month]} {day.year}"


def month_stamp(day: date) -> float:
    """Seconds since the epoch (UTC) of the month's first day: the x of a monthly point."""
    return float(calendar.timegm((day.year, day.month, 1, 0, 0, 0)))


def mid_month_stamp(day: date) -> float:
    """The x of a monthly point, centred in its month so bars sit between month ticks."""
    days = calendar.monthrange(day.year, day.month)[1]
    return month_stamp(day) + days * 43_200.0
