"""The records behind a tile's number: the breached tickets behind SLA attainment, the
over-budget lines behind CPI, the red risks behind "open high risks", and so on.

Plain Python over the dashboard's data (no Qt); ticket names and budget lines are read from
the store for the few rows shown. Times stay naive UTC here; the table converts them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from ...analytics.risk import DEFAULT_BANDS, Band, score
from ...analytics.sla_clock import ClockState
from ...analytics.ticket_kpis import opened_in, resolved_in
from ...store import Store
from ...store import repository as repo
from .data import DashboardData, ScopeRef

CAP = 500  # rows shown; the title says how many there are
Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Records:
    """A table of records: ``rows`` hold plain values (str, int, float, date, datetime)."""

    title: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    total: int

    @property
    def caption(self) -> str:
        if self.total > len(self.rows):
            return f"{self.title}: the first {len(self.rows):,} of {self.total:,}"
        return f"{self.title}: {self.total:,}"


def _hours(later: Any, earlier: Any) -> npt.NDArray[np.float64]:
    return np.asarray((later - earlier).astype("timedelta64[m]").astype(np.float64) / 60.0)


def _when(value: np.datetime64) -> datetime | None:
    return None if np.isnat(value) else value.astype("datetime64[m]").item()


def _ticket_scope(data: DashboardData, scope: ScopeRef) -> Bools:
    n = len(data.inputs.tickets.ids)
    if scope.scope == "portfolio":
        return np.ones(n, dtype=bool)
    member = data.member_id(scope)
    column = {"service": data.inputs.ticket_service, "customer": data.inputs.ticket_customer}
    if member is None or scope.scope not in column:
        return np.zeros(n, dtype=bool)
    return np.asarray(column[scope.scope] == member)


def _ticket_records(store: Store, data: DashboardData, scope: ScopeRef, key: str) -> Records:
    t, period, sla = data.inputs.tickets, data.tile_period, data.sla
    mine = _ticket_scope(data, scope)
    to_resolve = _hours(t.resolved, t.opened)
    title, metric = "Tickets resolved", "Hours to resolve"
    if key in ("sla_attainment", "sla_response_attainment") and sla is not None:
        response = key == "sla_response_attainment"
        clock = sla.response if response else sla.resolution
        stopped_at = np.where(np.isnat(t.first_response), t.resolved, t.first_response)
        start, end = (
            np.datetime64(period.start_instant, "m"),
            np.datetime64(period.end_instant, "m"),
        )
        stopped = (
            ~np.isnat(stopped_at) & (stopped_at >= start) & (stopped_at < end)
            if response
            else resolved_in(t, period)
        )
        chosen = mine & stopped & (clock.state == ClockState.BREACHED)
        value = (clock.elapsed - clock.budget) / 60.0
        title = "Tickets that breached their " + ("response" if response else "resolution") + " SLA"
        metric = "Over target by (h)"
    elif key == "mtta":
        chosen = mine & opened_in(t, period) & ~np.isnat(t.first_response)
        value = _hours(t.first_response, t.opened) * 60.0
        title, metric = "Tickets opened and responded to", "Minutes to respond"
    elif key == "volume":
        chosen = mine & opened_in(t, period)
        value = to_resolve
        title = "Tickets opened"
    elif key == "backlog":
        end = np.datetime64(period.end_instant, "m")
        chosen = mine & (t.opened < end) & (np.isnat(t.resolved) | (t.resolved >= end))
        value = _hours(np.full(len(t.ids), end), t.opened)
        title, metric = "Tickets open at the period's end", "Age (h)"
    else:
        chosen = mine & resolved_in(t, period)
        value = to_resolve
    positions = np.flatnonzero(chosen)
    order = np.argsort(-np.nan_to_num(value[positions], nan=-np.inf), kind="stable")
    shown = positions[order][:CAP]
    ids = [int(i) for i in t.ids[shown]]
    with store.session() as session:
        names = repo.read_columns(session, "ticket", ["id", "external_id", "title"], ids=ids)
    label = dict(zip(names["id"], zip(names["external_id"], names["title"], strict=True),
                     strict=True))  # fmt: skip
    rows = []
    for position, tid in zip(shown, ids, strict=True):
        external, text = label.get(tid, (f"#{tid}", ""))
        number = float(value[position])
        rows.append((
            external, text, f"P{int(t.priority[position])}", _when(t.opened[position]),
            _when(t.resolved[position]), None if np.isnan(number) else round(number, 1),
        ))  # fmt: skip
    columns = ("Ticket", "Title", "Priority", "Opened", "Resolved", metric)
    return Records(title, columns, rows, int(positions.size))


def _risk_records(_store: Store, data: DashboardData, scope: ScopeRef, _key: str) -> Records:
    rows = []
    for r in data.risks_of(scope):
        inherent = score(r.item.probability, r.item.impact)
        if inherent is None or DEFAULT_BANDS.band(inherent) is not Band.HIGH:
            continue
        residual = score(r.item.residual_probability, r.item.residual_impact)
        rows.append((r.code, r.title, r.item.probability, r.item.impact, inherent, residual))
    rows.sort(key=lambda row: (-row[4], row[0]))
    columns = ("Risk", "Title", "Probability", "Impact", "Score", "Residual score")
    return Records("Open high (red) risks", columns, rows[:CAP], len(rows))


def _budget_records(store: Store, data: DashboardData, scope: ScopeRef, _key: str) -> Records:
    """Budget lines whose actual cost so far exceeds what was planned so far."""
    where: dict[str, Any] | None = None
    member = data.member_id(scope)
    if scope.scope in ("project", "service") and member is not None:
        where = {f"{scope.scope}_id": member}
    elif scope.scope == "customer":
        return Records("Budget lines over budget", (), [], 0)
    last = data.tile_period.end.isoformat()  # read_columns gives dates as ISO text
    with store.session() as session:
        lines = repo.list_rows(session, "budget_line", where=where)
        months = repo.read_columns(session, "budget_month", ["line_id", "month", "planned",
                                                             "actual"])  # fmt: skip
    owners = {int(p["id"]): str(p["code"]) for p in data.inputs.projects}
    services = {int(s["id"]): str(s["code"]) for s in data.inputs.services}
    wanted = {line.id for line in lines}
    planned: dict[int, float] = defaultdict(float)
    actual: dict[int, float] = defaultdict(float)
    for line_id, month, plan, spent in zip(months["line_id"], months["month"], months["planned"],
                                           months["actual"], strict=True):  # fmt: skip
        if line_id in wanted and str(month)[:10] <= last:
            planned[line_id] += plan or 0.0
            actual[line_id] += spent or 0.0
    rows = []
    for line in lines:
        over = actual[line.id] - planned[line.id]
        if over <= 0:
            continue
        owner = owners.get(line["project_id"]) or services.get(line["service_id"]) or ""
        category = str(getattr(line["category"], "value", line["category"]))
        rows.append((owner, str(line["name"]), category, round(planned[line.id], 2),
                     round(actual[line.id], 2), round(over, 2)))  # fmt: skip
    rows.sort(key=lambda row: -row[5])
    columns = ("Owner", "Budget line", "Category", "Planned to date", "Actual to date", "Over by")
    return Records("Budget lines over budget", columns, rows[:CAP], len(rows))


def _service_ids(data: DashboardData, scope: ScopeRef) -> dict[int, str]:
    codes = {int(s["id"]): str(s["code"]) for s in data.inputs.services}
    if scope.scope == "portfolio":
        return codes
    member = data.member_id(scope)
    return {member: codes[member]} if scope.scope == "service" and member in codes else {}


def _outage_records(_store: Store, data: DashboardData, scope: ScopeRef, _key: str) -> Records:
    period = data.tile_period
    start, end = period.start_instant, period.end_instant
    rows = []
    for sid, code in _service_ids(data, scope).items():
        for began, ended in data.inputs.outages.get(sid, []):
            if began < end and (ended or end) > start:
                inside = (min(ended or end, end) - max(began, start)).total_seconds() / 60.0
                rows.append((code, began, ended, round(inside, 1)))
    rows.sort(key=lambda row: -row[3])
    columns = ("Service", "Down from", "Up again", "Minutes in the period")
    return Records("Unplanned outages", columns, rows[:CAP], len(rows))


def _change_records(_store: Store, data: DashboardData, scope: ScopeRef, key: str) -> Records:
    period = data.tile_period
    start, end = period.start_instant, period.end_instant
    rows = []
    for sid, code in _service_ids(data, scope).items():
        for c in data.inputs.changes.get(sid, []):
            if not start <= c.deployed_at < end:
                continue
            lead = (
                (c.deployed_at - c.committed_at).total_seconds() / 3600 if c.committed_at else None
            )
            back = (c.restored_at - c.deployed_at).total_seconds() / 3600 if c.restored_at else None
            rows.append((code, c.deployed_at, "Failed" if c.failed else "Succeeded",
                         None if lead is None else round(lead, 1),
                         None if back is None else round(back, 1)))  # fmt: skip
    failed_first = key in ("change_failure_rate", "recovery_time")
    rows.sort(key=lambda row: (failed_first and row[2] != "Failed", row[1]), reverse=False)
    columns = ("Service", "Deployed", "Result", "Lead time (h)", "Recovery (h)")
    return Records("Deployments", columns, rows[:CAP], len(rows))


def _survey_records(_store: Store, data: DashboardData, scope: ScopeRef, _key: str) -> Records:
    from ...domain.surveys import RATER_DIMENSIONS

    s, period = data.inputs.surveys, data.tile_period
    member = data.member_id(scope)
    column = f"{scope.scope}_id"
    rows = []
    for n, day in enumerate(s["responded_on"]):
        if not period.start <= day <= period.end:
            continue
        if scope.scope != "portfolio" and (column not in s or s[column][n] != member):
            continue
        gaps = [s[f"perc_{d}"][n] - s[f"exp_{d}"][n] for d in RATER_DIMENSIONS
                if s[f"perc_{d}"][n] is not None and s[f"exp_{d}"][n] is not None]  # fmt: skip
        gap = round(sum(gaps) / len(gaps), 2) if gaps else None
        rows.append((day, s["csat"][n], s["nps"][n], s["ces"][n], gap))
    rows.sort(key=lambda row: row[0], reverse=True)
    columns = ("Responded", "CSAT (1-5)", "NPS (0-10)", "CES (1-7)", "SERVQUAL gap")
    return Records("Survey responses", columns, rows[:CAP], len(rows))


def _milestone_records(_store: Store, data: DashboardData, scope: ScopeRef, _key: str) -> Records:
    end = min(data.tile_period.end, data.as_of)
    projects = {int(p["id"]): str(p["code"]) for p in data.inputs.projects}
    if scope.scope == "project":
        member = data.member_id(scope)
        projects = {member: projects[member]} if member in projects else {}
    elif scope.scope != "portfolio":
        projects = {}
    rows = []
    for pid, code in projects.items():
        for t in data.inputs.tasks.get(pid, []):
            if (t["is_milestone"] and t["percent_complete"] >= 100 and t["finish_date"] <= end
                    and t["baseline_finish"] is not None):  # fmt: skip
                late = (t["finish_date"] - t["baseline_finish"]).days
                rows.append((code, str(t["name"]), t["baseline_finish"], t["finish_date"], late))
    rows.sort(key=lambda row: -row[4])
    columns = ("Project", "Milestone", "Baseline finish", "Finished", "Days late")
    return Records("Milestones delivered", columns, rows[:CAP], len(rows))


Finder = Callable[[Store, DashboardData, ScopeRef, str], Records]
_FINDERS: Sequence[tuple[frozenset[str], Finder]] = (
    (frozenset({"high_risks"}), _risk_records),
    (frozenset({"cpi", "spi", "percent_complete", "cost_per_delivery"}), _budget_records),
    (frozenset({"availability", "error_budget_remaining", "burn_rate"}), _outage_records),
    (frozenset({"deployment_frequency", "change_failure_rate", "lead_time", "recovery_time"}),
     _change_records),
    (frozenset({"csat", "csat_mean", "nps", "ces", "servqual_gap"}), _survey_records),
    (frozenset({"on_time_delivery"}), _milestone_records),
)  # fmt: skip


def records_for(store: Store, data: DashboardData, scope: ScopeRef, key: str) -> Records:
    """The records behind KPI ``key`` of ``scope`` in the dashboard's tile period."""
    for keys, finder in _FINDERS:
        if key in keys:
            return finder(store, data, scope, key)
    return _ticket_records(store, data, scope, key)


def is_date(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)
