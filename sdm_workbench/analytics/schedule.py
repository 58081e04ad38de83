"""Critical path method: early and late dates, total and free float, the critical path.

Plain data in (:class:`PlanTask`, :class:`PlanLink`, a project start and a
:class:`~.workdays.WorkingDays` calendar), plain data out (:class:`Schedule`).

Time line
    Working days are numbered from the project start (its next working day is day 0).
    Internally a task occupies the *instants* ``[s, s + d)``: instant ``k`` is the moment
    working day ``k`` begins, which is also the moment working day ``k - 1`` ends. A task of
    ``d`` working days starting on day ``s`` is shown from day ``s`` to day ``s + d - 1``
    (inclusive dates, as in the database). A milestone (or any zero-duration task) is one
    instant ``p`` and is shown on day ``p - 1``, the working day it closes: a milestone after
    a task finishing on Friday sits on Friday, and its finish-to-start successors start on
    Monday. An unpinned milestone at the very start of the project shows on the start day.
    This is how MS Project reads dates (finishes at the end of the last working day).

Dependencies, lag ``L`` in working days (negative = lead)
    * FS: start(succ)  >= finish(pred) + L: with L = 0 the successor starts on the next
      working day after the predecessor finishes; with L = 2 it waits two working days.
    * SS: start(succ)  >= start(pred) + L: with L = 0 both start on the same day.
    * FF: finish(succ) >= finish(pred) + L: with L = 0 both finish on the same day.
    * SF: finish(succ) >= start(pred) + L: with L = 0 the successor finishes on the working
      day before the predecessor starts.

Passes
    Forward: early start = the latest of the project start and every incoming link (a task
    with ``fixed_start``, an actual or must-start-on date, sits on that date whatever its
    predecessors say; a pinned milestone closes that day; a summary's is ignored).
    Backward: the project finish is the latest early finish; late finish = the earliest of
    the project finish and every outgoing link. Total float = late start -
    early start; free float = how far a task can slip without moving any successor's early
    dates or the project finish. Both are in working days. They are never negative, except
    around fixed starts: a pinned task can leave its predecessors too little room, and
    that shows as negative float on them. Critical = total float <= 0 (MS Project's rule).

Summary tasks (tasks with children) are not scheduled themselves: they show the earliest
start and latest finish of their descendants, the smallest total and free float among them,
and a duration-weighted % complete (see :func:`weighted_percent_complete`). Links may start
at a summary (FS/FF count from its last child's finish; SS/SF from the earliest its
children may start under the summary's own predecessors) and FS/SS links may end at one
(every child waits); FF/SF links into a summary are refused, as in MS Project.

Cost: linear in tasks + links. Kahn's topological order and both passes walk flat integer
lists (compressed adjacency), so 30k tasks and 60k links take a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np

from .schedule_network import _Network
from .schedule_rollup import weighted_percent_complete
from .schedule_types import (
    PlanLink,
    PlanTask,
    Schedule,
    ScheduleCycleError,
    ScheduledTask,
    ScheduleError,
)
from .workdays import WorkingDays

__all__ = [
    "PlanLink",
    "PlanTask",
    "Schedule",
    "ScheduleCycleError",
    "ScheduleError",
    "ScheduledTask",
    "compute_schedule",
    "weighted_percent_complete",
]


def compute_schedule(
    tasks: Sequence[PlanTask],
    links: Iterable[PlanLink],
    project_start: date,
    calendar: WorkingDays | None = None,
) -> Schedule:
    """Forward and backward pass over ``tasks`` and ``links`` (see the module docstring)."""
    net = _Network(tasks, calendar or WorkingDays(), project_start)
    net.add_links(list(links))
    es, order = net.forward()
    finish = int((np.asarray(es, dtype=np.int64) + net.dur).max()) if es else 0
    ls, ff = net.backward(es, order, finish)
    return net.result(es, ls, ff, finish)
