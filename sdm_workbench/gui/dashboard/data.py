"""What the dashboard shows, computed from the analytics layer without Qt (runs in a worker).

A :class:`~sdm_workbench.analytics.kpis.KpiCalculator` gives every scope's KPIs month by
month (one SLA evaluation for all of them); the dashboard keeps those results per month and
reads its tiles (the latest month) and its chart series (all months) from them. After an
edit only the months the edit can reach are computed again (:func:`months_touched`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from ...analytics.evm import SCurvePoint, s_curve
from ...analytics.kpi_catalogue import KpiSpec, definitions
from ...analytics.kpi_inputs import KpiInputs, leaf_progress, load, refresh
from ...analytics.kpi_values import ScopeValues
from ...analytics.kpis import KpiCalculator, KpiResult, rerate
from ...analytics.periods import Period, month_of, months_back
from ...analytics.risk import RiskItem, active, is_risk
from ...analytics.sla_clock import SlaClockResult
from ...analytics.sla_update import update_clocks
from ...store import Store
from ...store import repository as repo

DASHBOARD_SCOPES = ("portfolio", "service", "customer", "project")
# Kinds the KPI inputs are read from; a change to any other kind leaves the dashboard alone.
INPUT_KINDS = frozenset({
    "service", "customer", "project", "sla", "sla_target", "calendar", "closed_day", "ticket",
    "ticket_pause", "outage", "change", "survey", "task", "budget_line", "budget_month",
    "raid_item", "kpi",
})  # fmt: skip
DEFAULT_MONTHS = 12
MAX_AXIS_MONTHS = 36  # a longer custom range shows its last three years
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


def month_axis(as_of: date, count: int = DEFAULT_MONTHS) -> tuple[Period, ...]:
    return tuple(months_back(as_of, count))


def _scopes(inputs: KpiInputs) -> tuple[ScopeRef, ...]:
    services = sorted(ScopeRef("service", str(s["code"]), str(s["name"])) for s in inputs.services)
    customers = sorted(
        ScopeRef("customer", str(c["code"]), str(c["name"])) for c in inputs.customers
    )
    projects = sorted(ScopeRef("project", str(p["code"]), str(p["name"])) for p in inputs.projects)
    return (PORTFOLIO, *services, *customers, *projects)


def _risks(inputs: KpiInputs) -> tuple[RiskRow, ...]:
    rows = [
        RiskRow(RiskItem.from_row(r), str(r["code"]), str(r["title"]), r["project_id"],
                r["service_id"])
        for r in inputs.raid_items
        if is_risk(r)
    ]  # fmt: skip
    keep = {item.id for item in active(row.item for row in rows)}
    return tuple(row for row in rows if row.item.id in keep)


def compute(
    store: Store,
    as_of: date,
    months: int = DEFAULT_MONTHS,
    previous: DashboardData | None = None,
    changes: Mapping[str, Collection[int]] | None = None,
    on_partial: Callable[[DashboardData], None] | None = None,
    period: Period | None = None,
) -> DashboardData:
    """Everything the dashboard shows; with ``previous`` and ``changes``, only what changed.

    ``changes`` maps kind names to changed ids (None: anything may have changed; empty:
    nothing did, only the ``period`` may be another). ``period`` is what the tiles sum up
    (default: the month of ``as_of``); the charts' months end with it. ``on_partial``
    receives the data once the tiles' figures are done while older months still compute.
    """
    started = time.perf_counter()
    chosen = period or month_of(as_of)
    axis = chart_axis(chosen, as_of, months)
    same_view = previous is not None and previous.months == axis and previous.period == chosen
    if same_view and previous is not None and changes is not None and set(changes) == {"kpi"}:
        return _rerated(store, previous, started)
    if previous is None or changes is None:
        inputs = load(store)
    elif not changes:
        inputs = previous.inputs  # only the period changed: the store did not
    else:
        inputs = refresh(previous.inputs, store, changes)  # ticket edits: only those rows
    loaded = time.perf_counter()
    monthly: list[list[KpiResult]] = [[] for _ in axis]
    todo = list(range(len(axis)))
    known: dict[Period, ScopeValues] = {}
    if previous is not None and changes is not None:
        first = months_touched(previous.inputs, inputs, changes, axis) if changes else len(axis)
        if set(changes) == {"ticket"} and 0 < first < len(axis):
            # The same scope members; the edited tickets' earliest instants fall on or after
            # the first touched month's start, so every period ending before it stands.
            start = axis[first].start
            known = {p: v for p, v in previous.values.items() if p.end < start}
        earlier = dict(zip(previous.months, previous.monthly, strict=True))
        for index, month in enumerate(axis):
            if index < first and month in earlier and earlier[month]:
                monthly[index] = earlier[month]
        todo = [i for i in todo if not monthly[i]]
    own_period = chosen != axis[-1]
    selected = previous.selected if previous is not None and previous.period == chosen else None
    redo_selected = own_period and (bool(todo) or selected is None)
    calculator: KpiCalculator | None = None
    if todo or redo_selected:
        # One calculator: the SLA clock runs once and each month's values are reused as the
        # next month's "previous". as_of stays today for past months too: clocks of tickets
        # resolved back then are final.
        clocks = _clocks_after(previous, inputs, as_of, changes)
        same_plans = previous is not None and changes is not None and set(changes) == {"ticket"}
        calculator = KpiCalculator(
            inputs, as_of, DASHBOARD_SCOPES, known=known, sla=clocks,
            projects_from=previous.values if same_plans and previous is not None else None,
        )  # fmt: skip
    sla = calculator.values.sla if calculator else previous.sla if previous else None
    if previous is not None and changes is not None and set(changes) <= {"ticket"}:
        # ticket edits (or only another period): the same definitions, scopes and risks
        specs, scopes, risks = previous.specs, previous.scopes, previous.risks
    else:
        specs, scopes = definitions(inputs.definitions), _scopes(inputs)
        risks = _risks(inputs)

    def data(kpis_done: float) -> DashboardData:
        return DashboardData(
            as_of=as_of, months=axis, inputs=inputs, monthly=list(monthly),
            specs=specs, scopes=scopes, risks=risks,
            seconds={"load": loaded - started, "kpis": kpis_done - loaded,
                     "total": kpis_done - started},
            months_computed=len(todo), period=chosen,
            selected=selected if own_period else None, sla=sla,
            values=calculator.computed if calculator else previous.values if previous else {},
        )  # fmt: skip

    if calculator is not None and redo_selected:
        selected = calculator.results(chosen)  # the tiles' figures come first
    if todo and not own_period:  # the latest month first: it fills the tiles
        todo = [todo[-1], *todo[:-1]]
    for step, index in enumerate(todo):
        assert calculator is not None
        if step == 0 and own_period and on_partial is not None:
            on_partial(data(time.perf_counter()))
        monthly[index] = calculator.results(axis[index])
        if step == 0 and not own_period and on_partial is not None and len(todo) > 1:
            on_partial(data(time.perf_counter()))
    return data(time.perf_counter())


def _clocks_after(
    previous: DashboardData | None,
    inputs: KpiInputs,
    as_of: date,
    changes: Mapping[str, Collection[int]] | None,
) -> SlaClockResult | None:
    """After ticket edits only, the previous clocks with the edited tickets' evaluated again
    (None: evaluate them all)."""
    if previous is None or previous.sla is None or previous.as_of != as_of:
        return None
    if changes is None or set(changes) != {"ticket"}:
        return None
    return update_clocks(
        previous.sla, previous.inputs.tickets.ids, inputs.tickets, changes["ticket"],
        inputs.targets, inputs.calendars, inputs.pauses,
    )  # fmt: skip


def chart_axis(period: Period, as_of: date, minimum: int = DEFAULT_MONTHS) -> tuple[Period, ...]:
    """The months the charts show: at least ``minimum``, ending with the period's last month
    (or ``as_of``'s while the period runs on), the whole period up to 36 months."""
    last = min(period.end, max(as_of, period.start))
    spanned = (last.year - period.start.year) * 12 + last.month - period.start.month + 1
    return tuple(months_back(last, max(minimum, min(spanned, MAX_AXIS_MONTHS))))


def months_touched(
    before: KpiInputs,
    after: KpiInputs,
    changes: Mapping[str, Collection[int]],
    axis: Sequence[Period],
) -> int:
    """Index of the first month an edit can change (0 = all of them).

    Only ticket edits are narrowed: a ticket counts in the months of its opening, response
    and resolution and in every backlog in between, so the months from its earliest instant
    (before or after the edit) onwards. Any other kind recomputes every month.
    """
    if set(changes) - {"ticket"}:
        return 0
    ids = np.array(sorted(changes.get("ticket", ())), dtype=np.int64)
    if ids.size == 0:
        return len(axis)
    earliest: list[np.datetime64] = []
    for tickets in (before.tickets, after.tickets):
        position = np.searchsorted(tickets.ids, ids).clip(0, max(len(tickets.ids) - 1, 0))
        if len(tickets.ids) == 0:
            continue
        found = position[tickets.ids[position] == ids]
        for column in (tickets.opened, tickets.first_response, tickets.resolved):
            stamps = column[found]
            stamps = stamps[~np.isnat(stamps)]
            if stamps.size:
                earliest.append(stamps.min())
    if not earliest:
        return 0
    first_day = min(earliest).astype("datetime64[D]").item()
    for index, period in enumerate(axis):
        if first_day <= period.end:
            return index
    return len(axis)


def _rerated(store: Store, previous: DashboardData, started: float) -> DashboardData:
    """New KPI definitions only: the values stand, their RAG and trend follow the new limits."""
    with store.session() as session:
        rows = [dict(r.values) for r in repo.list_rows(session, "kpi")]
    specs = definitions(rows)
    monthly = [rerate(results, specs) for results in previous.monthly]
    selected = None if previous.selected is None else rerate(previous.selected, specs)
    inputs = replace(previous.inputs, definitions=rows)
    done = time.perf_counter()
    return replace(
        previous,
        inputs=inputs,
        monthly=monthly,
        index=index_results(monthly),
        selected=selected,
        selected_index={},
        specs=specs,
        seconds={"load": 0.0, "kpis": done - started, "total": done - started},
        months_computed=0,
    )


def describe(data: DashboardData) -> dict[str, Any]:
    """A short summary for logs and benchmarks."""
    return {
        "months": len(data.months),
        "months_computed": data.months_computed,
        "results": sum(len(m) for m in data.monthly),
        **{f"{k}_s": round(v, 4) for k, v in data.seconds.items()},
    }
