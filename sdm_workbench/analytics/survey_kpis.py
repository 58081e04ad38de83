"""Survey KPIs: CSAT, NPS, CES and SERVQUAL gaps, exactly as DOMAIN.md defines them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..domain.surveys import RATER_DIMENSIONS


def _present(scores: Iterable[int | None]) -> list[int]:
    return [s for s in scores if s is not None]


def csat_percent(scores: Iterable[int | None]) -> float | None:
    """% of responses scoring 4 or 5 on the 1-5 scale."""
    given = _present(scores)
    return None if not given else 100.0 * sum(1 for s in given if s >= 4) / len(given)


def csat_mean(scores: Iterable[int | None]) -> float | None:
    given = _present(scores)
    return None if not given else sum(given) / len(given)


def nps(scores: Iterable[int | None]) -> float | None:
    """% promoters (9-10) minus % detractors (0-6), from -100 to +100."""
    given = _present(scores)
    if not given:
        return None
    promoters = sum(1 for s in given if s >= 9)
    detractors = sum(1 for s in given if s <= 6)
    return 100.0 * (promoters - detractors) / len(given)


def ces(scores: Iterable[int | None]) -> float | None:
    """Mean customer effort on the 1-7 scale (lower effort is better)."""
    return csat_mean(scores)


@dataclass(frozen=True)
class ServqualGaps:
    """Perception minus expectation per RATER dimension; negative is a shortfall."""

    by_dimension: Mapping[str, float | None]
    overall: float | None


def servqual(
    responses: Sequence[Mapping[str, int | None]], weights: Mapping[str, float] | None = None
) -> ServqualGaps:
    """Mean gap P - E per dimension over responses scoring both, and their (weighted) mean."""
    gaps: dict[str, float | None] = {}
    for dim in RATER_DIMENSIONS:
        differences = [
            perceived - expected
            for r in responses
            if (perceived := r.get(f"perc_{dim}")) is not None
            and (expected := r.get(f"exp_{dim}")) is not None
        ]
        gaps[dim] = sum(differences) / len(differences) if differences else None
    known = {d: g for d, g in gaps.items() if g is not None}
    if not known:
        return ServqualGaps(gaps, None)
    w = {d: (weights or {}).get(d, 1.0) for d in known}
    total = sum(w.values())
    overall = sum(g * w[d] for d, g in known.items()) / total if total else None
    return ServqualGaps(gaps, overall)
