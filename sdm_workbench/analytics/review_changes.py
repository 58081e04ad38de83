"""What changed since the last review: two snapshots in, plain-English changes out.

Only subjects in both snapshots are compared (a service new to the scope has no "before").
Reported, in this order per subject: KPIs whose RAG changed (a threshold was crossed), new
SLA breaches, milestones moved or slipped, budget variance drift of more than
``BUDGET_DRIFT_POINTS`` percentage points of budget, risk scores up or down, new RAID items.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .review_model import RAG_ORDER, KpiValue, ProjectStatus, RaidEntry, ServiceStatus, Snapshot

BUDGET_DRIFT_POINTS = 5.0
_SHOWN_TICKETS = 5  # a sentence names at most this many tickets


class ChangeKind(StrEnum):
    KPI_RAG = "kpi_rag"
    SLA_BREACH = "sla_breach"
    MILESTONE = "milestone"
    BUDGET = "budget"
    RISK_SCORE = "risk_score"
    NEW_RAID = "new_raid"


class Direction(StrEnum):
    """Whether the change is good news; the GUI colours by it."""

    WORSE = "worse"
    BETTER = "better"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class ReviewChange:
    """One change between two snapshots, attached to a service or a project.

    ``subject`` names what changed (a KPI, a milestone, a RAID item, "budget"); ``before``
    and ``after`` are display texts; ``sentence`` says it all in plain English.
    """

    kind: ChangeKind
    direction: Direction
    service_id: int | None
    project_id: int | None
    subject: str
    before: str
    after: str
    sentence: str
    raid_item_id: int | None = None
    kpi_key: str | None = None


def changes_since(previous: Snapshot | None, current: Snapshot) -> list[ReviewChange]:
    """Changes from ``previous`` to ``current``; none without a previous snapshot."""
    if previous is None:
        return []
    changes: list[ReviewChange] = []
    # A RAID item of a project in scope is told under the project (the more specific
    # subject), not a second time under its service.
    by_project = {
        prj.id: _raid_changes(previous, current, None, prj.id, prj.label)
        for prj in current.projects
        if previous.project(prj.id) is not None
    }
    told = {c.raid_item_id for found in by_project.values() for c in found}
    for svc in current.services:
        before = previous.service(svc.id)
        if before is not None:
            changes += _kpi_changes(before.kpis, svc.kpis, svc, None)
            changes += _breaches(before, svc)
            raid = _raid_changes(previous, current, svc.id, None, svc.label)
            changes += [c for c in raid if c.raid_item_id not in told]
    for prj in current.projects:
        old = previous.project(prj.id)
        if old is not None:
            changes += _kpi_changes(old.kpis, prj.kpis, None, prj)
            changes += _milestones(old, prj)
            changes += _budget(old, prj)
            changes += by_project[prj.id]
    return changes


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "no value"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text} %" if unit == "%" else f"{text} {unit}".strip()


def _kpi_changes(
    before: Iterable[KpiValue],
    after: Iterable[KpiValue],
    service: ServiceStatus | None,
    project: ProjectStatus | None,
) -> list[ReviewChange]:
    old = {k.key: k for k in before}
    label = service.label if service else project.label if project else ""
    found = []
    for new in after:
        was = old.get(new.key)
        if was is None or was.rag == new.rag or "none" in (was.rag, new.rag):
            continue  # no threshold was crossed if either side has no rating
        worse = RAG_ORDER.index(new.rag) < RAG_ORDER.index(was.rag)
        found.append(
            ReviewChange(
                ChangeKind.KPI_RAG,
                Direction.WORSE if worse else Direction.BETTER,
                service.id if service else None,
                project.id if project else None,
                new.name,
                f"{was.rag} ({_fmt(was.value, was.unit)})",
                f"{new.rag} ({_fmt(new.value, new.unit)})",
                f"{new.name} of {label} went from {was.rag} to {new.rag} "
                f"({_fmt(was.value, was.unit)} \u2192 {_fmt(new.value, new.unit)}).",
                kpi_key=new.key,
            )
        )
    return found


def _breaches(before: ServiceStatus, after: ServiceStatus) -> list[ReviewChange]:
    known = {(b.id, b.metric) for b in before.breaches}
    new = [b for b in after.breaches if (b.id, b.metric) not in known]
    if not new:
        return []
    tickets = list(dict.fromkeys(b.external_id for b in new))
    named = ", ".join(tickets[:_SHOWN_TICKETS])
    more = len(tickets) - _SHOWN_TICKETS
    named += f" and {more} more" if more > 0 else ""
    count = len(tickets)
    noun = "breach" if count == 1 else "breaches"
    return [
        ReviewChange(
            ChangeKind.SLA_BREACH,
            Direction.WORSE,
            after.id,
            None,
            "SLA breaches",
            str(len({b.id for b in before.breaches})),
            str(len({b.id for b in after.breaches})),
            f"{count} new SLA {noun} on {after.label}: {named}.",
        )
    ]


def _milestones(before: ProjectStatus, after: ProjectStatus) -> list[ReviewChange]:
    old = {m.id: m for m in before.milestones}
    found = []
    for m in after.milestones:
        was = old.get(m.id)
        if was is None or was.date == m.date:
            continue
        days = (m.date - was.date).days
        slipped = days > 0
        verb = f"slipped {days} days" if slipped else f"moved {-days} days earlier"
        baseline = ""
        if m.slip_days is not None and m.slip_days > 0:
            baseline = f"; now {m.slip_days} days after its baseline"
        found.append(
            ReviewChange(
                ChangeKind.MILESTONE,
                Direction.WORSE if slipped else Direction.BETTER,
                None,
                after.id,
                m.name,
                was.date.isoformat(),
                m.date.isoformat(),
                f"Milestone \u201c{m.name}\u201d of {after.label} {verb} "
                f"({was.date.isoformat()} \u2192 {m.date.isoformat()}){baseline}.",
            )
        )
    return found


def _budget(before: ProjectStatus, after: ProjectStatus) -> list[ReviewChange]:
    was, now = before.budget.variance_percent, after.budget.variance_percent
    if was is None or now is None or abs(now - was) <= BUDGET_DRIFT_POINTS:
        return []
    worse = now > was
    return [
        ReviewChange(
            ChangeKind.BUDGET,
            Direction.WORSE if worse else Direction.BETTER,
            None,
            after.id,
            "Budget variance",
            f"{was:+.1f} %",
            f"{now:+.1f} %",
            f"The forecast of {after.label} drifted from {was:+.1f} % to {now:+.1f} % of budget "
            f"({now - was:+.1f} points).",
        )
    ]


def _raid_changes(
    previous: Snapshot,
    current: Snapshot,
    service_id: int | None,
    project_id: int | None,
    label: str,
) -> list[ReviewChange]:
    old = {r.id: r for r in previous.raid_of(service_id=service_id, project_id=project_id)}
    found = []
    for item in current.raid_of(service_id=service_id, project_id=project_id):
        was = old.get(item.id)
        if was is None:
            if item.is_open:
                found.append(_new_raid(item, service_id, project_id, label))
            continue
        if was.score is None or item.score is None or was.score == item.score:
            continue
        up = item.score > was.score
        found.append(
            ReviewChange(
                ChangeKind.RISK_SCORE,
                Direction.WORSE if up else Direction.BETTER,
                service_id,
                project_id,
                f"{item.code} {item.title}",
                str(was.score),
                str(item.score),
                f"{item.type.capitalize()} {item.code} \u201c{item.title}\u201d "
                f"{'rose' if up else 'fell'} from {was.score} to {item.score}"
                f"{f' ({item.band})' if item.band else ''}.",
                item.id,
            )
        )
    return found


def _new_raid(
    item: RaidEntry, service_id: int | None, project_id: int | None, label: str
) -> ReviewChange:
    rated = f", score {item.score} ({item.band})" if item.score is not None else ""
    return ReviewChange(
        ChangeKind.NEW_RAID,
        Direction.WORSE if item.type in ("risk", "issue") else Direction.NEUTRAL,
        service_id,
        project_id,
        f"{item.code} {item.title}",
        "",
        item.status,
        f"New {item.type} on {label}: {item.code} \u201c{item.title}\u201d{rated}.",
        item.id,
    )
