"""What a plan file holds, in the tool's own terms before it becomes our tasks.

Readers fill these from MSPDI or GanttProject files; keys are the file's own task ids (as
text), so links and the outline refer to tasks before any of them is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

LINK_TYPES = ("FS", "SS", "FF", "SF")


@dataclass(frozen=True)
class PlanTask:
    """One task (a summary task when others name it as ``parent``)."""

    key: str  # the file's id of the task (MSPDI UID, GanttProject id), as text
    name: str
    parent: str | None  # key of the summary task it sits under (None: top level)
    start: date | None
    finish: date | None
    duration_days: float | None  # working days, as the file says (None: not given)
    milestone: bool = False
    percent_complete: float = 0.0  # 0 to 100
    notes: str | None = None
    assignee: str | None = None  # the name of the first person assigned, if any
    baseline_start: date | None = None
    baseline_finish: date | None = None


@dataclass(frozen=True)
class PlanLink:
    """A dependency between two tasks of the file (``lag_days`` in working days)."""

    predecessor: str
    successor: str
    type: str = "FS"  # one of LINK_TYPES
    lag_days: float = 0.0


@dataclass
class PlanFile:
    """A whole plan: tasks in the file's order (parents before their children), links, and
    what could not be carried over, said in words a manager understands."""

    name: str
    start: date | None
    tasks: list[PlanTask] = field(default_factory=list)
    links: list[PlanLink] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # resources named in the file
    warnings: list[str] = field(default_factory=list)
