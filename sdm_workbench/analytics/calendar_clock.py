"""Precomputed clocks of a business calendar: cumulative open minutes and their inverse.

A clock maps an instant ``t`` (epoch minutes, UTC) to ``cum(t)``, the open minutes between
a fixed origin and ``t``. Business time is ``cum(b) - cum(a)``; the instant a budget of
``m`` business minutes started at ``t`` runs out is ``inverse(cum(t) + m)``.

Two implementations share the origin (1 January of the first year, UTC), so their values
agree: an *interval* clock (sorted UTC open intervals, binary search, small) and a
*per-minute* clock (one int32 per minute plus one per open minute, O(1) look-ups, about
2.7 MB a year for office hours) that the vectorised paths use when the span is at most
:data:`MAX_TABLE_YEARS` years. Both are cached per (calendar, years); ``calendar_clock.
cache_clear()`` and ``interval_clock.cache_clear()`` free them.
"""

from __future__ import annotations

import zoneinfo
from abc import ABC, abstractmethod
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

if TYPE_CHECKING:
    from .calendar import BusinessCalendar

I64 = NDArray[np.int64]

NAT = int(np.iinfo(np.int64).min)  # numpy's NaT as int64: "no instant"
MAX_TABLE_YEARS = 10
MAX_EXTENSION_YEARS = 200  # a budget not spent within this many years is never spent
_DAY = 24 * 60
_EPOCH = datetime(1970, 1, 1)
_MINUTE = timedelta(minutes=1)


