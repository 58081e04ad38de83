"""The RAID log: risks over the whole 5x5 heat map with their score history, and the rest."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from ..domain.kinds import RAID_PREFIXES
from . import vocab
from .context import Builder
from .projects import ProjectSpec
from .services import ServiceSpec

_SCALE = (1, 2, 3, 4, 5)
_MITIGATIONS = (
    "Weekly checkpoint with the supplier; escalate slippage at once",
    "Second engineer trained as backup",
    "Early test cycle on a copy of production data",
    "Fixed-price clause agreed in the contract",
    "Load test before each release",
    "Communication and training plan for users",
)


@dataclass(frozen=True)
class Subject:
    """What a RAID item is about: a project or a service."""

    name: str
    project_id: int | None
    service_id: int | None
    owner_id: int
    since: date  # the earliest day an item about it can be raised
    health: float
    closed: bool  # a completed project: its risks are mostly closed


def _subjects(b: Builder) -> list[Subject]:
    projects: list[ProjectSpec] = b.info["projects"]
    services: list[ServiceSpec] = b.info["services"]
    out = [
        Subject(
            p.name,
            p.id,
            None,
            p.manager_id,
            min(p.start - timedelta(days=30), b.today - timedelta(days=1)),
            p.health,
            p.status in ("completed", "cancelled"),
        )
        for p in projects
    ]
    out += [
        Subject(s.name, None, s.id, s.owner_id, b.today - timedelta(days=540), s.quality, False)
        for s in services
    ]
    return out


def _pick_subject(rnd: random.Random, subjects: list[Subject], n_projects: int) -> Subject:
    if n_projects and rnd.random() < 0.7:
        return subjects[rnd.randrange(n_projects)]
    return subjects[rnd.randrange(n_projects, len(subjects))]


def _history(
    b: Builder, rnd: random.Random, risk: int, raised: date, p: int, i: int,
    rp: int | None, ri: int | None,
) -> None:  # fmt: skip
    """Assessments from first to latest; the last one equals the item's current scores."""
    span = (b.today - raised).days
    count = min(rnd.randint(1, 5), span + 1)
    days = sorted(rnd.sample(range(span + 1), count))
    start_p, start_i = min(5, p + rnd.choice((0, 0, 1, 1, 2))), min(5, i + rnd.choice((0, 1)))
    for n, day in enumerate(days):
        w = 1.0 if count == 1 else n / (count - 1)
        hp = round(start_p + (p - start_p) * w)
        hi = round(start_i + (i - start_i) * w)
        note = "Initial assessment" if n == 0 else "Reassessed at risk review"
        b.add(
            "risk_score_history",
            raid_item_id=risk,
            assessed_on=raised + timedelta(days=day),
            probability=hp,
            impact=hi,
            residual_probability=None if rp is None else min(rp, hp),
            residual_impact=None if ri is None else min(ri, hi),
            note=note,
        )


def _item(rnd: random.Random, subject: Subject, today: date, **values: object) -> dict[str, object]:
    """The columns every RAID item has, with defaults for what a type leaves empty."""
    raised = subject.since + timedelta(days=rnd.randint(0, max(0, (today - subject.since).days)))
    base: dict[str, object] = {
        "description": None, "cause": None, "effect": None, "category": None,
        "project_id": subject.project_id, "service_id": subject.service_id,
        "owner_id": subject.owner_id, "probability": None, "impact": None,
        "residual_probability": None, "residual_impact": None, "cost_impact": None,
        "response_strategy": None, "mitigation": None, "proximity": None, "status": "open",
        "raised_on": min(raised, today), "review_date": None,
    }  # fmt: skip
    base.update(values)
    return base


