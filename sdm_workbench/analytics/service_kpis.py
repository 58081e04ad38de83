"""Availability, error budget and the DORA measures of a service over a period."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from statistics import median

from .periods import Period


@dataclass(frozen=True)
class Availability:
    """Uptime of a period (24x7 minutes) and how much error budget is left.

    ``burn_rate`` compares the downtime so far with the downtime the target allows for the
    elapsed part of the period: above 1 the budget runs out before the period ends.
    """

    uptime_percent: float
    downtime_minutes: float
    allowed_downtime_minutes: float | None
    budget_remaining_minutes: float | None
    budget_remaining_percent: float | None
    burn_rate: float | None


def _merged(intervals: Sequence[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def downtime_minutes(
    outages: Sequence[tuple[datetime, datetime | None]], start: datetime, end: datetime
) -> float:
    """Minutes of [start, end) covered by outages; an outage without end lasts until ``end``."""
    clipped = [
        (max(s, start), min(e or end, end)) for s, e in outages if s < end and (e or end) > start
    ]
    return sum((e - s).total_seconds() / 60.0 for s, e in _merged(clipped) if e > s)


def availability(
    outages: Sequence[tuple[datetime, datetime | None]],
    period: Period,
    target_percent: float | None,
    as_of: datetime | None = None,
) -> Availability:
    """Availability = (period minutes - downtime) / period minutes, as of ``as_of``."""
    start, end = period.start_instant, period.end_instant
    now = min(max(as_of or end, start), end)
    down = downtime_minutes(outages, start, now)
    total = period.minutes
    uptime = 100.0 * (total - down) / total
    if target_percent is None:
        return Availability(uptime, down, None, None, None, None)
    allowed = (1 - target_percent / 100.0) * total
    elapsed = (now - start).total_seconds() / 60.0
    allowed_so_far = (1 - target_percent / 100.0) * elapsed
    burn = None if allowed_so_far <= 0 else down / allowed_so_far
    remaining = allowed - down
    return Availability(
        uptime,
        down,
        allowed,
        remaining,
        None if allowed <= 0 else 100.0 * remaining / allowed,
        burn,
    )


@dataclass(frozen=True)
class Dora:
    deployments: int
    deployments_per_week: float
    change_failure_rate: float | None  # percent
    lead_time_hours: float | None  # median commit -> deploy
    recovery_hours: float | None  # median failed deploy -> restored


@dataclass(frozen=True)
class ChangeRow:
    deployed_at: datetime
    failed: bool
    committed_at: datetime | None = None
    restored_at: datetime | None = None


def dora(changes: Sequence[ChangeRow], period: Period) -> Dora:
    """The four DORA measures for deployments made in the period."""
    start, end = period.start_instant, period.end_instant
    made = [c for c in changes if start <= c.deployed_at < end]
    weeks = period.minutes / (7 * 1440)
    failed = [c for c in made if c.failed]
    leads = [
        (c.deployed_at - c.committed_at).total_seconds() / 3600 for c in made if c.committed_at
    ]
    recoveries = [
        (c.restored_at - c.deployed_at).total_seconds() / 3600 for c in failed if c.restored_at
    ]
    return Dora(
        deployments=len(made),
        deployments_per_week=len(made) / weeks,
        change_failure_rate=None if not made else 100.0 * len(failed) / len(made),
        lead_time_hours=median(leads) if leads else None,
        recovery_hours=median(recoveries) if recoveries else None,
    )
