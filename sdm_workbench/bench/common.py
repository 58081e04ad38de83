"""The shape every figure shares: ours against a baseline measured in the same run."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

Figure = dict[str, Any]


def selected(name: str, only: str | None) -> bool:
    """``--only WORD`` keeps the figures whose name contains the word."""
    return only is None or only.lower() in name.lower()


def make_figure(name: str, ours: float, baseline: str, base: float, goal: str | None) -> Figure:
    return {
        "name": name,
        "ours_s": round(ours, 6),
        "baseline": baseline,
        "baseline_s": round(base, 6),
        "ratio": round(ours / max(base, 1e-9), 3),
        "goal": goal,
    }


def best_of(repeats: int, work: Callable[[], object]) -> float:
    """The fastest of ``repeats`` runs of ``work``, in seconds (the least disturbed by noise)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)
