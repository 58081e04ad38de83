"""The portfolio timeline: every project at once, each under a collapsible project row.

Each project is arranged on its own (its calendar, its schedule, its task numbers) by
:func:`~.data.build`; the parts are then stacked with one summary row per project in
front. Project rows have negative ids (``-project_id``) so they never collide with tasks.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from types import MappingProxyType
from typing import Any

import numpy as np

from ...analytics.workdays import WorkingDays
from ...operations.plan import PlanData, project_calendar, wbs_order
from ...store import Store
from ...store.repository import RowSnapshot, list_rows
from .data import Marker, TimelineData, build, people_names, slippage
from .markers import load_markers

ALL_PROJECTS = 0  # the project chooser's value for "All projects"


def load_portfolio(store: Store, collapsed: Collection[int] | None = None) -> TimelineData:
    """Every project with tasks, in code order; ``collapsed`` None folds every project."""
    with store.session() as session:
        projects = list_rows(session, "project", order_by="code")
        tasks = list_rows(session, "task")
        links = list_rows(session, "dependency")
        calendars = {
            cid: project_calendar(session, cid) for cid in {p["calendar_id"] for p in projects}
        }
        people = people_names(session, [t["assignee_id"] for t in tasks])
        markers = load_markers(session, projects)
    by_project: dict[int, list[RowSnapshot]] = {}
    project_of: dict[int, int] = {}
    for t in tasks:
        by_project.setdefault(t["project_id"], []).append(t)
        project_of[t.id] = t["project_id"]
    links_of: dict[int, list[RowSnapshot]] = {}
    for x in links:
        links_of.setdefault(project_of.get(x["predecessor_id"], 0), []).append(x)
    shown = [p for p in projects if p.id in by_project]
    parts = [
        build(
            PlanData(
                p,
                tuple(wbs_order(by_project[p.id])),
                tuple(links_of.get(p.id, ())),
                calendars[p["calendar_id"]],
            ),
            people,
        )
        for p in shown
    ]
    folded = {-p.id for p in shown} if collapsed is None else set(collapsed)
    return combine(shown, parts, markers, folded)


def _group_row(project: RowSnapshot, part: TimelineData) -> tuple[RowSnapshot, dict[str, Any]]:
    """The project's summary row: its span, baseline span and duration-weighted progress."""
    leaves = ~part.summary & ~part.milestone
    weights = (part.finish - part.start + 1)[leaves].astype(float)
    percent = float(np.average(part.percent[leaves], weights=weights)) if weights.sum() else 0.0
    based = part.base_start >= 0
    arrays: dict[str, Any] = {
        "start": int(part.start.min()),
        "finish": int(part.finish.max()),
        "base_start": int(part.base_start[based].min()) if based.any() else -1,
        "base_finish": int(part.base_finish[based].max()) if based.any() else -1,
        "percent": percent,
    }
    values = {
        "name": str(project["name"]),
        "code": str(project["code"]),
        "project_id": project.id,
        "parent_id": None,
        "is_milestone": False,
        "start_date": date.fromordinal(arrays["start"]),
        "finish_date": date.fromordinal(arrays["finish"]),
        "duration_days": None,
        "percent_complete": percent,
        "baseline_start": None,
        "baseline_finish": None,
        "assignee_id": None,
    }
    row = RowSnapshot(
        "project", -project.id, project.uid, project.version, MappingProxyType(values)
    )
    return row, arrays


def combine(
    projects: Sequence[RowSnapshot],
    parts: Sequence[TimelineData],
    markers: Sequence[Marker] = (),
    collapsed: Collection[int] = (),
) -> TimelineData:
    """Stack the parts (one per project, same order) under one project row each."""
    tasks: list[RowSnapshot] = []
    ints: dict[str, list[Any]] = {
        k: [] for k in ("start", "finish", "base_start", "base_finish", "parent", "depth")
    }
    ints.update({k: [] for k in ("link_pred", "link_succ", "link_type", "numbers")})
    floats: list[Any] = []
    flags: dict[str, list[Any]] = {k: [] for k in ("milestone", "summary", "critical", "group")}
    total_float: list[int | None] = []
    slip: list[int | None] = []
    assignees: list[str] = []
    predecessors: list[str] = []
    problems: list[str] = []
    for project, part in zip(projects, parts, strict=True):
        at = len(tasks)  # the project row; its tasks follow
        row, g = _group_row(project, part)
        tasks.append(row)
        tasks.extend(part.tasks)
        for name in ("start", "finish", "base_start", "base_finish"):
            ints[name] += [np.array([g[name]], dtype=np.int64), getattr(part, name)]
        ints["parent"] += [np.array([-1]), np.where(part.parent >= 0, part.parent + at + 1, at)]
        ints["depth"] += [np.array([0]), part.depth + 1]
        ints["link_pred"].append(part.link_pred + at + 1)
        ints["link_succ"].append(part.link_succ + at + 1)
        ints["link_type"].append(part.link_type)
        ints["numbers"] += [np.array([0]), part.numbers]
        floats += [np.array([g["percent"]]), part.percent]
        for name, first in (("milestone", False), ("summary", True), ("critical", False)):
            flags[name] += [np.array([first]), getattr(part, name)]
        flags["group"] += [np.array([True]), np.zeros(len(part), dtype=bool)]
        base = np.array([g["base_finish"]], dtype=np.int64)
        slip += slippage(np.array([g["finish"]], dtype=np.int64), base, part.busdays)
        slip += part.slip
        total_float += [None, *part.total_float]
        assignees += ["", *part.assignees]
        predecessors += ["", *part.predecessors]
        if part.schedule_problem:
            problems.append(f"{project['code']}: {part.schedule_problem}")

    def cat(name: str, dtype: type) -> Any:
        chunks = ints.get(name) or flags.get(name) or []
        return np.concatenate(chunks).astype(dtype) if chunks else np.zeros(0, dtype=dtype)

    return TimelineData(
        project_id=ALL_PROJECTS,
        project_name="All projects",
        tasks=tuple(tasks),
        calendar=WorkingDays(),
        status_date=None,
        start=cat("start", np.int64),
        finish=cat("finish", np.int64),
        base_start=cat("base_start", np.int64),
        base_finish=cat("base_finish", np.int64),
        percent=np.concatenate(floats).astype(float) if floats else np.zeros(0),
        milestone=cat("milestone", bool),
        summary=cat("summary", bool),
        critical=cat("critical", bool),
        total_float=total_float,
        parent=cat("parent", np.int64),
        depth=cat("depth", np.int64),
        link_pred=cat("link_pred", np.int64),
        link_succ=cat("link_succ", np.int64),
        link_type=cat("link_type", np.int64),
        assignees=assignees,
        predecessors=predecessors,
        schedule_problem="; ".join(problems) or None,
        collapsed=set(collapsed),
        group=cat("group", bool),
        numbers=cat("numbers", np.int64),
        slip=slip,
        markers=tuple(markers),
    )
