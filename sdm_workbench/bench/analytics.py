"""Analytics figures: the critical path grows linearly (SLA clock and KPIs join as they land)."""

from __future__ import annotations

import random
from datetime import date

from ..analytics.schedule import PlanLink, PlanTask, compute_schedule
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


def figures(only: str | None) -> list[Figure]:
    found = []
    if selected("critical_path_30k", only):
        found.append(critical_path_figure())
    return found
