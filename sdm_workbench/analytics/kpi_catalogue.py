"""The KPIs the workbench computes, with default targets and thresholds.

A row in ``kpi_definitions`` with the same key overrides the default (users tune targets
and thresholds there); keys without a row use these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..domain.enums import Direction
from .rag import Thresholds

HIGHER = Direction.HIGHER_IS_BETTER
LOWER = Direction.LOWER_IS_BETTER


@dataclass(frozen=True)
class KpiSpec:
    key: str
    name: str
    unit: str
    direction: Direction
    target: float | None = None
    amber: float | None = None
    red: float | None = None
    description: str = ""

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(self.direction, self.target, self.amber, self.red)


_SPECS = (
    KpiSpec("volume", "Tickets opened", "tickets", LOWER, description="Opened in the period"),
    KpiSpec("backlog", "Open tickets at period end", "tickets", LOWER, 60, 60, 100),
    KpiSpec("mttr", "Mean time to resolve", "hours", LOWER, 36, 36, 72,
            "Mean of resolved - opened (wall clock) for tickets resolved in the period"),
    KpiSpec("mttr_median", "Median time to resolve", "hours", LOWER, 18, 18, 30),
    KpiSpec("mttr_p90", "90th percentile time to resolve", "hours", LOWER, 96, 96, 150),
    KpiSpec("mttr_business", "Mean time to resolve (business hours)", "hours", LOWER, 16, 16, 32),
    KpiSpec("mtta", "Mean time to respond", "minutes", LOWER, 240, 240, 480),
    KpiSpec("sla_attainment", "SLA attainment (resolution)", "%", HIGHER, 95, 95, 90,
            "Tickets resolved within target / tickets resolved in the period with a target"),
    KpiSpec("sla_response_attainment", "SLA attainment (response)", "%", HIGHER, 95, 95, 90),
    KpiSpec("fcr", "First contact resolution", "%", HIGHER, 30, 25, 18),
    KpiSpec("reopen_rate", "Reopen rate", "%", LOWER, 3, 3, 6),
    KpiSpec("reassignments", "Mean reassignments", "hand-offs", LOWER, 1, 1, 2),
    KpiSpec("csat", "Customer satisfaction (CSAT)", "%", HIGHER, 85, 85, 75),
    KpiSpec("csat_mean", "Mean CSAT score", "1-5", HIGHER, 4, 4, 3.5),
    KpiSpec("nps", "Net promoter score", "score", HIGHER, 30, 30, 0),
    KpiSpec("ces", "Customer effort score", "1-7", LOWER, 3, 3, 4),
    KpiSpec("servqual_gap", "SERVQUAL gap", "P - E", HIGHER, 0, -0.5, -1),
    KpiSpec("availability", "Availability", "%", HIGHER, 99.9, 99.9, 99.5),
    KpiSpec("error_budget_remaining", "Error budget remaining", "%", HIGHER, 50, 25, 0),
    KpiSpec("burn_rate", "Error budget burn rate", "x", LOWER, 1, 1, 2),
    KpiSpec("change_failure_rate", "Change failure rate", "%", LOWER, 15, 15, 25),
    KpiSpec("deployment_frequency", "Deployment frequency", "per month", HIGHER, 8, 8, 3),
    KpiSpec("lead_time", "Lead time for changes", "hours", LOWER, 24, 24, 72),
    KpiSpec("recovery_time", "Failed deployment recovery time", "hours", LOWER, 1, 1, 4),
    KpiSpec("cost_per_delivery", "Cost per delivery", "currency", LOWER),
    KpiSpec("cpi", "Cost performance index", "ratio", HIGHER, 1.0, 0.95, 0.9),
    KpiSpec("spi", "Schedule performance index", "ratio", HIGHER, 1.0, 0.95, 0.9),
    KpiSpec("percent_complete", "% complete", "%", HIGHER),
    KpiSpec("on_time_delivery", "On-time delivery", "%", HIGHER, 90, 90, 80,
            "Milestones delivered by their baseline date / milestones delivered"),
    KpiSpec("high_risks", "Open high risks", "risks", LOWER, 0, 0, 3),
)  # fmt: skip
CATALOGUE: dict[str, KpiSpec] = {spec.key: spec for spec in _SPECS}


def definitions(rows: Iterable[Mapping[str, Any]]) -> dict[str, KpiSpec]:
    """The catalogue with the stored definitions (``kpi_definitions`` rows) laid over it."""
    specs = dict(CATALOGUE)
    for row in rows:
        key = str(row["key"])
        base = specs.get(key) or KpiSpec(key, str(row["name"]), str(row["unit"]), HIGHER)
        specs[key] = replace(
            base,
            name=str(row["name"]),
            unit=str(row["unit"]),
            direction=Direction(row["direction"]),
            target=row.get("target"),
            amber=row.get("amber_threshold"),
            red=row.get("red_threshold"),
            description=str(row.get("description") or base.description),
        )
    return specs
