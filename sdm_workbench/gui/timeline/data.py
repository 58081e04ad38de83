"""What the timeline draws, as flat numpy columns in WBS order (no Qt, no sessions).

Built once per refresh from a :class:`~sdm_workbench.operations.plan.PlanData` and the
schedule calculator; painting then only indexes arrays for the rows and links on screen.
Dates are proleptic ordinals (``date.toordinal()``) so x positions are one multiply away.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from ...analytics.schedule import Schedule, ScheduleError
from ...analytics.workdays import WorkingDays
from ...operations.plan import (
    PlanData,
    PredecessorRef,
    current_schedule,
    format_predecessor,
    load_plan,
)
from ...store import Store
from ...store import rows as row_access
from ...store.repository import RowSnapshot

LINK_TYPES = ("FS", "SS", "FF", "SF")
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Marker:
    """A date overlaid on the chart: a RAID item's or an SLA's review date."""

    day: int  # ordinal
    kind: str  # "raid" or "sla"
    text: str  # "RAID review RSK-0004 Supplier late"


@dataclass
class TimelineData:
    """One project's plan, ready to draw. Row ``i`` is the i-th task in WBS order."""

    project_id: int
    project_name: str
    tasks: tuple[RowSnapshot, ...]
    calendar: WorkingDays
    status_date: date | None
    start: IntArray  # ordinals, inclusive
    finish: IntArray
    base_start: IntArray  # -1 where there is no baseline
    base_finish: IntArray
    percent: npt.NDArray[np.float64]
    milestone: BoolArray
    summary: BoolArray
    critical: BoolArray
    total_float: list[int | None]
    parent: IntArray  # row of the parent, -1 at the top
    depth: IntArray
    link_pred: IntArray  # rows
    link_succ: IntArray
    link_type: IntArray  # index into LINK_TYPES
    assignees: list[str]
    predecessors: list[str]
    schedule_problem: str | None = None
    collapsed: set[int] = field(default_factory=set)  # task ids
    # Left empty, these three are filled in: no project rows, numbers 1..n, slip computed.
    group: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # project rows
    numbers: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # ID column
    slip: list[int | None] = field(default_factory=list)  # working days late vs baseline
    markers: tuple[Marker, ...] = ()
    visible: IntArray = field(init=False)  # rows shown, in order
    position: IntArray = field(init=False)  # row -> visible position, -1 when hidden

    def __post_init__(self) -> None:
        self.row_of = {t.id: i for i, t in enumerate(self.tasks)}
        self.children: list[list[int]] = [[] for _ in self.tasks]
        for i, p in enumerate(self.parent.tolist()):
            if p >= 0:
                self.children[p].append(i)
        self.top = [i for i, p in enumerate(self.parent.tolist()) if p < 0]
        self.busdays = np.busdaycalendar(
            weekmask=self.calendar.weekmask,
            holidays=np.array(self.calendar.holidays, dtype="datetime64[D]"),
        )
        n = len(self.tasks)
        if len(self.group) != n:
            self.group = np.zeros(n, dtype=bool)
        if len(self.numbers) != n:
            self.numbers = np.arange(1, n + 1, dtype=np.int64)
        if len(self.slip) != n:
            self.slip = slippage(self.finish, self.base_finish, self.busdays)
        self.markers = tuple(sorted(self.markers, key=lambda m: m.day))
        self.marker_days = np.fromiter((m.day for m in self.markers), np.int64, len(self.markers))
        self.marker_raid = np.fromiter(
            (m.kind == "raid" for m in self.markers), bool, len(self.markers)
        )
        self.set_collapsed(self.collapsed)

    def __len__(self) -> int:
        return len(self.tasks)

    # --- outline ---------------------------------------------------------------------------
    def set_collapsed(self, task_ids: Collection[int]) -> None:
        """Hide the rows under these summaries; recompute the visible rows."""
        self.collapsed = {t for t in task_ids if t in self.row_of}
        if not self.collapsed:
            self.visible = np.arange(len(self.tasks), dtype=np.int64)
        else:
            shown: list[int] = []
            stack = list(reversed(self.top))
            while stack:
                row = stack.pop()
                shown.append(row)
                if self.tasks[row].id not in self.collapsed:
                    stack.extend(reversed(self.children[row]))
            self.visible = np.asarray(shown, dtype=np.int64)
        self.position = np.full(len(self.tasks), -1, dtype=np.int64)
        self.position[self.visible] = np.arange(len(self.visible), dtype=np.int64)

    def number(self, row: int) -> int:
        """The ID column: 1-based position in the project's WBS order (0 on project rows)."""
        return int(self.numbers[row])

    def marker_slice(self, first: int, last: int) -> slice:
        """Where the markers on days first..last sit (a binary search: cost follows the
        window, not the number of markers)."""
        a = int(np.searchsorted(self.marker_days, first, side="left"))
        b = int(np.searchsorted(self.marker_days, last, side="right"))
        return slice(a, b)

    def markers_between(self, first: int, last: int) -> tuple[Marker, ...]:
        """Markers on days first..last."""
        return self.markers[self.marker_slice(first, last)]

    # --- ranges ----------------------------------------------------------------------------
    def date_range(self) -> tuple[int, int]:
        """First and last ordinal of anything drawn (bars, baselines), or today's when empty."""
        if not len(self.tasks):
            today = date.today().toordinal()
            return today, today
        lo = int(self.start.min())
        hi = int(self.finish.max())
        based = self.base_start >= 0
        if based.any():
            lo = min(lo, int(self.base_start[based].min()))
            hi = max(hi, int(self.base_finish[based].max()))
        return lo, hi

    def non_working(self, first: int, last: int) -> BoolArray:
        """For each ordinal in [first, last]: True on weekends, holidays and closed days."""
        days = np.arange(first, last + 1, dtype=np.int64) - _EPOCH
        return ~np.is_busday(days.astype("datetime64[D]"), busdaycal=self.busdays)


