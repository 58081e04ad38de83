"""A plan file (MSPDI, GanttProject) into the workbench: plan it, then apply it as ONE step.

Planning turns the file's tasks into task rows a manager would accept (dates filled in,
whole working days, milestones at zero days), matches assignees to stored people by name
(:mod:`..templates.people`), and refuses, naming the task, what the domain would refuse
(a dependency cycle, an unreadable value). Applying is one operation (:mod:`.apply`).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ...analytics.workdays import WorkingDays
from ...domain.errors import DomainError
from ...domain.graph import find_cycle
from ...domain.validation import validate
from ...store import Store
from ...store.repository import find_by_code, get, list_rows
from ..errors import CellIssue, ExchangeError
from ..templates.people import PLACEHOLDERS, People, person_key
from .model import PlanCalendar, PlanFile, PlanTask

MAX_ISSUES = 50
NAME_LIMIT, PROJECT_NAME_LIMIT = 200, 160  # tasks.name, projects.name


def read_plan_file(path: str | Path) -> PlanFile:
    """Read ``path`` by its extension: ``.xml`` (MS Project XML) or ``.gan`` (GanttProject)."""
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix == ".xml":
        from .mspdi import read_mspdi

        return read_mspdi(file)
    if suffix == ".gan":
        from .gan import read_gan

        return read_gan(file)
    raise ExchangeError(
        f"{file.name} is not a project plan the workbench reads: use a Microsoft Project XML "
        "file (.xml; MS Project, ProjectLibre: File > Save As > XML) or a GanttProject file (.gan)."
    )


@dataclass(frozen=True)
class TaskRow:
    """A task as it will be stored; ``parent`` is the file's key of its summary task."""

    key: str
    parent: str | None
    values: dict[str, Any]
    assignee_id: int | None = None  # a stored person
    new_assignee: str | None = None  # a person this import adds


@dataclass
class PlanImport:
    """What importing a plan file would add; apply it with :func:`apply_plan_file`."""

    source: Path
    plan: PlanFile
    project_id: int | None  # an existing, empty project; None: add ``project`` as new
    project: dict[str, Any]
    tasks: list[TaskRow] = field(default_factory=list)
    links: list[tuple[str, str, str, int]] = field(default_factory=list)  # pred, succ, type, lag
    new_people: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    calendar: PlanCalendar | None = None  # the file's calendar, to add and link to the project

    def summary(self, limit: int = 10) -> str:
        """Counts, the first tasks and the warnings, as the dry run prints them."""
        where = (
            f"into project {self.project['code']}"
            if self.project_id is not None
            else f"as a new project {self.project.get('code') or '(next free code)'}"
        )
        milestones = sum(bool(t.values["is_milestone"]) for t in self.tasks)
        summaries = len({t.parent for t in self.tasks if t.parent is not None})
        lines = [
            f"Plan {self.source.name} {where} {self.project['name']!r}: {len(self.tasks)} "
            f"task(s) ({summaries} summary, {milestones} milestone), {len(self.links)} "
            f"dependency(ies), {len(self.new_people)} new person(s).",
        ]
        if self.calendar is not None:
            lines.append(f"Calendar: {self.calendar.describe()}.")
        depth = {t.key: 0 for t in self.tasks}
        for task in self.tasks[:limit]:
            depth[task.key] = depth.get(task.parent or "", -1) + 1
            v = task.values
            lines.append(
                f"  {'  ' * depth[task.key]}{v['name']}  {v['start_date']} .. {v['finish_date']}"
                f"  ({v['duration_days']} d)"
            )
        if len(self.tasks) > limit:
            lines.append(f"  ... and {len(self.tasks) - limit} more task(s)")
        lines += [f"Note: {w}" for w in self.warnings]
        return "\n".join(lines)


def _working_week(calendar: PlanCalendar | None) -> WorkingDays:
    """The file's working days (its week and holidays), else Monday to Friday."""
    if calendar is None:
        return WorkingDays()
    return WorkingDays(calendar.working_days, (day for day, _name in calendar.holidays))


def _whole(value: float) -> int:
    return math.floor(value + 0.5)  # half up, also for leads (-1.5 -> -1)


def _dates(
    task: PlanTask, default: date, days: int, week: WorkingDays, notes: dict[str, int]
) -> tuple[date, date]:
    start, finish = task.start, task.finish
    if start is None and finish is None:
        notes["task(s) had no dates and start on the project start"] += 1
        start = default
    if start is not None and finish is None and days == 0:
        finish = start  # a milestone ends on its start, whatever the day
    elif start is not None and finish is None:
        finish = week.day_at(days - 1, start)
    start = start or finish
    assert start is not None and finish is not None
    if finish < start:
        notes["task(s) finished before they started and now finish on their start day"] += 1
        finish = start
    return start, finish


def _task_values(
    task: PlanTask, default: date, week: WorkingDays, notes: dict[str, int]
) -> dict[str, Any]:
    name = " ".join(task.name.split())
    if len(name) > NAME_LIMIT:
        notes[f"task name(s) were longer than {NAME_LIMIT} characters and are shortened"] += 1
        name = name[: NAME_LIMIT - 1] + "…"
    given = task.duration_days
    milestone = task.milestone or given == 0
    days = 0 if milestone else max(1, _whole(given)) if given is not None else 1
    start, finish = _dates(task, default, days, week, notes)
    if given is None and not milestone:
        days = max(1, week.span(start, finish))
    base_start, base_finish = task.baseline_start, task.baseline_finish
    if base_start and base_finish and base_finish < base_start:
        notes["task baseline(s) finished before they started and were left out"] += 1
        base_start = base_finish = None
    return {
        "name": name, "is_milestone": milestone, "start_date": start, "finish_date": finish,
        "duration_days": days, "percent_complete": round(float(task.percent_complete), 1),
        "baseline_start": base_start, "baseline_finish": base_finish, "notes": task.notes,
    }  # fmt: skip


