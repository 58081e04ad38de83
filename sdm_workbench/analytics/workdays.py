"""Working-day arithmetic for plans: whole days, a weekday mask, holidays and closed days.

Plans count whole working days (the SLA clock, which counts business *minutes*, lives
elsewhere). A day is a working day when its weekday has hours in the calendar and it is
neither a public holiday nor a closed day. numpy's ``busday_*`` functions do the work in C,
so converting tens of thousands of dates costs one call, not one Python loop.

Conventions:

* ``add(day, n)`` with ``n > 0`` is the n-th working day strictly *after* ``day``; with
  ``n < 0`` the |n|-th working day strictly *before* it; ``add(day, 0)`` is ``day`` itself
  when it is a working day, else the next working day. So one working day after Saturday is
  Monday, and one before Saturday is Friday.
* ``count(start, end)`` counts working days in the half-open range ``[start, end)``, like
  ``numpy.busday_count``; it is negative when ``end`` is before ``start``.
  ``span(start, finish)`` counts both ends: the duration of a task from start to finish.
* ``index(day, origin)`` numbers working days from ``origin`` (its next working day is 0);
  a non-working day gets the number of the next working day. ``day_at(k, origin)`` is the
  inverse. The schedule works on these integers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

import numpy as np
import numpy.typing as npt

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MON_TO_FRI = "1111100"


def weekmask_from_hours(hours: Sequence[str]) -> str:
    """Mask "1111100" from the seven weekday hour texts (Monday first); "" means closed."""
    if len(hours) != 7:
        raise ValueError(f"Expected hours for 7 weekdays, got {len(hours)}")
    return "".join("1" if text.strip() else "0" for text in hours)


@lru_cache(maxsize=32)
def public_holidays(
    country: str, subdivision: str | None, years: tuple[int, ...]
) -> tuple[date, ...]:
    """Public holidays of a country (and subdivision) from the ``holidays`` package, sorted."""
    import holidays  # imported here: only calendars with a country pay for it

    found = holidays.country_holidays(country, subdiv=subdivision or None, years=years)
    return tuple(sorted(found.keys()))


class WorkingDays:
    """Which days are working days, and arithmetic over them (see the module docstring)."""

    def __init__(self, weekmask: str = MON_TO_FRI, holidays: Iterable[date] = ()) -> None:
        if len(weekmask) != 7 or set(weekmask) - {"0", "1"}:
            raise ValueError(f"Weekmask must be seven 0/1 characters, got {weekmask!r}")
        if "1" not in weekmask:
            raise ValueError("A calendar needs at least one working weekday")
        self.weekmask = weekmask
        self.holidays: tuple[date, ...] = tuple(sorted(set(holidays)))
        self._cal = np.busdaycalendar(
            weekmask=weekmask, holidays=np.array(self.holidays, dtype="datetime64[D]")
        )

    @classmethod
    def from_calendar(
        cls,
        weekday_hours: Sequence[str] | None = None,
        holiday_country: str | None = None,
        holiday_subdivision: str | None = None,
        closed_days: Iterable[date] = (),
        years: Iterable[int] | None = None,
    ) -> WorkingDays:
        """Build from a business calendar's plain fields (Mon-Fri when no hours are given).

        Public holidays are loaded for ``years`` (default: 15 years either side of this
        year); days outside those years have no public holidays.
        """
        mask = weekmask_from_hours(weekday_hours) if weekday_hours is not None else MON_TO_FRI
        days = set(closed_days)
        if holiday_country:
            if years is None:
                this = date.today().year
                years = range(this - 15, this + 16)
            days.update(public_holidays(holiday_country, holiday_subdivision, tuple(years)))
        return cls(mask, days)

    def __repr__(self) -> str:
        return f"WorkingDays({self.weekmask!r}, {len(self.holidays)} holidays)"

    # -- one day at a time -------------------------------------------------------------

    def is_working(self, day: date) -> bool:
        """True when ``day`` is a working day."""
        return bool(np.is_busday(np.datetime64(day, "D"), busdaycal=self._cal))

    def add(self, day: date, n: int) -> date:
        """The n-th working day after ``day`` (before it when n < 0); see the conventions."""
        roll: Literal["backward", "forward"] = "backward" if n > 0 else "forward"
        moved = np.busday_offset(np.datetime64(day, "D"), n, roll=roll, busdaycal=self._cal)
        return _to_date(moved)

    def count(self, start: date, end: date) -> int:
        """Working days in ``[start, end)``; negative when ``end`` is before ``start``."""
        return int(
            np.busday_count(np.datetime64(start, "D"), np.datetime64(end, "D"), busdaycal=self._cal)
        )

    def span(self, start: date, finish: date) -> int:
        """Working days from ``start`` to ``finish``, both included (0 when finish < start)."""
        return max(0, self.count(start, finish + timedelta(days=1)))

    # -- many days at once (the schedule's integer time line) ---------------------------

    def index(self, day: date, origin: date) -> int:
        """Working-day number of ``day`` counted from ``origin`` (see the conventions)."""
        return self.count(origin, day)

    def day_at(self, k: int, origin: date) -> date:
        """The working day numbered ``k`` from ``origin``: the inverse of :meth:`index`."""
        moved = np.busday_offset(np.datetime64(origin, "D"), k, roll="forward", busdaycal=self._cal)
        return _to_date(moved)

    def indices(self, days: Sequence[date], origin: date) -> npt.NDArray[np.int64]:
        """:meth:`index` for many days in one call."""
        stamps = np.array(days, dtype="datetime64[D]")
        counted = np.busday_count(np.datetime64(origin, "D"), stamps, busdaycal=self._cal)
        return np.asarray(counted, dtype=np.int64)

    def days_at(self, ks: npt.ArrayLike, origin: date) -> list[date]:
        """:meth:`day_at` for many working-day numbers in one call."""
        moved = np.busday_offset(
            np.datetime64(origin, "D"),
            np.asarray(ks, dtype=np.int64),
            roll="forward",
            busdaycal=self._cal,
        )
        result: list[date] = np.atleast_1d(moved).astype("datetime64[D]").tolist()
        return result


def _to_date(value: np.datetime64) -> date:
    result = value.astype("datetime64[D]").item()
    if not isinstance(result, date):  # NaT or out of the date range
        raise ValueError(f"Not a representable date: {value}")
    return result
