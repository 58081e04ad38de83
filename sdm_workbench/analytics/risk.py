"""Risk scoring: score and band, residual score, 5x5 heat maps, trend and exposure.

Definitions (DOMAIN.md "Risk registers"):

* score = probability x impact, both on 1..5, so 1..25. The residual score uses the
  residual probability and impact (after mitigation); a missing residual value falls back
  to the inherent one, since an unmitigated risk keeps its inherent rating.
* Bands are configurable (:class:`RiskBands`); the default is 1-4 low, 5-12 medium,
  13-25 high. 13 and 14 are not products of two numbers on 1..5, so this is DOMAIN.md's
  "15-25 high"; any score above ``medium_max`` is high.
* Heat map: counts per (probability, impact) cell as a 5x5 array indexed
  ``[probability - 1, impact - 1]``, plus the item ids per cell.
* Trend: the latest assessment in the score history against the one before it.
* Exposure = probability x cost impact, where the 1..5 probability means the *middle* of
  its likelihood band: 1 = rare (< 20 %) -> 0.1, 2 -> 0.3, 3 -> 0.5, 4 -> 0.7,
  5 = almost certain (> 80 %) -> 0.9. Not p / 5: that would call a "5" certain (a certain
  event is an issue, not a risk) and rate a rare "1" at 20 %. Pass another ``scale`` to
  change it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

PROBABILITY_SCALE: Mapping[int, float] = {1: 0.1, 2: 0.3, 3: 0.5, 4: 0.7, 5: 0.9}
ACTIVE_STATUSES = frozenset({"open", "monitoring"})


class Band(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class ScoreTrend(StrEnum):
    UP = "up"  # the score rose: worse
    DOWN = "down"
    FLAT = "flat"
    NEW = "new"  # fewer than two assessments


@dataclass(frozen=True, slots=True)
class RiskBands:
    """Scores up to ``low_max`` are low, up to ``medium_max`` medium, above that high."""

    low_max: int = 4
    medium_max: int = 12

    def __post_init__(self) -> None:
        if not 0 <= self.low_max <= self.medium_max <= 25:
            raise ValueError(
                f"Band limits must satisfy 0 <= low <= medium <= 25,"
                f" got {self.low_max} and {self.medium_max}"
            )

    def band(self, score: float) -> Band:
        """The band of any score (also ones that cannot occur, such as 13 or 30)."""
        if score <= self.low_max:
            return Band.LOW
        return Band.MEDIUM if score <= self.medium_max else Band.HIGH


DEFAULT_BANDS = RiskBands()


@dataclass(frozen=True, slots=True)
class RiskItem:
    """A risk's ratings as plain data; ``status`` as in RaidStatus."""

    id: int
    probability: int | None
    impact: int | None
    residual_probability: int | None = None
    residual_impact: int | None = None
    cost_impact: float | None = None
    status: str = "open"

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> RiskItem:
        """From a ``raid_items`` row (a mapping; enum members or their values alike)."""
        status = row.get("status") or "open"
        return cls(
            id=int(row["id"]),
            probability=row.get("probability"),
            impact=row.get("impact"),
            residual_probability=row.get("residual_probability"),
            residual_impact=row.get("residual_impact"),
            cost_impact=row.get("cost_impact"),
            status=str(getattr(status, "value", status)),
        )

    @property
    def residual(self) -> tuple[int | None, int | None]:
        """Residual (probability, impact), each falling back to the inherent value."""
        p, i = self.residual_probability, self.residual_impact
        return (self.probability if p is None else p, self.impact if i is None else i)


@dataclass(frozen=True, slots=True)
class RiskRating:
    """Scores, bands and exposures of one risk; None where an input is missing."""

    id: int
    score: int | None
    band: Band | None
    residual_score: int | None
    residual_band: Band | None
    exposure: float | None
    residual_exposure: float | None


@dataclass(frozen=True, slots=True)
class Assessment:
    """One row of a risk's score history."""

    assessed_on: date
    probability: int
    impact: int
    residual_probability: int | None = None
    residual_impact: int | None = None


@dataclass(frozen=True, slots=True)
class Trend:
    """Latest score against the previous assessment (delta = latest - previous)."""

    direction: ScoreTrend
    latest: int | None
    previous: int | None
    delta: int | None
    residual_delta: int | None
    latest_on: date | None
    previous_on: date | None


