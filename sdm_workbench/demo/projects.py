"""Projects with a WBS (phases, tasks, milestones), dependencies of all four types and baselines.

Dates come from a forward pass over the dependencies, twice: once with the planned durations
(the baseline) and once with some tasks slipped (the current plan), so dependencies, dates
and slippage agree with each other. Every link points from an earlier WBS row to a later one,
which keeps the network acyclic by construction.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from . import vocab
from .context import Builder, add_months, month_start
from .org import CalendarSpec, public_holidays

# Dependency types with their odds among the extra links (chains and gates are all FS).
_EXTRA_TYPES, _EXTRA_ODDS = ("FS", "SS", "FF", "SF"), (40, 30, 20, 10)
_STATUSES = ("active", "completed", "proposed", "on hold", "cancelled")
_STATUS_ODDS = (60, 20, 10, 6, 4)


@dataclass
class ProjectSpec:
    """What budgets, RAID, KPIs and reviews need to know about a project."""

    id: int
    code: str
    name: str
    status: str
    start: date
    finish: date
    manager_id: int
    sponsor_id: int
    service_id: int | None
    customer_id: int | None
    health: float  # 0 (troubled) .. 1 (on track): slippage, overruns, risks
    percent_complete: float
    slippage_days: int
    window: date  # first month of its budget
    planned_share: list[float] = field(default_factory=list)  # baseline work per budget month
    current_share: list[float] = field(default_factory=list)  # current plan's work per month
    phase_tasks: list[int] = field(default_factory=list)  # summary task ids


class WorkCalendar:
    """Working days of a project calendar (weekdays with hours, less holidays and closed days),
    numbered so that a plan is integer arithmetic: ``day(number(d)) == d`` on working days.
    """

    def __init__(self, spec: CalendarSpec, around: date, years: int) -> None:
        first, last = date(around.year - years, 1, 1), date(around.year + years, 12, 31)
        public = public_holidays(spec, range(first.year, last.year + 1))
        self.days = [
            d
            for d in (first + timedelta(days=i) for i in range((last - first).days + 1))
            if spec.spans[d.weekday()] and d not in public and d not in spec.closed
        ]

    def day(self, number: int) -> date:
        if not 0 <= number < len(self.days):  # a negative index would silently wrap around
            raise IndexError(f"Working day {number} is outside the demo calendar's reach.")
        return self.days[number]

    def number(self, day: date) -> int:
        """The number of ``day``, or of the next working day when it is not one."""
        return bisect_left(self.days, day)


@dataclass
class Plan:
    """One project's WBS rows (summaries, tasks, milestones) and links, by WBS index."""

    names: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)  # "summary", "task" or "milestone"
    parent: list[int] = field(default_factory=list)  # WBS index of the summary, -1 for none
    duration: list[int] = field(default_factory=list)
    links: list[tuple[int, int, str, int]] = field(default_factory=list)


