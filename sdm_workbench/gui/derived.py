"""Values of the read-only derived columns (``domain.columns.derived_columns``) and their RAG.

Worked out for the rows a table shows, a page at a time: a risk's score and band from its
own row; a task's total float from its project's schedule (analytics.schedule through
``operations.plan``), one project at a time and cached, so the 30k-task demo only schedules
the projects whose tasks are on screen; a project's CPI from its budget and leaf tasks
(analytics.evm) at its status date, else today. Qt-free: the models call it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ..analytics.evm import BudgetLineAmounts, MonthAmounts, project_earned_value
from ..analytics.kpi_inputs import leaf_progress
from ..analytics.rag import Rag
from ..analytics.risk import DEFAULT_BANDS, Band, score
from ..analytics.schedule import ScheduleError
from ..analytics.workdays import WorkingDays
from ..domain.columns import DERIVED_DEPENDS, derived_columns
from ..domain.errors import DomainError
from ..operations.plan import current_schedule, load_plan
from ..store.repository import RowSnapshot, read_columns, rows_where_in
from ..store.row_query import fetch_rows

BAND_RAG = {Band.LOW: Rag.GREEN, Band.MEDIUM: Rag.AMBER, Band.HIGH: Rag.RED}
BAND_WORDS = {Band.LOW: "Low", Band.MEDIUM: "Medium", Band.HIGH: "High"}
CPI_AMBER = 0.95  # below 1 is over cost; a little under is worth watching, not alarming


def risk_score(snap: RowSnapshot) -> int | None:
    p, i = snap.get("probability"), snap.get("impact")
    try:
        return score(p, i)
    except ValueError:  # out of range: the check constraint makes this unreachable
        return None


def risk_band(value: int | None) -> Band | None:
    return None if value is None else DEFAULT_BANDS.band(value)


def cpi_rag(cpi: float | None) -> Rag:
    if cpi is None:
        return Rag.NONE
    if cpi < CPI_AMBER:
        return Rag.RED
    return Rag.AMBER if cpi < 1.0 else Rag.GREEN


def float_rag(total_float: int | None) -> Rag:
    """Negative float: late; zero: critical (no slack); positive: no status."""
    if total_float is None or total_float > 0:
        return Rag.NONE
    return Rag.RED if total_float < 0 else Rag.AMBER


class DerivedValues:
    """The derived columns of one kind: values by row, status colours, a cache to forget."""

    def __init__(self, kind_name: str) -> None:
        self.kind = kind_name
        self.columns = derived_columns(kind_name)
        self.depends_on = DERIVED_DEPENDS.get(kind_name, frozenset())
        self._floats: dict[int, dict[int, int]] = {}  # project id -> task id -> float
        self._cpi: dict[int, float | None] = {}  # project id -> CPI

    def forget(self) -> None:
        """Inputs changed: work everything out again on the next paint."""
        self._floats.clear()
        self._cpi.clear()

    def prefetch(self, session: Session, snaps: Iterable[RowSnapshot]) -> None:
        """Work out what a page of rows needs, in as few queries as possible."""
        if self.kind == "task":
            calendars: dict[int | None, WorkingDays] = {}  # a page may span 200 projects
            for project_id in {s["project_id"] for s in snaps} - self._floats.keys():
                self._floats[project_id] = _floats(session, project_id, calendars)
        elif self.kind == "project":
            wanted = {s.id: s for s in snaps if s.id not in self._cpi}
            if wanted:
                self._cpi.update(_cpis(session, wanted))

    def sort_keys(self, session: Session, ids: list[int], name: str) -> dict[int, Any] | None:
        """Values of ``name`` for every row in ``ids`` to sort by; None when too costly (a
        task's float would schedule every project of the portfolio)."""
        if name in ("score", "band"):
            found = read_columns(session, self.kind, ["id", "probability", "impact"], ids)
            return {i: score(p, m) for i, p, m in zip(*found.values(), strict=True)}
        if name == "cpi":
            snaps = list(fetch_rows(session, self.kind, ids).values())
            self.prefetch(session, snaps)
            return {s.id: self._cpi.get(s.id) for s in snaps}
        return None

    def value(self, snap: RowSnapshot, name: str) -> Any:
        """The value of derived column ``name`` for a row (None: cannot be worked out)."""
        if name == "score":
            return risk_score(snap)
        if name == "band":
            band = risk_band(risk_score(snap))
            return None if band is None else BAND_WORDS[band]
        if name == "total_float":
            return self._floats.get(snap["project_id"], {}).get(snap.id)
        if name == "cpi":
            cpi = self._cpi.get(snap.id)
            return None if cpi is None else round(cpi, 2)
        return None

    def rag(self, snap: RowSnapshot, name: str) -> Rag:
        """The status a cell of column ``name`` shows by colour, shape and word."""
        if name in ("score", "band"):
            band = risk_band(risk_score(snap))
            return Rag.NONE if band is None else BAND_RAG[band]
        if name == "total_float":
            return float_rag(self.value(snap, name))
        if name == "cpi":
            return cpi_rag(self._cpi.get(snap.id))
        return Rag.NONE

    def explain(self, snap: RowSnapshot, name: str) -> str | None:
        """Words for the tooltip, so the colour is never the only cue."""
        value = self.value(snap, name)
        if value is None:
            return None
        if name == "total_float":
            status = float_rag(value)
            if status is Rag.RED:
                return f"Late: {-value} working days behind what its links allow"
            if status is Rag.AMBER:
                return "Critical: no float, a delay here delays the project"
            return f"{value} working days of float"
        if name == "cpi":
            status = cpi_rag(self._cpi.get(snap.id))
            words = {Rag.RED: "Over cost", Rag.AMBER: "Slightly over cost",
                     Rag.GREEN: "On or under budget"}  # fmt: skip
            return f"{words.get(status, '')}: CPI {value:.2f} (earned value / actual cost)"
        if name in ("score", "band"):
            band = risk_band(risk_score(snap))
            p, i = snap.get("probability"), snap.get("impact")
            return f"{BAND_WORDS[band] if band else ''} risk: {p} x {i} = {risk_score(snap)}"
        return None


def _floats(
    session: Session, project_id: int, calendars: dict[int | None, WorkingDays]
) -> dict[int, int]:
    try:
        plan = load_plan(session, project_id, calendars)
        schedule = current_schedule(plan)
    except (ScheduleError, DomainError):  # gone, or a cycle: no floats to show
        return {}
    return {task_id: t.total_float for task_id, t in schedule.tasks.items()}


def _cpis(session: Session, projects: dict[int, RowSnapshot]) -> dict[int, float | None]:
    ids = list(projects)
    lines = rows_where_in(session, "budget_line", ["id", "project_id", "budget_at_completion",
                                              "currency"], "project_id", ids)  # fmt: skip
    months: dict[int, list[MonthAmounts]] = defaultdict(list)
    month_columns = ["line_id", "month", "planned", "actual", "forecast"]
    for m in rows_where_in(
        session, "budget_month", month_columns, "line_id", [x["id"] for x in lines]
    ):
        months[m["line_id"]].append(
            MonthAmounts(m["month"], m["planned"] or 0.0, m["actual"], m["forecast"])
        )
    by_project: dict[int, list[BudgetLineAmounts]] = defaultdict(list)
    for line in lines:
        by_project[line["project_id"]].append(
            BudgetLineAmounts(
                line["budget_at_completion"] or 0.0, months[line["id"]], line["currency"]
            )
        )
    tasks: dict[int, list[dict[str, Any]]] = defaultdict(list)
    task_columns = ["id", "project_id", "parent_id", "duration_days", "percent_complete",
                    "start_date", "finish_date"]  # fmt: skip
    for task in rows_where_in(session, "task", task_columns, "project_id", ids):
        tasks[task["project_id"]].append(task)
    result: dict[int, float | None] = {}
    for project_id, snap in projects.items():
        status_date = snap.get("status_date") or date.today()
        ev = project_earned_value(
            by_project[project_id], leaf_progress(tasks[project_id]), status_date
        )
        result[project_id] = ev.cpi
    return result
