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


@dataclass(frozen=True)
class PlanCalendar:
    """The plan's working calendar: its week, working hours and days off.

    ``working_days`` has 7 characters, Monday to Sunday, "1" working and "0" off;
    ``hours`` is one span such as ``08:00-17:00`` (the first start to the last end of a day).
    """

    name: str
    working_days: str
    hours: str = "08:00-17:00"
    holidays: tuple[tuple[date, str], ...] = ()  # (day, name), in date order

    def worth_carrying(self) -> bool:
        """True when it differs from the workbench's default Mon-Fri week without holidays."""
        return bool(self.holidays) or self.working_days != "1111100"

    def describe(self) -> str:
        """'Mon-Fri, 12 holidays', as the dry run prints it."""
        names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
        days = [n for n, flag in zip(names, self.working_days, strict=True) if flag == "1"]
        week = {
            "1111100": "Mon-Fri",
            "1111110": "Mon-Sat",
            "1111111": "every day",
        }.get(self.working_days, " ".join(days) or "no working day")
        count = len(self.holidays)
        return f"{week} {self.hours}, {count} holiday{'' if count == 1 else 's'}"


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
    calendar: PlanCalendar | None = None  # the file's working calendar, when it has one
