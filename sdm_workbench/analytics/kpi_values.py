"""KPI values per scope member and period: the numbers behind :mod:`.kpis`, before RAG.

One :class:`ValueCalculator` evaluates the SLA clock once; each period's values then cost a
few vectorised passes (see :mod:`.kpi_groups`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from ..domain.enums import DeliveryModel
from .evm import EarnedValue, portfolio_earned_value, project_earned_value
from .kpi_groups import prepared_surveys, survey_values, ticket_values
from .kpi_inputs import KpiInputs, leaf_progress
from .periods import Period
from .risk import DEFAULT_BANDS, Band, RiskItem, active, is_risk, score
from .service_kpis import ChangeRow, availability, dora
from .sla_clock import SlaClockResult, evaluate
from .ticket_kpis import resolved_in

I64 = npt.NDArray[np.int64]
ScopeValues = dict[tuple[str, int], dict[str, float | None]]
SCOPES = ("portfolio", "service", "sla", "customer", "project")


def _clean(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 4)


def _index(ids: list[int], values: I64) -> I64:
    """Position of each value among ``ids`` (-1 where absent)."""
    if not ids:
        return np.full(values.shape, -1, np.int64)
    order = np.argsort(ids)
    sorted_ids = np.asarray(ids, dtype=np.int64)[order]
    found = np.searchsorted(sorted_ids, values).clip(0, len(ids) - 1)
    hit = sorted_ids[found] == values
    return np.where(hit, order[found], -1).astype(np.int64)


@dataclass(frozen=True)
class _Scopes:
    """Who each scope is (code and name), and each ticket's and survey's group per scope."""

    members: dict[str, list[Mapping[str, Any]]]
    ticket_groups: dict[str, I64]
    survey_groups: dict[str, I64]


def _scopes(inputs: KpiInputs) -> _Scopes:
    slas: list[Mapping[str, Any]] = [{"id": s.id, "code": f"SLA #{s.id}"} for s in inputs.slas]
    members: dict[str, list[Mapping[str, Any]]] = {
        "portfolio": [{"id": 0, "code": "PORTFOLIO", "name": "Whole portfolio"}],
        "service": list(inputs.services),
        "sla": slas,
        "customer": list(inputs.customers),
        "project": list(inputs.projects),
    }
    n = len(inputs.tickets)
    survey_ids = {
        k: np.array([-1 if v is None else v for v in inputs.surveys[f"{k}_id"]], np.int64)
        for k in ("service", "customer", "project")
    }
    ticket_of = {"service": inputs.ticket_service, "customer": inputs.ticket_customer,
                 "sla": inputs.tickets.sla}  # fmt: skip
    ticket_groups = {"portfolio": np.zeros(n, np.int64)}
    survey_groups = {"portfolio": np.zeros(len(inputs.surveys["responded_on"]), np.int64)}
    for scope in ("service", "customer", "sla"):
        ids = [int(m["id"]) for m in members[scope]]
        ticket_groups[scope] = _index(ids, ticket_of[scope])
    for scope in ("service", "customer", "project"):
        ids = [int(m["id"]) for m in members[scope]]
        survey_groups[scope] = _index(ids, survey_ids[scope])
    return _Scopes(members, ticket_groups, survey_groups)


# What :meth:`ValueCalculator._project_values` sets: from tasks, budgets and risks only.
PROJECT_KEYS = ("on_time_delivery", "cpi", "spi", "percent_complete", "high_risks")


def _copy_project_values(source: ScopeValues, found: ScopeValues) -> None:
    for (scope, index), values in source.items():
        if scope in ("project", "portfolio"):
            kept = {k: values[k] for k in PROJECT_KEYS if k in values}
            if kept:
                found.setdefault((scope, index), {}).update(kept)


def clock_instant(as_of: date) -> datetime:
    """The instant SLA clocks are read at for KPIs as of a day: the end of that day."""
    return datetime(as_of.year, as_of.month, as_of.day) + timedelta(days=1)


class ValueCalculator:
    """KPI values of one portfolio as of a day, for any period; the SLA clock runs once."""

    def __init__(
        self,
        inputs: KpiInputs,
        as_of: date,
        scopes: tuple[str, ...] = SCOPES,
        sla: SlaClockResult | None = None,
    ) -> None:
        """``sla``: the clocks of ``inputs.tickets`` at the end of ``as_of`` when already
        known (see :func:`.sla_update.update_clocks`)."""
        self.inputs = inputs
        self.as_of = as_of
        self.wanted = scopes
        self.scopes = _scopes(inputs)
        self.sla: SlaClockResult = sla or evaluate(
            inputs.tickets, inputs.targets, inputs.calendars, as_of=clock_instant(as_of),
            pauses=inputs.pauses,
        )  # fmt: skip
        self.availability_target = self._availability_targets()
        self._high_risks = high_risks_by_project(inputs.raid_items)
        self.surveys = prepared_surveys(inputs.surveys)

    def _availability_targets(self) -> dict[int, float]:
        by_sla = {t.sla: t.target for t in self.inputs.targets if t.metric == "availability"}
        targets: dict[int, float] = {}
        for sla in sorted(self.inputs.slas, key=lambda s: s.id):
            if sla.id in by_sla and sla.service_id not in targets:
                targets[sla.service_id] = by_sla[sla.id]
        return targets

    def values(self, period: Period, projects_from: ScopeValues | None = None) -> ScopeValues:
        """KPI values per (scope, member index) for one period. ``projects_from``: this
        period's values from an earlier calculator whose tasks, budgets and risks were the
        same (only tickets changed): their project figures are copied, not recomputed."""
        found: ScopeValues = {}
        end = min(period.end, self.as_of)

        def put(scope: str, group_values: Mapping[str, npt.NDArray[np.float64]]) -> None:
            for key, per_group in group_values.items():
                for index, value in enumerate(per_group):
                    found.setdefault((scope, index), {})[key] = _clean(float(value))

        for scope, groups in self.scopes.ticket_groups.items():
            if scope not in self.wanted:
                continue
            size = len(self.scopes.members[scope])
            put(scope, ticket_values(self.inputs.tickets, self.inputs.activity, self.sla,
                                     groups, size, period))  # fmt: skip
        for scope, groups in self.scopes.survey_groups.items():
            if scope not in self.wanted:
                continue
            size = len(self.scopes.members[scope])
            put(scope, survey_values(self.surveys, groups, size, period))
        self._service_values(found, period, end)
        if projects_from is None:
            earned_value = period.start <= self.as_of <= period.end
            self._project_values(found, end, earned_value=earned_value)
        else:
            _copy_project_values(projects_from, found)
        return found

    def _service_values(self, found: ScopeValues, period: Period, end: date) -> None:
        as_of = datetime(end.year, end.month, end.day) + timedelta(days=1)
        uptimes = []
        every_change: list[ChangeRow] = []
        for index, service in enumerate(self.scopes.members["service"]):
            sid = int(service["id"])
            target = self.availability_target.get(sid, 99.9)
            up = availability(self.inputs.outages.get(sid, []), period, target, as_of)
            changes = self.inputs.changes.get(sid, [])
            every_change += changes
            values = found.setdefault(("service", index), {})
            values.update(
                availability=_clean(up.uptime_percent),
                error_budget_remaining=_clean(up.budget_remaining_percent),
                burn_rate=_clean(up.burn_rate),
                **self._dora(changes, period),
                cost_per_delivery=self._cost_per_delivery(service, period),
            )
            uptimes.append(up.uptime_percent)
        portfolio = found.setdefault(("portfolio", 0), {})
        portfolio.update(self._dora(every_change, period))
        portfolio["availability"] = _clean(sum(uptimes) / len(uptimes)) if uptimes else None

    @staticmethod
    def _dora(changes: list[ChangeRow], period: Period) -> dict[str, float | None]:
        measures = dora(changes, period)
        return {
            "deployment_frequency": _clean(measures.deployments / (period.minutes / 43_830)),
            "change_failure_rate": _clean(measures.change_failure_rate),
            "lead_time": _clean(measures.lead_time_hours),
            "recovery_time": _clean(measures.recovery_hours),
        }

    def _cost_per_delivery(self, service: Mapping[str, Any], period: Period) -> float | None:
        """Actual cost in the period / tickets resolved in it, for product delivery services."""
        if DeliveryModel(service["delivery_model"]) is not DeliveryModel.PRODUCT_DELIVERY:
            return None
        lines = self.inputs.budget_lines.get(("service", int(service["id"])), [])
        booked = [
            m.actual for line in lines for m in line.months
            if period.start <= m.month <= period.end and m.actual is not None
        ]  # fmt: skip
        if not booked:  # no actuals yet: no cost to divide, rather than a cost of zero
            return None
        cost = sum(booked)
        mine = self.inputs.ticket_service == int(service["id"])
        delivered = int((mine & resolved_in(self.inputs.tickets, period)).sum())
        return _clean(cost / delivered) if delivered else None

    def _project_values(self, found: ScopeValues, end: date, *, earned_value: bool) -> None:
        """Project KPIs up to ``end``. Earned value only for the period holding ``as_of``:
        task progress has no history, so an earlier EV would borrow today's % complete."""
        results: list[EarnedValue] = []
        for index, project in enumerate(self.scopes.members["project"]):
            pid = int(project["id"])
            tasks = self.inputs.tasks.get(pid, [])
            values = found.setdefault(("project", index), {})
            values["on_time_delivery"] = _on_time(tasks, end)
            if not earned_value:
                continue
            lines = self.inputs.budget_lines.get(("project", pid), [])
            ev = project_earned_value(lines, leaf_progress(tasks), end)
            results.append(ev)
            values.update(
                cpi=_clean(ev.cpi), spi=_clean(ev.spi),
                percent_complete=_clean(ev.percent_complete),
                high_risks=float(self._high_risks.get(pid, 0)),
            )  # fmt: skip
        if results:
            total = portfolio_earned_value(results, end)
            portfolio = found.setdefault(("portfolio", 0), {})
            portfolio.update(cpi=_clean(total.cpi), spi=_clean(total.spi),
                             percent_complete=_clean(total.percent_complete))  # fmt: skip


def _on_time(tasks: list[Mapping[str, Any]], end: date) -> float | None:
    """% of milestones delivered by ``end`` that finished by their baseline date."""
    delivered = [
        t for t in tasks
        if t["is_milestone"] and t["percent_complete"] >= 100 and t["finish_date"] <= end
        and t["baseline_finish"] is not None
    ]  # fmt: skip
    if not delivered:
        return None
    on_time = sum(1 for t in delivered if t["finish_date"] <= t["baseline_finish"])
    return _clean(100.0 * on_time / len(delivered))


def high_risks_by_project(rows: Any) -> dict[int, int]:
    """Open or monitored risks in the (default) high band, counted per project id in one
    pass (asking each project in turn scanned every RAID row 300 times on the large demo)."""
    counts: dict[int, int] = {}
    for row in rows:
        if row["project_id"] is None or not is_risk(row):
            continue
        for item in active([RiskItem.from_row(row)]):
            found = score(item.probability, item.impact)
            if found is not None and DEFAULT_BANDS.band(found) is Band.HIGH:
                project = int(row["project_id"])
                counts[project] = counts.get(project, 0) + 1
    return counts
