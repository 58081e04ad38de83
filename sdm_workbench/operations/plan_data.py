"""Reading a project's plan: its tasks in WBS order, links, calendar and current schedule,
and the predecessor syntax typed on the timeline (``12FS+2d``, ``7SS-1d``, ``3FF``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..analytics.schedule import PlanLink, PlanTask, Schedule, compute_schedule
from ..analytics.workdays import WorkingDays
from ..domain.errors import DomainError, NotFoundError
from ..domain.kinds import kind
from ..store.repository import RowSnapshot, get, list_rows, snapshot

DEPENDENCY_TYPES = ("FS", "SS", "FF", "SF")
ID_CHUNK = 5000  # ids per IN (...): well below SQLite's and PostgreSQL's parameter limits
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


def load_plan(
    session: Session,
    project_id: int,
    calendars: dict[int | None, WorkingDays] | None = None,
) -> PlanData:
    """Read a project's tasks (WBS order), its dependencies and its calendar; ``calendars``
    keeps calendars already read when many projects are loaded in one session."""
    project = get(session, "project", project_id)
    if project is None:
        raise NotFoundError("This project no longer exists.")
    tasks = wbs_order(list_rows(session, "task", where={"project_id": project_id}))
    ids = [t.id for t in tasks]
    dependency = kind("dependency")
    table = dependency.table
    links: list[RowSnapshot] = []
    for start in range(0, len(ids), ID_CHUNK):  # a query per chunk, not one per link
        chunk = ids[start : start + ID_CHUNK]
        query = select(table).where(table.c.predecessor_id.in_(chunk)).order_by(table.c.id)
        links += [snapshot(dependency, row) for row in session.execute(query)]
    calendar_id = project["calendar_id"]
    if calendars is None:
        calendar = project_calendar(session, calendar_id)
    elif calendar_id in calendars:
        calendar = calendars[calendar_id]
    else:
        calendar = calendars[calendar_id] = project_calendar(session, calendar_id)
    return PlanData(project, tuple(tasks), tuple(links), calendar)


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


def task_numbers(tasks: Sequence[RowSnapshot]) -> dict[int, int]:
    """Task id -> its number in the ID column (1-based position in WBS order)."""
    return {t.id: n for n, t in enumerate(tasks, start=1)}