def minute_of(value: datetime | np.datetime64 | int) -> int:
    """An instant as epoch minutes (naive datetimes are UTC; aware ones are converted)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return (value - _EPOCH) // _MINUTE
    if isinstance(value, np.datetime64):
        return int(value.astype("datetime64[m]").astype(np.int64))
    return int(value)


def to_minutes(values: ArrayLike) -> I64:
    """Instants as an int64 array of epoch minutes; NaT/None become :data:`NAT`.

    Accepts datetime64 of any unit (floored to the minute), integers (already minutes) or
    sequences of datetimes.
    """
    arr = np.asarray(values)
    if arr.dtype.kind == "M":
        return arr.astype("datetime64[m]", copy=False).view(np.int64)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64, copy=False)
    if arr.dtype == object or arr.size == 0:
        flat = [NAT if v is None else minute_of(v) for v in arr.ravel()]
        return np.array(flat, dtype=np.int64).reshape(arr.shape)
    raise TypeError(f"Cannot read instants from an array of {arr.dtype}.")


def year_of(minute: int) -> int:
    """The UTC calendar year of an epoch minute."""
    if minute == NAT:
        raise ValueError("No instant (NaT) has no year.")
    return (_EPOCH + timedelta(minutes=minute)).year


def _year_start(year: int) -> int:
    return minute_of(datetime(year, 1, 1))


class Clock(ABC):
    """Cumulative open minutes; see the module docstring."""

    @abstractmethod
    def cum(self, t: I64) -> I64:
        """Open minutes from the origin to each instant (instants inside the clock's span)."""

    @abstractmethod
    def inverse(self, v: I64) -> I64:
        """The earliest instant with ``cum >= v``; :data:`NAT` where that never happens."""

    def between(self, a: I64, b: I64) -> I64:
        """Open minutes from ``a`` to ``b`` (negative when ``b`` is before ``a``)."""
        return self.cum(b) - self.cum(a)

    def add(self, t: I64, minutes: I64) -> I64:
        """When ``minutes`` (>= 0) open minutes from ``t`` are used up; ``t`` itself for 0."""
        return np.where(minutes == 0, t, self.inverse(self.cum(t) + minutes))


class IdentityClock(Clock):
    """The 24x7 clock: every minute is open, ``cum(t) = t``."""

    def cum(self, t: I64) -> I64:
        return t

    def inverse(self, v: I64) -> I64:
        return v

    def between(self, a: I64, b: I64) -> I64:
        return b - a

    def add(self, t: I64, minutes: I64) -> I64:
        return t + minutes


class _CalendarClock(Clock):
    """A calendar's open intervals for UTC years ``first_year..last_year``."""

    def __init__(
        self, calendar: BusinessCalendar, first_year: int, last_year: int, *, per_minute: bool
    ) -> None:
        self.calendar = calendar
        self.first_year, self.last_year = first_year, last_year
        self.origin, self.end = _year_start(first_year), _year_start(last_year + 1)
        # Local years one either side: a local day may start in the previous UTC year.
        starts, ends = _utc_intervals(calendar, first_year - 1, last_year + 1)
        starts, ends = np.maximum(starts, self.origin), np.minimum(ends, self.end)
        keep = ends > starts
        self.starts, self.ends = starts[keep], ends[keep]
        lengths = self.ends - self.starts
        self.cum_end = np.cumsum(lengths)
        self.cum_start = self.cum_end - lengths
        self.total = int(self.cum_end[-1]) if lengths.size else 0
        # Padded with an empty interval at the origin so searchsorted's 0 needs no branch.
        self._pad_starts = np.concatenate(([self.origin], self.starts))
        self._pad_lengths = np.concatenate(([0], lengths))
        self._pad_cum = np.concatenate(([0], self.cum_start))
        self.table: NDArray[np.int32] | None = None
        self.positions: NDArray[np.int32] | None = None
        if per_minute:
            self._build_table()

    def _build_table(self) -> None:
        self.table, self.positions = minute_tables(self.starts, self.ends, self.origin, self.end)

    def _check(self, t: I64) -> None:
        if t.size and (int(t.min()) < self.origin or int(t.max()) > self.end):
            raise ValueError("Instant outside the calendar clock's span (or NaT).")

    def cum(self, t: I64) -> I64:
        self._check(t)
        if self.table is not None:
            return self.table.take(t - self.origin).astype(np.int64)
        k = np.searchsorted(self.starts, t, side="right")
        return self._pad_cum[k] + np.minimum(t - self._pad_starts[k], self._pad_lengths[k])

    def between(self, a: I64, b: I64) -> I64:
        if self.table is None:
            return super().between(a, b)
        self._check(a)
        self._check(b)
        offset_a, offset_b = a - self.origin, b - self.origin
        return (self.table.take(offset_b) - self.table.take(offset_a)).astype(np.int64)

    def inverse(self, v: I64) -> I64:
        v = np.asarray(v, dtype=np.int64)
        if v.size and int(v.min()) >= 1 and int(v.max()) <= self.total:
            return self._inverse_inside(v)  # the common case: no masks
        out = np.full(v.shape, NAT, dtype=np.int64)
        low = v <= 0
        out[low] = self.origin
        inside = ~low & (v <= self.total)
        out[inside] = self._inverse_inside(v[inside])
        over = v > self.total
        if over.any():
            out[over] = self._inverse_beyond(v[over])
        return out

    def _inverse_inside(self, v: I64) -> I64:
        if self.positions is not None:  # the minute ends one minute after it starts
            return np.add(self.positions.take(v - 1), self.origin + 1, dtype=np.int64)
        j = np.searchsorted(self.cum_end, v, side="left")
        result: I64 = self.starts[j] + (v - self.cum_start[j])
        return result

    def _inverse_beyond(self, v: I64) -> I64:
        # Same origin, more years: cum values stay the same, so v keeps its meaning.
        years = self.last_year - self.first_year + 1
        per_year = self.total / years
        if per_year <= 0:
            return np.full(v.shape, NAT, dtype=np.int64)
        more = int(np.ceil((int(v.max()) - self.total) / per_year)) + 1
        last_year = min(self.last_year + more, self.first_year + MAX_EXTENSION_YEARS)
        if last_year <= self.last_year:
            return np.full(v.shape, NAT, dtype=np.int64)
        maker = calendar_clock if self.table is not None else interval_clock
        return maker(self.calendar, self.first_year, last_year).inverse(v)


def minute_tables(
    starts: I64, ends: I64, origin: int, end: int
) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
    """Per-minute tables of disjoint open intervals within ``[origin, end]``.

    ``table[t - origin]`` is the open minutes from ``origin`` to ``t``; ``positions[k]`` the
    offset of the (k+1)-th open minute, the O(1) inverse (int32 to halve the memory: ~0.6 MB
    a year for office hours, 2 MB round the clock).
    """
    span = end - origin
    edges = np.zeros(span + 1, dtype=np.int32)
    np.add.at(edges, starts - origin, 1)
    np.add.at(edges, ends - origin, -1)
    is_open = np.cumsum(edges[:-1], dtype=np.int32)
    table = np.empty(span + 1, dtype=np.int32)
    table[0] = 0
    np.cumsum(is_open, out=table[1:])
    return table, np.flatnonzero(is_open).astype(np.int32)


@lru_cache(maxsize=8)
def calendar_clock(calendar: BusinessCalendar, first_year: int, last_year: int) -> Clock:
    """The fastest clock for the years: per-minute up to :data:`MAX_TABLE_YEARS` (cached)."""
    per_minute = last_year - first_year + 1 <= MAX_TABLE_YEARS
    return _CalendarClock(calendar, first_year, last_year, per_minute=per_minute)


@lru_cache(maxsize=64)
def interval_clock(calendar: BusinessCalendar, first_year: int, last_year: int) -> Clock:
    """The small binary-search clock for the years (cached)."""
    return _CalendarClock(calendar, first_year, last_year, per_minute=False)


def _utc_intervals(calendar: BusinessCalendar, first_year: int, last_year: int) -> tuple[I64, I64]:
    """Sorted, merged UTC open intervals ``[start, end)`` for local years first..last."""
    first_day = minute_of(datetime(first_year, 1, 1)) // _DAY
    last_day = minute_of(datetime(last_year + 1, 1, 1)) // _DAY  # exclusive
    days = np.arange(first_day, last_day, dtype=np.int64)
    closed_dates = calendar.closed_dates(first_year, last_year)
    closed = np.array([(d - _EPOCH.date()).days for d in closed_dates], dtype=np.int64)
    weekday = (days + 3) % 7  # 1 Jan 1970 was a Thursday; Monday is 0
    working = ~np.isin(days, closed)
    starts_local: list[I64] = []
    ends_local: list[I64] = []
    for w, spans in enumerate(calendar.week):
        chosen = days[(weekday == w) & working]
        for start, end in spans:
            starts_local.append(chosen * _DAY + start)
            ends_local.append(chosen * _DAY + end)
    if not starts_local:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    starts = _local_to_utc(calendar.timezone, np.concatenate(starts_local), first_day, last_day)
    ends = _local_to_utc(calendar.timezone, np.concatenate(ends_local), first_day, last_day)
    return _merge(starts, ends)


def _local_to_utc(zone_name: str, local: I64, first_day: int, last_day: int) -> I64:
    """Local wall-clock minutes to UTC minutes.

    fold=0: a skipped wall time (spring forward) moves forward by the gap; a repeated one
    (fall back) is its first occurrence, so only a span *ending* inside the repeated hour
    misses its second pass -- calendars rarely end there (night shifts in some zones).
    """
    if zone_name in ("UTC", "Etc/UTC"):
        return local
    zone = zoneinfo.ZoneInfo(zone_name)
    # Offset at each local midnight; a day whose two midnights agree has no change inside
    # (zones change at most once a day), so only change days need per-instant conversion.
    midnights = [_EPOCH + timedelta(days=d) for d in range(first_day, last_day + 2)]
    offsets = np.array([_offset(zone, m) for m in midnights], dtype=np.int64)
    day = local // _DAY - first_day
    day = np.minimum(day, len(offsets) - 2)  # a 24:00 end on the last day
    utc = local - offsets[day]
    changing = np.flatnonzero(offsets[day] != offsets[day + 1])
    for i in changing:
        wall = _EPOCH + timedelta(minutes=int(local[i]))
        utc[i] = local[i] - _offset(zone, wall)
    return utc


def _offset(zone: zoneinfo.ZoneInfo, wall: datetime) -> int:
    delta = wall.replace(tzinfo=zone).utcoffset()
    return 0 if delta is None else int(delta // _MINUTE)


def _merge(starts: I64, ends: I64) -> tuple[I64, I64]:
    keep = ends > starts  # a span inside a skipped hour is empty
    starts, ends = starts[keep], ends[keep]
    if starts.size == 0:
        return starts, ends
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends)
    first = np.ones(starts.size, dtype=bool)
    first[1:] = starts[1:] > reach[:-1]  # touching intervals merge too
    index = np.flatnonzero(first)
    return starts[index], np.maximum.reduceat(ends, index)
