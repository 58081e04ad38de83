"""Exporting part of the portfolio: some services, projects or customers, a date range.

A selection by codes resolves to the services and projects it covers: a customer brings the
services it has an SLA for and the projects it is the customer of (not other customers'
projects on a shared service); a chosen service brings its projects. Each sheet then keeps
the rows that belong to those (directly by ``service_id`` / ``project_id``, or through their
parent row: an SLA target through its SLA, a budget month through its line, a review through
its scope; a dependency when both its tasks are inside). Reference data (people, teams,
calendars, KPI definitions) goes out whole, so every name in the workbook resolves; when
customers alone are chosen, only they are named, and other customers' tickets, SLAs, surveys
and reviews of a shared service stay out.
A date range keeps the records of events inside it (tickets opened, outages, changes,
surveys, measurements, budget months, risk assessments, reviews, decisions); plans, risks
and actions are kept whole, as the range would cut them in pieces.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Table, or_, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from ..domain.kinds import kind
from .errors import ExchangeError

# The column whose date decides whether an event falls inside the range.
EVENT_DATES = {
    "ticket": "opened_at",
    "outage": "start_at",
    "change": "deployed_at",
    "survey": "responded_on",
    "measurement": "period_end",
    "budget_month": "month",
    "risk_score": "assessed_on",
    "review": "held_on",
    "decision": "decided_on",
}
# Rows that belong to the selection through a parent row rather than a column of their own.
THROUGH_PARENT = {
    "sla_target": ("sla_id", "sla"),
    "budget_month": ("line_id", "budget_line"),
    "risk_score": ("raid_item_id", "raid_item"),
    "review_scope": ("review_id", "review"),
    "attendee": ("review_id", "review"),
    "snapshot": ("review_id", "review"),
}


@dataclass(frozen=True)
class Selection:
    """What to export, by codes; empty means no limit on that side."""

    services: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    customers: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None

    @property
    def scoped(self) -> bool:
        return bool(self.services or self.projects or self.customers)

    @property
    def everything(self) -> bool:
        return not self.scoped and self.start is None and self.end is None

    def describe(self) -> str:
        """One line for the Summary and ``_meta`` sheets."""
        parts = [
            f"{label} {', '.join(codes)}"
            for label, codes in (
                ("services", self.services),
                ("projects", self.projects),
                ("customers", self.customers),
            )
            if codes
        ]
        if self.start or self.end:
            first = self.start.isoformat() if self.start else "the beginning"
            last = self.end.isoformat() if self.end else "today"
            parts.append(f"from {first} to {last}")
        return "; ".join(parts) if parts else "the whole portfolio"


@dataclass(frozen=True)
class Scope:
    """A selection resolved to ids; ``None`` means every row on that side."""

    services: frozenset[int] | None
    projects: frozenset[int] | None
    customers: frozenset[int] | None
    start: date | None
    end: date | None
    only_customers: frozenset[int] | None = None  # set when customers alone were chosen

    def condition(self, kind_name: str) -> ColumnElement[bool] | None:
        """The WHERE clause that keeps a kind's rows in the selection (None: keep all)."""
        found = [c for c in (self._belongs(kind_name), self._in_range(kind_name)) if c is not None]
        if not found:
            return None
        return found[0] if len(found) == 1 else found[0] & found[1]

    def _belongs(self, kind_name: str) -> ColumnElement[bool] | None:
        if self.services is None:
            return None
        table = kind(kind_name).table
        services, projects = self.services, self.projects or frozenset()
        if kind_name == "service":
            return table.c.id.in_(services)
        if kind_name == "customer":  # another customer's name is theirs to share, not ours
            return None if self.only_customers is None else table.c.id.in_(self.only_customers)
        if kind_name == "dependency":  # both ends inside, or a link would name outside tasks
            tasks = kind("task").table
            inside = select(tasks.c.id).where(tasks.c.project_id.in_(projects))
            return table.c.predecessor_id.in_(inside) & table.c.successor_id.in_(inside)
        if kind_name == "project":
            return table.c.id.in_(projects)
        if kind_name == "review":
            return table.c.id.in_(self._reviews())
        if kind_name in THROUGH_PARENT:
            column, parent = THROUGH_PARENT[kind_name]
            inner = self._belongs(parent)
            parent_table = kind(parent).table
            return table.c[column].in_(select(parent_table.c.id).where(_or_true(inner)))
        return _direct(table, services, projects, self, kind_name)

    def _reviews(self) -> Any:
        scope = kind("review_scope").table
        hits = [scope.c.project_id.in_(self.projects or ())]
        if self.only_customers is None:  # a review of a shared service is everyone's meeting
            hits.append(scope.c.service_id.in_(self.services or ()))
        if self.customers:
            hits.append(scope.c.customer_id.in_(self.customers))
        return select(scope.c.review_id).where(or_(*hits))

    def _in_range(self, kind_name: str) -> ColumnElement[bool] | None:
        name = EVENT_DATES.get(kind_name)
        if name is None or (self.start is None and self.end is None):
            return None
        column = kind(kind_name).table.c[name]
        is_instant = kind_name in ("ticket", "outage", "change")
        parts = []
        if self.start is not None:
            parts.append(column >= (datetime.combine(self.start, time()) if is_instant
                                    else self.start))  # fmt: skip
        if self.end is not None:
            after = self.end + timedelta(days=1)
            parts.append(
                column < datetime.combine(after, time()) if is_instant else column <= self.end
            )
        return parts[0] if len(parts) == 1 else parts[0] & parts[1]


