"""Plan edits made on the timeline: move, resize, progress, link, baselines.

Each edit is one :class:`~.base.Operation` (one transaction, one undo step) built from
:class:`UpdateRow` and ``CreateRow`` steps, so reverting
restores every date exactly. Dependents are
rescheduled by the schedule calculator:

* Tasks not downstream of the edit stay exactly where they are (pinned at their dates).
* The edited task sits where the user put it.
* A downstream task that hugged its predecessors (its start was the earliest its links
  allowed) follows them, earlier or later; one that had a gap keeps its start unless a
  link now pushes it later. So a manager's deliberate delay is not lost by a drag upstream.

Only rows whose values change get a step; summaries and the project's own dates
follow their tasks. A dependency cycle is refused with the domain's message.
"""

from __future__ import annotations

import re
from abc import abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from ..analytics.schedule import PlanLink, PlanTask, Schedule, ScheduleError, compute_schedule
from ..analytics.workdays import WorkingDays
from ..domain.errors import DomainError, NotFoundError
from ..domain.validation import fmt
from ..store import rows
from ..store.repository import RowSnapshot, get, list_rows
from .base import Macro, Operation
from .rows import CreateRow, DeleteRows, UpdateRow

DEPENDENCY_TYPES = ("FS", "SS", "FF", "SF")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ONE_LINK = re.compile(
    r"^(\d+)\s*(FS|SS|FF|SF)?\s*(?:([+-])\s*(\d+)\s*(?:d|days?|wd)?)?$", re.IGNORECASE
)


# --- the predecessor syntax ----------------------------------------------------------------
class PredecessorRef(NamedTuple):
    """One entry of a predecessors cell: task number (the ID column), type, lag (working days)."""

    number: int
    type: str
    lag_days: int


def parse_predecessors(text: str) -> list[PredecessorRef]:
    """``"12FS+2d, 7SS-1d, 3FF"`` -> [(12, "FS", 2), (7, "SS", -1), (3, "FF", 0)].

    A bare number is finish-to-start; entries are separated by commas or semicolons.
    Raises DomainError naming the first entry that is not understood.
    """
    found: list[PredecessorRef] = []
    for part in re.split(r"[,;]", text):
        entry = part.strip()
        if not entry:
            continue
        match = _ONE_LINK.match(entry)
        if match is None:
            raise DomainError(f"{entry!r} is not a dependency like 12FS+2d")
        number, kind, sign, lag = match.groups()
        if int(number) == 0:
            raise DomainError(f"{entry!r}: task numbers start at 1")
        lag_days = int(lag or 0) * (-1 if sign == "-" else 1)
        ref = PredecessorRef(int(number), (kind or "FS").upper(), lag_days)
        if any(r.number == ref.number for r in found):
            raise DomainError(f"Task {ref.number} is listed twice in {text.strip()!r}")
        found.append(ref)
    return found


def format_predecessor(ref: PredecessorRef) -> str:
    """The short form MS Project shows: ``12`` for FS without lag, else ``7SS-1d``."""
    if ref.type == "FS" and ref.lag_days == 0:
        return str(ref.number)
    lag = f"{ref.lag_days:+d}d" if ref.lag_days else ""
    return f"{ref.number}{ref.type}{lag}"


# --- reading a plan ------------------------------------------------------------------------
@dataclass(frozen=True)
class PlanData:
    """One project's plan as read in one session: rows in WBS order, links and calendar."""

    project: RowSnapshot
    tasks: tuple[RowSnapshot, ...]
    links: tuple[RowSnapshot, ...]
    calendar: WorkingDays

    def task(self, task_id: int) -> RowSnapshot:
        for row in self.tasks:
            if row.id == task_id:
                return row
        raise NotFoundError("This task no longer exists.")


def project_calendar(session: Session, calendar_id: int | None) -> WorkingDays:
    """Working days of a business calendar (weekday hours, public holidays, closed days)."""
    if calendar_id is None:
        return WorkingDays()
    cal = get(session, "calendar", calendar_id)
    if cal is None:
        return WorkingDays()
    closed = [r["day"] for r in list_rows(session, "closed_day", where={"calendar_id": cal.id})]
    hours = [str(cal[f"{d}_hours"] or "") for d in _WEEKDAYS]
    if "1" not in "".join("1" if h.strip() else "0" for h in hours):
        hours = ["x"] * 5 + ["", ""]  # a calendar closed all week: fall back to Mon-Fri
    return WorkingDays.from_calendar(
        hours, cal["holiday_country"], cal["holiday_subdivision"], closed
    )


