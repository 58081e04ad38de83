"""Summary-task roll-ups of a schedule: shown dates, floats and weighted % complete."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt


def weighted_percent_complete(durations: Sequence[float], percents: Sequence[float]) -> float:
    """Duration-weighted mean % complete: sum(d * pc) / sum(d), 0..100.

    Longer tasks weigh more, so ten one-day tasks done do not outweigh one untouched
    50-day task. When every duration is zero (only milestones) the plain mean is used; with
    no tasks at all the result is 0.
    """
    if not percents:
        return 0.0
    d = np.asarray(durations, dtype=float)
    pc = np.clip(np.asarray(percents, dtype=float), 0.0, 100.0)
    total = d.sum()
    return float((d * pc).sum() / total) if total > 0 else float(pc.mean())


class _Shown:
    """Per-task shown values (working-day ordinals, floats, %): leaves, then roll-ups."""

    def __init__(self, n: int) -> None:
        self.es = np.zeros(n, dtype=np.int64)
        self.ef = np.zeros(n, dtype=np.int64)
        self.ls = np.zeros(n, dtype=np.int64)
        self.lf = np.zeros(n, dtype=np.int64)
        self.tf = np.zeros(n, dtype=np.int64)
        self.ff = np.zeros(n, dtype=np.int64)
        self.duration = np.zeros(n, dtype=np.int64)
        self.percent = np.zeros(n, dtype=float)
        self.critical = np.zeros(n, dtype=bool)
        # Roll-up accumulators: sum(d * pc), sum(d), sum(pc), leaf count.
        self.work_done = np.zeros(n, dtype=float)
        self.work = np.zeros(n, dtype=float)
        self.pc_sum = np.zeros(n, dtype=float)
        self.count = np.zeros(n, dtype=np.int64)

    def leaves(
        self,
        at: npt.NDArray[np.int64],
        s: npt.NDArray[np.int64],
        late: npt.NDArray[np.int64],
        free: npt.NDArray[np.int64],
        d: npt.NDArray[np.int64],
        unpinned: npt.NDArray[np.bool_],
        pc: npt.NDArray[np.float64],
    ) -> None:
        instant = d == 0
        # An instant shows on the day it closes, except an unpinned one at the project start.
        es_shift = np.where(instant & ~(unpinned & (s == 0)), -1, 0)
        ls_shift = np.where(instant & ~(unpinned & (late == 0)), -1, 0)
        last = np.maximum(d - 1, 0)
        self.es[at], self.ef[at] = s + es_shift, s + es_shift + last
        self.ls[at], self.lf[at] = late + ls_shift, late + ls_shift + last
        self.tf[at] = late - s
        self.ff[at] = free
        self.critical[at] = late - s <= 0
        self.duration[at] = d
        pc = np.clip(pc, 0.0, 100.0)
        self.percent[at] = pc
        self.work_done[at], self.work[at] = d * pc, d
        self.pc_sum[at], self.count[at] = pc, 1

    def roll_up(self, i: int, kids: list[int]) -> None:
        self.es[i] = self.es[kids].min()
        self.ef[i] = self.ef[kids].max()
        self.ls[i] = self.ls[kids].min()
        self.lf[i] = self.lf[kids].max()
        self.tf[i] = self.tf[kids].min()
        self.ff[i] = self.ff[kids].min()
        self.critical[i] = self.critical[kids].any()
        for acc in (self.work_done, self.work, self.pc_sum, self.count):
            acc[i] = acc[kids].sum()
        if self.work[i] > 0:  # duration-weighted, see weighted_percent_complete
            self.percent[i] = self.work_done[i] / self.work[i]
            self.duration[i] = self.ef[i] - self.es[i] + 1
        else:  # only milestones below: plain mean, no duration
            self.percent[i] = self.pc_sum[i] / max(1, int(self.count[i]))
