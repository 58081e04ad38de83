"""Peak resident memory of this process, for the benchmarks (standard library only, so a
benchmark child that imports it pays nothing for it)."""

from __future__ import annotations

import sys
from pathlib import Path


def peak_mib() -> float | None:
    """This process's peak resident memory in MiB (None where the platform cannot say).

    On Linux ``VmHWM`` is read: ``ru_maxrss`` keeps the parent's high-water mark across fork
    and exec, so a child started by a big process would report the parent's peak."""
    try:
        status = Path("/proc/self/status").read_text()
        kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
        return round(kib / 1024, 1)
    except (OSError, StopIteration, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)
