"""The calendar clocks of one SLA evaluation, read per ticket in one gather, whatever the mix.

The tickets of one evaluation run on several calendars (Berlin office hours, New York, 24x7).
:class:`ClockBank` lays the per-minute tables of all of them end to end, so each ticket
reads its own calendar through an offset added to its index: one ``take`` for all tickets
instead of one masked pass per calendar. Its clock values are open minutes since the bank's
origin (1 January of the first year, UTC), as in :mod:`.calendar_clock`; they are
comparable within one calendar only. The bank's inverse table holds instants, not offsets,
so a due instant is a single look-up too.

:func:`ticket_clocks` picks the implementation: the identity for 24x7 alone, the bank for
spans of up to :data:`MAX_TABLE_YEARS`, else per-calendar masks over interval clocks.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from .calendar import BusinessCalendar
from .calendar_clock import (
    MAX_TABLE_YEARS,
    Clock,
    interval_clock,
    minute_tables,
    year_of,
)

I64 = NDArray[np.int64]
Ints = NDArray[np.int64] | NDArray[np.int32]


@dataclass(frozen=True)
class Lanes:
    """Which calendar each element reads: its code (None: all calendar 0) and the offsets
    that turn an instant (``cum``) or a clock value (``due``) into a table index."""

    codes: I64 | None = None
    cum: I64 | int = 0
    due: I64 | int = 0

    def take(self, rows: I64) -> Lanes:
        """The lanes of the elements at ``rows``."""
        if self.codes is None:
            return self
        cum = self.cum.take(rows) if isinstance(self.cum, np.ndarray) else self.cum
        due = self.due.take(rows) if isinstance(self.due, np.ndarray) else self.due
        return Lanes(self.codes.take(rows), cum, due)

    def slice(self, first: int, last: int) -> Lanes:
        """The lanes of elements ``first..last - 1``."""
        if self.codes is None:
            return self
        cum = self.cum[first:last] if isinstance(self.cum, np.ndarray) else self.cum
        due = self.due[first:last] if isinstance(self.due, np.ndarray) else self.due
        return Lanes(self.codes[first:last], cum, due)


class TicketClocks(ABC):
    """Cumulative open minutes and their inverse, each element on its own calendar."""

    def lanes(self, codes: I64 | None) -> Lanes:
        """Lanes for calendar ``codes`` per element (None: one calendar)."""
        return Lanes(codes)

    @abstractmethod
    def cum(self, t: I64, lanes: Lanes) -> Ints:
        """Open minutes up to each instant, on each element's calendar."""

    @abstractmethod
    def inverse(self, v: I64, lanes: Lanes) -> I64:
        """The earliest instant with ``cum >= v`` (:meth:`Clock.inverse`); NAT for never."""


class IdentityClocks(TicketClocks):
    """24x7 only: every minute is open."""

    def cum(self, t: I64, lanes: Lanes) -> Ints:
        return t

    def inverse(self, v: I64, lanes: Lanes) -> I64:
        return v


class MaskedClocks(TicketClocks):
    """One :class:`Clock` per calendar, applied per code through masks (long spans)."""

    def __init__(self, clocks: list[Clock]) -> None:
        self.clocks = clocks

    def _apply(self, values: I64, lanes: Lanes, inverse: bool) -> I64:
        if lanes.codes is None:
            clock = self.clocks[0]
            return clock.inverse(values) if inverse else clock.cum(values)
        out = np.empty(values.shape, dtype=np.int64)
        for code, clock in enumerate(self.clocks):
            where = lanes.codes == code
            if where.any():
                out[where] = clock.inverse(values[where]) if inverse else clock.cum(values[where])
        return out

    def cum(self, t: I64, lanes: Lanes) -> Ints:
        return self._apply(t, lanes, inverse=False)

    def inverse(self, v: I64, lanes: Lanes) -> I64:
        return self._apply(v, lanes, inverse=True)


