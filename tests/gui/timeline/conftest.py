"""A small plan on a Mon-Fri calendar closed on Tue 10 Mar 2026, and a timeline on it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from sdm_workbench.gui.timeline import TimelineView
from sdm_workbench.operations import CreateRow, Operation, run
from sdm_workbench.store import Store

D = date.fromisoformat


def create(store: Store, kind: str, **values: Any) -> int:
    op = run(store, CreateRow(kind, values))
    assert op.row_id is not None
    return op.row_id


def build_plan(store: Store, extra_tasks: int = 0) -> dict[str, int]:
    """Phase (summary) holds A (5 d from Mon 2 Mar), B (3 d, FS after A) and milestone M
    (FS after B); E (2 d) follows A with a gap; C (3 d) stands alone; then ``extra_tasks``
    chained one-day tasks (T1, T2, ...)."""
    cal = create(store, "calendar", name="Office")
    create(store, "closed_day", calendar_id=cal, day=D("2026-03-10"), name="Shutdown")
    ana = create(store, "person", name="Ana Ruiz")
    prj = create(
        store,
        "project",
        name="Mail migration",
        calendar_id=cal,
        start_date=D("2026-03-02"),
        finish_date=D("2026-03-17"),
        status_date=D("2026-03-04"),
    )
    ids = {"cal": cal, "prj": prj}

    def task(name: str, start: str, finish: str, days: int, **more: Any) -> None:
        ids[name] = create(
            store,
            "task",
            project_id=prj,
            name=name,
            start_date=D(start),
            finish_date=D(finish),
            duration_days=days,
            sort_order=len(ids),
            **more,
        )

    task("Phase", "2026-03-02", "2026-03-12", 8)
    task("A", "2026-03-02", "2026-03-06", 5, parent_id=ids["Phase"], assignee_id=ana)
    task("B", "2026-03-09", "2026-03-12", 3, parent_id=ids["Phase"], percent_complete=50)
    task("M", "2026-03-12", "2026-03-12", 0, parent_id=ids["Phase"], is_milestone=True)
    task("E", "2026-03-16", "2026-03-17", 2)
    task("C", "2026-03-02", "2026-03-04", 3)
    for pred, succ, kind, lag in (("A", "B", "FS", 0), ("B", "M", "FS", 0), ("A", "E", "SS", 2)):
        create(
            store,
            "dependency",
            predecessor_id=ids[pred],
            successor_id=ids[succ],
            type=kind,
            lag_days=lag,
        )
    day = date(2026, 3, 18).toordinal()
    for n in range(1, extra_tasks + 1):
        while date.fromordinal(day).weekday() >= 5:
            day += 1
        when = date.fromordinal(day).isoformat()
        task(f"T{n}", when, when, 1)
        day += 1
    return ids


@pytest.fixture
def plan(store: Store) -> dict[str, int]:
    return build_plan(store)


@pytest.fixture
def applied() -> list[Operation]:
    return []


@pytest.fixture
def view(
    qtbot: QtBot, store: Store, plan: dict[str, int], applied: list[Operation]
) -> Iterator[TimelineView]:
    """A timeline on the plan; operations are recorded, then run (as the undo stack would)."""

    def apply(op: Operation) -> None:
        run(store, op)
        applied.append(op)

    shown = TimelineView(store, apply_operation=apply, project_id=plan["prj"])
    qtbot.addWidget(shown)
    shown.resize(1200, 600)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.close()
