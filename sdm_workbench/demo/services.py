"""Services, their SLAs and the service level objectives inside them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from . import vocab
from .context import Builder, add_months, month_start
from .org import CalendarSpec

# Per ticket priority: (response target, unit), (resolution target, unit), attainment target %.
PRIORITY_TARGETS: dict[int, tuple[tuple[float, str], tuple[float, str], float]] = {
    1: ((15, "minutes"), (4, "hours"), 95.0),
    2: ((1, "business hours"), (8, "business hours"), 95.0),
    3: ((4, "business hours"), (3, "business days"), 90.0),
    4: ((1, "business days"), (5, "business days"), 90.0),
}
AVAILABILITY = {"critical": 99.95, "high": 99.9, "medium": 99.5, "low": 99.0}
_STAGES = ("delivery",) * 14 + ("design", "improvement", "feedback", "evaluation")


@dataclass(frozen=True)
class ServiceSpec:
    """What later generators need to know about a service."""

    id: int
    code: str
    name: str
    domain: str
    delivery_model: str
    criticality: str
    calendar: CalendarSpec
    team_id: int
    team_name: str
    owner_id: int
    customers: tuple[int, ...]
    quality: float  # 0 (struggling) .. 1 (excellent): drives breaches, CSAT and KPIs
    volume: float  # relative ticket volume


def add_services(b: Builder) -> None:
    rnd = b.random("services")
    calendars = {c.code: c for c in b.info["calendars"]}
    teams = b.info["teams"]
    sdms = b.info["roles"]["sdm"]
    customers = [c for c, _ in b.info["customers"]]
    catalogue = [
        (f"{name}{region}", domain, model, crit)
        for region in vocab.SERVICE_REGIONS
        for name, domain, model, crit in vocab.SERVICES
    ]
    specs: list[ServiceSpec] = []
    for index in range(b.scale.services):
        name, domain, model, criticality = catalogue[index]
        if criticality == "critical":
            cal = calendars["CAL-247"]
        else:
            cal = calendars[rnd.choices(("CAL-DE", "CAL-US", "CAL-UK"), (55, 30, 15))[0]]
        team_id, team_name = teams[(index + 1) % len(teams)] if len(teams) > 1 else teams[0]
        owner = sdms[index % len(sdms)]
        code = f"SVC-{index + 1:03d}"
        service = b.add(
            "services",
            code=code,
            name=name,
            owner_id=owner,
            delivery_model=model,
            stage=rnd.choice(_STAGES),
            criticality=criticality,
            calendar_id=cal.id,
            description=f"{name} for {vocab.COMPANY} and its customers, run by {team_name}.",
            notes=None,
        )
        served = tuple(rnd.sample(customers, 1 if rnd.random() < 0.7 else 2))
        specs.append(
            ServiceSpec(
                service,
                code,
                name,
                domain,
                model,
                criticality,
                cal,
                team_id,
                team_name,
                owner,
                served,
                quality=rnd.betavariate(4, 1.6),
                volume=rnd.lognormvariate(0, 0.6),
            )
        )
    b.info["services"] = specs
    _add_slas(b, specs)


def _add_slas(b: Builder, services: list[ServiceSpec]) -> None:
    rnd = b.random("slas")
    customer_names = dict(b.info["customers"])
    today = b.today
    number = 0
    for svc in services:
        for customer in svc.customers:
            number += 1
            status = rnd.choices(("active", "draft", "suspended", "expired"), (88, 4, 3, 5))[0]
            start = month_start(today - timedelta(days=rnd.randint(200, 900)))
            end = add_months(start, rnd.choice((24, 36))) - timedelta(days=1)
            if status == "expired":
                end = today - timedelta(days=rnd.randint(10, 120))
            elif end < today:
                end = add_months(today, 12) - timedelta(days=1)
            sla = b.add(
                "slas",
                code=f"SLA-{number:03d}",
                name=f"{svc.name} \u2013 {customer_names[customer]}",
                service_id=svc.id,
                customer_id=customer,
                calendar_id=svc.calendar.id,
                period="month" if rnd.random() < 0.75 else "quarter",
                status=status,
                start_date=start,
                end_date=end,
                review_date=today + timedelta(days=rnd.randint(-45, 90)),
                notes=None,
            )
            for priority, (response, resolution, attainment) in PRIORITY_TARGETS.items():
                for metric, (target, unit) in (
                    ("response time", response),
                    ("resolution time", resolution),
                ):
                    b.add(
                        "sla_targets",
                        sla_id=sla,
                        metric=metric,
                        comparator="<=",
                        target=float(target),
                        unit=unit,
                        priority=priority,
                        attainment_target=attainment,
                    )
            extras = [("availability", ">=", AVAILABILITY[svc.criticality]), ("csat", ">=", 85.0)]
            if svc.delivery_model in ("customer service", "support"):
                extras.append(("first contact resolution", ">=", 70.0))
            if svc.delivery_model in ("automated", "product delivery"):
                extras.append(("change failure rate", "<=", 15.0))
            for metric, comparator, target in extras:
                b.add(
                    "sla_targets",
                    sla_id=sla,
                    metric=metric,
                    comparator=comparator,
                    target=target,
                    unit="percent",
                    priority=None,
                    attainment_target=None,
                )
