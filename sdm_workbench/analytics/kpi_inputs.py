"""Everything the KPI calculators need, read once from a workbench as plain columns.

Reading lives here (analytics may read through the store); the formulas never see a
session. Tickets arrive as numpy columns with their SLA picked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from ..domain.surveys import RATER_DIMENSIONS
from ..store import Store
from ..store import repository as repo
from .calendar import BusinessCalendar
from .evm import BudgetLineAmounts, MonthAmounts, TaskProgress
from .service_kpis import ChangeRow
from .sla_inputs import PauseColumns, SlaRef, TargetSpec, TicketColumns, pick_sla, sla_calendars
from .ticket_kpis import TicketActivity

I64 = npt.NDArray[np.int64]
Row = Mapping[str, Any]

SURVEY_COLUMNS = (
    "service_id", "customer_id", "project_id", "responded_on", "csat", "nps", "ces",
    *(f"{side}_{dim}" for dim in RATER_DIMENSIONS for side in ("exp", "perc")),
)  # fmt: skip


def _instants(values: Sequence[str | None]) -> npt.NDArray[np.datetime64]:
    return np.array(values, dtype="datetime64[m]")


def _ids(values: Sequence[int | None]) -> I64:
    return np.array([-1 if v is None else v for v in values], dtype=np.int64)


def _datetime(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


@dataclass(frozen=True)
class KpiInputs:
    """A portfolio's data for the KPI calculators, detached from the database."""

    services: Sequence[Row]
    customers: Sequence[Row]
    projects: Sequence[Row]
    slas: list[SlaRef]
    targets: list[TargetSpec]
    calendars: dict[int, BusinessCalendar]  # per SLA id
    tickets: TicketColumns
    activity: TicketActivity
    ticket_service: I64
    ticket_customer: I64
    pauses: PauseColumns
    outages: dict[int, list[tuple[datetime, datetime | None]]]  # per service id
    changes: dict[int, list[ChangeRow]]  # per service id
    surveys: dict[str, list[Any]]  # columns of survey_responses
    tasks: dict[int, list[Row]]  # leaf and summary tasks per project id
    budget_lines: dict[tuple[str, int], list[BudgetLineAmounts]]  # ("project"|"service", id)
    raid_items: Sequence[Row]
    definitions: Sequence[Row]


def _calendars(session: Any) -> dict[int, BusinessCalendar]:
    closed: dict[int, list[date]] = defaultdict(list)
    for row in repo.list_rows(session, "closed_day"):
        closed[row["calendar_id"]].append(row["day"])
    return {
        row.id: BusinessCalendar.from_row(row.values, closed[row.id])
        for row in repo.list_rows(session, "calendar")
    }


def _budget_lines(session: Any) -> dict[tuple[str, int], list[BudgetLineAmounts]]:
    months: dict[int, list[MonthAmounts]] = defaultdict(list)
    for row in repo.iter_rows(session, "budget_month"):
        months[row["line_id"]].append(
            MonthAmounts(row["month"], row["planned"], row["actual"], row["forecast"])
        )
    lines: dict[tuple[str, int], list[BudgetLineAmounts]] = defaultdict(list)
    for row in repo.list_rows(session, "budget_line"):
        owner = (
            ("project", row["project_id"]) if row["project_id"] else ("service", row["service_id"])
        )
        lines[owner].append(
            BudgetLineAmounts(row["budget_at_completion"], months[row.id], row["currency"])
        )
    return dict(lines)


TICKET_COLUMNS = (
    "id", "service_id", "customer_id", "priority", "opened_at", "first_response_at",
    "resolved_at", "reassignment_count", "reopen_count", "resolved_first_contact",
)  # fmt: skip
TicketParts = tuple[TicketColumns, TicketActivity, I64, I64]


def _ticket_columns(t: Mapping[str, Sequence[Any]], slas: Sequence[SlaRef]) -> TicketParts:
    service, customer = _ids(t["service_id"]), _ids(t["customer_id"])
    tickets = TicketColumns.build(
        t["id"],
        t["priority"],
        _instants(t["opened_at"]),
        _instants(t["first_response_at"]),
        _instants(t["resolved_at"]),
        pick_sla(service, customer, slas),
    )
    activity = TicketActivity(
        np.array(t["reassignment_count"], dtype=np.int64),
        np.array(t["reopen_count"], dtype=np.int64),
        np.array(t["resolved_first_contact"], dtype=bool),
    )
    return tickets, activity, service, customer


def _pauses(session: Any, tickets: TicketColumns) -> PauseColumns:
    p = repo.read_columns(session, "ticket_pause", ["ticket_id", "start_at", "end_at"])
    position = np.searchsorted(tickets.ids, np.array(p["ticket_id"], dtype=np.int64))
    return PauseColumns(position, _instants(p["start_at"]), _instants(p["end_at"]))