@dataclass(frozen=True)
class HeatMap:
    """Counts per cell, ``counts[probability - 1, impact - 1]``, and the ids in each cell."""

    counts: npt.NDArray[np.int64]
    ids: tuple[tuple[tuple[int, ...], ...], ...]
    unscored: tuple[int, ...]  # items without a probability or an impact

    def cell(self, probability: int, impact: int) -> tuple[int, ...]:
        """Ids of the items rated ``probability`` x ``impact``."""
        return self.ids[_check(probability, "probability") - 1][_check(impact, "impact") - 1]


def _check(value: int, what: str) -> int:
    if not 1 <= value <= 5:
        raise ValueError(f"The {what} must be between 1 and 5, got {value}")
    return value


def score(probability: int | None, impact: int | None) -> int | None:
    """probability x impact (1..25); None when either is missing."""
    if probability is None or impact is None:
        return None
    return _check(probability, "probability") * _check(impact, "impact")


def exposure(
    probability: int | None,
    cost_impact: float | None,
    scale: Mapping[int, float] = PROBABILITY_SCALE,
) -> float | None:
    """Expected cost: the probability as a fraction (``scale``) x the cost impact."""
    if probability is None or cost_impact is None:
        return None
    return scale[_check(probability, "probability")] * cost_impact


def rate(
    item: RiskItem,
    bands: RiskBands = DEFAULT_BANDS,
    scale: Mapping[int, float] = PROBABILITY_SCALE,
) -> RiskRating:
    """Score, band and exposure of one risk, inherent and residual."""
    inherent = score(item.probability, item.impact)
    rp, ri = item.residual
    residual = score(rp, ri)
    return RiskRating(
        id=item.id,
        score=inherent,
        band=None if inherent is None else bands.band(inherent),
        residual_score=residual,
        residual_band=None if residual is None else bands.band(residual),
        exposure=exposure(item.probability, item.cost_impact, scale),
        residual_exposure=exposure(rp, item.cost_impact, scale),
    )


def is_risk(row: Mapping[str, Any]) -> bool:
    """A ``raid_items`` row that is a risk (not an assumption, issue, dependency, decision)."""
    return str(getattr(row["type"], "value", row["type"])) == "risk"


def active(items: Iterable[RiskItem]) -> list[RiskItem]:
    """The items still to watch (open or monitoring), e.g. for a heat map."""
    return [item for item in items if str(item.status) in ACTIVE_STATUSES]


def heat_map(items: Iterable[RiskItem], residual: bool = False) -> HeatMap:
    """5x5 counts and ids per (probability, impact) cell, inherent or residual."""
    counts = np.zeros((5, 5), dtype=np.int64)
    cells: list[list[list[int]]] = [[[] for _ in range(5)] for _ in range(5)]
    unscored: list[int] = []
    for item in items:
        p, i = item.residual if residual else (item.probability, item.impact)
        if p is None or i is None:
            unscored.append(item.id)
            continue
        counts[_check(p, "probability") - 1, _check(i, "impact") - 1] += 1
        cells[p - 1][i - 1].append(item.id)
    ids = tuple(tuple(tuple(cell) for cell in row) for row in cells)
    return HeatMap(counts, ids, tuple(unscored))


def total_exposure(
    items: Iterable[RiskItem],
    residual: bool = False,
    scale: Mapping[int, float] = PROBABILITY_SCALE,
) -> float:
    """Sum of the exposures that can be computed (items without a cost count as 0)."""
    total = 0.0
    for item in items:
        p = item.residual[0] if residual else item.probability
        value = exposure(p, item.cost_impact, scale)
        total += value or 0.0
    return total


def score_trend(history: Sequence[Assessment]) -> Trend:
    """The latest assessment against the one before it (by date; same date: list order)."""
    ordered = sorted(history, key=lambda a: a.assessed_on)  # stable: list order breaks ties
    if not ordered:
        return Trend(ScoreTrend.NEW, None, None, None, None, None, None)
    last = ordered[-1]
    latest = _product(last.probability, last.impact)
    if len(ordered) < 2:
        return Trend(ScoreTrend.NEW, latest, None, None, None, last.assessed_on, None)
    before = ordered[-2]
    previous = _product(before.probability, before.impact)
    delta = latest - previous
    direction = ScoreTrend.UP if delta > 0 else ScoreTrend.DOWN if delta < 0 else ScoreTrend.FLAT
    return Trend(
        direction,
        latest,
        previous,
        delta,
        _residual_score(last) - _residual_score(before),
        last.assessed_on,
        before.assessed_on,
    )


def _product(probability: int, impact: int) -> int:
    return _check(probability, "probability") * _check(impact, "impact")


def _residual_score(a: Assessment) -> int:
    p, i = a.residual_probability, a.residual_impact
    return _product(a.probability if p is None else p, a.impact if i is None else i)
