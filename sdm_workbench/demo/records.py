"""Outages, change records and survey responses (CSAT, NPS, CES, SERVQUAL)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
from numpy.typing import NDArray

from . import vocab
from .context import Builder, nullable
from .services import ServiceSpec

_RATER = ("reliability", "assurance", "tangibles", "empathy", "responsiveness")
# Perception minus expectation leans negative on some dimensions, as surveys usually show.
_RATER_BIAS = {
    "reliability": -0.6,
    "assurance": -0.2,
    "tangibles": 0.1,
    "empathy": -0.3,
    "responsiveness": -0.8,
}
_CHANGE_RATE = {"automated": 12, "product delivery": 8, "support": 4}


def add_outages(b: Builder) -> None:
    """A year of unplanned outages (a few long ones) and planned night-time maintenance."""
    rnd = b.random("outages")
    now = b.now
    for svc in b.info["services"]:
        svc_: ServiceSpec = svc
        unplanned = sum(1 for _ in range(12) if rnd.random() < 0.15 + 0.5 * (1 - svc_.quality))
        for _ in range(unplanned):
            start = now - timedelta(minutes=rnd.randint(600, 365 * 1440))
            minutes = min(600, max(5, int(rnd.lognormvariate(3.5, 0.9))))
            b.add(
                "outages",
                service_id=svc_.id,
                start_at=start,
                end_at=start + timedelta(minutes=minutes),
                planned=False,
                severity=rnd.choices((1, 2, 3, 4), (10, 25, 40, 25))[0],
                description=rnd.choice(vocab.OUTAGE_WORDS),
            )
        sunday = now - timedelta(days=(now.weekday() + 1) % 7 or 7)
        for week in sorted(rnd.sample(range(1, 52), rnd.randint(3, 8)), reverse=True):
            start = sunday - timedelta(weeks=week) + timedelta(hours=1)
            b.add(
                "outages",
                service_id=svc_.id,
                start_at=start,
                end_at=start + timedelta(minutes=rnd.choice((60, 90, 120, 180, 240))),
                planned=True,
                severity=4,
                description=rnd.choice(vocab.MAINTENANCE_WORDS),
            )


def add_changes(b: Builder) -> None:
    """Six months of deployments; some failed, most of those restored within hours."""
    rnd = b.random("changes")
    now = b.now
    number = 0
    for svc in b.info["services"]:
        svc_: ServiceSpec = svc
        monthly = _CHANGE_RATE.get(svc_.delivery_model, 3)
        count = int(rnd.gauss(monthly * 6, monthly))
        fail_rate = 0.04 + 0.22 * (1 - svc_.quality)
        for _ in range(max(2, count)):
            number += 1
            day = now - timedelta(days=rnd.randint(1, 183))
            day -= timedelta(days=max(0, day.weekday() - 4))  # weekend releases move to Friday
            deployed = day + timedelta(minutes=rnd.randint(7 * 60, 19 * 60))
            failed = rnd.random() < fail_rate
            restored = None
            if failed:
                restored = deployed + timedelta(minutes=min(2880, 10 + rnd.lognormvariate(4.3, 1)))
                restored = restored.replace(microsecond=0) if restored < now else None
            committed = (
                deployed - timedelta(minutes=int(rnd.lognormvariate(7.5, 1)))
                if rnd.random() < 0.9
                else None
            )
            version = f"{rnd.randint(1, 9)}.{rnd.randint(0, 30)}"
            b.add(
                "change_records",
                service_id=svc_.id,
                reference=f"CHG{number:07d}",
                committed_at=committed,
                deployed_at=deployed,
                failed=failed,
                restored_at=restored,
                description=rnd.choice(vocab.CHANGE_WORDS).format(v=version, s=svc_.name),
            )


def _scores(rng: np.random.Generator, n: int, quality: float) -> dict[str, NDArray[Any]]:
    """Survey answers for ``n`` responses, as object arrays holding ints or None."""
    good = np.array([0.02, 0.03, 0.08, 0.32, 0.55])
    poor = np.array([0.1, 0.12, 0.2, 0.33, 0.25])
    csat = rng.choice(np.arange(1, 6), size=n, p=quality * good + (1 - quality) * poor)
    nps = np.clip(np.rint(rng.normal(6.3 + 2.7 * quality, 2.0, n)), 0, 10).astype(np.int64)
    ces = np.clip(np.rint(rng.normal(4.4 - 2.0 * quality, 1.2, n)), 1, 7).astype(np.int64)
    has_nps = rng.random(n) < 0.45
    has_ces = rng.random(n) < 0.35
    has_sq = rng.random(n) < 0.1
    has_csat = (rng.random(n) < 0.85) | ~(has_nps | has_ces | has_sq)
    out = {
        "csat": nullable(has_csat, csat),
        "nps": nullable(has_nps, nps),
        "ces": nullable(has_ces, ces),
    }
    for dim in _RATER:
        exp = np.clip(np.rint(rng.normal(6.0, 0.8, n)), 1, 7).astype(np.int64)
        shift = _RATER_BIAS[dim] - 0.8 * (1 - quality)
        perc = np.clip(np.rint(exp + rng.normal(shift, 0.9, n)), 1, 7).astype(np.int64)
        out[f"exp_{dim}"] = nullable(has_sq, exp)
        out[f"perc_{dim}"] = nullable(has_sq, perc)
    comments = np.array([None, *vocab.SURVEY_COMMENTS], dtype=object)
    pick = np.where(rng.random(n) < 0.12, rng.integers(1, len(comments), n), 0)
    out["comment"] = comments[pick]
    return out


_SURVEY_KEYS = (
    "csat", "nps", "ces",
    *(f"{side}_{dim}" for dim in _RATER for side in ("exp", "perc")),
    "comment",
)  # fmt: skip


def _survey_rows(
    b: Builder,
    rng: np.random.Generator,
    n: int,
    quality: float,
    subject: dict[str, Any],
    customers: tuple[int, ...],
    days: int,
) -> None:
    rows = b.tables["survey_responses"]
    scores = _scores(rng, n, quality)
    dates = [b.today - timedelta(days=int(d)) for d in rng.integers(1, days, n)]
    if customers:
        pick = np.where(rng.random(n) < 0.9, rng.integers(1, len(customers) + 1, n), 0)
        who = np.array([None, *customers], dtype=object)[pick].tolist()
    else:
        who = [None] * n
    columns = [scores[k].tolist() for k in _SURVEY_KEYS]
    start = len(rows) + 1
    for offset, (day, customer, *answers) in enumerate(zip(dates, who, *columns, strict=True)):
        rows.append(
            {
                "id": start + offset,
                "uid": "",
                "version": 1,
                **subject,
                "customer_id": customer,
                "responded_on": day,
                **dict(zip(_SURVEY_KEYS, answers, strict=True)),
            }
        )


def add_surveys(b: Builder) -> None:
    """Responses after tickets (about one in twelve) and at the close of projects."""
    rng = b.rng("surveys")
    counts = b.info["ticket_counts"]
    for svc in b.info["services"]:
        svc_: ServiceSpec = svc
        n = max(6, round(counts[svc_.id] * 0.08))
        subject = {"service_id": svc_.id, "project_id": None}
        _survey_rows(b, rng, n, svc_.quality, subject, svc_.customers, 180)
    for project in b.info["projects"]:
        if project.status == "completed":
            customers = (project.customer_id,) if project.customer_id else ()
            subject = {"service_id": None, "project_id": project.id}
            _survey_rows(b, rng, int(rng.integers(3, 9)), project.health, subject, customers, 90)
