"""Computing the dashboard's data from the store: all months, or only what an edit reaches."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from datetime import date

import numpy as np

from ...analytics.kpi_catalogue import definitions
from ...analytics.kpi_inputs import KpiInputs, load, refresh
from ...analytics.kpi_values import ScopeValues
from ...analytics.kpis import KpiCalculator, KpiResult, rerate
from ...analytics.periods import Period, month_of, months_back
from ...analytics.risk import RiskItem, active, is_risk
from ...analytics.sla_clock import SlaClockResult
from ...analytics.sla_update import update_clocks
from ...store import Store
from ...store import repository as repo
from .data import DEFAULT_MONTHS, PORTFOLIO, DashboardData, RiskRow, ScopeRef, index_results

DASHBOARD_SCOPES = ("portfolio", "service", "customer", "project")
# Kinds the KPI inputs are read from; a change to any other kind leaves the dashboard alone.
INPUT_KINDS = frozenset({
    "service", "customer", "project", "sla", "sla_target", "calendar", "closed_day", "ticket",
    "ticket_pause", "outage", "change", "survey", "task", "budget_line", "budget_month",
    "raid_item", "kpi",
})  # fmt: skip
MAX_AXIS_MONTHS = 36  # a longer custom range shows its last three years


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