def wbs_order(tasks: Iterable[RowSnapshot]) -> list[RowSnapshot]:
    """Tasks parents first, siblings by sort order then id (the outline's reading order)."""
    kids: dict[int | None, list[RowSnapshot]] = {}
    ids = set()
    listed = list(tasks)
    for row in listed:
        ids.add(row.id)
    for row in listed:
        parent = row["parent_id"] if row["parent_id"] in ids else None
        kids.setdefault(parent, []).append(row)
    for siblings in kids.values():
        siblings.sort(key=lambda r: (r["sort_order"], r.id))
    ordered: list[RowSnapshot] = []
    stack = list(reversed(kids.get(None, [])))
    while stack:
        row = stack.pop()
        ordered.append(row)
        stack.extend(reversed(kids.get(row.id, [])))
    return ordered


def load_plan(session: Session, project_id: int) -> PlanData:
    """Read a project's tasks (WBS order), its dependencies and its calendar."""
    project = get(session, "project", project_id)
    if project is None:
        raise NotFoundError("This project no longer exists.")
    tasks = wbs_order(list_rows(session, "task", where={"project_id": project_id}))
    ids = [t.id for t in tasks]
    found = rows.fetch_many(session, "dependencies", "predecessor_id", ids)
    links = [get(session, "dependency", int(r["id"])) for r in found]
    calendar = project_calendar(session, project["calendar_id"])
    return PlanData(project, tuple(tasks), tuple(x for x in links if x is not None), calendar)


def _span(cal: WorkingDays, row: RowSnapshot) -> int:
    return 0 if row["is_milestone"] else max(1, cal.span(row["start_date"], row["finish_date"]))


def plan_links(links: Iterable[RowSnapshot]) -> list[PlanLink]:
    return [
        PlanLink(x["predecessor_id"], x["successor_id"], str(x["type"]), x["lag_days"])
        for x in links
    ]


def current_schedule(plan: PlanData) -> Schedule:
    """Floats and the critical path of the plan *as it stands*: every task at its dates."""
    children = {t["parent_id"] for t in plan.tasks}
    tasks = [
        PlanTask(
            t.id,
            _span(plan.calendar, t),
            bool(t["is_milestone"]),
            t["parent_id"],
            None if t.id in children else t["start_date"],
            float(t["percent_complete"] or 0.0),
            t["baseline_start"],
            t["baseline_finish"],
            t["name"],
        )
        for t in plan.tasks
    ]
    start = min((t["start_date"] for t in plan.tasks), default=date.today())
    return compute_schedule(tasks, plan_links(plan.links), start, plan.calendar)


# --- rescheduling --------------------------------------------------------------------------
class _Outline:
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


def _hugs_predecessors(plan: PlanData, outline: _Outline, task: RowSnapshot) -> bool:
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
    net.append(PlanTask(task.id, _duration(task), bool(task["is_milestone"])))
    origin = min(r["start_date"] for r in (*preds, task)) - timedelta(days=366)
    earliest = compute_schedule(net, plan_links(incoming), origin, plan.calendar)
    return bool(earliest.tasks[task.id].early_start >= task["start_date"])


def _duration(task: RowSnapshot) -> int:
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
    outline = _Outline(plan)
    cal = plan.calendar
    moving = outline.downstream([*placed, *roots]) - set(placed)
    hugging = {t for t in moving if _hugs_predecessors(plan, outline, outline.by_id[t])}
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
            net.append(PlanTask(t.id, _duration(t), bool(t["is_milestone"]), t["parent_id"]))
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
            done.append(_update(session, "task", t, changes))
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
            done.append(_update(session, "project", project, changes))
    return done


def _update(
    session: Session, kind_name: str, row: RowSnapshot, changes: dict[str, Any]
) -> UpdateRow:
    step = UpdateRow(kind_name, row.id, changes)
    step.apply(session)
    return step


# --- the operations ------------------------------------------------------------------------
class PlanOperation(Operation):
    """A plan edit: on first apply it works out its steps (applying them); then replays them."""

    label = "Plan change"

    def __init__(self) -> None:
        self._steps: Macro | None = None

    def apply(self, session: Session) -> None:
        if self._steps is not None:
            self._steps.apply(session)
            return
        steps = self._build(session)
        self._steps = Macro(self.label, steps)

    def revert(self, session: Session) -> None:
        assert self._steps is not None, "revert before apply"
        self._steps.revert(session)

    @property
    def steps(self) -> list[Operation]:
        """What the first apply did (empty before it): one UpdateRow per changed row."""
        return [] if self._steps is None else list(self._steps.operations)

    @abstractmethod
    def _build(self, session: Session) -> list[Operation]:
        """Apply the change for the first time; return the steps applied, in order."""


