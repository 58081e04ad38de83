"""The ticket import figure (issue #5): a 100k-row ServiceNow-like export into the small demo.

``import_tickets_100k``: our import of the sheet (read, map, parse, check, plan, apply as
one operation) into a fresh copy of the small demo, against a raw python-calamine read of
the same file (goal ratio <= 2). The sheet is written once with openpyxl write-only mode,
untimed. Each side runs in its own child process, so that each peak resident memory
(``ours_peak_mib``, ``baseline_peak_mib``) is its own: run it with
``python -m sdm_workbench.bench.tickets ours|calamine FILE [DB]``.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from .common import Figure, make_figure, selected

ROWS = 100_000
NAME = "import_tickets_100k"
BASELINE = "python-calamine reading the same sheet to Python values (no mapping, no database)"
HEADERS = (
    "Number", "Opened", "Short description", "Caller", "Priority", "State", "Category",
    "Assignment group", "Assigned to", "Updated", "Resolved", "Closed",
    "Reassignment count", "Reopen count",
)  # fmt: skip
PRIORITIES = ("1 - Critical", "2 - High", "3 - Moderate", "4 - Low", "5 - Planning")
STATES = ("Closed", "Resolved", "In Progress", "New", "On Hold")
CATEGORIES = ("Network", "Software", "Hardware", "Inquiry / Help", "Database")
GROUPS = ("Service Desk", "Network", "Database", "Hardware", "Software")
SERVICE = "SVC-001"


def write_export(path: Path, rows: int = ROWS, seed: int = 5) -> Path:
    """A ServiceNow-like incident list export of ``rows`` tickets (datetime cells)."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Page 1")
    sheet.append(HEADERS)
    start = datetime(2024, 1, 1)
    for n in range(1, rows + 1):
        opened = start + timedelta(minutes=rng.randrange(525_600))
        updated = opened + timedelta(minutes=rng.randrange(10, 20_000))
        state = rng.choice(STATES)
        done = state in ("Closed", "Resolved")
        sheet.append(
            (
                f"INC{n:07d}",
                opened,
                f"User cannot reach system {n % 97}",
                f"Caller {n % 500}",
                rng.choice(PRIORITIES),
                state,
                rng.choice(CATEGORIES),
                rng.choice(GROUPS),
                f"Agent {n % 40}",
                updated,
                updated if done else None,
                updated + timedelta(days=1) if state == "Closed" else None,
                rng.randrange(4),
                rng.randrange(2),
            )
        )
    book.save(path)
    return path


def _child(args: list[str]) -> dict[str, Any]:
    command = [sys.executable, "-m", "sdm_workbench.bench.tickets", *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"The ticket benchmark {args[0]!r} failed:\n{done.stderr[-3000:]}")
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def import_figure(folder: Path, rows: int = ROWS, name: str = NAME) -> Figure:
    """Write the export and a small demo (untimed), then time both sides in child processes."""
    from ..demo import create_demo
    from .storage import open_quietly

    export = write_export(folder / f"tickets-{rows}.xlsx", rows)
    template = folder / "tickets-demo.sqlite"
    if not template.exists():
        store = open_quietly(template)
        try:
            create_demo(store, "small", seed=1, today=date.today())
        finally:
            store.close()
    target = folder / "tickets-import.sqlite"
    shutil.copyfile(template, target)
    ours = _child(["ours", str(export), str(target)])
    base = _child(["calamine", str(export)])
    goal = "<= 2" if rows == ROWS else None
    figure = make_figure(name, ours["seconds"], BASELINE, base["seconds"], goal)
    figure.update(
        rows=rows,
        added=ours["added"],
        updated=ours["updated"],
        skipped=ours["skipped"],
        read_s=round(ours["read_s"], 4),
        ours_peak_mib=ours["peak_mib"],
        baseline_peak_mib=base["peak_mib"],
        file_mib=round(export.stat().st_size / 2**20, 1),
    )
    return figure


def figures(folder: Path, only: str | None) -> list[Figure]:
    return [import_figure(folder)] if selected(NAME, only) else []


def _measure_ours(export: Path, db: Path) -> dict[str, Any]:
    from ..exchange.tickets import plan_tickets, ticket_macro
    from ..operations import run
    from .storage import open_quietly

    store = open_quietly(db)
    try:
        marks: list[float] = []
        start = time.perf_counter()

        def progress(fraction: float) -> bool:
            if fraction >= 0.55 and not marks:  # reading and parsing done
                marks.append(time.perf_counter() - start)
            return True

        plan = plan_tickets(store, export, SERVICE, progress=progress)
        run(store, ticket_macro(plan))
        seconds = time.perf_counter() - start
    finally:
        store.close()
    return {
        "seconds": seconds,
        "read_s": marks[0] if marks else 0.0,
        "added": plan.added,
        "updated": plan.updated,
        "skipped": plan.skipped,
    }


def _measure_calamine(export: Path) -> dict[str, Any]:
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    rows = CalamineWorkbook.from_path(str(export)).get_sheet_by_index(0).to_python()
    return {"seconds": time.perf_counter() - start, "rows": len(rows)}


def main(argv: list[str]) -> int:
    from ..process_memory import peak_mib

    which, export = argv[0], Path(argv[1])
    report = _measure_ours(export, Path(argv[2])) if which == "ours" else _measure_calamine(export)
    report["peak_mib"] = peak_mib()
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
