"""Timeline figures for ``sdm-workbench bench``: viewport paint, zoom and scroll steps.

A synthetic plan (blocks of one summary and 99 tasks, two links per task) at 30k tasks is
painted in the same viewport as one of 300 tasks; the ratio says whether drawing cost
follows the screen rather than the plan. Not a test: tests never assert on time.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtGui import QImage, QPainter

from ...analytics.workdays import WorkingDays
from ...operations.plan import PlanData
from ...store.repository import RowSnapshot
from . import data as timeline_data
from .view import TimelineView

BLOCK = 100  # one summary and 99 tasks
START = date(2026, 1, 5)


def synthetic_plan(tasks: int, links_per_task: float = 2.0, seed: int = 7) -> PlanData:
    """A plan of ``tasks`` rows and about ``links_per_task`` links each (FS chains, SS extras)."""
    rnd = random.Random(seed)
    rows: list[RowSnapshot] = []
    links: list[RowSnapshot] = []
    for block in range(tasks // BLOCK):
        summary_id = block * BLOCK + 1
        day = START + timedelta(days=7 * (block % 40))
        rows.append(_task(summary_id, None, f"Phase {block + 1}", day, day, 0))
        for k in range(1, BLOCK):
            task_id = summary_id + k
            length = rnd.randint(1, 8)
            rows.append(
                _task(task_id, summary_id, f"Task {task_id}", day, day + timedelta(length), k)
            )
            if k > 1:
                links.append(_link(len(links) + 1, task_id - 1, task_id, "FS"))
                if rnd.random() < links_per_task - 1:
                    links.append(
                        _link(
                            len(links) + 1,
                            task_id - rnd.randint(2, min(k, 9)) if k > 2 else task_id - 1,
                            task_id,
                            "SS",
                        )
                    )
            day += timedelta(days=max(1, length - 2))
    project = RowSnapshot("project", 1, "", 1, {"name": f"Synthetic {tasks}", "status_date": START})
    return PlanData(project, tuple(rows), tuple(_dedupe(links)), WorkingDays())


def _task(
    i: int, parent: int | None, name: str, start: date, finish: date, order: int
) -> RowSnapshot:
    values = {
        "id": i, "project_id": 1, "parent_id": parent, "sort_order": order, "name": name,
        "is_milestone": False, "start_date": start, "finish_date": finish,
        "duration_days": 1 + (finish - start).days, "percent_complete": 30.0,
        "assignee_id": None, "baseline_start": start, "baseline_finish": finish,
    }  # fmt: skip
    return RowSnapshot("task", i, str(i), 1, values)


def _link(i: int, pred: int, succ: int, kind: str) -> RowSnapshot:
    values = {"id": i, "predecessor_id": pred, "successor_id": succ, "type": kind, "lag_days": 0}
    return RowSnapshot("dependency", i, str(i), 1, values)


def _dedupe(links: list[RowSnapshot]) -> list[RowSnapshot]:
    seen: set[tuple[int, int]] = set()
    kept = []
    for x in links:
        pair = (x["predecessor_id"], x["successor_id"])
        if pair not in seen:
            seen.add(pair)
            kept.append(x)
    return kept


def best_of(n: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(n):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return min(times)


def paint_once(view: TimelineView) -> None:
    chart = view.chart
    image = QImage(chart.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    try:
        chart.paint_viewport(painter)
    finally:
        painter.end()


def measure(view: TimelineView, tasks: int, repeat: int = 15) -> dict[str, float]:
    """Open (build + show), one viewport paint, a zoom step and a scroll step, in seconds."""
    plan = synthetic_plan(tasks)
    began = time.perf_counter()
    data = timeline_data.build(plan)
    view.set_timeline(data)
    opened = time.perf_counter() - began
    chart = view.chart
    chart.set_px_per_day(8.0)
    chart.verticalScrollBar().setValue(chart.verticalScrollBar().maximum() // 2)
    middle = int(data.visible[len(data.visible) // 2])
    chart.scroll_to_day(int(data.start[middle]))
    figures = {"open_s": opened, "paint_s": best_of(repeat, lambda: paint_once(view))}

    def zoom_step() -> None:
        chart.zoom(1)
        paint_once(view)
        chart.zoom(-1)

    def scroll_step() -> None:
        bar = chart.verticalScrollBar()
        bar.setValue(bar.value() + bar.pageStep())
        paint_once(view)
        bar.setValue(bar.value() - bar.pageStep())

    figures["zoom_step_s"] = best_of(repeat, zoom_step) / 2
    figures["scroll_step_s"] = best_of(repeat, scroll_step) / 2
    figures["links"] = float(len(data.link_pred))
    return figures
