"""Analytics figures: the SLA clock against wall-clock arithmetic, the critical path's growth."""

from __future__ import annotations

import random
import time
from datetime import date, datetime
from pathlib import Path

import numpy as np
from sqlalchemy import text

from ..analytics.calendar import BusinessCalendar
from ..analytics.kpi_inputs import load
from ..analytics.kpis import compute_kpis
from ..analytics.schedule import PlanLink, PlanTask, compute_schedule
from ..analytics.sla_clock import evaluate
from ..analytics.sla_inputs import PauseColumns, TargetSpec, TicketColumns
from ..store import Store
from .common import Figure, best_of, make_figure, selected

LINK_TYPES = ("FS", "SS", "FF", "SF")


def random_network(tasks: int, links: int, seed: int = 1) -> tuple[list[PlanTask], list[PlanLink]]:
    """A plan shaped like real ones: each link reaches back at most 50 tasks, lags -2..3 days."""
    rnd = random.Random(seed)
    plan = [PlanTask(i, rnd.randint(1, 10)) for i in range(tasks)]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < links:
        successor = rnd.randrange(1, tasks)
        pairs.add((rnd.randrange(max(0, successor - 50), successor), successor))
    return plan, [
        PlanLink(a, b, rnd.choice(LINK_TYPES), rnd.randint(-2, 3)) for a, b in sorted(pairs)
    ]


def critical_path_figure() -> Figure:
    """CPM on 30k tasks / 60k links against 3k / 6k: linear growth means a ratio near 10."""
    start = date(2026, 1, 5)
    large = random_network(30_000, 60_000)
    small = random_network(3_000, 6_000)
    ours = best_of(3, lambda: compute_schedule(*large, start))
    base = best_of(3, lambda: compute_schedule(*small, start))
    return make_figure(
        "critical_path_30k",
        ours,
        "the same computation on 3k tasks / 6k dependencies",
        base,
        "<= 15",
    )


OFFICE = {f"{day}_hours": "08:00-18:00" for day in ("mon", "tue", "wed", "thu", "fri")}


def synthetic_tickets(n: int = 250_000, seed: int = 42) -> tuple[TicketColumns, PauseColumns]:
    """Two years of tickets over three SLAs; 10 % still open, 10 % with a pause."""
    rng = np.random.default_rng(seed)
    origin = np.datetime64("2024-01-01T00:00", "m").astype(np.int64)
    opened = np.sort(origin + rng.integers(0, 2 * 365 * 1440, n))
    response = opened + rng.integers(0, 600, n)
    resolved = opened + rng.integers(5, 15 * 1440, n)
    resolved[rng.random(n) < 0.1] = np.iinfo(np.int64).min  # NaT: still open
    tickets = TicketColumns(
        ids=np.arange(n, dtype=np.int64),
        priority=rng.integers(1, 6, n),
        opened=opened.view("datetime64[m]"),
        first_response=response.view("datetime64[m]"),
        resolved=resolved.view("datetime64[m]"),
        sla=rng.integers(1, 4, n),
    )
    paused = rng.choice(n, n // 10, replace=False)
    start = opened[paused] + rng.integers(0, 1440, paused.size)
    end = start + rng.integers(10, 3000, paused.size)
    return tickets, PauseColumns(paused, start.view("datetime64[m]"), end.view("datetime64[m]"))


def sla_figures(only: str | None) -> list[Figure]:
    """Business time and full SLA evaluation of 250k tickets vs numpy ``resolved - opened``."""
    names = ("sla_clock_250k", "sla_evaluate_250k")
    if not any(selected(name, only) for name in names):
        return []
    tickets, pauses = synthetic_tickets()
    calendar = BusinessCalendar.from_row(
        {"timezone": "Europe/Berlin", "holiday_country": "DE", "holiday_subdivision": "BY",
         **OFFICE, "sat_hours": "", "sun_hours": ""}
    )  # fmt: skip
    targets = [
        TargetSpec(sla, metric, value, unit, priority=priority)
        for sla in (1, 2, 3)
        for metric, value, unit, priority in (
            ("response time", 15, "minutes", 1),
            ("response time", 4, "business hours", None),
            ("resolution time", 4, "hours", 1),
            ("resolution time", 3, "business days", None),
        )
    ]
    calendars = dict.fromkeys((1, 2, 3), calendar)
    as_of = datetime(2026, 1, 1)
    done = ~np.isnat(tickets.resolved)
    opened, resolved = tickets.opened[done], tickets.resolved[done]
    wall = best_of(7, lambda: resolved - opened)
    found = []
    if selected(names[0], only):
        cold_start = time.perf_counter()
        calendar.business_minutes_array(opened, resolved)  # builds the calendar's tables
        cold = time.perf_counter() - cold_start
        ours = best_of(7, lambda: calendar.business_minutes_array(opened, resolved))
        figure = make_figure(names[0], ours, "numpy resolved - opened, same tickets", wall, "<= 10")
        figure.update(tickets=int(done.sum()), first_call_s=round(cold, 4))
        found.append(figure)
    if selected(names[1], only):

        def run() -> object:
            return evaluate(tickets, targets, calendars, as_of=as_of, pauses=pauses)

        ours = best_of(7, run)
        every = best_of(7, lambda: tickets.resolved - tickets.opened)
        figure = make_figure(names[1], ours, "numpy resolved - opened, all tickets", every, "<= 10")
        figure["note"] = "targets, pauses, breach instants and remaining time for every ticket"
        found.append(figure)
    return found


def kpi_figure(scale: str, path: Path, today: date) -> Figure:
    """Reading the portfolio and computing every KPI of every scope, against one SQL scan
    counting the tickets table (the least any KPI over the tickets must do)."""
    store = Store.open(path, scheduled_backup=False)
    try:
        results: list[object] = []

        def compute() -> None:
            results[:] = compute_kpis(load(store), today)

        ours = best_of(3, compute)
        with store.engine.connect() as conn:
            scan = text("SELECT count(*) FROM tickets WHERE opened_at IS NOT NULL")
            base = best_of(3, lambda: conn.execute(scan).scalar_one())
    finally:
        store.close()
    figure = make_figure(f"kpi_{scale}", ours, "one SQL scan counting the tickets table", base,
                         None)  # fmt: skip
    figure["results"] = len(results)
    return figure


def figures(only: str | None) -> list[Figure]:
    found = sla_figures(only)
    if selected("critical_path_30k", only):
        found.append(critical_path_figure())
    return found