def _plan_of_task(session: Session, task_id: int) -> tuple[PlanData, RowSnapshot]:
    task = get(session, "task", task_id)
    if task is None:
        raise NotFoundError("This task no longer exists.")
    plan = load_plan(session, task["project_id"])
    return plan, plan.task(task_id)


class MoveTask(PlanOperation):
    """Start a task (or every task under a summary) on ``new_start``, keeping durations."""

    def __init__(self, task_id: int, new_start: date) -> None:
        super().__init__()
        self.task_id = task_id
        self.new_start = new_start

    def _build(self, session: Session) -> list[Operation]:
        plan, task = _plan_of_task(session, self.task_id)
        cal = plan.calendar
        self.label = f"Move {task['name']!r}"
        start = cal.add(self.new_start, 0)  # a weekend or holiday means the next working day
        outline = _Outline(plan)
        shift = cal.count(cal.add(task["start_date"], 0), start)
        placed = {}
        for leaf_id in outline.leaves_under(task.id):
            leaf = outline.by_id[leaf_id]
            new = start if leaf_id == task.id else cal.add(cal.add(leaf["start_date"], 0), shift)
            placed[leaf_id] = (new, _duration(leaf))
        return list(reschedule(session, plan, placed))


class ResizeTask(PlanOperation):
    """Finish a task on ``new_finish``: its duration becomes the working days in between."""

    def __init__(self, task_id: int, new_finish: date) -> None:
        super().__init__()
        self.task_id = task_id
        self.new_finish = new_finish

    def _build(self, session: Session) -> list[Operation]:
        plan, task = _plan_of_task(session, self.task_id)
        self.label = f"Change the finish of {task['name']!r}"
        if task["is_milestone"]:
            raise DomainError(f"{task['name']!r} is a milestone: it has no duration to change.")
        if any(t["parent_id"] == task.id for t in plan.tasks):
            raise DomainError(
                f"{task['name']!r} is a summary: its dates follow its tasks; change those."
            )
        start = task["start_date"]
        if self.new_finish < start:
            raise DomainError(f"Finish ({fmt(self.new_finish)}) is before start ({fmt(start)}).")
        duration = max(1, plan.calendar.span(start, self.new_finish))
        return list(reschedule(session, plan, {task.id: (start, duration)}))


class SetProgress(PlanOperation):
    """Set a task's % complete; its summaries show the duration-weighted roll-up."""

    def __init__(self, task_id: int, percent: float) -> None:
        super().__init__()
        self.task_id = task_id
        self.percent = percent

    def _build(self, session: Session) -> list[Operation]:
        plan, task = _plan_of_task(session, self.task_id)
        self.label = f"Set progress of {task['name']!r}"
        if any(t["parent_id"] == task.id for t in plan.tasks):
            raise DomainError(f"{task['name']!r} is a summary: its progress follows its tasks.")
        value = round(float(self.percent), 1)
        if not 0 <= value <= 100:
            raise DomainError(f"% complete must be between 0 and 100, not {value:g}.")
        steps: list[Operation] = []
        if task["percent_complete"] != value:
            steps.append(_update(session, "task", task, {"percent_complete": value}))
        fresh = load_plan(session, plan.project.id)
        try:
            rolled = current_schedule(fresh).tasks
        except ScheduleError:  # a plan the calculator refuses keeps its summaries as they are
            return steps
        for ancestor in _Outline(fresh).ancestors(task.id):
            row = fresh.task(ancestor)
            pc = round(rolled[ancestor].percent_complete, 1)
            if row["percent_complete"] != pc:
                steps.append(_update(session, "task", row, {"percent_complete": pc}))
        return steps


class LinkTasks(PlanOperation):
    """Make ``successor`` depend on ``predecessor``; the successor moves if the link says so."""

    def __init__(
        self, predecessor_id: int, successor_id: int, type: str = "FS", lag_days: int = 0
    ) -> None:
        super().__init__()
        self.predecessor_id = predecessor_id
        self.successor_id = successor_id
        self.type = type.upper()
        self.lag_days = lag_days

    def _build(self, session: Session) -> list[Operation]:
        if self.type not in DEPENDENCY_TYPES:
            raise DomainError(f"{self.type!r} is not a dependency type (FS, SS, FF or SF).")
        create = CreateRow(
            "dependency",
            {
                "predecessor_id": self.predecessor_id,
                "successor_id": self.successor_id,
                "type": self.type,
                "lag_days": self.lag_days,
            },
        )
        create.apply(session)  # refuses a cycle, a link across projects, a duplicate
        plan, succ = _plan_of_task(session, self.successor_id)
        pred = plan.task(self.predecessor_id)
        self.label = f"Link {pred['name']!r} → {succ['name']!r} ({self.type})"
        return [create, *reschedule(session, plan, {}, roots=[succ.id])]

    @property
    def dependency_id(self) -> int | None:
        """The new dependency's id once applied."""
        steps = self.steps
        return steps[0].row_id if steps and isinstance(steps[0], CreateRow) else None


