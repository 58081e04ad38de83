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

from abc import abstractmethod
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ..analytics.schedule import ScheduleError
from ..domain.errors import DomainError, NotFoundError
from ..domain.validation import fmt
from ..store.repository import RowSnapshot, get
from .base import Macro, Operation
from .plan_data import (
    DEPENDENCY_TYPES,
    PlanData,
    PredecessorRef,
    current_schedule,
    format_predecessor,
    load_plan,
    parse_predecessors,
    plan_links,
    project_calendar,
    task_numbers,
    wbs_order,
)
from .plan_reschedule import Outline, hugs_predecessors, reschedule, task_duration, update_step
from .rows import CreateRow, DeleteRows, UpdateRow

__all__ = [  # the plan's reading side lives in plan_data; importers may keep using this module
    "DEPENDENCY_TYPES",
    "ClearBaseline",
    "LinkTasks",
    "MoveTask",
    "PlanData",
    "PlanOperation",
    "PredecessorRef",
    "ResizeTask",
    "SetBaseline",
    "SetPredecessors",
    "SetProgress",
    "current_schedule",
    "format_predecessor",
    "load_plan",
    "parse_predecessors",
    "plan_links",
    "project_calendar",
    "reschedule",
    "task_numbers",
    "wbs_order",
]


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
        outline = Outline(plan)
        shift = cal.count(cal.add(task["start_date"], 0), start)
        placed = {}
        for leaf_id in outline.leaves_under(task.id):
            leaf = outline.by_id[leaf_id]
            new = start if leaf_id == task.id else cal.add(cal.add(leaf["start_date"], 0), shift)
            placed[leaf_id] = (new, task_duration(leaf))
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
            steps.append(update_step(session, "task", task, {"percent_complete": value}))
        fresh = load_plan(session, plan.project.id)
        try:
            rolled = current_schedule(fresh).tasks
        except ScheduleError:  # a plan the calculator refuses keeps its summaries as they are
            return steps
        for ancestor in Outline(fresh).ancestors(task.id):
            row = fresh.task(ancestor)
            pc = round(rolled[ancestor].percent_complete, 1)
            if row["percent_complete"] != pc:
                steps.append(update_step(session, "task", row, {"percent_complete": pc}))
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
        outline = Outline(plan)
        incoming = {int(x["predecessor_id"]): x for x in outline.pred.get(task.id, [])}
        hugged = bool(incoming) and hugs_predecessors(plan, outline, task)
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
                steps.append(update_step(session, "task", task, changes))
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
