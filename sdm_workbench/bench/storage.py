"""Storage figures: writing the demo portfolio and opening a workbench file.

For each scale asked for:

* ``demo_<scale>``: building the demo portfolio and writing it into a fresh workbench file,
  against plain ``sqlite3`` ``executemany`` of the very same rows (already in SQLite's text
  form) into an empty file with the same schema, in one transaction. Ours runs in a child
  process so that its peak memory (``peak_mib``) is its own.
* ``open_<scale>``: ``Store.open`` of the populated file (schema revision and SQLite's
  quick_check) against opening an empty, migrated one. No goal: the quick check reads the
  whole file, so this one grows with the data by design.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from ..demo import build, write
from ..demo.writer import positional_rows
from ..domain.base import Base
from ..process_memory import peak_mib
from ..store import Store
from .common import Figure, best_of, make_figure, selected

DEMO_BASELINE = (
    "sqlite3 executemany of the same rows into an empty file with the same schema, one transaction"
)
OPEN_BASELINE = "Store.open of an empty migrated workbench"
DEMO_GOAL = "<= 3"
OPEN_REPEATS = 3


def open_quietly(path: Path) -> Store:
    return Store.open(path, backup_dir=None, scheduled_backup=False)


def _warm_up() -> None:
    """Load what the first build imports lazily (every country of ``holidays``, ~60 ms), so
    the figure times making and writing rows, as the baseline times only writing them."""
    import holidays

    holidays.country_holidays("DE", years=[2000])


def measure_demo(scale: str, today: date, path: Path) -> dict[str, Any]:
    """Build and write the demo into the empty workbench at ``path``; times and peak memory."""
    _warm_up()
    store = open_quietly(path)
    start = time.perf_counter()
    try:
        data = build(scale, today=today)
        built = time.perf_counter()
        write(store, data)
    finally:
        store.close()  # counted: the baseline's close checkpoints its journal too
    end = time.perf_counter()
    return {
        "seconds": end - start,
        "build_s": built - start,
        "write_s": end - built,
        "rows": data.row_count,
        "peak_mib": peak_mib(),
    }


def _demo_in_child(scale: str, today: date, path: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "sdm_workbench.bench", scale, today.isoformat(), str(path)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"The demo benchmark for {scale!r} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _baseline_insert(scale: str, today: date, empty: Path, target: Path) -> float:
    """Seconds for plain sqlite3 to insert the demo's rows, prepared beforehand, untimed."""
    data = build(scale, today=today)
    statements = []
    for name, rows in data.tables.items():
        if rows:
            table = Base.metadata.tables[name]
            columns = ", ".join(f'"{c.name}"' for c in table.columns)
            marks = ", ".join("?" * len(table.c))
            sql = f'INSERT INTO "{name}" ({columns}) VALUES ({marks})'
            statements.append((sql, positional_rows(table, rows)))
    del data
    shutil.copyfile(empty, target)
    start = time.perf_counter()
    connection = sqlite3.connect(target)
    try:
        with connection:  # one transaction, committed at the end
            for sql, values in statements:
                connection.executemany(sql, values)
    finally:
        connection.close()
    return time.perf_counter() - start


def populate(scale: str, work: Path, empty: Path, today: date) -> tuple[Path, dict[str, Any]]:
    """A copy of ``empty`` filled with the demo at ``scale`` (in a child process), and the
    child's measurement of doing so."""
    populated = work / f"demo-{scale}.sqlite"
    shutil.copyfile(empty, populated)
    return populated, _demo_in_child(scale, today, populated)


def figures(
    scale: str,
    work: Path,
    empty: Path,
    today: date,
    only: str | None,
    populated: Path,
    ours: dict[str, Any],
) -> list[Figure]:
    """The ``demo_<scale>`` and ``open_<scale>`` figures for a file :func:`populate` made."""
    found: list[Figure] = []
    demo_name, open_name = f"demo_{scale}", f"open_{scale}"
    if selected(demo_name, only):
        base = _baseline_insert(scale, today, empty, work / f"baseline-{scale}.sqlite")
        figure = make_figure(demo_name, ours["seconds"], DEMO_BASELINE, base, DEMO_GOAL)
        figure.update(
            rows=ours["rows"],
            build_s=round(ours["build_s"], 4),
            write_s=round(ours["write_s"], 4),
            peak_mib=ours["peak_mib"],
        )
        found.append(figure)
    if selected(open_name, only):
        empty_copy = work / "empty-open.sqlite"
        shutil.copyfile(empty, empty_copy)
        mine = best_of(OPEN_REPEATS, lambda: open_quietly(populated).close())
        base = best_of(OPEN_REPEATS, lambda: open_quietly(empty_copy).close())
        figure = make_figure(open_name, mine, OPEN_BASELINE, base, None)
        figure["note"] = "reads the whole file (quick_check): grows with the data"
        figure["file_mib"] = round(populated.stat().st_size / 2**20, 1)
        found.append(figure)
    return found


def child_main(argv: list[str]) -> int:
    """``python -m sdm_workbench.bench SCALE TODAY PATH``: one demo measurement, as JSON."""
    scale, today, path = argv
    print(json.dumps(measure_demo(scale, date.fromisoformat(today), Path(path))))
    return 0
