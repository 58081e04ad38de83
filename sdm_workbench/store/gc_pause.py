"""Hold Python's cycle collector during bulk work on hundreds of thousands of acyclic rows.

The rows stay alive until the end, and every collection of the oldest generation walks all
of them again (3% of a 100k-row ticket import, twice the work when building the large demo).
The GUI keeps the collector off and collects on its own timer (``gui/gc_guard.py``); the
state found is put back.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