def _target(
    store: Store, code: str | None, plan: PlanFile
) -> tuple[int | None, dict[str, Any], str | None]:
    """The empty project named by ``code`` (and the code of its calendar, if it has one), or
    the values of a new project."""
    name = " ".join(plan.name.split())[:PROJECT_NAME_LIMIT] or "Imported plan"
    if code:
        with store.session() as session:
            found = find_by_code(session, "project", code.strip())
            if found is not None:
                if list_rows(session, "task", where={"project_id": found.id}, limit=1):
                    raise ExchangeError(
                        f"Project {found['code']} ({found['name']}) already has tasks; import "
                        "the plan as a new project (leave out --project, or give a new code)."
                    )
                calendar = found["calendar_id"] and get(session, "calendar", found["calendar_id"])
                held = str(calendar["code"]) if calendar else None
                return found.id, {"code": found["code"], "name": found["name"]}, held
    return None, {"code": code.strip() if code else None, "name": name}, None


def plan_plan_file(store: Store, plan: PlanFile, source: str | Path, *,
                   project: str | None = None) -> PlanImport:  # fmt: skip
    """Plan importing ``plan`` (read from ``source``); ExchangeError, naming tasks, if refused."""
    if not plan.tasks:
        raise ExchangeError("The plan holds no tasks: there is nothing to import.")
    project_id, values, held = _target(store, project, plan)
    starts = [t.start for t in plan.tasks if t.start] + [t.finish for t in plan.tasks if t.finish]
    default = plan.start or (min(starts) if starts else date.today())
    result = PlanImport(Path(source), plan, project_id, values, warnings=list(plan.warnings))
    if plan.calendar is not None and plan.calendar.worth_carrying():
        if held is None:
            result.calendar = plan.calendar
        else:
            result.warnings.append(
                f"Project {values['code']} keeps its calendar {held}; the file's calendar "
                "was not carried over."
            )
    notes: Counter[str] = Counter()  # what was changed to fit, counted
    issues: list[CellIssue] = []
    with store.session() as session:
        people = People.load(session)
    new: dict[str, str] = {}
    week = _working_week(plan.calendar)
    for task in plan.tasks:
        row = TaskRow(task.key, task.parent, _task_values(task, default, week, notes))
        row = _assign(row, task.assignee, people, new, notes)
        try:
            validate("task", {**row.values, "project_id": 0})
        except DomainError as exc:
            issues += [CellIssue("", 0, 0, f"{_named(task)}: {p.message}") for p in exc.problems]
        result.tasks.append(row)
    result.new_people = list(new.values())
    _plan_links(result, notes, issues)
    if issues:
        raise ExchangeError(issues[:MAX_ISSUES])
    if project_id is None:
        ends = [t.values["finish_date"] for t in result.tasks]
        result.project.update(start_date=default, finish_date=max([default, *ends]))
        try:
            validate("project", {**result.project, "code": result.project["code"] or "PRJ-1"})
        except DomainError as exc:
            raise ExchangeError(
                [CellIssue("", 0, 0, f"Project: {p}") for p in exc.problems]
            ) from exc
    result.warnings += [f"{count} {what}." for what, count in notes.items()]
    return result


def _named(task: PlanTask) -> str:
    return f"Task {task.name!r} (id {task.key})"


def _assign(row: TaskRow, name: str | None, people: People, new: dict[str, str],
            notes: dict[str, int]) -> TaskRow:  # fmt: skip
    """Link the assignee to a stored person by name, or to one person this import adds."""
    if not name or not name.strip() or person_key(name) in PLACEHOLDERS:
        return row
    key = person_key(name)
    if key in people.known:
        return TaskRow(row.key, row.parent, row.values, assignee_id=people.known[key])
    if key in people.shared:
        notes[
            f"task(s) name {name!r}, which several stored people are called (left unassigned)"
        ] += 1
        return row
    new.setdefault(key, " ".join(name.split())[:120])
    return TaskRow(row.key, row.parent, row.values, new_assignee=new[key])


def _plan_links(result: PlanImport, notes: dict[str, int], issues: list[CellIssue]) -> None:
    keys = {t.key: t for t in result.plan.tasks}
    seen: set[tuple[str, str]] = set()
    for link in result.plan.links:
        pair = (link.predecessor, link.successor)
        if pair in seen or pair[0] not in keys or pair[1] not in keys or pair[0] == pair[1]:
            notes[
                "link(s) were repeated, or linked a task to itself or a missing task (left out)"
            ] += 1
            continue
        seen.add(pair)
        lag = _whole(link.lag_days)
        if lag != link.lag_days:
            notes["link lag(s) were not whole days and are rounded"] += 1
        result.links.append((*pair, link.type, lag))
    cycle = find_cycle(seen)
    if cycle:
        chain = " → ".join(repr(keys[k].name) for k in cycle)
        message = (
            f"{_named(keys[cycle[0]])} depends on itself through a cycle of links: {chain}. "
            "Remove one of these links in the planning tool and save again."
        )
        issues.append(CellIssue("", 0, 0, message))
