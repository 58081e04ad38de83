"""The time axis: days to pixels, zoom steps and the two tiers of the time scale.

Pure arithmetic on date ordinals (no Qt), so bar geometry is tested without painting.
Content x of day ``d`` is ``(d - origin) * px_per_day``; a task from ``s`` to ``f``
(inclusive dates) covers ``[x(s), x(f + 1))``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ZOOM_STEP = 1.5
MIN_PX_PER_DAY = 0.12
MAX_PX_PER_DAY = 64.0

# (least px per day, top tier unit, bottom tier unit, name), most detailed first.
TIERS: tuple[tuple[float, str, str, str], ...] = (
    (20.0, "month", "day", "days"),
    (5.0, "month", "week", "weeks"),
    (1.4, "quarter", "month", "months"),
    (0.0, "year", "quarter", "quarters"),
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = "MTWTFSS"


@dataclass
class TimeScale:
    """Maps date ordinals to content x and back at a zoom level (pixels per day)."""

    origin: int  # ordinal at content x = 0
    px_per_day: float = 8.0

    def x(self, ordinal: float) -> float:
        return (ordinal - self.origin) * self.px_per_day

    def day_at(self, x: float) -> int:
        """The ordinal whose day contains content x."""
        return self.origin + int(x // self.px_per_day)

    def bar(self, start: int, finish: int) -> tuple[float, float]:
        """Left and right content x of a bar from ``start`` to ``finish`` (inclusive)."""
        return self.x(start), self.x(finish + 1)

    @property
    def tiers(self) -> tuple[str, str]:
        """(top, bottom) units of the time scale at this zoom."""
        for least, top, bottom, _name in TIERS:
            if self.px_per_day >= least:
                return top, bottom
        return TIERS[-1][1], TIERS[-1][2]

    @property
    def level_name(self) -> str:
        for least, _top, _bottom, name in TIERS:
            if self.px_per_day >= least:
                return name
        return TIERS[-1][3]

    def zoomed(self, steps: int) -> float:
        """The px per day ``steps`` zoom steps away (positive = closer), within limits."""
        value = self.px_per_day * ZOOM_STEP**steps
        return min(MAX_PX_PER_DAY, max(MIN_PX_PER_DAY, value))

    def fit(self, first: int, last: int, width: float) -> None:
        """Show ``first``..``last`` (inclusive) across ``width`` pixels, with a little air."""
        days = max(1, last - first + 1)
        margin = max(1, days // 30)
        self.origin = first - margin
        self.px_per_day = min(MAX_PX_PER_DAY, max(MIN_PX_PER_DAY, width / (days + 2 * margin)))


def unit_start(ordinal: int, unit: str) -> int:
    """The ordinal of the first day of the ``unit`` containing ``ordinal``."""
    day = date.fromordinal(ordinal)
    if unit == "day":
        return ordinal
    if unit == "week":
        return ordinal - day.weekday()
    if unit == "month":
        return date(day.year, day.month, 1).toordinal()
    if unit == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1).toordinal()
    return date(day.year, 1, 1).toordinal()


def next_unit(ordinal: int, unit: str) -> int:
    """The first day of the unit after the one starting at ``ordinal``."""
    day = date.fromordinal(ordinal)
    if unit == "day":
        return ordinal + 1
    if unit == "week":
        return ordinal + 7
    months = {"month": 1, "quarter": 3}.get(unit)
    if months is None:
        return date(day.year + 1, 1, 1).toordinal()
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1).toordinal()


def units(first: int, last: int, unit: str) -> list[int]:
    """Starts of every ``unit`` overlapping [first, last]: cost follows the visible range."""
    found = []
    at = unit_start(first, unit)
    while at <= last:
        found.append(at)
        at = next_unit(at, unit)
    return found


def label(ordinal: int, unit: str, width: float) -> str:
    """A label for the unit starting at ``ordinal`` that fits about ``width`` pixels."""
    day = date.fromordinal(ordinal)
    if unit == "day":
        return f"{day.day}" if width < 26 else f"{_DAYS[day.weekday()]} {day.day}"
    if unit == "week":
        return f"{day.day}" if width < 44 else f"{day.day} {_MONTHS[day.month - 1]}"
    if unit == "month":
        if width < 30:
            return _MONTHS[day.month - 1][0]
        return _MONTHS[day.month - 1] if width < 70 else f"{_MONTHS[day.month - 1]} {day.year}"
    if unit == "quarter":
        quarter = f"Q{(day.month - 1) // 3 + 1}"
        return quarter if width < 70 else f"{quarter} {day.year}"
    return f"{day.year}" if width >= 30 else f"'{day.year % 100:02d}"
