"""Figures of the window (issue #4): opening a file to an interactive window, and the tables.

* ``window_open_<scale>``: a fresh process opening the demo file to a shown, idle main window,
  against a fresh process that imports the same libraries (PySide6, pyqtgraph, SQLAlchemy,
  openpyxl) and shows a bare QMainWindow (goal <= 1.5 small, <= 3 large). The child reports
  its own peak resident memory (goal <= 400 MB with the large file open).
* ``table_sort_<scale>``: sorting the task table by name and showing its first page, against
  counting the same table's rows in SQL; the time to scroll one page is reported beside.

Each child is a separate interpreter, so the figures include what a user waits for: Python
start, imports, Qt start, the database open and the first paint.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .common import Figure, make_figure, selected

OPEN_REPEATS = 3
OPEN_GOALS = {"small": "<= 1.5", "medium": None, "large": "<= 3"}
MEMORY_GOAL_MIB = 400


def _child(args: list[str]) -> tuple[float, dict[str, Any]]:
    """Run ``python -m sdm_workbench.gui.window_bench ARGS``: wall seconds and its JSON."""
    command = [sys.executable, "-m", "sdm_workbench.gui.window_bench", *args]
    env = _offscreen_env()
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"The window benchmark {args[0]!r} failed:\n{done.stderr[-3000:]}")
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return seconds, report


def _offscreen_env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def open_figure(scale: str, path: Path) -> Figure:
    """``window_open_<scale>``: the best of a few cold starts, ours against the bare window."""
    ours = [_child(["window", str(path)]) for _ in range(OPEN_REPEATS)]
    bare = [_child(["bare"]) for _ in range(OPEN_REPEATS)]
    mine_s, report = min(ours, key=lambda pair: pair[0])
    base_s = min(seconds for seconds, _ in bare)
    baseline = "a fresh process importing PySide6, pyqtgraph, SQLAlchemy, openpyxl and showing a bare QMainWindow"  # noqa: E501
    figure = make_figure(f"window_open_{scale}", mine_s, baseline, base_s, OPEN_GOALS.get(scale))
    peak = max(r["peak_mib"] for _, r in ours)
    figure.update(
        peak_mib=peak,
        peak_goal_mib=MEMORY_GOAL_MIB,
        bare_peak_mib=max(r["peak_mib"] for _, r in bare),
        window_s=round(report["window_s"], 4),
        file_mib=round(path.stat().st_size / 2**20, 1),
    )
    return figure


def table_figure(scale: str, path: Path) -> Figure:
    """``table_sort_<scale>``: sort the task table in the model (SQL) and show a page."""
    _seconds, report = _child(["tables", str(path)])
    figure = make_figure(
        f"table_sort_{scale}",
        report["sort_s"],
        "counting the task rows in SQL (SELECT count(*))",
        report["count_s"],
        None,
    )
    figure.update(
        rows=report["rows"],
        scroll_page_s=round(report["scroll_s"], 5),
        first_page_s=round(report["first_page_s"], 5),
    )
    return figure


def figures(scale: str, path: Path, only: str | None) -> list[Figure]:
    found: list[Figure] = []
    if selected(f"window_open_{scale}", only):
        found.append(open_figure(scale, path))
    if selected(f"table_sort_{scale}", only):
        found.append(table_figure(scale, path))
    return found


def names(scale: str) -> tuple[str, ...]:
    return (f"window_open_{scale}", f"table_sort_{scale}")
