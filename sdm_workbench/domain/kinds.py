"""The registry of stored kinds: one place that names each table for operations, CLI and GUI."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table

from .base import Entity
from .budgets import BudgetLine, BudgetMonth
from .kpis import KpiDefinition, KpiMeasurement
from .operations_log import ChangeRecord, Outage, Ticket, TicketPause
from .people import Customer, Person, RaciAssignment, Team, TeamMember
from .projects import Dependency, Project, Task
from .raid import RaidItem, RiskScoreEntry
from .reviews import (
    ActionItem,
    Decision,
    Review,
    ReviewAttendee,
    ReviewScopeItem,
    ReviewSnapshot,
)
from .services import BusinessCalendar, ClosedDay, Service, Sla, SlaTarget
from .surveys import SurveyResponse


@dataclass(frozen=True)
class Kind:
    """How one stored kind is named and identified by people."""

    name: str
    model: type[Entity]
    label: str
    plural: str
    code_column: str | None = None
    code_prefix: str | None = None
    title_column: str | None = None

    @property
    def noun(self) -> str:
        """The label inside a sentence: "service", but "SLA" and "RAID item" keep capitals."""
        return self.label if self.label[:2].isupper() else self.label.lower()

    @property
    def table(self) -> Table:
        table = self.model.__table__
        assert isinstance(table, Table)
        return table


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("person", Person, "Person", "People", title_column="name"),
        Kind("team", Team, "Team", "Teams", "code", "TEAM-", "name"),
        Kind("team_member", TeamMember, "Team member", "Team members"),
        Kind("customer", Customer, "Customer", "Customers", "code", "CUS-", "name"),
        Kind("calendar", BusinessCalendar, "Calendar", "Calendars", "code", "CAL-", "name"),
        Kind("closed_day", ClosedDay, "Closed day", "Closed days", title_column="name"),
        Kind("service", Service, "Service", "Services", "code", "SVC-", "name"),
        Kind("sla", Sla, "SLA", "SLAs", "code", "SLA-", "name"),
        Kind("sla_target", SlaTarget, "SLA target", "SLA targets"),
        Kind("ticket", Ticket, "Ticket", "Tickets", title_column="title"),
        Kind("ticket_pause", TicketPause, "Ticket pause", "Ticket pauses"),
        Kind("outage", Outage, "Outage", "Outages", title_column="description"),
        Kind("change", ChangeRecord, "Change", "Changes", title_column="reference"),
        Kind("survey", SurveyResponse, "Survey response", "Survey responses"),
        Kind("project", Project, "Project", "Projects", "code", "PRJ-", "name"),
        Kind("task", Task, "Task", "Tasks", title_column="name"),
        Kind("dependency", Dependency, "Dependency", "Dependencies"),
        Kind("budget_line", BudgetLine, "Budget line", "Budget lines", title_column="name"),
        Kind("budget_month", BudgetMonth, "Budget month", "Budget months"),
        Kind("raid_item", RaidItem, "RAID item", "RAID log", "code", None, "title"),
        Kind("risk_score", RiskScoreEntry, "Risk assessment", "Risk score history"),
        Kind("kpi", KpiDefinition, "KPI", "KPI definitions", "key", None, "name"),
        Kind("measurement", KpiMeasurement, "KPI measurement", "KPI measurements"),
        Kind("raci", RaciAssignment, "RACI assignment", "RACI assignments"),
        Kind("review", Review, "Review", "Reviews", "code", "REV-", "title"),
        Kind("review_scope", ReviewScopeItem, "Review scope item", "Review scope"),
        Kind("attendee", ReviewAttendee, "Attendee", "Attendees"),
        Kind("decision", Decision, "Decision", "Decisions", title_column="text"),
        Kind("action", ActionItem, "Action item", "Action items", "code", "ACT-", "title"),
        Kind("snapshot", ReviewSnapshot, "Review snapshot", "Review snapshots"),
    )
}

# RAID codes carry their type: RSK-0042, ASM-0003, ISS-0007, DEP-0001, DEC-0002.
RAID_PREFIXES = {
    "risk": "RSK-",
    "assumption": "ASM-",
    "issue": "ISS-",
    "dependency": "DEP-",
    "decision": "DEC-",
}

_BY_TABLE = {k.table.name: k for k in KINDS.values()}


def kind(name: str) -> Kind:
    """The kind called ``name``; a clear error for a misspelt one."""
    try:
        return KINDS[name]
    except KeyError:
        known = ", ".join(sorted(KINDS))
        raise KeyError(f"Unknown kind {name!r}; known kinds: {known}") from None


def kind_of_table(table_name: str) -> Kind:
    return _BY_TABLE[table_name]
