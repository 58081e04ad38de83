"""KPI definitions (target, thresholds, direction) and monthly measurement history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from ..analytics.kpi_catalogue import CATALOGUE, KpiSpec
from ..analytics.rag import Rag, rag
from .context import Builder, add_months, month_end, month_start
from .projects import ProjectSpec
from .services import ServiceSpec


@dataclass(frozen=True)
class KpiDef:
    """A catalogue KPI and how the demo draws its values: from ``poor`` to ``good`` by quality.

    Names, units, targets and thresholds come from the analytics catalogue, so the demo's
    definitions and the computed KPIs agree.
    """

    key: str
    source: str
    good: float = 0.0
    poor: float = 0.0
    noise: float = 0.0
    low: float = 0.0
    high: float = 100.0
    decimals: int = 1

    @property
    def spec(self) -> KpiSpec:
        return CATALOGUE[self.key]

    def rag(self, value: float) -> str:
        colour = rag(value, self.spec.thresholds)
        return "grey" if colour is Rag.NONE else colour.value


SERVICE_KPIS = (
    KpiDef("mttr_business", "computed", 8, 40, 3, 0.5, 120),
    KpiDef("mtta", "computed", 150, 550, 40, 1, 1440, 0),
    KpiDef("sla_attainment", "computed", 98.5, 86, 1.5, 40, 100),
    KpiDef("availability", "computed", 99.98, 99.55, 0.08, 95, 100, 3),
    KpiDef("csat", "computed", 92, 72, 3, 0, 100),
    KpiDef("nps", "computed", 48, 0, 8, -100, 100, 0),
    KpiDef("ces", "computed", 2.4, 4.3, 0.3, 1, 7, 2),
    KpiDef("fcr", "computed", 38, 15, 3, 0, 100),
    KpiDef("backlog", "computed", 20, 120, 12, 0, 10_000, 0),
    KpiDef("reopen_rate", "computed", 1.5, 7.5, 1, 0, 100),
    KpiDef("change_failure_rate", "computed", 5, 30, 4, 0, 100),
    KpiDef("deployment_frequency", "computed", 14, 2, 2, 0, 200, 0),
)
PROJECT_KPIS = (
    KpiDef("cpi", "computed", decimals=2),
    KpiDef("spi", "computed", decimals=2),
)
OTHER_KPIS = (
    KpiDef("on_time_delivery", "manual", 93, 78, 3, 0, 100),
    KpiDef("servqual_gap", "computed", -0.1, -1.4, 0.15, -6, 6, 2),
)
ALL_KPIS = SERVICE_KPIS + PROJECT_KPIS + OTHER_KPIS


def _series(
    rng: np.random.Generator, kpi: KpiDef, quality: np.ndarray, months: int, scale: np.ndarray
) -> np.ndarray:
    """Values per (subject, month): a level set by quality plus autocorrelated noise."""
    level = kpi.poor + (kpi.good - kpi.poor) * quality
    noise = np.zeros((len(quality), months))
    step = rng.normal(0, kpi.noise, (len(quality), months))
    for m in range(months):
        noise[:, m] = (0.6 * noise[:, m - 1] if m else 0) + step[:, m]
    values = (level[:, None] + noise) * scale[:, None]
    clipped: np.ndarray = np.clip(values, kpi.low, kpi.high).round(kpi.decimals)
    return clipped


def add_kpis(b: Builder) -> None:
    """Definitions, then months of history per service, project and for the portfolio."""
    rng = b.rng("kpis")
    ids: dict[str, int] = {}
    for kpi in ALL_KPIS:
        spec = kpi.spec
        ids[kpi.key] = b.add(
            "kpi_definitions",
            key=kpi.key,
            name=spec.name,
            unit=spec.unit,
            direction=spec.direction.value,
            target=spec.target,
            amber_threshold=spec.amber,
            red_threshold=spec.red,
            source=kpi.source,
            description=spec.description or None,
        )
    months = b.scale.kpi_months
    first = add_months(b.today, -months)
    starts = [add_months(first, m) for m in range(months)]
    periods = [(s, month_end(s)) for s in starts]
    services: list[ServiceSpec] = b.info["services"]
    quality = np.array([s.quality for s in services])
    rows = b.tables["kpi_measurements"]
    values: dict[tuple[str, int], list[float]] = {}
    for kpi in SERVICE_KPIS:
        scale = np.array([s.volume if kpi.key == "backlog" else 1.0 for s in services])
        table = _series(rng, kpi, quality, months, scale).tolist()
        for svc, series in zip(services, table, strict=True):
            values[(kpi.key, svc.id)] = series
            _append(rows, ids[kpi.key], svc.id, None, periods, series)
    gap = OTHER_KPIS[1]
    quarters = list(range(0, months, 3))
    table = _series(rng, gap, quality, len(quarters), np.ones(len(services))).tolist()
    for svc, series in zip(services, table, strict=True):
        spans = [(starts[q], month_end(starts[min(q + 2, months - 1)])) for q in quarters]
        _append(rows, ids[gap.key], svc.id, None, spans, series)
    otd = _series(rng, OTHER_KPIS[0], np.array([0.6]), months, np.ones(1)).tolist()[0]
    _append(rows, ids["on_time_delivery"], None, None, periods, otd)
    _add_project_kpis(b, rng, ids, periods)
    b.info["kpi_values"] = values
    b.info["kpi_months"] = starts


def _add_project_kpis(
    b: Builder, rng: np.random.Generator, ids: dict[str, int], periods: list[tuple[date, date]]
) -> None:
    """CPI and SPI for each month a project was under way, drifting as its health dictates."""
    cost_factor: dict[int, float] = b.info["cost_factor"]
    rows = b.tables["kpi_measurements"]
    projects: list[ProjectSpec] = b.info["projects"]
    for project in projects:
        if project.status == "proposed":
            continue
        under_way = [
            p for p in periods if p[1] >= project.start and p[0] <= month_start(project.finish)
        ]
        if not under_way:
            continue
        n = len(under_way)
        ramp = np.linspace(0.3, 1.0, n)  # indices settle as the project matures
        cpi = 1 / cost_factor[project.id] + rng.normal(0, 0.03, n) * (1.3 - ramp)
        spi = 1 - 0.25 * (1 - project.health) * ramp + rng.normal(0, 0.03, n)
        _append(rows, ids["cpi"], None, project.id, under_way, np.round(cpi, 2).tolist())
        _append(rows, ids["spi"], None, project.id, under_way, np.round(spi, 2).tolist())


def _append(
    rows: list[dict[str, object]],
    kpi: int,
    service: int | None,
    project: int | None,
    periods: list[tuple[date, date]],
    values: list[float],
) -> None:
    start = len(rows) + 1
    rows.extend(
        {
            "id": start + n,
            "uid": "",
            "version": 1,
            "kpi_id": kpi,
            "service_id": service,
            "project_id": project,
            "period_start": first,
            "period_end": last,
            "value": value,
            "note": None,
        }
        for n, ((first, last), value) in enumerate(zip(periods, values, strict=True))
    )
