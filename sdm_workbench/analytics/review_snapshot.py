"""Take a review snapshot: the KPIs, SLA breaches, EVM, budgets, milestones, RAID and actions
of a scope as of a day, read in the caller's session and computed by the existing calculators.

KPI values and RAG come from :class:`~.kpis.KpiCalculator` for the month holding ``as_of``
(the dashboard's convention), so the review shows the numbers the dashboard showed that day.
A service's or project's RAG is the worst RAG of its KPIs. Breached tickets are those whose
response or resolution clock is past its target with the due instant (or, for targets
without one, the opening) in the ``breach_window_days`` up to ``as_of``: wide enough to cover
the gap since a monthly review, so "new breaches" compares like with like.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from ..domain.errors import NotFoundError
from ..store import repository as repo
from .kpi_inputs import KpiInputs, read
from .kpis import KpiCalculator
from .periods import month_of
from .review_model import (
    OPEN_ACTIONS,
    ActionEntry,
    CustomerRef,
    RaidEntry,
    ReviewScope,
    Snapshot,
)
from .review_subjects import breaches, project_statuses, service_statuses
from .risk import RiskItem, rate

BREACH_WINDOW_DAYS = 92
_PREFIXES = {"SVC-": "service", "PRJ-": "project", "CUS-": "customer"}


def _value(raw: Any) -> str:
    """An enum member or its value as plain text."""
    return str(getattr(raw, "value", raw))


def expand_scope(session: Session, scope: ReviewScope) -> tuple[list[int], list[int]]:
    """Service and project ids a scope covers: a customer brings the services it has an SLA
    for and the projects done for it. Unknown ids are refused."""
    services, projects = set(scope.service_ids), set(scope.project_ids)
    for kind_name, ids in (
        ("service", services),
        ("project", projects),
        ("customer", set(scope.customer_ids)),
    ):
        for row_id in ids:
            if repo.get(session, kind_name, row_id) is None:
                raise NotFoundError(f"The {kind_name} with id {row_id} no longer exists.")
    for customer in scope.customer_ids:
        services.update(
            r["service_id"] for r in repo.list_rows(session, "sla", where={"customer_id": customer})
        )
        projects.update(
            r.id for r in repo.list_rows(session, "project", where={"customer_id": customer})
        )
    return sorted(services), sorted(projects)


def scope_from_codes(session: Session, codes: Iterable[str]) -> ReviewScope:
    """``SVC-001``, ``PRJ-002``, ``CUS-003`` ... as a scope; a clear error for unknown codes."""
    found: dict[str, list[int]] = defaultdict(list)
    for raw in codes:
        code = raw.strip().upper()
        if not code:
            continue
        kind_name = next((k for p, k in _PREFIXES.items() if code.startswith(p)), None)
        if kind_name is None:
            raise NotFoundError(
                f"{raw.strip()!r} is not a service, project or customer code "
                "(they start with SVC-, PRJ- or CUS-)."
            )
        row = repo.find_by_code(session, kind_name, code)
        if row is None:
            raise NotFoundError(f"There is no {kind_name} {code}.")
        found[kind_name].append(row.id)
    scope = ReviewScope(tuple(found["service"]), tuple(found["project"]), tuple(found["customer"]))
    if not scope:
        raise NotFoundError("Name at least one service, project or customer for the review.")
    return scope


def take_snapshot(
    session: Session,
    scope: ReviewScope,
    as_of: date,
    *,
    carry_over_from: Collection[int] = (),
    inputs: KpiInputs | None = None,
    breach_window_days: int = BREACH_WINDOW_DAYS,
) -> Snapshot:
    """The snapshot of ``scope`` as of ``as_of``.

    ``carry_over_from``: review ids whose still-open actions belong in this snapshot even
    when they are not linked to anything in scope (the previous review's actions).
    ``inputs``: the portfolio already read (e.g. the dashboard's), to skip reading it again.
    """
    service_ids, project_ids = expand_scope(session, scope)
    inputs = inputs if inputs is not None else read(session)
    calculator = KpiCalculator(inputs, as_of, ("service", "project"))
    period = month_of(as_of)
    results = calculator.results(period)
    people = {p.id: str(p["name"]) for p in repo.list_rows(session, "person")}
    start = datetime.combine(as_of - timedelta(days=breach_window_days), datetime.min.time())
    found = breaches(session, inputs, calculator.values.sla, service_ids, start, as_of)
    raid = _raid(inputs.raid_items, service_ids, project_ids, people)
    return Snapshot(
        as_of=as_of,
        period=period.label,
        scope=scope,
        services=tuple(service_statuses(inputs, results, service_ids, found)),
        projects=tuple(project_statuses(inputs, results, project_ids, as_of)),
        customers=tuple(
            CustomerRef(c["id"], str(c["code"]), str(c["name"]))
            for c in inputs.customers
            if c["id"] in scope.customer_ids
        ),
        raid=tuple(raid),
        actions=tuple(
            _actions(
                session,
                service_ids,
                project_ids,
                {r.id for r in raid},
                set(carry_over_from),
                as_of,
                people,
            )
        ),
    )


def _raid(
    rows: Sequence[Mapping[str, Any]],
    service_ids: Sequence[int],
    project_ids: Sequence[int],
    people: Mapping[int, str],
) -> list[RaidEntry]:
    services, projects = set(service_ids), set(project_ids)
    entries = []
    for row in rows:
        if row["service_id"] not in services and row["project_id"] not in projects:
            continue
        rating = rate(RiskItem.from_row(row))
        entries.append(
            RaidEntry(
                id=row["id"],
                code=str(row["code"]),
                type=_value(row["type"]),
                title=str(row["title"]),
                status=_value(row["status"]),
                score=rating.score,
                band=None if rating.band is None else rating.band.value,
                residual_score=rating.residual_score,
                service_id=row["service_id"],
                project_id=row["project_id"],
                owner=people.get(row["owner_id"]),
            )
        )
    return sorted(entries, key=lambda r: r.code)


def _actions(
    session: Session,
    service_ids: Sequence[int],
    project_ids: Sequence[int],
    raid_ids: set[int],
    reviews: set[int],
    as_of: date,
    people: Mapping[int, str],
) -> list[ActionEntry]:
    services, projects = set(service_ids), set(project_ids)
    entries = []
    for row in repo.list_rows(session, "action"):
        if _value(row["status"]) not in OPEN_ACTIONS:
            continue
        if row["raised_on"] is not None and row["raised_on"] > as_of:
            continue
        linked = (
            row["service_id"] in services
            or row["project_id"] in projects
            or row["raid_item_id"] in raid_ids
            or row["review_id"] in reviews
        )
        if linked:
            entries.append(action_entry(row.values, people))
    return sorted(entries, key=lambda a: (a.due_date or date.max, a.code))


def action_entry(row: Mapping[str, Any], people: Mapping[int, str]) -> ActionEntry:
    """An ``action_items`` row as a snapshot entry."""
    return ActionEntry(
        id=row["id"],
        code=str(row["code"]),
        title=str(row["title"]),
        owner=people.get(row["owner_id"]),
        due_date=row["due_date"],
        status=_value(row["status"]),
        review_id=row["review_id"],
        service_id=row["service_id"],
        project_id=row["project_id"],
        raid_item_id=row["raid_item_id"],
    )
