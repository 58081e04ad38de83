"""Review snapshots for the demo's past reviews, in the format the workbench reads (format 1).

The demo has no database while it builds, so it cannot run the calculators; it fills the
same :class:`~sdm_workbench.analytics.review_model.Snapshot` from what it generated: the
monthly KPI history, each project's health-tempered progress, the RAID log with its score
history (the score as assessed by the review date), milestones still on their baseline
before they slipped, and the actions open that day. SLA breaches are not simulated per
ticket here, so a demo snapshot lists none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from ..analytics.kpi_catalogue import CATALOGUE
from ..analytics.rag import rag
from ..analytics.review_model import (
    OPEN_ACTIONS,
    ActionEntry,
    BudgetFigures,
    CustomerRef,
    EarnedValueFigures,
    KpiValue,
    Milestone,
    ProjectStatus,
    RaidEntry,
    ReviewScope,
    ServiceStatus,
    Snapshot,
    worst_rag,
)
from ..analytics.risk import DEFAULT_BANDS
from .context import Builder
from .kpis import SERVICE_KPIS
from .projects import ProjectSpec
from .services import ServiceSpec

Row = Mapping[str, Any]


def _kpi(key: str, value: float | None) -> KpiValue:
    spec = CATALOGUE[key]
    return KpiValue(
        key,
        spec.name,
        spec.unit,
        spec.direction.value,
        value,
        spec.target,
        rag(value, spec.thresholds).value,
    )


class DemoSnapshots:
    """Indexes the generated rows once; :meth:`take` builds one review's snapshot."""

    def __init__(self, b: Builder) -> None:
        self.b = b
        self.services: dict[int, ServiceSpec] = {s.id: s for s in b.info["services"]}
        self.projects: dict[int, ProjectSpec] = {p.id: p for p in b.info["projects"]}
        self.people = {r["id"]: str(r["name"]) for r in b.tables["people"]}
        self.milestones: dict[int, list[Row]] = defaultdict(list)
        for task in b.tables["tasks"]:
            if task["is_milestone"]:
                self.milestones[task["project_id"]].append(task)
        self.bac: dict[int, float] = defaultdict(float)
        self.currency: dict[int, str] = {}
        for line in b.tables["budget_lines"]:
            if line["project_id"] is not None:
                self.bac[line["project_id"]] += line["budget_at_completion"]
                self.currency.setdefault(line["project_id"], line["currency"])
        self.scores: dict[int, list[Row]] = defaultdict(list)
        for entry in b.tables["risk_score_history"]:
            self.scores[entry["raid_item_id"]].append(entry)

    def take(
        self,
        held: date,
        items: Sequence[tuple[str, int]],
        kpi_index: int | None,
        project_status: Mapping[int, Mapping[str, Any]],
    ) -> Snapshot:
        ids: dict[str, list[int]] = defaultdict(list)
        for subject, ref in items:
            ids[subject].append(ref)
        services = sorted((self.services[i] for i in ids["service"]), key=lambda s: s.code)
        projects = sorted((self.projects[i] for i in ids["project"]), key=lambda p: p.code)
        customers = [r for r in self.b.tables["customers"] if r["id"] in ids["customer"]]
        raid = self._raid(held, set(ids["service"]), set(ids["project"]))
        return Snapshot(
            as_of=held,
            period=f"{held:%b %Y}",
            scope=ReviewScope(tuple(ids["service"]), tuple(ids["project"]), tuple(ids["customer"])),
            services=tuple(self._service(s, kpi_index) for s in services),
            projects=tuple(self._project(p, held, project_status[p.id]) for p in projects),
            customers=tuple(CustomerRef(c["id"], c["code"], c["name"]) for c in customers),
            raid=tuple(raid),
            actions=tuple(
                self._actions(held, set(ids["service"]), set(ids["project"]), {r.id for r in raid})
            ),
        )

    def _service(self, svc: ServiceSpec, index: int | None) -> ServiceStatus:
        values: dict[tuple[str, int], list[float]] = self.b.info["kpi_values"]
        kpis = tuple(
            sorted(
                (
                    _kpi(k.key, None if index is None else values[(k.key, svc.id)][index])
                    for k in SERVICE_KPIS
                ),
                key=lambda k: k.key,
            )
        )
        attainment = next(k.value for k in kpis if k.key == "sla_attainment")
        return ServiceStatus(
            svc.id, svc.code, svc.name, worst_rag(k.rag for k in kpis), attainment, kpis
        )

    def _project(self, p: ProjectSpec, held: date, status: Mapping[str, Any]) -> ProjectStatus:
        bac = round(self.bac[p.id], 2)
        pct, cpi, spi = status["percent_complete"], status["cpi"], status["spi"]
        ev = round(bac * pct / 100, 2)
        ac, pv = round(ev / cpi, 2) if cpi else 0.0, round(ev / spi, 2) if spi else 0.0
        eac = round(bac / cpi, 2) if cpi else None
        forecast = eac if eac is not None else bac
        variance = round(forecast - bac, 2)
        kpis = (_kpi("cpi", cpi), _kpi("spi", spi))
        return ProjectStatus(
            id=p.id,
            code=p.code,
            name=p.name,
            status=p.status,
            rag=worst_rag(k.rag for k in kpis),
            percent_complete=pct,
            evm=EarnedValueFigures(bac, pv, ev, ac, cpi, spi, eac),
            budget=BudgetFigures(
                bac,
                ac,
                forecast,
                variance,
                round(100 * variance / bac, 2) if bac else None,
                self.currency.get(p.id, "EUR"),
            ),
            kpis=kpis,
            milestones=self._milestones(p.id, held),
        )

    def _milestones(self, project: int, held: date) -> tuple[Milestone, ...]:
        found = []
        for t in self.milestones[project]:
            # Before it slipped a milestone still stood on its baseline.
            baseline = t["baseline_finish"]
            day = baseline if baseline is not None and t["finish_date"] > held else t["finish_date"]
            found.append(
                Milestone(
                    t["id"],
                    str(t["name"]),
                    day,
                    baseline,
                    day <= held and t["percent_complete"] >= 100,
                )
            )
        return tuple(sorted(found, key=lambda m: (m.date, m.id)))

    def _raid(self, held: date, services: set[int], projects: set[int]) -> list[RaidEntry]:
        entries = []
        for r in self.b.tables["raid_items"]:
            raised = r["raised_on"]
            if raised is not None and raised > held:
                continue
            if r["service_id"] not in services and r["project_id"] not in projects:
                continue
            p, i = r["probability"], r["impact"]
            assessed = [e for e in self.scores[r["id"]] if e["assessed_on"] <= held]
            if assessed:
                last = max(assessed, key=lambda e: (e["assessed_on"], e["id"]))
                p, i = last["probability"], last["impact"]
            score = None if p is None or i is None else p * i
            entries.append(
                RaidEntry(
                    r["id"],
                    r["code"],
                    str(r["type"]),
                    r["title"],
                    "open" if str(r["status"]) == "closed" else str(r["status"]),
                    score,
                    None if score is None else DEFAULT_BANDS.band(score).value,
                    None,
                    r["service_id"],
                    r["project_id"],
                    self.people.get(r["owner_id"] or 0),
                )
            )
        return sorted(entries, key=lambda e: e.code)

    def _actions(
        self, held: date, services: set[int], projects: set[int], raid: set[int]
    ) -> list[ActionEntry]:
        entries = []
        for a in self.b.tables["action_items"]:
            if a["raised_on"] >= held or str(a["status"]) == "cancelled":
                continue
            if a["closed_on"] is not None and a["closed_on"] <= held:
                continue
            if not (
                a["service_id"] in services
                or a["project_id"] in projects
                or a["raid_item_id"] in raid
            ):
                continue
            entries.append(
                ActionEntry(
                    a["id"],
                    a["code"],
                    a["title"],
                    self.people.get(a["owner_id"] or 0),
                    a["due_date"],
                    "open" if str(a["status"]) not in OPEN_ACTIONS else a["status"],
                    a["review_id"],
                    a["service_id"],
                    a["project_id"],
                    a["raid_item_id"],
                )
            )
        return sorted(entries, key=lambda e: (e.due_date or date.max, e.code))
