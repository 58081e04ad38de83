"""The service and project parts of a review snapshot: KPIs with RAG, SLA breaches, earned
value, budget and milestones, from the portfolio read once (:class:`~.kpi_inputs.KpiInputs`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from ..store import repository as repo
from .evm import BudgetLineAmounts, actual_cost, project_earned_value
from .kpi_inputs import KpiInputs, leaf_progress
from .kpis import KpiResult
from .review_model import (
    BreachedTicket,
    BudgetFigures,
    EarnedValueFigures,
    KpiValue,
    Milestone,
    ProjectStatus,
    ServiceStatus,
    worst_rag,
)
from .sla_clock import ClockState, SlaClockResult


def _value(raw: Any) -> str:
    return str(getattr(raw, "value", raw))


def _kpis(results: Sequence[KpiResult]) -> tuple[KpiValue, ...]:
    return tuple(
        KpiValue(r.key, r.name, r.unit, r.direction, r.value, r.target, r.rag.value)
        for r in sorted(results, key=lambda r: r.key)
    )


def _by_code(results: Iterable[KpiResult], scope: str) -> dict[str, list[KpiResult]]:
    found: dict[str, list[KpiResult]] = defaultdict(list)
    for r in results:
        if r.scope == scope:
            found[r.scope_code].append(r)
    return found


def service_statuses(
    inputs: KpiInputs,
    results: Sequence[KpiResult],
    ids: Sequence[int],
    breaches: Mapping[int, list[BreachedTicket]],
) -> list[ServiceStatus]:
    by_code = _by_code(results, "service")
    wanted = set(ids)
    statuses = []
    for svc in sorted(inputs.services, key=lambda s: str(s["code"])):
        if svc["id"] not in wanted:
            continue
        kpis = _kpis(by_code.get(str(svc["code"]), []))
        attainment = next((k.value for k in kpis if k.key == "sla_attainment"), None)
        statuses.append(
            ServiceStatus(
                svc["id"],
                str(svc["code"]),
                str(svc["name"]),
                worst_rag(k.rag for k in kpis),
                attainment,
                kpis,
                tuple(breaches.get(svc["id"], ())),
            )
        )
    return statuses


def breaches(
    session: Session,
    inputs: KpiInputs,
    sla: SlaClockResult,
    service_ids: Sequence[int],
    start: datetime,
    as_of: date,
) -> dict[int, list[BreachedTicket]]:
    tickets = inputs.tickets
    mine = np.isin(inputs.ticket_service, np.asarray(service_ids, dtype=np.int64))
    low = np.datetime64(start, "m")
    high = np.datetime64(datetime.combine(as_of + timedelta(days=1), datetime.min.time()), "m")
    hits: list[tuple[int, str, Any]] = []
    for metric, clock in (("response", sla.response), ("resolution", sla.resolution)):
        when = np.where(np.isnat(clock.due), tickets.opened, clock.due)
        hit = mine & (clock.state == ClockState.BREACHED) & (when >= low) & (when < high)
        for position in np.flatnonzero(hit):
            hits.append((int(tickets.ids[position]), metric, clock.due[position]))
    if not hits:
        return {}
    rows = repo.read_columns(
        session, "ticket", ["id", "external_id", "priority", "service_id"], ids={h[0] for h in hits}
    )
    info = {i: (e, p, s) for i, e, p, s in zip(*rows.values(), strict=True)}
    found: dict[int, list[BreachedTicket]] = defaultdict(list)
    for ticket_id, metric, due in hits:
        external, priority, service = info[ticket_id]
        due_at = None if np.isnat(due) else due.astype(datetime)
        found[service].append(
            BreachedTicket(ticket_id, str(external), int(priority), metric, due_at)
        )
    for entries in found.values():
        entries.sort(key=lambda b: (b.due_at or datetime.min, b.id, b.metric))
    return found


def _budget(lines: Sequence[BudgetLineAmounts], as_of: date) -> BudgetFigures:
    planned = sum(line.budget_at_completion for line in lines)
    status_month = as_of.replace(day=1)
    forecast = 0.0
    for line in lines:
        for m in line.months:
            if m.month <= status_month and m.actual is not None:
                forecast += m.actual
            else:
                forecast += m.forecast if m.forecast is not None else m.planned
    variance = forecast - planned
    currencies = sorted({line.currency for line in lines}) or ["EUR"]
    return BudgetFigures(
        planned=round(planned, 2),
        actual=round(actual_cost(lines, as_of), 2),
        forecast=round(forecast, 2),
        variance=round(variance, 2),
        variance_percent=round(100.0 * variance / planned, 2) if planned else None,
        currency=currencies[0],
    )


def _milestones(tasks: Sequence[Mapping[str, Any]]) -> tuple[Milestone, ...]:
    found = [
        Milestone(
            t["id"],
            str(t["name"]),
            t["finish_date"],
            t["baseline_finish"],
            t["percent_complete"] >= 100,
        )
        for t in tasks
        if t["is_milestone"]
    ]
    return tuple(sorted(found, key=lambda m: (m.date, m.id)))


def project_statuses(
    inputs: KpiInputs, results: Sequence[KpiResult], ids: Sequence[int], as_of: date
) -> list[ProjectStatus]:
    by_code = _by_code(results, "project")
    wanted = set(ids)
    statuses = []
    for prj in sorted(inputs.projects, key=lambda p: str(p["code"])):
        pid = prj["id"]
        if pid not in wanted:
            continue
        tasks = inputs.tasks.get(pid, [])
        lines = inputs.budget_lines.get(("project", pid), [])
        ev = project_earned_value(lines, leaf_progress(tasks), as_of)
        kpis = _kpis(by_code.get(str(prj["code"]), []))
        statuses.append(
            ProjectStatus(
                id=pid,
                code=str(prj["code"]),
                name=str(prj["name"]),
                status=_value(prj["status"]),
                rag=worst_rag(k.rag for k in kpis),
                percent_complete=None
                if ev.percent_complete is None
                else round(ev.percent_complete, 2),
                evm=EarnedValueFigures(
                    round(ev.bac, 2),
                    round(ev.pv, 2),
                    round(ev.ev, 2),
                    round(ev.ac, 2),
                    _round(ev.cpi),
                    _round(ev.spi),
                    _round(ev.eac, 2),
                ),
                budget=_budget(lines, as_of),
                kpis=kpis,
                milestones=_milestones(tasks),
            )
        )
    return statuses


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)
