"""RAG status and trend of a KPI value against its definition.

Thresholds are the edges where the colour changes. For a higher-is-better KPI a value
below ``red`` is red, below ``amber`` is amber, otherwise green; for a lower-is-better
KPI a value above ``red`` is red, above ``amber`` is amber. Without an amber threshold
the target serves as one; without any threshold there is no RAG.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..domain.enums import Direction


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NONE = "none"


class Trend(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"
    NEW = "new"  # nothing to compare with


@dataclass(frozen=True)
class Thresholds:
    direction: Direction
    target: float | None = None
    amber: float | None = None
    red: float | None = None


def rag(value: float | None, limits: Thresholds) -> Rag:
    if value is None:
        return Rag.NONE
    amber = limits.amber if limits.amber is not None else limits.target
    higher = limits.direction is Direction.HIGHER_IS_BETTER
    if limits.red is not None and (value < limits.red if higher else value > limits.red):
        return Rag.RED
    if amber is not None and (value < amber if higher else value > amber):
        return Rag.AMBER
    if amber is None and limits.red is None:
        return Rag.NONE
    return Rag.GREEN


def trend(
    value: float | None, previous: float | None, direction: Direction, tolerance: float = 1e-9
) -> tuple[Trend, float | None]:
    """Better, worse or the same as before, and the change (value - previous)."""
    if value is None or previous is None:
        return Trend.NEW, None
    delta = value - previous
    if abs(delta) <= tolerance:
        return Trend.SAME, 0.0
    improved = delta > 0 if direction is Direction.HIGHER_IS_BETTER else delta < 0
    return (Trend.BETTER if improved else Trend.WORSE), delta