class ClockBank(TicketClocks):
    """Per-minute tables of several calendars end to end (see the module docstring).

    Calendar ``k`` reads ``cum_table[cum_offsets[k] + t]`` for an instant ``t`` and
    ``due_table[due_offsets[k] + v]`` for a clock value ``v`` in ``0..totals[k]``.
    """

    def __init__(self, calendars: tuple[BusinessCalendar, ...], first_year: int, last_year: int):
        self.calendars, self.first_year, self.last_year = calendars, first_year, last_year
        clocks = [interval_clock(c, first_year, last_year) for c in calendars]
        origin, end = clocks[0].origin, clocks[0].end  # type: ignore[attr-defined]
        self.origin, width = origin, end - origin + 1
        self.cum_table = np.empty(len(calendars) * width, dtype=np.int32)
        parts: list[I64] = []
        for k, clock in enumerate(clocks):
            table, positions = minute_tables(clock.starts, clock.ends, origin, end)  # type: ignore[attr-defined]
            self.cum_table[k * width : (k + 1) * width] = table
            # Value v (1..total) is used up when its minute ends; v = 0 at the origin.
            parts += [np.array([origin]), np.add(positions, origin + 1, dtype=np.int64)]
        self.due_table = np.concatenate(parts)
        self.totals = np.array([p.size for p in parts[1::2]], dtype=np.int64)
        self.cum_offsets = np.arange(len(calendars), dtype=np.int64) * width - origin
        self.due_offsets = np.concatenate(([0], np.cumsum(self.totals + 1)[:-1]))
        self.least_total = int(self.totals.min())

    def lanes(self, codes: I64 | None) -> Lanes:
        if codes is None:
            return Lanes(None, int(self.cum_offsets[0]), 0)
        return Lanes(codes, self.cum_offsets.take(codes), self.due_offsets.take(codes))

    def cum(self, t: I64, lanes: Lanes) -> Ints:
        # Callers keep instants inside the bank's years (from the first opened to as_of).
        return self.cum_table.take(t + lanes.cum)

    def inverse(self, v: I64, lanes: Lanes) -> I64:
        v = np.asarray(v, dtype=np.int64)
        if v.size == 0 or (int(v.min()) >= 0 and int(v.max()) <= self.least_total):
            return self.due_table.take(v + lanes.due if lanes.codes is not None else v)
        # Beyond a table (a budget running past the bank's last year) or below it: the
        # calendar's own clock answers, exactly as a lone clock would.
        codes = np.zeros(v.shape, np.int64) if lanes.codes is None else lanes.codes
        outside = (v < 0) | (v > self.totals.take(codes))
        inside = ~outside
        out = np.empty(v.shape, dtype=np.int64)
        out[inside] = self.due_table.take((v + lanes.due)[inside])
        for code in np.unique(codes[outside]).tolist():
            rows = np.flatnonzero(outside & (codes == code))
            calendar = self.calendars[code]
            if calendar.is_always_open:  # the identity clock never runs out
                out[rows] = v[rows] + self.origin
            else:
                clock = interval_clock(calendar, self.first_year, self.last_year)
                out[rows] = clock.inverse(v[rows])
        return out


@lru_cache(maxsize=4)
def clock_bank(
    calendars: tuple[BusinessCalendar, ...], first_year: int, last_year: int
) -> ClockBank:
    """The bank of ``calendars`` for the years (cached: building costs milliseconds)."""
    return ClockBank(calendars, first_year, last_year)


def ticket_clocks(calendars: list[BusinessCalendar], first: int, last: int) -> TicketClocks:
    """The clocks of ``calendars`` (code = position) for instants ``first..last``."""
    if len(calendars) == 1 and calendars[0].is_always_open:
        return IdentityClocks()
    first_year, last_year = year_of(first), year_of(last)
    if last_year - first_year + 1 <= MAX_TABLE_YEARS:
        return clock_bank(tuple(calendars), first_year, last_year)
    return MaskedClocks([c.clock(first, last) for c in calendars])


__all__ = ["ClockBank", "IdentityClocks", "Lanes", "MaskedClocks", "TicketClocks", "ticket_clocks"]