_EPOCH = date(1970, 1, 1).toordinal()


def slippage(
    finish: IntArray, base_finish: IntArray, busdays: np.busdaycalendar
) -> list[int | None]:
    """Working days each finish lies after its baseline finish (negative: early; None: no
    baseline). Counted as the working days in (baseline, finish], so Fri -> Mon is 1."""
    found: list[int | None] = [None] * len(finish)
    has = np.flatnonzero(base_finish >= 0)
    if len(has):
        # count forwards over (earlier, later] and sign it: numpy's own backward count
        # shifts the half-open range, so Mon -> Fri would come out as -2 instead of -1
        lo = np.minimum(base_finish[has], finish[has]) + 1 - _EPOCH
        hi = np.maximum(base_finish[has], finish[has]) + 1 - _EPOCH
        forward = np.busday_count(
            lo.astype("datetime64[D]"), hi.astype("datetime64[D]"), busdaycal=busdays
        )
        counts = forward * np.sign(finish[has] - base_finish[has])
        for i, value in zip(has.tolist(), counts.tolist(), strict=True):
            found[i] = int(value)
    return found


def _ordinals(values: list[date | None]) -> IntArray:
    return np.fromiter((-1 if d is None else d.toordinal() for d in values), np.int64, len(values))


def build(
    plan: PlanData,
    people: Mapping[int, str] | None = None,
    collapsed: Collection[int] = (),
    markers: Collection[Marker] = (),
) -> TimelineData:
    """Arrange ``plan`` for drawing; floats and the critical path come from the calculator."""
    tasks = plan.tasks
    row_of = {t.id: i for i, t in enumerate(tasks)}
    problem = None
    schedule: Schedule | None = None
    try:
        schedule = current_schedule(plan)
    except ScheduleError as exc:  # still draw the plan; say why floats are missing
        problem = str(exc)
    parent = np.fromiter((row_of.get(t["parent_id"], -1) for t in tasks), np.int64, len(tasks))
    depth = np.zeros(len(tasks), dtype=np.int64)
    for i, p in enumerate(parent.tolist()):  # WBS order: a parent comes before its children
        depth[i] = depth[p] + 1 if p >= 0 else 0
    summary = np.zeros(len(tasks), dtype=bool)
    summary[parent[parent >= 0]] = True
    links = [x for x in plan.links if x["predecessor_id"] in row_of and x["successor_id"] in row_of]
    numbers: list[list[str]] = [[] for _ in tasks]
    for x in sorted(links, key=lambda x: row_of[x["predecessor_id"]]):
        ref = PredecessorRef(row_of[x["predecessor_id"]] + 1, str(x["type"]), x["lag_days"])
        numbers[row_of[x["successor_id"]]].append(format_predecessor(ref))
    scheduled = schedule.tasks if schedule else {}
    names = people or {}
    return TimelineData(
        project_id=plan.project.id,
        project_name=str(plan.project["name"]),
        tasks=tasks,
        calendar=plan.calendar,
        status_date=plan.project.get("status_date"),
        start=_ordinals([t["start_date"] for t in tasks]),
        finish=_ordinals([t["finish_date"] for t in tasks]),
        base_start=_ordinals([t["baseline_start"] for t in tasks]),
        base_finish=_ordinals([t["baseline_finish"] for t in tasks]),
        percent=np.fromiter((float(t["percent_complete"] or 0) for t in tasks), float, len(tasks)),
        milestone=np.fromiter((bool(t["is_milestone"]) for t in tasks), bool, len(tasks)),
        summary=summary,
        critical=np.fromiter(
            (bool(scheduled[t.id].critical) if t.id in scheduled else False for t in tasks),
            bool,
            len(tasks),
        ),
        total_float=[scheduled[t.id].total_float if t.id in scheduled else None for t in tasks],
        parent=parent,
        depth=depth,
        link_pred=np.fromiter((row_of[x["predecessor_id"]] for x in links), np.int64, len(links)),
        link_succ=np.fromiter((row_of[x["successor_id"]] for x in links), np.int64, len(links)),
        link_type=np.fromiter(
            (LINK_TYPES.index(str(x["type"])) for x in links), np.int64, len(links)
        ),
        assignees=[names.get(t["assignee_id"], "") for t in tasks],
        predecessors=[", ".join(n) for n in numbers],
        schedule_problem=problem,
        collapsed=set(collapsed),
        markers=tuple(markers),
    )


def load(store: Store, project_id: int, collapsed: Collection[int] = ()) -> TimelineData:
    """Read one project (with its review markers) from the store and arrange it for drawing."""
    from .markers import load_markers

    with store.session() as session:
        plan = load_plan(session, project_id)
        people = people_names(session, [t["assignee_id"] for t in plan.tasks])
        markers = load_markers(session, [plan.project])
    return build(plan, people, collapsed, markers)


def people_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    """Person id -> name for the ids given (None skipped)."""
    wanted = {i for i in ids if i is not None}
    found = row_access.fetch_many(session, "people", "id", wanted)
    return {int(r["id"]): str(r["name"]) for r in found}


def list_projects(store: Store) -> list[tuple[int, str]]:
    """(id, "PRJ-001 — name") of every project, by code."""
    from ...store.repository import list_rows

    with store.session() as session:
        projects = list_rows(session, "project", order_by="code")
    return [(p.id, f"{p['code']} — {p['name']}") for p in projects]
