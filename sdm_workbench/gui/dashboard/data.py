"""What the dashboard shows, computed from the analytics layer without Qt (runs in a worker).

A :class:`~sdm_workbench.analytics.kpis.KpiCalculator` gives every scope's KPIs month by
month (one SLA evaluation for all of them); the dashboard keeps those results per month and
reads its tiles (the latest month) and its chart series (all months) from them. After an
edit only the months the edit can reach are computed again (:func:`.computation.months_touched`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from ...analytics.evm import SCurvePoint, s_curve
from ...analytics.kpi_catalogue import KpiSpec
from ...analytics.kpi_inputs import KpiInputs, leaf_progress
from ...analytics.kpi_values import ScopeValues
from ...analytics.kpis import KpiResult
from ...analytics.periods import Period
from ...analytics.risk import RiskItem
from ...analytics.sla_clock import SlaClockResult

DEFAULT_MONTHS = 12
ScopeIndex = dict[tuple[str, str], list[dict[str, KpiResult]]]


@dataclass(frozen=True, order=True)
class ScopeRef:
    """A scope the dashboard can show: the portfolio, one service or one project."""

    scope: str
    code: str
    name: str = ""

    @property
    def label(self) -> str:
        if self.scope == "portfolio":
            return "Whole portfolio"
        return f"{self.code} {self.name}".strip()

    @property
    def key(self) -> tuple[str, str]:
        return (self.scope, self.code)


PORTFOLIO = ScopeRef("portfolio", "PORTFOLIO", "Whole portfolio")


@dataclass(frozen=True)
class RiskRow:
    """An active risk with what the heat map's cell list shows."""

    item: RiskItem
    code: str
    title: str
    project_id: int | None
    service_id: int | None


@dataclass
class DashboardData:
    """Every month's KPI results plus what the charts need besides them."""

    as_of: date
    months: tuple[Period, ...]
    inputs: KpiInputs
    monthly: list[list[KpiResult]]  # per month, oldest first: every scope's KPIs
    specs: dict[str, KpiSpec]
    scopes: tuple[ScopeRef, ...]
    risks: tuple[RiskRow, ...]
    seconds: dict[str, float] = field(default_factory=dict)
    months_computed: int = 0
    index: ScopeIndex = field(default_factory=dict)
    period: Period | None = None  # what the tiles sum up; None: the latest month
    selected: list[KpiResult] | None = None  # its results when it is not the latest month
    sla: SlaClockResult | None = None  # every ticket's clocks, for the records behind a tile
    values: dict[Period, ScopeValues] = field(default_factory=dict)  # reused by a refresh
    selected_index: dict[tuple[str, str], dict[str, KpiResult]] = field(default_factory=dict)
    stamp: str | None = None  # the store's data stamp taken before the inputs were read
    cached_at: datetime | None = None  # results read back from the cache: when computed

    def __post_init__(self) -> None:
        if not self.index:
            self.index = index_results(self.monthly)
        if self.period is None:
            self.period = self.months[-1]
        if self.selected is not None and not self.selected_index:
            self.selected_index = {k: v[0] for k, v in index_results([self.selected]).items()}

    @property
    def tile_period(self) -> Period:
        """The period the tiles show (a month, a quarter or a custom range)."""
        return self.period or self.months[-1]

    def _months_of(self, scope: ScopeRef) -> list[dict[str, KpiResult]]:
        return self.index.get(scope.key) or [{} for _ in self.months]

    def tiles(self, scope: ScopeRef) -> list[KpiResult]:
        """The KPIs of ``scope`` in the chosen period (the latest month by default)."""
        if self.selected is not None:
            return list(self.selected_index.get(scope.key, {}).values())
        return list(self._months_of(scope)[-1].values())

    def series(self, scope: ScopeRef, key: str) -> npt.NDArray[np.float64]:
        """``key``'s value per month for ``scope`` (NaN where there is none)."""
        found = [month.get(key) for month in self._months_of(scope)]
        return _floats([None if r is None else r.value for r in found])

    def breakdown_series(self, scope: ScopeRef, key: str, part: str) -> npt.NDArray[np.float64]:
        """One part of ``key``'s breakdown (a priority, a RATER dimension) per month."""
        found = [month.get(key) for month in self._months_of(scope)]
        return _floats([None if r is None else r.breakdown.get(part) for r in found])

    def project_id(self, scope: ScopeRef) -> int | None:
        for row in self.inputs.projects:
            if scope.scope == "project" and str(row["code"]) == scope.code:
                return int(row["id"])
        return None

    def s_curve(self, project_id: int) -> list[SCurvePoint]:
        """The EVM S-curve of one project at the dashboard's date."""
        lines = self.inputs.budget_lines.get(("project", project_id), [])
        tasks = self.inputs.tasks.get(project_id, [])
        if not lines and not tasks:
            return []
        return s_curve(lines, leaf_progress(tasks), self.as_of)

    def member_id(self, scope: ScopeRef) -> int | None:
        """The database id of a service, customer or project scope (None: the portfolio)."""
        return None if scope.scope == "portfolio" else _member_id(self.inputs, scope)

    def risks_of(self, scope: ScopeRef) -> list[RiskRow]:
        """Active risks of the scope (all of them for the portfolio, none for a customer)."""
        if scope.scope == "portfolio":
            return list(self.risks)
        if scope.scope == "customer":
            return []
        wanted = _member_id(self.inputs, scope)
        column = "project_id" if scope.scope == "project" else "service_id"
        return [r for r in self.risks if getattr(r, column) == wanted]


def _floats(values: Sequence[float | None]) -> npt.NDArray[np.float64]:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def index_results(monthly: Sequence[Sequence[KpiResult]]) -> ScopeIndex:
    """Results by (scope, code), then per month by KPI key."""
    index: ScopeIndex = {}
    for month, results in enumerate(monthly):
        for r in results:
            per_month = index.get((r.scope, r.scope_code))
            if per_month is None:
                per_month = index[(r.scope, r.scope_code)] = [{} for _ in monthly]
            per_month[month][r.key] = r
    return index


def _member_id(inputs: KpiInputs, scope: ScopeRef) -> int | None:
    rows = {"project": inputs.projects, "customer": inputs.customers}.get(
        scope.scope, inputs.services
    )
    for row in rows:
        if str(row["code"]) == scope.code:
            return int(row["id"])
    return None


def describe(data: DashboardData) -> dict[str, Any]:
    """A short summary for logs and benchmarks."""
    return {
        "months": len(data.months),
        "months_computed": data.months_computed,
        "results": sum(len(m) for m in data.monthly),
        **{f"{k}_s": round(v, 4) for k, v in data.seconds.items()},
    }
