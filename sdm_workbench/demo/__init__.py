"""Deterministic demo portfolio at scales small / medium / large (pure build, fast write).

``build`` makes every row in memory from a seed (no database); ``write`` bulk-inserts them
into an empty workbench in one transaction; ``create_demo`` does both. The same
(scale, seed, today) always gives identical rows, uids included.
"""

from __future__ import annotations

from datetime import date

from ..store import Store
from ..store.gc_pause import paused_gc
from .budgets import add_budgets
from .context import SCALES, TABLE_ORDER, Builder, DemoData, Scale
from .kpis import add_kpis
from .org import add_calendars, add_customers, add_people, add_teams
from .projects import add_projects
from .raid import add_raid
from .records import add_changes, add_outages, add_surveys
from .reviews import add_raci, add_reviews
from .services import add_services
from .tickets import add_tickets
from .writer import DemoCancelled, Progress, first_table_with_rows, write

__all__ = [
    "SCALES",
    "TABLE_ORDER",
    "DemoCancelled",
    "DemoData",
    "Progress",
    "Scale",
    "build",
    "create_demo",
    "first_table_with_rows",
    "write",
]

# Order matters only for what each step reads from the ones before (Builder.info).
_STEPS = (
    add_people,
    add_teams,
    add_customers,
    add_calendars,
    add_services,
    add_tickets,
    add_outages,
    add_changes,
    add_projects,
    add_surveys,
    add_budgets,
    add_raid,
    add_kpis,
    add_raci,
    add_reviews,
)


def build(scale: str = "small", seed: int = 1, today: date | None = None) -> DemoData:
    """Every row of a demo portfolio around ``today`` (default: the local date); pure."""
    if scale not in SCALES:
        raise ValueError(f"Unknown demo scale {scale!r}; choose one of {', '.join(SCALES)}.")
    builder = Builder(SCALES[scale], seed, today or date.today())
    with paused_gc():
        for step in _STEPS:
            step(builder)
        return builder.finish()


def create_demo(
    store: Store,
    scale: str = "small",
    seed: int = 1,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoData:
    """Build a demo portfolio and write it into the (empty) ``store``; returns what was written."""
    data = build(scale, seed, today)
    write(store, data, progress)
    return data
