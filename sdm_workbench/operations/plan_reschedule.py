"""Rescheduling after a plan edit: which tasks move, and where (see :mod:`.plan`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from ..analytics.schedule import PlanLink, PlanTask, ScheduleError, compute_schedule
from ..domain.errors import DomainError
from ..store.repository import RowSnapshot
from .plan_data import PlanData, _span, plan_links
from .rows import UpdateRow


# --- rescheduling --------------------------------------------------------------------------
class Outline:
    """Parents, children and link adjacency of one plan."""

    def __init__(self, plan: PlanData) -> None:
        self.by_id = {t.id: t for t in plan.tasks}
        self.children: dict[int, list[int]] = {}
        for t in plan.tasks:
            if t["parent_id"] is not None:
                self.children.setdefault(t["parent_id"], []).append(t.id)
        self.succ: dict[int, list[int]] = {}
        self.pred: dict[int, list[RowSnapshot]] = {}
        for x in plan.links:
            self.succ.setdefault(x["predecessor_id"], []).append(x["successor_id"])
            self.pred.setdefault(x["successor_id"], []).append(x)

    def is_leaf(self, task_id: int) -> bool:
        return task_id not in self.children

    def ancestors(self, task_id: int) -> list[int]:
        found = []
        parent = self.by_id[task_id]["parent_id"]
        while parent is not None and parent in self.by_id and parent not in found:
            found.append(parent)
            parent = self.by_id[parent]["parent_id"]
        return found

    def leaves_under(self, task_id: int) -> list[int]:
        if self.is_leaf(task_id):
            return [task_id]
        return [leaf for c in self.children[task_id] for leaf in self.leaves_under(c)]

    def downstream(self, roots: Iterable[int]) -> set[int]:
        """Leaf tasks a change of ``roots`` can move through links (roots themselves included)."""
        seen: set[int] = set()
        queue = [leaf for r in roots for leaf in self.leaves_under(r)]
        while queue:
            task = queue.pop()
            if task in seen:
                continue
            seen.add(task)
            for node in (task, *self.ancestors(task)):
                for s in self.succ.get(node, ()):
                    queue.extend(self.leaves_under(s))
        return seen


def hugs_predecessors(plan: PlanData, outline: Outline, task: RowSnapshot) -> bool:
    """True when ``task`` starts as early as its links (with predecessors where they are) allow."""
    incoming = outline.pred.get(task.id, [])
    if not incoming or any(not outline.is_leaf(x["predecessor_id"]) for x in incoming):
        return True
    preds = [outline.by_id[x["predecessor_id"]] for x in incoming]
    net = [
        PlanTask(
            p.id, _span(plan.calendar, p), bool(p["is_milestone"]), fixed_start=p["start_date"]
        )
        for p in preds
    ]
    net.append(PlanTask(task.id, task_duration(task), bool(task["is_milestone"])))
    origin = min(r["start_date"] for r in (*preds, task)) - timedelta(days=366)
    earliest = compute_schedule(net, plan_links(incoming), origin, plan.calendar)
    return bool(earliest.tasks[task.id].early_start >= task["start_date"])


def task_duration(task: RowSnapshot) -> int:
    return 0 if task["is_milestone"] else max(1, int(task["duration_days"] or 1))


def reschedule(
    session: Session,
    plan: PlanData,
    placed: Mapping[int, tuple[date, int]],
    roots: Iterable[int] = (),
    follow: Iterable[int] = (),
) -> list[UpdateRow]:
    """Apply ``placed`` (leaf id -> new start, duration) and move what depends on it.

    ``roots`` are further tasks whose incoming links changed (a new link). ``follow`` are
    tasks known to hug their predecessors (judged before their links changed): they go
    where their links now put them, earlier or later. Returns the steps it applied: tasks
    and summaries in WBS order, then the project.
    """
    outline = Outline(plan)
    cal = plan.calendar
    moving = outline.downstream([*placed, *roots]) - set(placed)
    hugging = {t for t in moving if hugs_predecessors(plan, outline, outline.by_id[t])}
    hugging |= moving.intersection(follow)
    net: list[PlanTask] = []
    links = plan_links(plan.links)
    for t in plan.tasks:
        if not outline.is_leaf(t.id):
            net.append(PlanTask(t.id, 0, False, t["parent_id"], name=t["name"]))
        elif t.id in placed:
            start, duration = placed[t.id]
            net.append(
                PlanTask(t.id, duration, duration == 0, t["parent_id"], start, name=t["name"])
            )
        elif t.id in moving:
            net.append(PlanTask(t.id, task_duration(t), bool(t["is_milestone"]), t["parent_id"]))
            if t.id not in hugging:  # keep its start as a floor: "start no earlier than"
                net.append(PlanTask(-t.id, 1, fixed_start=t["start_date"]))
                links.append(PlanLink(-t.id, t.id, "SS", 0))
        else:
            fixed = t["start_date"]
            net.append(
                PlanTask(t.id, _span(cal, t), bool(t["is_milestone"]), t["parent_id"], fixed)
            )
    starts = [t["start_date"] for t in plan.tasks] + [s for s, _ in placed.values()]
    try:
        schedule = compute_schedule(net, links, min(starts), cal)
    except ScheduleError as exc:
        raise DomainError(str(exc)) from exc
    touched = set(placed) | moving
    for leaf in list(touched):
        touched.update(outline.ancestors(leaf))
    done: list[UpdateRow] = []
    new_dates: dict[int, tuple[date, date]] = {}
    for t in plan.tasks:  # WBS order: leaves and summaries alike
        s = schedule.tasks[t.id]
        new_dates[t.id] = (s.early_start, s.early_finish)
        if t.id not in touched:
            continue
        target: dict[str, Any] = {
            "start_date": s.early_start,
            "finish_date": s.early_finish,
            "duration_days": 0 if t["is_milestone"] else s.duration_days,
        }
        changes = {k: v for k, v in target.items() if t[k] != v}
        if changes:
            done.append(update_step(session, "task", t, changes))
    if done:
        first = min(a for a, _ in new_dates.values())
        last = max(b for _, b in new_dates.values())
        project = plan.project
        changes = {
            k: v
            for k, v in (("start_date", first), ("finish_date", last))
            if project[k] is not None and project[k] != v
        }
        if changes:
            done.append(update_step(session, "project", project, changes))
    return done


def update_step(
    session: Session, kind_name: str, row: RowSnapshot, changes: dict[str, Any]
) -> UpdateRow:
    step = UpdateRow(kind_name, row.id, changes)
    step.apply(session)
    return step
