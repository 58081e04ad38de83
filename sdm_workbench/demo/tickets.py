"""Tickets and their pauses: timings drawn in each calendar's business time, vectorised.

Response and resolution times are drawn relative to the SLA targets (a lognormal around a
fraction of the target that depends on the service's quality), so attainment comes out
realistic: most tickets within target, some breaches, recent ones still open.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from . import vocab
from .context import Builder, nullable
from .org import CalendarSpec, public_holidays
from .services import ServiceSpec

DAY = 86_400
HISTORY_DAYS = 183  # tickets were opened over the last six months
_BEFORE, _AFTER = 200, 150  # the clock tables' reach around today, in days
_STATES = np.array(
    ["new", "in progress", "on hold", "resolved", "closed", "cancelled"], dtype=object
)
I64 = NDArray[np.int64]


class Clock:
    """Business time of one calendar around today; times are seconds from its first local day."""

    def __init__(self, spec: CalendarSpec, first: date, days: int) -> None:
        public = public_holidays(spec, range(first.year, (first + timedelta(days=days)).year + 1))
        zone = ZoneInfo(spec.timezone)
        opens = np.zeros(days, dtype=np.int64)
        lengths = np.zeros(days, dtype=np.int64)
        offsets = np.zeros(days, dtype=np.int64)
        for i in range(days):
            day = first + timedelta(days=i)
            span = spec.spans[day.weekday()]
            if span and day not in public and day not in spec.closed:
                opens[i] = span[0] * 60
                lengths[i] = (span[1] - span[0]) * 60
            # Noon's offset is right for every business hour; DST switches happen at night.
            offset = zone.utcoffset(datetime(day.year, day.month, day.day, 12))
            offsets[i] = int(offset.total_seconds()) if offset else 0
        self.days = days
        self.opens, self.lengths, self.offsets = opens, lengths, offsets
        self.cum = np.concatenate(([0], np.cumsum(lengths)))
        self.day_length = int(np.median(lengths[lengths > 0]))

    def business(self, t: I64) -> I64:
        """Business seconds elapsed before local time ``t``."""
        d = np.clip(t // DAY, 0, self.days - 1)
        elapsed: I64 = self.cum[d] + np.clip(t - d * DAY - self.opens[d], 0, self.lengths[d])
        return elapsed

    def local(self, b: I64) -> I64:
        """The local time at which ``b`` business seconds have elapsed."""
        d = np.minimum(np.searchsorted(self.cum, b, side="right") - 1, self.days - 1)
        return d * DAY + self.opens[d] + (b - self.cum[d])

    def utc(self, t: I64) -> I64:
        return t - self.offsets[np.clip(t // DAY, 0, self.days - 1)]


def _targets(priority: I64, clock: Clock) -> tuple[I64, I64]:
    """Response and resolution targets in seconds (wall clock for P1, business time else)."""
    bd = clock.day_length
    response = np.array([0, 15 * 60, 3600, 4 * 3600, bd], dtype=np.int64)
    resolution = np.array([0, 4 * 3600, 8 * 3600, 3 * bd, 5 * bd], dtype=np.int64)
    return response[priority], resolution[priority]


def _service_tickets(
    rng: np.random.Generator, svc: ServiceSpec, clock: Clock, n: int, now: int
) -> dict[str, NDArray[Any]]:
    """Arrays describing ``n`` tickets of one service; seconds are UTC from the clocks' start."""
    start, end = (_BEFORE - HISTORY_DAYS) * DAY, _BEFORE * DAY
    in_hours = clock.local(rng.integers(clock.cum[start // DAY], clock.cum[end // DAY], n))
    anytime = rng.integers(start, end, n)
    t_open = np.where(rng.random(n) < 0.85, in_hours, anytime)
    priority = rng.choice(np.array([1, 2, 3, 4]), size=n, p=[0.03, 0.12, 0.5, 0.35])
    resp_target, res_target = _targets(priority, clock)
    # Better services answer faster: the median is 20-50 % of the target.
    median = 0.5 - 0.3 * svc.quality
    resp = np.maximum(30, resp_target * median * rng.lognormal(0, 0.75, n)).astype(np.int64)
    res = (res_target * (median + 0.05) * rng.lognormal(0, 0.75, n)).astype(np.int64)
    # A long tail of hard cases (vendor fixes, complex requests) keeps a realistic backlog.
    res = np.where(rng.random(n) < 0.06, res * rng.uniform(4, 40, n), res).astype(np.int64)
    fcr = (priority >= 3) & (rng.random(n) < 0.2 + 0.15 * svc.quality)
    res = np.where(fcr, resp, np.maximum(res, resp + 60))
    wall = priority == 1
    b_open = clock.business(t_open)
    paused = (priority >= 3) & ~fcr & (rng.random(n) < 0.12)
    pause_b = b_open + resp + (rng.random(n) * (res - resp)).astype(np.int64)
    pause_len = np.clip(
        clock.day_length * rng.lognormal(0, 1.0, n), 1800, 15 * clock.day_length
    ).astype(np.int64)
    pause_len = np.where(paused, pause_len, 0)

    u_open = clock.utc(t_open)
    u_resp = np.where(wall, u_open + resp, clock.utc(clock.local(b_open + resp)))
    u_res = np.where(wall, u_open + res, clock.utc(clock.local(b_open + res + pause_len)))
    u_ps = clock.utc(clock.local(pause_b))
    u_pe = clock.utc(clock.local(pause_b + pause_len))
    # Guards keep the order opened <= response <= pause <= resolved whatever the offsets did.
    u_resp = np.maximum(u_resp, u_open)
    u_ps = np.maximum(u_ps, u_resp)
    u_pe = np.maximum(u_pe, u_ps)
    u_res = np.maximum(u_res, np.where(paused, u_pe, u_resp))
    # Evening tickets west of UTC would open after "now": move them a day back.
    late = np.where(u_open >= now, DAY, 0)
    u_open, u_resp, u_res, u_ps, u_pe = (a - late for a in (u_open, u_resp, u_res, u_ps, u_pe))
    u_close = u_res + rng.integers(2 * DAY, 5 * DAY, n)
    cancel_at = u_open + rng.integers(3600, 2 * DAY, n)
    cancelled = (rng.random(n) < 0.015) & (cancel_at < now) & ~fcr
    responded = (u_resp < now) & (~cancelled | (u_resp <= cancel_at))
    resolved = (u_res < now) & ~cancelled
    closed = resolved & (u_close < now)
    paused &= ~cancelled & (u_ps < now)
    on_hold = paused & ~resolved & (u_pe >= now)
    state = np.select(
        [cancelled, closed, resolved, ~responded, on_hold], [5, 4, 3, 0, 2], default=1
    )
    words = vocab.TICKET_WORDS[svc.domain]
    pick = rng.integers(0, len(words), n)
    customers = np.array([0, *svc.customers], dtype=np.int64)
    has_customer = rng.random(n) < 0.9
    customer = customers[np.where(has_customer, rng.integers(1, len(customers), n), 0)]
    desk = fcr | (rng.random(n) < 0.25)
    reopened = resolved & (rng.random(n) < 0.03 + 0.04 * (1 - svc.quality))
    return {
        "service": np.full(n, svc.id, dtype=np.int64),
        "customer": customer,
        "incident": rng.random(n) < 0.6,
        "priority": priority,
        "state": state,
        "category": np.array([w[0] for w in words], dtype=object)[pick],
        "title": np.array([w[1] for w in words], dtype=object)[pick],
        "group": np.where(desk, "Service Desk", svc.team_name).astype(object),
        "opened": u_open,
        "response": np.where(responded, u_resp, -1),
        "resolved": np.where(resolved, u_res, -1),
        "closed": np.where(cancelled, cancel_at, np.where(closed, u_close, -1)),
        "reassigned": np.where(
            fcr, 0, np.minimum(rng.poisson(0.2 + 0.6 * (1 - svc.quality), n), 6)
        ),
        "reopened": reopened.astype(np.int64) + (reopened & (rng.random(n) < 0.1)),
        "fcr": fcr & resolved,
        "paused": paused,
        "pause_start": u_ps,
        "pause_end": np.where(u_pe < now, u_pe, -1),
        "pause_reason": rng.integers(0, len(vocab.PAUSE_REASONS), n),
    }


def _datetimes(base: np.datetime64, seconds: I64) -> list[datetime | None]:
    """Naive UTC datetimes (None where ``seconds`` is -1)."""
    stamps = base + seconds.astype("timedelta64[s]")
    stamps[seconds < 0] = np.datetime64("NaT")
    values: list[datetime | None] = stamps.astype(object).tolist()
    return values


def add_tickets(b: Builder) -> None:
    """Tickets of every service, numbered in the order they were opened, with their pauses."""
    rng = b.rng("tickets")
    services: list[ServiceSpec] = b.info["services"]
    first = b.today - timedelta(days=_BEFORE)
    clocks = {c.id: Clock(c, first, _BEFORE + _AFTER) for c in b.info["calendars"]}
    now = _BEFORE * DAY
    weights = np.array([s.volume for s in services])
    counts = np.floor(weights / weights.sum() * b.scale.tickets).astype(int)
    counts[: b.scale.tickets - int(counts.sum())] += 1
    parts = [
        _service_tickets(rng, svc, clocks[svc.calendar.id], int(n), now)
        for svc, n in zip(services, counts, strict=True)
    ]
    cols = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    order = np.argsort(cols["opened"], kind="stable")
    cols = {key: value[order] for key, value in cols.items()}
    total = len(order)
    base = np.datetime64(first, "s")
    ids = range(1, total + 1)
    external = [
        f"{'INC' if inc else 'REQ'}{n:07d}"
        for n, inc in zip(ids, cols["incident"].tolist(), strict=True)
    ]
    customer = nullable(cols["customer"] > 0, cols["customer"]).tolist()
    b.tables["tickets"] = [
        {
            "id": i, "uid": "", "version": 1, "external_id": ext,
            "kind": "incident" if inc else "request", "service_id": svc, "customer_id": cus,
            "title": title, "priority": pri, "state": state, "category": cat,
            "assignment_group": group, "opened_at": opened, "first_response_at": response,
            "resolved_at": resolved, "closed_at": closed, "reassignment_count": reassigned,
            "reopen_count": reopened, "resolved_first_contact": fcr,
        }
        for i, ext, inc, svc, cus, title, pri, state, cat, group, opened, response, resolved,
        closed, reassigned, reopened, fcr in zip(
            ids, external, cols["incident"].tolist(), cols["service"].tolist(), customer,
            cols["title"].tolist(), cols["priority"].tolist(), _STATES[cols["state"]].tolist(),
            cols["category"].tolist(), cols["group"].tolist(), _datetimes(base, cols["opened"]),
            _datetimes(base, cols["response"]), _datetimes(base, cols["resolved"]),
            _datetimes(base, cols["closed"]), cols["reassigned"].tolist(),
            cols["reopened"].tolist(), cols["fcr"].tolist(), strict=True,
        )
    ]  # fmt: skip
    paused = np.flatnonzero(cols["paused"])
    reasons = np.array(vocab.PAUSE_REASONS, dtype=object)[cols["pause_reason"][paused]]
    b.tables["ticket_pauses"] = [
        {"id": n, "uid": "", "version": 1, "ticket_id": ticket, "start_at": start,
         "end_at": end, "reason": reason}
        for n, ticket, start, end, reason in zip(
            range(1, len(paused) + 1), (paused + 1).tolist(),
            _datetimes(base, cols["pause_start"][paused]),
            _datetimes(base, cols["pause_end"][paused]), reasons.tolist(), strict=True,
        )
    ]  # fmt: skip
    b.info["ticket_counts"] = {s.id: int(n) for s, n in zip(services, counts, strict=True)}
    b.info["clock_base"] = first
