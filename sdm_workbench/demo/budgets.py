"""Budget lines by cost category with monthly planned, actual and forecast amounts."""

from __future__ import annotations

import random
from datetime import date

from .context import Builder, add_months, month_start
from .projects import ProjectSpec

# (category, line name); contingency is a reserve of its own (DOMAIN: budgets).
_PROJECT_LINES = (
    ("labour", "Project team labour"),
    ("licences", "Software licences"),
    ("hardware", "Hardware and infrastructure"),
    ("services", "External services and contractors"),
    ("travel", "Travel and expenses"),
    ("contingency", "Contingency reserve"),
)
_SERVICE_LINES = (("labour", "Run team"), ("licences", "Licences and subscriptions"))
_SERVICE_MONTHS = 12


def _profile(category: str, share: list[float]) -> list[float]:
    """How one category's spend spreads over the months, from the plan's work per month."""
    active = [i for i, s in enumerate(share) if s > 0] or [0]
    if category == "licences":  # bought up front, the rest as users come on board
        out = [0.6 * s for s in share]
        out[active[0]] += 0.4
    elif category == "hardware":  # early: before the build needs it
        weights = [s * (len(share) - i) for i, s in enumerate(share)]
        total = sum(weights) or 1.0
        out = [w / total for w in weights]
    elif category == "contingency":
        out = [1 / len(active) if i in active else 0.0 for i in range(len(share))]
    else:
        out = list(share)
    total = sum(out) or 1.0
    return [x / total for x in out]


def _split(total: float, profile: list[float]) -> list[float]:
    """Amounts per month that add up to ``total`` to the cent."""
    amounts = [round(total * p, 2) for p in profile]
    last = max(range(len(amounts)), key=lambda i: profile[i])
    amounts[last] = round(amounts[last] + total - sum(amounts), 2)
    return amounts


def _add_months(
    b: Builder,
    rnd: random.Random,
    line: int,
    first: date,
    planned: list[float],
    spend: list[float],
    contingency: bool,
) -> None:
    """Actuals for finished months, forecasts for the current month on."""
    current = month_start(b.today)
    for i, plan in enumerate(planned):
        month = add_months(first, i)
        actual = forecast = None
        if month < current:
            value = spend[i] * rnd.uniform(0.9, 1.1)
            if contingency:  # drawn now and then, not month by month
                value = spend[i] * rnd.uniform(0.5, 3.0) if rnd.random() < 0.25 else 0.0
            actual = round(value, 2)
        else:
            forecast = round(spend[i], 2)
        b.add(
            "budget_months",
            line_id=line,
            month=month,
            planned=plan,
            actual=actual,
            forecast=forecast,
        )


def add_budgets(b: Builder) -> None:
    """Six lines per project over its budget window, two run-cost lines per service."""
    rnd = b.random("budgets")
    cost_factor: dict[int, float] = {}
    projects: list[ProjectSpec] = b.info["projects"]
    for project in projects:
        # Troubled projects overrun: up to about a third over budget.
        factor = 1.0 + (1 - project.health) * rnd.uniform(0.1, 0.45) - rnd.uniform(0.0, 0.06)
        cost_factor[project.id] = factor
        currency = "USD" if project.code.endswith(("4", "9")) else "EUR"
        labour = round(rnd.lognormvariate(13.2, 0.5), -3)
        shares = {
            "labour": 1.0,
            "licences": rnd.uniform(0.05, 0.2),
            "hardware": rnd.uniform(0.0, 0.3),
            "services": rnd.uniform(0.1, 0.4),
            "travel": rnd.uniform(0.01, 0.05),
        }
        shares["contingency"] = 0.1 * sum(shares.values())
        for category, name in _PROJECT_LINES:
            bac = round(labour * shares[category], -2)
            line = b.add(
                "budget_lines",
                project_id=project.id,
                service_id=None,
                category=category,
                name=name,
                budget_at_completion=bac,
                currency=currency,
                notes=None,
            )
            planned = _split(bac, _profile(category, project.planned_share))
            spend = [bac * factor * p for p in _profile(category, project.current_share)]
            _add_months(b, rnd, line, project.window, planned, spend, category == "contingency")
    first = add_months(b.today, -_SERVICE_MONTHS // 2)
    for svc in b.info["services"]:
        for category, name in _SERVICE_LINES:
            monthly = round(rnd.lognormvariate(10.3, 0.6), -2)
            line = b.add(
                "budget_lines",
                project_id=None,
                service_id=svc.id,
                category=category,
                name=name,
                budget_at_completion=round(monthly * _SERVICE_MONTHS, 2),
                currency="EUR",
                notes=None,
            )
            factor = rnd.uniform(0.92, 1.12)
            planned = [monthly] * _SERVICE_MONTHS
            _add_months(b, rnd, line, first, planned, [monthly * factor] * _SERVICE_MONTHS, False)
    b.info["cost_factor"] = cost_factor