def _phases(methodology: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return vocab.AGILE_PHASES if methodology == "agile" else vocab.WATERFALL_PHASES


def _make_plan(
    rnd: random.Random, size: int, methodology: str, target_span: int, links_per_task: float
) -> Plan:
    phases = _phases(methodology)
    leaves_total = max(len(phases), size - 2 * len(phases))
    weights = [len(tasks) for _, _, tasks in phases]
    counts = [max(1, round(leaves_total * w / sum(weights))) for w in weights]
    streams = [max(1, min(4, round(k / 4))) for k in counts]
    chain = sum(-(-k // s) for k, s in zip(counts, streams, strict=True))
    mean = max(1.0, 0.8 * target_span / chain)
    plan = Plan()
    leaves: list[int] = []
    gate = -1
    for (phase, milestone, task_names), k, s in zip(phases, counts, streams, strict=True):
        summary = len(plan.names)
        plan.names.append(phase)
        plan.kind.append("summary")
        plan.parent.append(-1)
        plan.duration.append(0)
        first = len(plan.names)
        for j in range(k):
            name = task_names[j % len(task_names)]
            if j >= len(task_names):
                name = f"{name} ({j // len(task_names) + 1})"
            index = len(plan.names)
            plan.names.append(name)
            plan.kind.append("task")
            plan.parent.append(summary)
            plan.duration.append(max(1, round(mean * rnd.uniform(0.4, 1.6))))
            leaves.append(index)
            if j >= s:
                lag = rnd.choice((1, 2, 3)) if rnd.random() < 0.1 else 0
                plan.links.append((index - s, index, "FS", lag))
            elif gate >= 0:
                plan.links.append((gate, index, "FS", 0))
        gate = len(plan.names)
        plan.names.append(milestone)
        plan.kind.append("milestone")
        plan.parent.append(summary)
        plan.duration.append(0)
        for j in range(max(0, k - s), k):
            plan.links.append((first + j, gate, "FS", 0))
    _add_extra_links(rnd, plan, leaves, round(links_per_task * len(plan.names)))
    return plan


def _add_extra_links(rnd: random.Random, plan: Plan, leaves: list[int], target: int) -> None:
    """SS/FF/SF links, leads and lags between nearby tasks, until the plan has ``target``."""
    pairs = {(a, b) for a, b, _, _ in plan.links}
    attempts = 0
    while len(plan.links) < target and attempts < 20 * target:
        attempts += 1
        position = rnd.randrange(1, len(leaves))
        succ = leaves[position]
        pred = leaves[rnd.randrange(max(0, position - 12), position)]
        if (pred, succ) in pairs:
            continue
        kind = rnd.choices(_EXTRA_TYPES, _EXTRA_ODDS)[0]
        if kind == "FS":
            lag = rnd.choice((0, 0, 0, 1, 2, -1, -2))
        elif kind == "SS":
            lag = rnd.randint(1, 5)
        else:
            lag = rnd.randint(0, 3)
        pairs.add((pred, succ))
        plan.links.append((pred, succ, kind, lag))
    plan.links.sort()


def _forward_pass(plan: Plan, durations: list[int]) -> tuple[list[int], list[int]]:
    """Earliest start and end (continuous working-day points) of every row; summaries 0."""
    before: list[list[tuple[int, str, int]]] = [[] for _ in plan.names]
    for pred, succ, kind, lag in plan.links:
        before[succ].append((pred, kind, lag))
    start = [0] * len(plan.names)
    end = [0] * len(plan.names)
    for i, kind in enumerate(plan.kind):
        if kind == "summary":
            continue
        d = durations[i]
        earliest = 0
        for pred, link, lag in before[i]:
            if link == "FS":
                earliest = max(earliest, end[pred] + lag)
            elif link == "SS":
                earliest = max(earliest, start[pred] + lag)
            elif link == "FF":
                earliest = max(earliest, end[pred] + lag - d)
            else:
                earliest = max(earliest, start[pred] + lag - d)
        start[i], end[i] = earliest, earliest + d
    return start, end


def _shown(kind: str, start: int, end: int) -> tuple[int, int]:
    """First and last working day as shown; a milestone sits on the day that ends at its point."""
    return (end - 1, end - 1) if kind == "milestone" else (start, end - 1)


def _share(
    plan: Plan, start: list[int], end: list[int], offset: int, months: list[int]
) -> list[float]:
    """Fraction of the task work falling into each budget month (month starts as workdays)."""
    span = max(end) + 1
    diff = np.zeros(span + 1)
    for i, kind in enumerate(plan.kind):
        if kind == "task":
            diff[start[i]] += 1
            diff[end[i]] -= 1
    cum = np.concatenate(([0.0], np.cumsum(np.cumsum(diff)[:span])))
    edges = np.clip(np.array(months) - offset, 0, span)
    edges[0], edges[-1] = 0, span  # work outside the window counts in its first / last month
    work = np.diff(cum[edges])
    shares: list[float] = (work / max(work.sum(), 1.0)).round(6).tolist()
    return shares


def _slip(rnd: random.Random, plan: Plan, eligible: list[bool], odds: float) -> list[int]:
    """Durations with some eligible tasks running longer than planned."""
    return [
        d + rnd.randint(1, max(1, d // 2)) if kind == "task" and ok and rnd.random() < odds else d
        for d, kind, ok in zip(plan.duration, plan.kind, eligible, strict=True)
    ]


def _percent(
    rnd: random.Random, status: str, kind: str, first: int, last: int, today: int, health: float
) -> float:
    if status == "completed":
        return 100.0
    if status == "proposed" or first >= today:
        return 0.0
    if last < today:
        if kind == "task" and status == "active" and rnd.random() < 0.08 * (2 - health):
            return float(rnd.choice((60, 70, 80, 90, 95)))  # late: past its finish, not done
        return 100.0
    if kind == "milestone":
        return 0.0
    return float(min(95, max(5, 5 * round(20 * (today - first) / (last - first + 1)))))


def add_projects(b: Builder) -> None:
    """Projects in every state around today, each with its plan, baseline and links."""
    rnd = b.random("projects")
    s = b.scale
    roles = b.info["roles"]
    services = b.info["services"]
    cal_specs = {c.code: c for c in b.info["calendars"]}
    # Plans reach back about one budget window plus slippage, and as far ahead.
    reach = s.budget_months // 12 + 2
    work = {code: WorkCalendar(cal_specs[code], b.today, reach) for code in ("CAL-DE", "CAL-US")}
    workers = roles["staff"] or b.info["staff"]
    catalogue = [f"{n}{suffix}" for suffix in vocab.PROJECT_SUFFIXES for n in vocab.PROJECTS]
    specs: list[ProjectSpec] = []
    for index in range(s.projects):
        status = rnd.choices(_STATUSES, _STATUS_ODDS)[0]
        calendar_code = "CAL-US" if index % 5 == 3 else "CAL-DE"
        cal = work[calendar_code]
        today = cal.number(b.today)
        methodology = rnd.choices(("waterfall", "agile", "hybrid"), (45, 25, 30))[0]
        size = max(24, round(s.tasks_per_project * rnd.uniform(0.8, 1.2)))
        health = rnd.betavariate(3, 1.5)
        target = round(s.budget_months * 21 * rnd.uniform(0.45, 0.8))
        plan = _make_plan(rnd, size, methodology, target, s.deps_per_task)
        b_start, b_end = _forward_pass(plan, plan.duration)
        slip_odds = 0.1 + 0.4 * (1 - health)
        if status == "proposed":
            offset, durations = today + rnd.randint(10, 60), plan.duration
        elif status == "completed":
            durations = _slip(rnd, plan, [True] * len(plan.names), slip_odds)
            offset = today - max(_forward_pass(plan, durations)[1]) - rnd.randint(5, 120)
        else:
            offset = today - int(max(b_end) * rnd.uniform(0.15, 0.85))
            begun = [x + offset < today for x in b_start]
            durations = _slip(rnd, plan, begun, slip_odds)
        c_start, c_end = _forward_pass(plan, durations)
        shown = [
            _shown(k, a + offset, z + offset)
            for k, a, z in zip(plan.kind, c_start, c_end, strict=True)
        ]
        base = [
            _shown(k, a + offset, z + offset)
            for k, a, z in zip(plan.kind, b_start, b_end, strict=True)
        ]
        children: dict[int, list[int]] = {}
        for i, parent in enumerate(plan.parent):
            if parent >= 0:
                children.setdefault(parent, []).append(i)
        for summary, rows in children.items():
            shown[summary] = (min(shown[i][0] for i in rows), max(shown[i][1] for i in rows))
            base[summary] = (min(base[i][0] for i in rows), max(base[i][1] for i in rows))
        percent = [
            0.0 if k == "summary" else _percent(rnd, status, k, f, t, today, health)
            for k, (f, t) in zip(plan.kind, shown, strict=True)
        ]
        weight = [durations[i] if k == "task" else 0 for i, k in enumerate(plan.kind)]
        for summary, rows in children.items():
            total = sum(weight[i] for i in rows) or 1
            percent[summary] = round(sum(weight[i] * percent[i] for i in rows) / total, 1)
        total_work = sum(weight) or 1
        overall = round(sum(w * p for w, p in zip(weight, percent, strict=True)) / total_work, 1)

        svc = services[rnd.randrange(len(services))] if rnd.random() < 0.8 else None
        customer = rnd.choice(svc.customers) if svc and rnd.random() < 0.6 else None
        name = catalogue[index]
        first_day = cal.day(min(f for f, _ in shown))
        last_day = cal.day(max(t for _, t in shown))
        baseline_last = cal.day(max(t for _, t in base))
        manager = roles["pm"][index % len(roles["pm"])]
        sponsor = roles["executive"][index % len(roles["executive"])]
        project_id = b.add(
            "projects",
            code=f"PRJ-{index + 1:03d}",
            name=name,
            manager_id=manager,
            service_id=svc.id if svc else None,
            customer_id=customer,
            calendar_id=cal_specs[calendar_code].id,
            methodology=methodology,
            status=status,
            start_date=first_day,
            finish_date=last_day,
            status_date=None if status == "proposed" else min(b.today, last_day),
            description=(
                f"{name}, sponsored by the {b.tables['people'][sponsor - 1]['job_title']}"
                + (f"; delivers into {svc.name}." if svc else ".")
            ),
        )
        first_task = b.next_id("tasks")
        has_baseline = status != "proposed"
        for i, (kind, label) in enumerate(zip(plan.kind, plan.names, strict=True)):
            (f, t), (bf, bt) = shown[i], base[i]
            late = kind == "task" and 0 < percent[i] < 100 and t < today
            b.add(
                "tasks",
                project_id=project_id,
                parent_id=first_task + plan.parent[i] if plan.parent[i] >= 0 else None,
                sort_order=i + 1,
                name=label,
                is_milestone=kind == "milestone",
                start_date=cal.day(f),
                finish_date=cal.day(t),
                duration_days=0 if kind == "milestone" else t - f + 1,
                percent_complete=percent[i],
                assignee_id=manager if kind != "task" else workers[rnd.randrange(len(workers))],
                baseline_start=cal.day(bf) if has_baseline else None,
                baseline_finish=cal.day(bt) if has_baseline else None,
                notes="Behind plan: waiting for input from the business" if late else None,
            )
        for pred, succ, kind, lag in plan.links:
            b.add(
                "dependencies",
                predecessor_id=first_task + pred,
                successor_id=first_task + succ,
                type=kind,
                lag_days=lag,
            )
        window = month_start(first_day)
        months = [cal.number(add_months(window, m)) for m in range(s.budget_months + 1)]
        spec = ProjectSpec(
            project_id, f"PRJ-{index + 1:03d}", name, status, first_day, last_day,
            manager, sponsor, svc.id if svc else None, customer, health, overall,
            (last_day - baseline_last).days if has_baseline else 0, window,
            _share(plan, b_start, b_end, offset, months),
            _share(plan, c_start, c_end, offset, months),
            [first_task + i for i, k in enumerate(plan.kind) if k == "summary"],
        )  # fmt: skip
        specs.append(spec)
    b.info["projects"] = specs
