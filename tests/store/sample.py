"""A small portfolio holding one or more rows of every kind, built through operations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from sdm_workbench.domain.base import Base
from sdm_workbench.operations import CreateRow, run
from sdm_workbench.store import Store

# (kind, values) in an order where references already exist; "@name" refers to an earlier row.
SAMPLE: list[tuple[str, str, dict[str, Any]]] = [
    ("ana", "person", {"name": "Ana Ruiz", "email": "ana@example.org"}),
    ("ben", "person", {"name": "Ben Okafor", "is_stakeholder": True}),
    ("team", "team", {"name": "Service Desk", "lead_id": "@ana"}),
    ("member", "team_member", {"team_id": "@team", "person_id": "@ben"}),
    ("cust", "customer", {"name": "Northwind", "contact_id": "@ben"}),
    (
        "cal",
        "calendar",
        {"name": "Berlin office", "timezone": "Europe/Berlin", "holiday_country": "DE"},
    ),
    ("closed", "closed_day", {"calendar_id": "@cal", "day": "2026-12-24", "name": "Shutdown"}),
    ("svc", "service", {"name": "Email", "owner_id": "@ana", "calendar_id": "@cal"}),
    (
        "sla",
        "sla",
        {
            "name": "Email gold",
            "service_id": "@svc",
            "customer_id": "@cust",
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
        },
    ),
    (
        "target",
        "sla_target",
        {
            "sla_id": "@sla",
            "metric": "resolution time",
            "target": 4,
            "unit": "business hours",
            "priority": 1,
        },
    ),
    (
        "ticket",
        "ticket",
        {
            "external_id": "INC001",
            "service_id": "@svc",
            "priority": 1,
            "opened_at": "2026-03-02 09:00",
            "resolved_at": "2026-03-02 12:00",
        },
    ),
    (
        "pause",
        "ticket_pause",
        {"ticket_id": "@ticket", "start_at": "2026-03-02 10:00", "end_at": "2026-03-02 10:30"},
    ),
    (
        "outage",
        "outage",
        {"service_id": "@svc", "start_at": "2026-03-03 01:00", "end_at": "2026-03-03 01:20"},
    ),
    (
        "change",
        "change",
        {
            "service_id": "@svc",
            "deployed_at": "2026-03-04 18:00",
            "failed": True,
            "restored_at": "2026-03-04 19:00",
        },
    ),
    (
        "survey",
        "survey",
        {
            "service_id": "@svc",
            "responded_on": "2026-03-05",
            "csat": 4,
            "nps": 9,
            "exp_empathy": 6,
            "perc_empathy": 5,
        },
    ),
    (
        "prj",
        "project",
        {
            "name": "Mail migration",
            "service_id": "@svc",
            "manager_id": "@ana",
            "start_date": "2026-02-01",
            "finish_date": "2026-06-30",
        },
    ),
    (
        "phase",
        "task",
        {
            "project_id": "@prj",
            "name": "Phase 1",
            "start_date": "2026-02-02",
            "finish_date": "2026-03-13",
            "duration_days": 30,
        },
    ),
    (
        "t1",
        "task",
        {
            "project_id": "@prj",
            "parent_id": "@phase",
            "name": "Design",
            "start_date": "2026-02-02",
            "finish_date": "2026-02-13",
            "duration_days": 10,
            "assignee_id": "@ben",
        },
    ),
    (
        "t2",
        "task",
        {
            "project_id": "@prj",
            "parent_id": "@phase",
            "name": "Go live",
            "is_milestone": True,
            "duration_days": 0,
            "start_date": "2026-03-13",
            "finish_date": "2026-03-13",
        },
    ),
    (
        "dep",
        "dependency",
        {"predecessor_id": "@t1", "successor_id": "@t2", "type": "FS", "lag_days": 2},
    ),
    (
        "line",
        "budget_line",
        {
            "project_id": "@prj",
            "category": "labour",
            "name": "Engineers",
            "budget_at_completion": 120000,
        },
    ),
    (
        "month",
        "budget_month",
        {"line_id": "@line", "month": "2026-02-01", "planned": 20000, "actual": 21000},
    ),
    (
        "risk",
        "raid_item",
        {
            "type": "risk",
            "title": "Vendor late",
            "project_id": "@prj",
            "owner_id": "@ana",
            "probability": 4,
            "impact": 3,
        },
    ),
    (
        "score",
        "risk_score",
        {"raid_item_id": "@risk", "assessed_on": "2026-02-10", "probability": 3, "impact": 3},
    ),
    (
        "kpi",
        "kpi",
        {
            "key": "mttr",
            "name": "Mean time to resolve",
            "unit": "h",
            "direction": "lower is better",
            "target": 8,
        },
    ),
    (
        "meas",
        "measurement",
        {
            "kpi_id": "@kpi",
            "service_id": "@svc",
            "period_start": "2026-02-01",
            "period_end": "2026-02-28",
            "value": 7.5,
        },
    ),
    ("raci", "raci", {"role": "A", "person_id": "@ana", "project_id": "@prj"}),
    ("review", "review", {"title": "March review", "held_on": "2026-03-10", "chair_id": "@ana"}),
    ("scope", "review_scope", {"review_id": "@review", "service_id": "@svc"}),
    ("att", "attendee", {"review_id": "@review", "person_id": "@ben"}),
    (
        "dec",
        "decision",
        {
            "review_id": "@review",
            "decided_on": "2026-03-10",
            "text": "Add a second vendor",
            "raid_item_id": "@risk",
        },
    ),
    (
        "act",
        "action",
        {
            "review_id": "@review",
            "title": "Call vendor",
            "owner_id": "@ben",
            "due_date": "2026-03-20",
            "project_id": "@prj",
        },
    ),
    ("snap", "snapshot", {"review_id": "@review", "taken_at": "2026-03-10 09:00", "payload": "{}"}),
]


def build_sample(store: Store) -> dict[str, int]:
    """Create the sample through operations; returns the id of each named row."""
    ids: dict[str, int] = {}
    for name, kind_name, values in SAMPLE:
        resolved = {
            k: ids[v[1:]] if isinstance(v, str) and v.startswith("@") else v
            for k, v in values.items()
        }
        operation = run(store, CreateRow(kind_name, resolved))
        assert operation.row_id is not None
        ids[name] = operation.row_id
    return ids


def table_contents(store: Store, *, with_version: bool = False) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted; the version counter left out unless asked for."""
    contents: dict[str, list[tuple[Any, ...]]] = {}
    with store.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if with_version or c.name != "version"]
            rows = conn.execute(select(*columns).order_by(table.c.id)).all()
            contents[table.name] = [tuple(r) for r in rows]
    return contents
