"""Every KPI per portfolio, service, SLA, customer and project for a period, with RAG and trend.

Conventions (README "KPIs"): a period's ticket KPIs count the tickets whose clock stopped in
it (resolved, or responded); backlog is counted at the period's end; project KPIs (EVM,
on-time delivery) are cumulative up to the period's end (or ``as_of``, if earlier); the
trend compares with the previous period of the same kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

from .kpi_catalogue import KpiSpec, definitions
from .kpi_inputs import KpiInputs
from .kpi_values import SCOPES, ScopeValues, ValueCalculator
from .periods import Period, period_of
from .rag import Rag, Trend, rag, trend
from .sla_clock import SlaClockResult


@dataclass(frozen=True)
class KpiResult:
    """One KPI of one scope in one period; ``breakdown`` by priority or RATER dimension."""

    scope: str
    scope_code: str
    scope_name: str
    key: str
    name: str
    unit: str
    direction: str
    period: str
    value: float | None
    target: float | None
    rag: Rag
    previous: float | None
    delta: float | None
    trend: Trend
    breakdown: dict[str, float | None] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["rag"], data["trend"] = self.rag.value, self.trend.value
        return data


class KpiCalculator:
    """Results for any number of periods of one portfolio, sharing the SLA evaluation and
    each period's values (a 12-month series costs 13 value passes, not 24)."""

    def __init__(
        self,
        inputs: KpiInputs,
        as_of: date,
        scopes: tuple[str, ...] = SCOPES,
        known: Mapping[Period, ScopeValues] | None = None,
        sla: SlaClockResult | None = None,
        projects_from: Mapping[Period, ScopeValues] | None = None,
    ) -> None:
        """``known``: values of periods an edit cannot have changed, kept from an earlier
        calculator over the same scope members (a dashboard refresh after a ticket edit);
        ``sla``: the tickets' clocks when already known; ``projects_from``: earlier values
        whose project figures still hold (only tickets changed)."""
        self.values = ValueCalculator(inputs, as_of, scopes, sla)
        self.scopes = scopes
        self.specs = definitions(inputs.definitions)
        self._cache: dict[Period, ScopeValues] = dict(known or {})
        self._projects_from = projects_from or {}

    @property
    def computed(self) -> dict[Period, ScopeValues]:
        """Every period's values so far, to hand to a later calculator as ``known``."""
        return dict(self._cache)

    def _values(self, period: Period) -> ScopeValues:
        if period not in self._cache:
            self._cache[period] = self.values.values(period, self._projects_from.get(period))
        return self._cache[period]

    def results(self, period: Period) -> list[KpiResult]:
        """Every KPI with a value (now or in the previous period) per scope member."""
        now, before = self._values(period), self._values(period.previous())
        members = self.values.scopes.members
        results: list[KpiResult] = []
        for (scope, index), values in sorted(now.items()):
            if scope not in self.scopes:
                continue
            breakdowns: dict[str, dict[str, float | None]] = {}
            for key, value in values.items():
                base, part = _split(key)
                if part is not None:
                    breakdowns.setdefault(base, {})[part] = value
            for key, value in values.items():
                base, part = _split(key)
                if part is not None or base not in self.specs:
                    continue
                earlier = before.get((scope, index), {}).get(key)
                if value is None and earlier is None:
                    continue
                results.append(_result(self.specs[key], scope, members[scope][index], period,
                                       value, earlier, breakdowns.get(key, {})))  # fmt: skip
        return results


def compute_kpis(
    inputs: KpiInputs,
    as_of: date,
    *,
    period: Period | None = None,
    period_kind: str = "month",
    scopes: tuple[str, ...] = SCOPES,
    keep: Callable[[KpiResult], bool] | None = None,
) -> list[KpiResult]:
    """Every KPI with a value (now or in the previous period) per scope, with RAG and trend."""
    results = KpiCalculator(inputs, as_of, scopes).results(period or period_of(as_of, period_kind))
    return [r for r in results if keep is None or keep(r)]


def compute_kpi_series(
    inputs: KpiInputs, as_of: date, periods: Sequence[Period], scopes: tuple[str, ...] = SCOPES
) -> list[list[KpiResult]]:
    """The results of each period, in the order given (e.g. the last 12 months)."""
    calculator = KpiCalculator(inputs, as_of, scopes)
    return [calculator.results(period) for period in periods]


def rerate(results: Sequence[KpiResult], specs: Mapping[str, KpiSpec]) -> list[KpiResult]:
    """Results with name, unit, target, RAG and trend from ``specs`` (values unchanged):
    a changed KPI definition recolours at once, without recomputing anything."""
    rated = []
    for r in results:
        spec = specs.get(r.key)
        if spec is None:
            rated.append(r)
            continue
        direction, delta = trend(r.value, r.previous, spec.direction)
        rated.append(replace(
            r, name=spec.name, unit=spec.unit, direction=spec.direction.value,
            target=spec.target, rag=rag(r.value, spec.thresholds), trend=direction,
            delta=None if delta is None else round(delta, 4),
        ))  # fmt: skip
    return rated


def _split(key: str) -> tuple[str, str | None]:
    base, _, part = key.partition(":")
    return base, part or None


def _result(
    spec: KpiSpec,
    scope: str,
    member: Mapping[str, Any],
    period: Period,
    value: float | None,
    previous: float | None,
    breakdown: dict[str, float | None],
) -> KpiResult:
    direction, delta = trend(value, previous, spec.direction)
    return KpiResult(
        scope=scope,
        scope_code=str(member.get("code") or member["id"]),
        scope_name=str(member.get("name") or ""),
        key=spec.key,
        name=spec.name,
        unit=spec.unit,
        direction=spec.direction.value,
        period=period.label,
        value=value,
        target=spec.target,
        rag=rag(value, spec.thresholds),
        previous=previous,
        delta=None if delta is None else round(delta, 4),
        trend=direction,
        breakdown={k: v for k, v in breakdown.items() if v is not None},
    )
