"""RACI assignments and review meetings: scope, attendees, decisions, actions, snapshots."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from . import vocab
from .context import Builder, month_start
from .kpis import SERVICE_KPIS
from .projects import ProjectSpec
from .review_snapshots import DemoSnapshots
from .services import ServiceSpec

_NOTES = (
    "Open with the good news, then the breaches.",
    "Thank the team for the quick recovery last month.",
    "Ask the customer whether the report format works for them.",
    "Keep this short: the numbers speak for themselves.",
)
_OWN_ITEMS = ("Any other business", "Date of the next review", "Lessons learned")
_SNAPSHOT_KPIS = ("sla_attainment", "availability", "csat", "mttr_business")
_KPI_DEFS = {k.key: k for k in SERVICE_KPIS}


def _raci(b: Builder, role: str, *, person: int | None = None, team: int | None = None,
          service: int | None = None, project: int | None = None,
          task: int | None = None) -> None:  # fmt: skip
    b.add(
        "raci_assignments",
        role=role,
        person_id=person,
        team_id=team,
        service_id=service,
        project_id=project,
        task_id=task,
        notes=None,
    )


def add_raci(b: Builder) -> None:
    """Who is responsible, accountable, consulted and informed for services, projects, phases."""
    rnd = b.random("raci")
    workers: list[int] = b.info["roles"]["staff"] or b.info["staff"]
    contacts: dict[int, list[int]] = b.info["contacts"]
    services: dict[int, ServiceSpec] = {s.id: s for s in b.info["services"]}
    executives = b.info["roles"]["executive"]
    for svc in services.values():
        _raci(b, "A", person=svc.owner_id, service=svc.id)
        _raci(b, "R", team=svc.team_id, service=svc.id)
        _raci(b, "C", person=rnd.choice(workers), service=svc.id)
        _raci(b, "I", person=contacts[svc.customers[0]][0], service=svc.id)
    for project in b.info["projects"]:
        p: ProjectSpec = project
        _raci(b, "A", person=p.sponsor_id, project=p.id)
        _raci(b, "R", person=p.manager_id, project=p.id)
        consulted = services[p.service_id].owner_id if p.service_id else rnd.choice(workers)
        _raci(b, "C", person=consulted, project=p.id)
        informed = contacts[p.customer_id][0] if p.customer_id else rnd.choice(executives)
        _raci(b, "I", person=informed, project=p.id)
        for task in p.phase_tasks:
            _raci(b, "A", person=p.manager_id, task=task)
            _raci(b, "R", person=rnd.choice(workers), task=task)


def _weekday(day: date, back: bool) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=-1 if back else 1)
    return day


def _dates(rnd: random.Random, today: date, count: int) -> list[date]:
    """About a year of past reviews, evenly spread, plus two planned ones."""
    past = max(1, count - 2)
    days = {
        _weekday(today - timedelta(days=int((k + 0.5) * 365 / past) + rnd.randint(0, 3)), True)
        for k in range(past)
    }
    days |= {_weekday(today + timedelta(days=d), False) for d in (7, 21)}
    return sorted(days)[-count:]


class _Reviews:
    """Builds one review after another, keeping what the next snapshot needs to look back on."""

    def __init__(self, b: Builder) -> None:
        self.b = b
        self.rnd = b.random("reviews")
        self.agenda_rnd = b.random("review agenda")
        self.services: list[ServiceSpec] = b.info["services"]
        self.by_service: dict[int, ServiceSpec] = {s.id: s for s in self.services}
        self.projects: list[ProjectSpec] = b.info["projects"]
        self.by_project: dict[int, ProjectSpec] = {p.id: p for p in self.projects}
        self.customers: dict[int, str] = dict(b.info["customers"])
        self.contacts: dict[int, list[int]] = b.info["contacts"]
        self.roles: dict[str, list[int]] = b.info["roles"]
        self.risks: list[tuple[int, int | None, int | None, str, int, int, date]] = b.info["risks"]
        self.actions: list[dict[str, Any]] = b.tables["action_items"]
        self.cost_factor: dict[int, float] = b.info["cost_factor"]
        self.snapshots = DemoSnapshots(b)
        # Risks by subject, oldest first: decisions and actions link to one raised by then.
        self.risks_by: dict[tuple[str, int], list[tuple[date, int, str, int, int]]] = {}
        for risk, project, service, status, p, i, raised in self.risks:
            key = ("project", project) if project else ("service", service or 0)
            self.risks_by.setdefault(key, []).append((raised, risk, status, p, i))
        for entries in self.risks_by.values():
            entries.sort()

    def scope(self, kind: str) -> tuple[str, int, list[tuple[str, int]]]:
        """Title, chair and scope items ("service" / "project" / "customer", id)."""
        rnd = self.rnd
        if kind == "steering" and self.projects:
            p = rnd.choice([p for p in self.projects if p.status != "proposed"] or self.projects)
            items = [("project", p.id)] + ([("service", p.service_id)] if p.service_id else [])
            return f"Steering committee \u2013 {p.name}", p.sponsor_id, items
        if kind == "portfolio" and self.projects:
            chosen = rnd.sample(self.projects, min(len(self.projects), rnd.randint(5, 10)))
            return (
                "Portfolio review",
                rnd.choice(self.roles["executive"]),
                [("project", p.id) for p in chosen],
            )
        customer = rnd.choice(list(self.customers))
        served = [s for s in self.services if customer in s.customers][:4]
        served = served or rnd.sample(self.services, min(2, len(self.services)))
        label = "Quarterly business review" if kind == "qbr" else "Monthly service review"
        items = [("customer", customer)] + [("service", s.id) for s in served]
        return f"{label} \u2013 {self.customers[customer]}", served[0].owner_id, items

    def build(self) -> None:
        b, rnd = self.b, self.rnd
        kinds = ("service", "steering", "qbr", "portfolio")
        for number, held in enumerate(_dates(rnd, b.today, b.scale.reviews), start=1):
            past = held < b.today
            kind = rnd.choices(kinds, (40, 30, 15, 15))[0]
            title, chair, items = self.scope(kind)
            review = b.add(
                "reviews",
                code=f"REV-{number:03d}",
                title=title,
                held_on=held,
                status="closed" if past else "planned",
                chair_id=chair,
                notes=rnd.choice(vocab.REVIEW_NOTES) if past else None,
            )
            for subject, ref in items:
                b.add(
                    "review_scope_items",
                    review_id=review,
                    service_id=ref if subject == "service" else None,
                    project_id=ref if subject == "project" else None,
                    customer_id=ref if subject == "customer" else None,
                )
            people = self.attendees(chair, items)
            for person in people:
                b.add(
                    "review_attendees",
                    review_id=review,
                    person_id=person,
                    present=not past or person == chair or rnd.random() < 0.9,
                )
            if past:
                self.snapshot(review, held, items)  # taken before this meeting's actions
                self.outcomes(review, held, people, items)
            self.agenda(review, items, past)

    def attendees(self, chair: int, items: list[tuple[str, int]]) -> list[int]:
        wanted = {chair}
        for subject, ref in items[:4]:
            if subject == "service":
                wanted.add(self.by_service[ref].owner_id)
            elif subject == "project":
                wanted.add(self.by_project[ref].manager_id)
            else:
                wanted.add(self.contacts[ref][0])
        staff = self.roles["staff"] or self.roles["sdm"]
        wanted.update(self.rnd.sample(staff, min(len(staff), self.rnd.randint(1, 4))))
        return sorted(wanted)

    def subject_name(self, subject: str, ref: int) -> str:
        if subject == "service":
            return self.by_service[ref].name
        if subject == "project":
            return self.by_project[ref].name
        return self.customers[ref]

    def outcomes(
        self, review: int, held: date, people: list[int], items: list[tuple[str, int]]
    ) -> None:
        """Decisions and action items; actions past due are mostly done, some overdue."""
        b, rnd = self.b, self.rnd
        subjects = [(s, r) for s, r in items if s != "customer"] or items
        for _ in range(rnd.randint(1, 3)):
            subject, ref = rnd.choice(subjects)
            b.add(
                "decisions",
                review_id=review,
                raid_item_id=self.risk_of(subject, ref, held),
                service_id=ref if subject == "service" else None,
                project_id=ref if subject == "project" else None,
                decided_on=held,
                text=rnd.choice(vocab.DECISIONS).format(x=self.subject_name(subject, ref)),
                made_by_id=rnd.choice(people),
            )
        for _ in range(rnd.randint(2, 5)):
            subject, ref = rnd.choice(subjects)
            due = held + timedelta(days=rnd.randint(7, 35))
            closed_on = None
            if due < b.today:
                status = rnd.choices(("done", "open", "in progress", "cancelled"), (70, 15, 10, 5))[
                    0
                ]
            else:
                status = rnd.choices(("done", "open", "in progress"), (25, 45, 30))[0]
            if status in ("done", "cancelled"):
                latest = min(b.today - timedelta(days=1), due + timedelta(days=10))
                closed_on = held + timedelta(days=rnd.randint(1, max(1, (latest - held).days)))
            b.add(
                "action_items",
                code=f"ACT-{len(self.actions) + 1:04d}",
                review_id=review,
                service_id=ref if subject == "service" else None,
                project_id=ref if subject == "project" else None,
                raid_item_id=self.risk_of(subject, ref, held) if rnd.random() < 0.3 else None,
                title=rnd.choice(vocab.ACTIONS).format(x=self.subject_name(subject, ref)),
                owner_id=rnd.choice(people),
                raised_on=held,
                due_date=due,
                status=status,
                closed_on=closed_on,
                notes=None,
            )

    def agenda(self, review: int, items: list[tuple[str, int]], past: bool) -> None:
        """Agenda edits as a manager makes them: presenter notes on the first subject and an
        item of one's own at the end (a stream of its own, so other draws never shift)."""
        rnd = self.agenda_rnd
        subjects = [(s, r) for s, r in items if s != "customer"]
        if subjects:
            subject, ref = subjects[0]
            self._agenda_row(review, agenda_key=f"{subject}:{ref}", notes=rnd.choice(_NOTES))
        title = rnd.choice(_OWN_ITEMS) if past else "Any other business"
        self._agenda_row(review, title=title, notes=None if past else "Ask for topics first.")

    def _agenda_row(self, review: int, **values: Any) -> None:
        row = {"agenda_key": None, "position": None, "title": None, "hidden": False}
        self.b.add("review_agenda_items", review_id=review, **{**row, "notes": None, **values})

    def risk_of(self, subject: str, ref: int, held: date) -> int | None:
        known = [r for r in self.risks_by.get((subject, ref), []) if r[0] <= held]
        return self.rnd.choice(known)[1] if known else None

    def snapshot(self, review: int, held: date, items: list[tuple[str, int]]) -> None:
        """The KPI, project, risk and action picture as the meeting saw it (format 1)."""
        months: list[date] = self.b.info["kpi_months"]
        last_month = month_start(month_start(held) - timedelta(days=1))
        index = months.index(last_month) if last_month in months else None
        status = {ref: self.project_status(self.by_project[ref], held)
                  for subject, ref in items if subject == "project"}  # fmt: skip
        taken = self.snapshots.take(held, items, index, status)
        self.b.add(
            "review_snapshots",
            review_id=review,
            taken_at=datetime.combine(held, time(9, 0)),
            format_version=taken.format_version,
            payload=taken.to_json(),
        )

    def project_status(self, p: ProjectSpec, held: date) -> dict[str, Any]:
        """A project's progress and indices as of ``held`` (elapsed time tempered by health)."""
        length = max(1, (p.finish - p.start).days)
        elapsed = min(1.0, max(0.0, (held - p.start).days / length))
        cpi = round(1 / self.cost_factor[p.id], 2) if elapsed > 0 else 1.0
        spi = round(1 - 0.25 * (1 - p.health) * elapsed, 2)
        worst = min(cpi, spi)
        return {
            "id": p.id,
            "code": p.code,
            "name": p.name,
            "rag": "green" if worst >= 0.95 else "amber" if worst >= 0.9 else "red",
            "percent_complete": round(100 * elapsed * (0.85 + 0.15 * p.health), 1),
            "cpi": cpi,
            "spi": spi,
        }


def _worst(rags: list[str]) -> str:
    for rag in ("red", "amber", "green"):
        if rag in rags:
            return rag
    return "grey"


def add_reviews(b: Builder) -> None:
    """Past reviews with their outcomes and snapshots, and two planned ones."""
    _Reviews(b).build()
