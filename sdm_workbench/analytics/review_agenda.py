"""The review agenda: overdue actions first, then each service and project in scope with its
status, what changed since the last review, the KPIs worth a chart, its open risks and
issues and its open actions; other open actions (carried over, linked to nothing in scope)
close it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .review_changes import ChangeKind, ReviewChange
from .review_model import (
    ActionEntry,
    KpiValue,
    ProjectStatus,
    RaidEntry,
    ServiceStatus,
    Snapshot,
    worst_rag,
)

MAX_CHARTS = 4
_RISKS_AND_ISSUES = frozenset({"risk", "issue"})


class AgendaKind(StrEnum):
    OVERDUE_ACTIONS = "overdue_actions"
    SERVICE = "service"
    PROJECT = "project"
    OPEN_ACTIONS = "open_actions"
    FREE = "free"  # an item the manager added, with a title (and notes) only


@dataclass(frozen=True)
class AgendaItem:
    """One point of the agenda; ``service`` or ``project`` is set for a subject's item.

    ``charts`` are the keys of the KPIs worth drawing (those that changed RAG, then the red
    and amber ones), at most :data:`MAX_CHARTS`. ``key`` is stable across rebuilds (the GUI
    and captured decisions use it to find the item again); a free item's is ``free:<id>``
    (its stored row). ``notes`` are the presenter's own (never on the projector);
    ``hidden`` items stay in the agenda editor but are not presented or printed.
    """

    kind: AgendaKind
    title: str
    rag: str
    service: ServiceStatus | None = None
    project: ProjectStatus | None = None
    changes: tuple[ReviewChange, ...] = ()
    risks: tuple[RaidEntry, ...] = ()
    actions: tuple[ActionEntry, ...] = ()
    charts: tuple[str, ...] = ()
    notes: str = ""
    hidden: bool = False
    entry_id: int | None = None  # the stored agenda row (always set for a free item)

    @property
    def key(self) -> str:
        if self.kind is AgendaKind.FREE:
            return f"free:{self.entry_id}"
        if self.service is not None:
            return f"service:{self.service.id}"
        if self.project is not None:
            return f"project:{self.project.id}"
        return self.kind.value

    @property
    def service_id(self) -> int | None:
        return None if self.service is None else self.service.id

    @property
    def project_id(self) -> int | None:
        return None if self.project is None else self.project.id

    def chart_values(self) -> list[KpiValue]:
        """The KPI values named by ``charts``, in that order."""
        kpis = self.service.kpis if self.service else self.project.kpis if self.project else ()
        by_key = {k.key: k for k in kpis}
        return [by_key[key] for key in self.charts if key in by_key]


def build_agenda(
    snapshot: Snapshot, changes: Sequence[ReviewChange], open_actions: Sequence[ActionEntry]
) -> list[AgendaItem]:
    """The agenda of a review; ``open_actions`` are read live (captured ones included)."""
    as_of = snapshot.as_of
    overdue = [a for a in open_actions if a.overdue(as_of)]
    items: list[AgendaItem] = []
    if overdue:
        items.append(
            AgendaItem(
                AgendaKind.OVERDUE_ACTIONS,
                f"Overdue actions ({len(overdue)})",
                "red",
                actions=tuple(_ordered(overdue)),
            )
        )
    placed: set[int] = {a.id for a in overdue}
    for svc in snapshot.services:
        raid = snapshot.raid_of(service_id=svc.id)
        mine = _linked(open_actions, placed, raid, service_id=svc.id)
        items.append(
            _subject_item(
                AgendaKind.SERVICE,
                svc.label,
                svc.rag,
                svc.kpis,
                raid,
                [c for c in changes if c.service_id == svc.id],
                mine,
                service=svc,
            )
        )
    for prj in snapshot.projects:
        raid = snapshot.raid_of(project_id=prj.id)
        mine = _linked(open_actions, placed, raid, project_id=prj.id)
        items.append(
            _subject_item(
                AgendaKind.PROJECT,
                prj.label,
                prj.rag,
                prj.kpis,
                raid,
                [c for c in changes if c.project_id == prj.id],
                mine,
                project=prj,
            )
        )
    rest = [a for a in open_actions if a.id not in placed]
    if rest:
        items.append(
            AgendaItem(
                AgendaKind.OPEN_ACTIONS,
                "Other open actions",
                worst_rag(()),
                actions=tuple(_ordered(rest)),
            )
        )
    return items


def _ordered(actions: Sequence[ActionEntry]) -> list[ActionEntry]:
    return sorted(actions, key=lambda a: (a.due_date or date.max, a.code))


def _linked(
    actions: Sequence[ActionEntry],
    placed: set[int],
    raid: Sequence[RaidEntry],
    *,
    service_id: int | None = None,
    project_id: int | None = None,
) -> list[ActionEntry]:
    """Open actions of one subject (directly or through its RAID items), not shown before."""
    raid_ids = {r.id for r in raid}
    found = [
        a
        for a in actions
        if a.id not in placed
        and (
            (service_id is not None and a.service_id == service_id)
            or (project_id is not None and a.project_id == project_id)
            or a.raid_item_id in raid_ids
        )
    ]
    placed.update(a.id for a in found)
    return _ordered(found)


def _subject_item(
    kind: AgendaKind,
    title: str,
    rag: str,
    kpis: Sequence[KpiValue],
    raid: Sequence[RaidEntry],
    changes: Sequence[ReviewChange],
    actions: Sequence[ActionEntry],
    *,
    service: ServiceStatus | None = None,
    project: ProjectStatus | None = None,
) -> AgendaItem:
    risks = sorted(
        (r for r in raid if r.is_open and r.type in _RISKS_AND_ISSUES),
        key=lambda r: (-(r.score or 0), r.code),
    )
    keys = [c.kpi_key for c in changes if c.kind is ChangeKind.KPI_RAG and c.kpi_key]
    keys += [k.key for k in kpis if k.rag == "red"] + [k.key for k in kpis if k.rag == "amber"]
    return AgendaItem(
        kind,
        title,
        rag,
        service=service,
        project=project,
        changes=tuple(changes),
        risks=tuple(risks),
        actions=tuple(actions),
        charts=tuple(dict.fromkeys(keys))[:MAX_CHARTS],
    )
