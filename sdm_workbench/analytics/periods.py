"""Reporting periods: months, quarters and custom ranges of whole days (inclusive)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property


@dataclass(frozen=True, order=True)
class Period:
    """Days ``start`` to ``end`` inclusive; instants are compared in naive UTC."""

    start: date
    end: date
    kind: str = "custom"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"Period end {self.end} is before its start {self.start}")

    @property
    def start_instant(self) -> datetime:
        return datetime(self.start.year, self.start.month, self.start.day)

    @property
    def end_instant(self) -> datetime:
        """The first instant after the period."""
        return datetime(self.end.year, self.end.month, self.end.day) + timedelta(days=1)

    @property
    def minutes(self) -> int:
        return (self.end - self.start).days * 1440 + 1440

    @cached_property  # formatting dates is slow, and a dashboard asks thousands of times
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start:%b %Y}"
        if self.kind == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        if self.kind == "month":
            return month_of(self.start - timedelta(days=1))
        if self.kind == "quarter":
            return quarter_of(self.start - timedelta(days=1))
        length = self.end - self.start
        end = self.start - timedelta(days=1)
        return Period(end - length, end, "custom")

    def clip_to(self, as_of: date) -> Period:
        """The part of the period up to ``as_of`` (a running month so far)."""
        return Period(self.start, min(self.end, as_of), self.kind) if as_of >= self.start else self


def month_of(day: date) -> Period:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Period(first, following - timedelta(days=1), "month")


def quarter_of(day: date) -> Period:
    first_month = (day.month - 1) // 3 * 3 + 1
    first = date(day.year, first_month, 1)
    following = (
        date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    )
    return Period(first, following - timedelta(days=1), "quarter")


def period_of(day: date, kind: str) -> Period:
    if kind == "month":
        return month_of(day)
    if kind == "quarter":
        return quarter_of(day)
    raise ValueError(f"Unknown period kind {kind!r}; use month or quarter")


def months_back(day: date, count: int) -> list[Period]:
    """``count`` months ending with the month of ``day``, oldest first."""
    months = [month_of(day)]
    while len(months) < count:
        months.append(months[-1].previous())
    return months[::-1]
