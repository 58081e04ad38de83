"""Plain data of the critical path method: plan tasks and links in, scheduled tasks out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class PlanTask:
    """A task as the scheduler needs it. ``duration_days`` counts working days."""

    id: int
    duration_days: int
    is_milestone: bool = False
    parent_id: int | None = None
    fixed_start: date | None = None
    percent_complete: float = 0.0
    baseline_start: date | None = None
    baseline_finish: date | None = None
    name: str = ""


@dataclass(frozen=True, slots=True)
class PlanLink:
    """Successor depends on predecessor; ``type`` is FS, SS, FF or SF (a str or DependencyType)."""

    predecessor_id: int
    successor_id: int
    type: str = "FS"
    lag_days: int = 0


@dataclass(frozen=True, slots=True)
class ScheduledTask:
    """One task's computed dates (inclusive), floats (working days) and roll-ups."""

    task_id: int
    is_summary: bool
    is_milestone: bool
    duration_days: int
    early_start: date
    early_finish: date
    late_start: date
    late_finish: date
    total_float: int
    free_float: int
    critical: bool
    percent_complete: float
    slippage_days: int | None  # early finish - baseline finish, working days; + = late


@dataclass(frozen=True, slots=True)
class Schedule:
    """The result of :func:`compute_schedule`."""

    project_start: date  # first working day of the project
    project_finish: date  # last working day of the latest task
    duration_days: int  # working days from project start to finish, both included
    tasks: dict[int, ScheduledTask]
    critical_path: tuple[int, ...]  # critical leaf tasks by early start, then early finish


class ScheduleError(ValueError):
    """The plan cannot be scheduled (unknown task, bad duration, unsupported link)."""


class ScheduleCycleError(ScheduleError):
    """Dependencies (or parents) that loop back on themselves; ``task_ids`` name the loop."""

    def __init__(self, task_ids: Sequence[int], names: Sequence[str], what: str = "") -> None:
        self.task_ids = tuple(task_ids)
        loop = " → ".join([*names, names[0]]) if names else ""
        super().__init__(f"Tasks {loop} form a cycle{what}")


def _label(task: PlanTask) -> str:
    return task.name or f"#{task.id}"