def add_raid(b: Builder) -> None:
    rnd = b.random("raid")
    today = b.today
    subjects = _subjects(b)
    n_projects = len(b.info["projects"])
    risks: list[tuple[int, int | None, int | None, str, int, int, date]] = []
    occurred: list[tuple[int, Subject]] = []
    for n in range(1, b.scale.risks + 1):
        subject = _pick_subject(rnd, subjects, n_projects)
        opportunity = rnd.random() < 0.05
        title, cause, effect, category = rnd.choice(
            vocab.OPPORTUNITIES if opportunity else vocab.RISKS
        )
        lean = round(2 * (1 - subject.health))  # troubled subjects carry bigger risks
        p = min(5, rnd.choices(_SCALE, (15, 25, 30, 20, 10))[0] + rnd.randint(0, lean))
        i = min(5, rnd.choices(_SCALE, (10, 25, 30, 22, 13))[0] + rnd.randint(0, lean))
        if opportunity:
            strategy = rnd.choice(("exploit", "enhance", "share"))
        else:
            strategy = rnd.choices(("avoid", "reduce", "transfer", "accept"), (10, 55, 10, 25))[0]
        rp: int | None = p if strategy == "accept" else max(1, p - rnd.randint(0, 2))
        ri: int | None = i if strategy in ("accept", "reduce") else max(1, i - rnd.randint(0, 2))
        if rnd.random() < 0.15:
            rp = ri = None  # not yet assessed after mitigation
        if subject.closed:
            status = "closed" if rnd.random() < 0.85 else "occurred"
        else:
            status = rnd.choices(("open", "monitoring", "closed", "occurred"), (60, 20, 15, 5))[0]
        values = _item(
            rnd, subject, today,
            code=f"RSK-{n:04d}", type="risk", title=title.format(x=subject.name),
            description=f"{cause}; if it happens: {effect.lower()}.", cause=cause, effect=effect,
            category=category, probability=p, impact=i, residual_probability=rp,
            residual_impact=ri, response_strategy=strategy, status=status,
            cost_impact=round(rnd.lognormvariate(10.3, 1.0), -2) if rnd.random() < 0.5 else None,
            mitigation=None if strategy == "accept" else rnd.choice(_MITIGATIONS),
        )  # fmt: skip
        raised = values["raised_on"]
        assert isinstance(raised, date)
        values["proximity"] = raised + timedelta(days=rnd.randint(30, 270))
        if status in ("open", "monitoring"):
            values["review_date"] = today + timedelta(days=rnd.randint(-20, 60))
        risk = b.add("raid_items", **values)
        _history(b, rnd, risk, raised, p, i, rp, ri)
        risks.append((risk, subject.project_id, subject.service_id, status, p, i, raised))
        if status == "occurred":
            occurred.append((risk, subject))
    _add_other_items(b, rnd, subjects, n_projects, occurred)
    b.info["risks"] = risks


def _add_other_items(
    b: Builder,
    rnd: random.Random,
    subjects: list[Subject],
    n_projects: int,
    occurred: list[tuple[int, Subject]],
) -> None:
    """Assumptions, issues (some raised when a risk occurred), dependencies and decisions."""
    numbers = {"assumption": 0, "issue": 0, "dependency": 0, "decision": 0}
    plan: list[tuple[str, Subject, str]] = []
    for risk, subject in occurred:
        code = b.tables["raid_items"][risk - 1]["code"]
        plan.append(("issue", subject, f"Risk {code} occurred: {subject.name} affected"))
    types, odds = ("assumption", "issue", "dependency", "decision"), (30, 30, 20, 20)
    templates = {
        "assumption": vocab.ASSUMPTIONS,
        "issue": vocab.ISSUES,
        "dependency": vocab.DEPENDENCIES,
        "decision": vocab.DECISIONS,
    }
    for _ in range(b.scale.other_raid):
        kind = rnd.choices(types, odds)[0]
        subject = _pick_subject(rnd, subjects, n_projects)
        plan.append((kind, subject, rnd.choice(templates[kind]).format(x=subject.name)))
    for kind, subject, title in plan:
        numbers[kind] += 1
        closed = subject.closed or rnd.random() < 0.3
        values = _item(
            rnd, subject, b.today,
            code=f"{RAID_PREFIXES[kind]}{numbers[kind]:04d}", type=kind, title=title,
            status="closed" if closed or kind == "decision" else "open",
            mitigation="Workaround agreed; fix planned" if kind == "issue" else None,
        )  # fmt: skip
        if kind == "dependency":
            raised = values["raised_on"]
            assert isinstance(raised, date)
            values["proximity"] = raised + timedelta(days=rnd.randint(14, 120))
        if not closed and kind != "decision":
            values["review_date"] = b.today + timedelta(days=rnd.randint(-10, 45))
        b.add("raid_items", **values)