def _merge(old: TicketParts, fresh: TicketParts, changed: Collection[int]) -> TicketParts:
    """``old`` without the ``changed`` tickets, plus their ``fresh`` rows, in id order."""
    keep = ~np.isin(old[0].ids, np.fromiter(changed, dtype=np.int64))

    def join(a: Any, b: Any) -> Any:
        return np.concatenate([a[keep], b])

    t_old, a_old, t_new, a_new = old[0], old[1], fresh[0], fresh[1]
    ids = join(t_old.ids, t_new.ids)
    order = np.argsort(ids, kind="stable")
    ticket_fields = ("ids", "priority", "opened", "first_response", "resolved", "sla")
    activity_fields = ("reassignments", "reopens", "first_contact")
    tickets = TicketColumns(
        *(join(getattr(t_old, f), getattr(t_new, f))[order] for f in ticket_fields)
    )
    activity = TicketActivity(
        *(join(getattr(a_old, f), getattr(a_new, f))[order] for f in activity_fields)
    )
    return tickets, activity, join(old[2], fresh[2])[order], join(old[3], fresh[3])[order]


def refresh(inputs: KpiInputs, store: Store, changes: Mapping[str, Collection[int]]) -> KpiInputs:
    """``inputs`` after a commit: ticket and pause edits re-read only what they touched
    (an edit on the large demo in a fraction of a full :func:`load`); anything else loads
    everything again."""
    if not changes or set(changes) - {"ticket", "ticket_pause"}:
        return load(store)
    with store.session() as session:
        tickets, activity = inputs.tickets, inputs.activity
        service, customer = inputs.ticket_service, inputs.ticket_customer
        changed = changes.get("ticket", ())
        if changed:
            fresh = _ticket_columns(
                repo.read_columns(session, "ticket", TICKET_COLUMNS, ids=changed), inputs.slas
            )
            tickets, activity, service, customer = _merge(
                (tickets, activity, service, customer), fresh, changed
            )
        return replace(
            inputs,
            tickets=tickets,
            activity=activity,
            ticket_service=service,
            ticket_customer=customer,
            pauses=_pauses(session, tickets),
        )


def load(store: Store) -> KpiInputs:
    """Read the whole portfolio once (a few seconds for 250k tickets at most)."""
    with store.session() as session:
        return read(session)


def read(session: Session) -> KpiInputs:
    """:func:`load` inside a session the caller holds (e.g. an operation's transaction)."""
    services = [dict(r.values) for r in repo.list_rows(session, "service")]
    slas = [SlaRef.from_row(r.values) for r in repo.list_rows(session, "sla")]
    calendars = sla_calendars(
        slas, {s["id"]: s["calendar_id"] for s in services}, _calendars(session)
    )
    tickets, activity, service, customer = _ticket_columns(
        repo.read_columns(session, "ticket", TICKET_COLUMNS), slas
    )
    pauses = _pauses(session, tickets)
    outages: dict[int, list[tuple[datetime, datetime | None]]] = defaultdict(list)
    for row in repo.iter_rows(session, "outage"):
        if not row["planned"]:  # planned maintenance does not count against availability
            outages[row["service_id"]].append((row["start_at"], row["end_at"]))
    changes: dict[int, list[ChangeRow]] = defaultdict(list)
    for row in repo.iter_rows(session, "change"):
        changes[row["service_id"]].append(
            ChangeRow(row["deployed_at"], row["failed"], row["committed_at"], row["restored_at"])
        )
    tasks: dict[int, list[Row]] = defaultdict(list)
    for row in repo.iter_rows(session, "task"):
        tasks[row["project_id"]].append(row.values)
    return KpiInputs(
        services=services,
        customers=[dict(r.values) for r in repo.list_rows(session, "customer")],
        projects=[dict(r.values) for r in repo.list_rows(session, "project")],
        slas=slas,
        targets=[TargetSpec.from_row(r.values) for r in repo.list_rows(session, "sla_target")],
        calendars=calendars,
        tickets=tickets,
        activity=activity,
        ticket_service=service,
        ticket_customer=customer,
        pauses=pauses,
        outages=dict(outages),
        changes=dict(changes),
        surveys=repo.read_columns(session, "survey", SURVEY_COLUMNS),
        tasks=dict(tasks),
        budget_lines=_budget_lines(session),
        raid_items=[dict(r.values) for r in repo.iter_rows(session, "raid_item")],
        definitions=[dict(r.values) for r in repo.list_rows(session, "kpi")],
    )


def leaf_progress(tasks: Sequence[Row]) -> list[TaskProgress]:
    """Leaf tasks (no children) as EVM progress entries."""
    parents = {t["parent_id"] for t in tasks if t["parent_id"] is not None}
    return [
        TaskProgress(t["duration_days"], t["percent_complete"], t["start_date"], t["finish_date"])
        for t in tasks
        if t["id"] not in parents
    ]