def _or_true(condition: ColumnElement[bool] | None) -> ColumnElement[bool]:
    return true() if condition is None else condition


def _direct(
    table: Table, services: frozenset[int], projects: frozenset[int], scope: Scope, name: str
) -> ColumnElement[bool] | None:
    """Rows with a service, project (or task) of the selection; None for reference data."""
    hits: list[ColumnElement[bool]] = []
    if "service_id" in table.c:
        hits.append(table.c.service_id.in_(services))
    if "project_id" in table.c:
        hits.append(table.c.project_id.in_(projects))
    if "task_id" in table.c:
        tasks = kind("task").table
        hits.append(table.c.task_id.in_(select(tasks.c.id).where(tasks.c.project_id.in_(projects))))
    if "review_id" in table.c and name != "review_scope":
        hits.append(table.c.review_id.in_(scope._reviews()))
    if "raid_item_id" in table.c:
        raid = kind("raid_item").table
        inner = scope._belongs("raid_item")
        hits.append(table.c.raid_item_id.in_(select(raid.c.id).where(_or_true(inner))))
    if not hits:
        return None
    belongs = or_(*hits)
    if scope.only_customers is not None and "customer_id" in table.c:
        # another customer's tickets or SLAs on a shared service stay out
        mine = table.c.customer_id.is_(None) | table.c.customer_id.in_(scope.only_customers)
        return belongs & mine
    return belongs


def _ids_by_code(session: Session, kind_name: str, codes: Iterable[str]) -> frozenset[int]:
    wanted = list(dict.fromkeys(codes))
    if not wanted:
        return frozenset()
    table = kind(kind_name).table
    rows = session.execute(select(table.c.code, table.c.id).where(table.c.code.in_(wanted)))
    found = {str(code): int(row_id) for code, row_id in rows}
    missing = [c for c in wanted if c not in found]
    if missing:
        noun = kind(kind_name).label.lower()
        raise ExchangeError(f"Unknown {noun} code {missing[0]!r}: nothing was exported.")
    return frozenset(found.values())


def resolve(session: Session, selection: Selection) -> Scope:
    """The ids a selection covers; ExchangeError names the first unknown code."""
    if selection.start and selection.end and selection.end < selection.start:
        raise ExchangeError(
            f"The range ends ({selection.end:%d %b %Y}) before it starts "
            f"({selection.start:%d %b %Y})."
        )
    if not selection.scoped:
        return Scope(None, None, None, selection.start, selection.end)
    services = set(_ids_by_code(session, "service", selection.services))
    projects = set(_ids_by_code(session, "project", selection.projects))
    customers = _ids_by_code(session, "customer", selection.customers)
    slas, project_table = kind("sla").table, kind("project").table
    if customers:
        query = select(slas.c.service_id).where(slas.c.customer_id.in_(customers))
        services.update(int(v) for v in session.execute(query).scalars())
        query = select(project_table.c.id).where(project_table.c.customer_id.in_(customers))
        projects.update(int(v) for v in session.execute(query).scalars())
    alone = customers if not (selection.services or selection.projects) else None
    if selection.services:  # a chosen service brings its projects; a customer's service
        # shared with other customers must not bring their projects
        chosen = _ids_by_code(session, "service", selection.services)
        query = select(project_table.c.id).where(project_table.c.service_id.in_(chosen))
        projects.update(int(v) for v in session.execute(query).scalars())
    return Scope(
        frozenset(services), frozenset(projects), customers, selection.start, selection.end, alone
    )
