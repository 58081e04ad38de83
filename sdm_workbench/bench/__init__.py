"""Benchmarks (DESIGN.md section 7): our time and a baseline measured in the same run.

Ratios, not seconds, are what targets are set on: these machines are shared and noisy.
This package never imports Qt.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from ..demo import SCALES
from . import analytics, storage
from .common import Figure


def run(scales: list[str], only: str | None = None) -> list[Figure]:
    """Measure every figure of ``scales`` whose name contains ``only``; a list of objects."""
    unknown = [s for s in scales if s not in SCALES]
    if unknown:
        raise ValueError(f"Unknown scale {unknown[0]!r}; choose from {', '.join(SCALES)}.")
    found: list[Figure] = []
    today = date.today()
    with tempfile.TemporaryDirectory(prefix="sdm-bench-") as folder:
        work = Path(folder)
        empty = work / "empty.sqlite"
        storage.open_quietly(empty).close()
        for scale in scales:
            found += storage.figures(scale, work, empty, today, only)
        found += analytics.figures(only)
    return found


__all__ = ["run"]
