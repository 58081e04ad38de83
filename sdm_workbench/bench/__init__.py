"""Benchmarks (DESIGN.md section 7): our time and a baseline measured in the same run.

Ratios, not seconds, are what targets are set on: these machines are shared and noisy.
Only ``screens`` reaches Qt, lazily, for the figures of the timeline and the dashboard;
``window`` runs its Qt measurements in child processes.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from ..demo import SCALES
from . import analytics, screens, storage, tickets, window, workbook
from .common import Figure, selected


def run(scales: list[str], only: str | None = None) -> list[Figure]:
    """Measure every figure of ``scales`` whose name contains ``only``; a list of objects."""
    unknown = [s for s in scales if s not in SCALES]
    if unknown:
        raise ValueError(f"Unknown scale {unknown[0]!r}; choose from {', '.join(SCALES)}.")
    found: list[Figure] = []
    today = date.today()
    with tempfile.TemporaryDirectory(prefix="sdm-bench-") as folder:
        work = Path(folder)
        empty = work / "empty.sqlite"
        storage.open_quietly(empty).close()
        for scale in scales:
            names = (
                f"demo_{scale}", f"open_{scale}", f"kpi_{scale}", f"dashboard_refresh_{scale}",
                f"export_{scale}", f"dashboard_first_paint_{scale}", *window.names(scale),
            )  # fmt: skip
            if not any(selected(name, only) for name in names):
                continue
            populated, measured = storage.populate(scale, work, empty, today)
            found += storage.figures(scale, work, empty, today, only, populated, measured)
            if selected(names[2], only):
                found.append(analytics.kpi_figure(scale, populated, today))
            if selected(names[4], only):  # before the dashboard figure edits the file
                store = storage.open_quietly(populated)
                try:
                    # Tracing memory slows the export about 3x: skipped at the large scale.
                    memory = scale != "large"
                    found.append(workbook.export_figure(store, work, name=names[4], memory=memory))
                finally:
                    store.close()
            found += window.figures(scale, populated, only)  # before any edit to the file
            if selected(f"dashboard_first_paint_{scale}", only):  # before the refresh's edit
                found.append(screens.first_paint_figure(scale, populated, today))
            if selected(names[3], only):
                found.append(screens.dashboard_figure(scale, populated, today))
        found += analytics.figures(only)
        found += screens.figures(only)
        found += tickets.figures(work, only)
    return found


__all__ = ["run"]
