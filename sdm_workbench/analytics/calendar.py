"""Business calendars: open hours per weekday in a time zone, minus holidays and closed days.

Instants are naive UTC. Inside, an instant is an ``int64`` count of minutes since
1970-01-01 00:00 UTC ("epoch minutes"); seconds are dropped (minute precision). The open
hours are local wall-clock times, so a calendar turns into a different list of UTC intervals
in summer and in winter; :mod:`.calendar_clock` precomputes those intervals and the running
count of open minutes, so business time between ``a`` and ``b`` is ``C(b) - C(a)``.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sdm_workbench.domain.errors import DomainError, Problem
from sdm_workbench.domain.validation import row_problems

from .calendar_clock import (
    NAT,
    Clock,
    IdentityClock,
    calendar_clock,
    interval_clock,
    minute_of,
    to_minutes,
    year_of,
)

__all__ = [
    "NAT",
    "WEEKDAY_COLUMNS",
    "BusinessCalendar",
    "Clock",
    "IdentityClock",
    "instant_of",
    "minute_of",
    "parse_hours",
    "to_minutes",
]

WEEKDAY_COLUMNS = (
    "mon_hours",
    "tue_hours",
    "wed_hours",
    "thu_hours",
    "fri_hours",
    "sat_hours",
    "sun_hours",
)
MINUTES_PER_DAY = 24 * 60
_FULL_DAY: tuple[tuple[int, int], ...] = ((0, MINUTES_PER_DAY),)
_EPOCH = datetime(1970, 1, 1)

Spans = tuple[tuple[int, int], ...]


def parse_hours(text: str | None) -> Spans:
    """``"08:00-12:00,13:00-17:00"`` as minute spans ``((480, 720), (780, 1020))``.

    Empty means closed. Call only on text the domain validation accepted (``from_row`` does).
    """
    spans: list[tuple[int, int]] = []
    for part in (text or "").split(","):
        if not part.strip():
            continue
        start, end = (_clock_minutes(x) for x in part.strip().split("-"))
        spans.append((start, end))
    return tuple(spans)


def _clock_minutes(text: str) -> int:
    hours, minutes = text.strip().split(":")
    return int(hours) * 60 + int(minutes)


def instant_of(minute: int) -> datetime:
    """Epoch minutes back to a naive UTC datetime."""
    return _EPOCH + timedelta(minutes=int(minute))


@dataclass(frozen=True)
class BusinessCalendar:
    """Open hours per weekday (Monday first) in ``timezone``, minus holidays and closed days.

    ``week[i]`` holds the local open spans of weekday ``i`` as ``(start, end)`` minutes of
    the day, sorted and not overlapping (``(0, 1440)`` is round the clock). Public holidays
    come from the ``holidays`` package for ``holiday_country``/``holiday_subdivision``;
    ``closed_days`` are extra local dates with no open hours. Frozen and hashable, so the
    precomputed tables are cached per calendar.
    """

    timezone: str = "UTC"
    week: tuple[Spans, ...] = (_FULL_DAY,) * 7
    holiday_country: str | None = None
    holiday_subdivision: str | None = None
    closed_days: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if len(self.week) != 7:
            raise ValueError("A calendar week has seven days (Monday first).")
        for spans in self.week:
            last = 0
            for start, end in spans:
                if not last <= start < end <= MINUTES_PER_DAY:
                    raise ValueError(f"Open spans {spans} are not sorted spans within a day.")
                last = end
        try:
            zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"{self.timezone!r} is not a time zone.") from exc

    @classmethod
    def always_open(cls) -> BusinessCalendar:
        """Round the clock in UTC, no holidays: the 24x7 clock."""
        return cls()

    @classmethod
    def from_row(
        cls, row: Mapping[str, Any], closed_days: Iterable[date | Mapping[str, Any]] = ()
    ) -> BusinessCalendar:
        """A calendar from a ``business_calendars`` row (a mapping) and its closed days.

        ``closed_days`` are dates or ``calendar_closed_days`` rows (mappings with ``day``).
        Raises :class:`DomainError` with the same messages as the forms and importer.
        """
        values = {k: row.get(k) for k in ("timezone", *WEEKDAY_COLUMNS) if k in row}
        problems = row_problems("calendar", values, new=False)
        country = row.get("holiday_country") or None
        subdivision = row.get("holiday_subdivision") or None
        if country is not None:
            problems += _holiday_problems(country, subdivision)
        if problems:
            raise DomainError(problems)
        days = frozenset(d if isinstance(d, date) else d["day"] for d in closed_days)
        return cls(
            timezone=row.get("timezone") or "UTC",
            week=tuple(parse_hours(row.get(column)) for column in WEEKDAY_COLUMNS),
            holiday_country=country,
            holiday_subdivision=subdivision,
            closed_days=days,
        )

    # -- facts ---------------------------------------------------------------------------

    @property
    def is_always_open(self) -> bool:
        """True for round the clock every day with no holidays: business time is wall time."""
        return (
            all(spans == _FULL_DAY for spans in self.week)
            and self.holiday_country is None
            and not self.closed_days
        )

    @property
    def is_never_open(self) -> bool:
        """True when no weekday has open hours (no budget of business time ever runs out)."""
        return not any(self.week)

    @property
    def business_day_minutes(self) -> float:
        """Length of one business day: the mean open minutes of the weekdays that open.

        Mon-Fri 09:00-18:00 gives 540; 24x7 gives 1440; never open gives 0.
        """
        lengths = [sum(e - s for s, e in spans) for spans in self.week if spans]
        return sum(lengths) / len(lengths) if lengths else 0.0

    def holidays(self, first_year: int, last_year: int) -> dict[date, str]:
        """Public holidays (local dates) with their names, for the years given."""
        table = _holiday_table(
            self.holiday_country, self.holiday_subdivision, first_year, last_year
        )
        return dict(table)

    def closed_dates(self, first_year: int, last_year: int) -> frozenset[date]:
        """Holidays plus closed days in the years given: local dates with no open hours."""
        holidays = _holiday_table(
            self.holiday_country, self.holiday_subdivision, first_year, last_year
        )
        extra = {d for d in self.closed_days if first_year <= d.year <= last_year}
        return frozenset(d for d, _ in holidays) | extra

    # -- clocks --------------------------------------------------------------------------

    def clock(self, first_minute: int, last_minute: int) -> Clock:
        """A clock whose ``cum`` and ``add`` cover epoch minutes in ``[first, last]``.

        The 24x7 calendar gets the identity clock; others a cached table (see
        :mod:`.calendar_clock`). Values of ``cum`` are comparable within one clock only.
        """
        if self.is_always_open:
            return IdentityClock()
        return calendar_clock(self, year_of(first_minute), year_of(last_minute))

    def _scalar_clock(self, first_minute: int, last_minute: int) -> Clock:
        # Scalars use the small interval table (binary search), never the minute table.
        if self.is_always_open:
            return IdentityClock()
        return interval_clock(self, year_of(first_minute), year_of(last_minute))

    # -- business time -------------------------------------------------------------------

    def business_minutes(self, start: datetime, end: datetime) -> int:
        """Open minutes between two UTC instants (negative when ``end`` is before ``start``)."""
        a, b = minute_of(start), minute_of(end)
        clock = self._scalar_clock(min(a, b), max(a, b))
        values = clock.cum(np.array([a, b], dtype=np.int64))
        return int(values[1] - values[0])

    def business_minutes_array(self, start: ArrayLike, end: ArrayLike) -> NDArray[np.int64]:
        """:meth:`business_minutes` over arrays (datetime64 of any unit, or epoch minutes).

        O(1) per element: two look-ups in a per-minute table of cumulative open minutes.
        NaT is refused; mask missing instants first.
        """
        a, b = to_minutes(start), to_minutes(end)
        if self.is_always_open:
            return b - a
        if a.size == 0:
            return np.zeros(a.shape, dtype=np.int64)
        lo = min(int(a.min()), int(b.min()))
        if lo == NAT:
            raise ValueError("business_minutes_array got NaT; mask missing instants first.")
        clock = self.clock(lo, max(int(a.max()), int(b.max())))
        return clock.between(a, b)

    def add_business_minutes(self, start: datetime, minutes: int) -> datetime | None:
        """The instant a budget of ``minutes`` business minutes, started at ``start``, runs out.

        Zero minutes gives ``start`` (to the minute). None when the calendar never opens.
        """
        if minutes < 0:
            raise ValueError("A budget of business minutes cannot be negative.")
        a = minute_of(start)
        clock = self._scalar_clock(a, a)
        result = int(clock.add(np.array([a], dtype=np.int64), np.array([minutes]))[0])
        return None if result == NAT else instant_of(result)

    def add_business_minutes_array(
        self, start: ArrayLike, minutes: ArrayLike
    ) -> NDArray[np.datetime64]:
        """:meth:`add_business_minutes` over arrays; ``datetime64[m]``, NaT where never."""
        a = to_minutes(start)
        m = np.broadcast_to(np.asarray(minutes, dtype=np.int64), a.shape)
        if a.size == 0:
            return a.view("datetime64[m]")
        if int(m.min()) < 0:
            raise ValueError("A budget of business minutes cannot be negative.")
        if int(a.min()) == NAT:
            raise ValueError("add_business_minutes_array got NaT; mask missing instants first.")
        clock = self.clock(int(a.min()), int(a.max()))
        return clock.add(a, m).view("datetime64[m]")


def _holiday_problems(country: str, subdivision: str | None) -> list[Problem]:
    # The holidays package raises NotImplementedError for both an unknown country and an
    # unknown subdivision: try the country alone first to tell them apart.
    try:
        _holiday_table(country, None, 2024, 2024)
    except NotImplementedError:
        return [Problem("holiday_country", f"No public holidays are known for {country!r}.")]
    try:
        _holiday_table(country, subdivision, 2024, 2024)
    except NotImplementedError:
        return [
            Problem(
                "holiday_subdivision",
                f"{subdivision!r} is not a subdivision of {country} (e.g. BY for Bavaria).",
            )
        ]
    return []


@lru_cache(maxsize=64)
def _holiday_table(
    country: str | None, subdivision: str | None, first_year: int, last_year: int
) -> tuple[tuple[date, str], ...]:
    if country is None:
        return ()
    import holidays  # imported late: 40 ms, and only calendars with a country need it

    table = holidays.country_holidays(
        country, subdiv=subdivision, years=range(first_year, last_year + 1)
    )
    return tuple(sorted((day, str(name)) for day, name in table.items()))