class SetPredecessors(PlanOperation):
    """Replace all of a task's predecessors with those typed as ``12FS+2d, 7SS-1d, 3FF``.

    Numbers are the ID column (the position in the project's WBS order). Links that stay
    the same are kept, changed ones updated, the rest removed or added: one undo step.
    A task that started as early as its old links allowed follows its new ones; otherwise
    only a link that now pushes it moves it (removing a link never pulls a task earlier).
    """

    def __init__(self, task_id: int, text: str) -> None:
        super().__init__()
        self.task_id = task_id
        self.text = text

    def _build(self, session: Session) -> list[Operation]:
        plan, task = _plan_of_task(session, self.task_id)
        self.label = f"Set the predecessors of {task['name']!r}"
        refs = parse_predecessors(self.text)
        by_number = {n: t for t, n in task_numbers(plan.tasks).items()}
        wanted: dict[int, PredecessorRef] = {}
        for ref in refs:
            if ref.number not in by_number:
                raise DomainError(
                    f"There is no task {ref.number} in {plan.project['name']!r} "
                    f"(it has {len(plan.tasks)} tasks)."
                )
            wanted[by_number[ref.number]] = ref
        outline = _Outline(plan)
        incoming = {int(x["predecessor_id"]): x for x in outline.pred.get(task.id, [])}
        hugged = bool(incoming) and _hugs_predecessors(plan, outline, task)
        steps: list[Operation] = []
        gone = [int(x.id) for pred, x in incoming.items() if pred not in wanted]
        if gone:
            steps.append(DeleteRows("dependency", gone))
        for pred, ref in wanted.items():
            old = incoming.get(pred)
            if old is None:
                values = {"predecessor_id": pred, "successor_id": task.id}
                steps.append(CreateRow("dependency", {**values, **_link_values(ref)}))
            elif (str(old["type"]), old["lag_days"]) != (ref.type, ref.lag_days):
                steps.append(UpdateRow("dependency", old.id, _link_values(ref)))
        if not steps:
            return []
        for step in steps:  # each refuses a cycle, a self link, with the domain's message
            step.apply(session)
        if wanted:
            fresh = load_plan(session, plan.project.id)
            follow = [task.id] if hugged else []
            steps.extend(reschedule(session, fresh, {}, roots=[task.id], follow=follow))
        return steps


def _link_values(ref: PredecessorRef) -> dict[str, Any]:
    return {"type": ref.type, "lag_days": ref.lag_days}


class _BaselineOperation(PlanOperation):
    def __init__(self, project_id: int) -> None:
        super().__init__()
        self.project_id = project_id

    @abstractmethod
    def _target(self, task: RowSnapshot) -> dict[str, date | None]: ...

    def _build(self, session: Session) -> list[Operation]:
        plan = load_plan(session, self.project_id)
        self.label = f"{self.label} of {plan.project['name']!r}"
        steps: list[Operation] = []
        for task in plan.tasks:
            changes = {k: v for k, v in self._target(task).items() if task[k] != v}
            if changes:
                steps.append(_update(session, "task", task, changes))
        return steps


class SetBaseline(_BaselineOperation):
    """Save every task's current dates as the project's baseline (one undo step)."""

    label = "Set the baseline"

    def _target(self, task: RowSnapshot) -> dict[str, date | None]:
        return {"baseline_start": task["start_date"], "baseline_finish": task["finish_date"]}


class ClearBaseline(_BaselineOperation):
    """Forget the project's baseline (one undo step)."""

    label = "Clear the baseline"

    def _target(self, task: RowSnapshot) -> dict[str, date | None]:
        return {"baseline_start": None, "baseline_finish": None}


def task_numbers(tasks: Sequence[RowSnapshot]) -> dict[int, int]:
    """Task id -> its number in the ID column (1-based position in WBS order)."""
    return {t.id: n for n, t in enumerate(tasks, start=1)}
