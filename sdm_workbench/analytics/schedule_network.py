"""The CPM network: tasks as nodes, links as weighted edges, forward and backward passes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from ..domain.graph import find_cycle
from .schedule_rollup import _Shown
from .schedule_types import (
    PlanLink,
    PlanTask,
    Schedule,
    ScheduleCycleError,
    ScheduledTask,
    ScheduleError,
    _label,
)
from .workdays import WorkingDays

_KIND = {"FS": 0, "SS": 1, "FF": 2, "SF": 3}
_NO_PULL = -(1 << 40)  # forward weight of a link into a pinned task: never binding


class _Network:
    """Tasks as nodes on the instant time line; links as ``s[dst] >= s[src] + w``.

    Leaf tasks are nodes 0..L-1. A summary gets a start and a finish node (both instants)
    only when a link, its own or an ancestor's, needs them, so a plain WBS costs nothing.
    Per-task and per-link data are numpy arrays; only the passes walk Python lists.
    """

    def __init__(self, tasks: Sequence[PlanTask], cal: WorkingDays, start: date) -> None:
        self.tasks = list(tasks)
        self.cal = cal
        self.origin = start
        n = len(self.tasks)
        self.pos = {t.id: i for i, t in enumerate(self.tasks)}
        if len(self.pos) != n:
            raise ScheduleError("Two tasks share an id")
        self.children: list[list[int]] = [[] for _ in self.tasks]
        for i, t in enumerate(self.tasks):
            if t.parent_id is not None:
                parent = self.pos.get(t.parent_id)
                if parent is None:
                    raise ScheduleError(f"Task {_label(t)} has an unknown parent {t.parent_id}")
                self.children[parent].append(i)
        self.is_summary = np.array([bool(c) for c in self.children], dtype=bool)
        self.top_down = self._top_down()
        durations = np.fromiter(
            (0 if t.is_milestone else t.duration_days for t in self.tasks), np.int64, n
        )
        durations[self.is_summary] = 0  # a summary's own duration is a roll-up, not an input
        if (durations < 0).any():
            bad = self.tasks[int(np.flatnonzero(durations < 0)[0])]
            raise ScheduleError(f"Task {_label(bad)} has a negative duration")
        self.leaf_pos = np.flatnonzero(~self.is_summary)
        self.node_of = np.full(n, -1, dtype=np.int64)
        self.node_of[self.leaf_pos] = np.arange(len(self.leaf_pos))
        self.dur = durations[self.leaf_pos]
        self.owner = self.leaf_pos.copy()  # node -> task position
        self.pin = np.zeros(len(self.leaf_pos), dtype=np.int64)
        self.pinned = np.zeros(len(self.leaf_pos), dtype=bool)
        fixed = [(i, t.fixed_start) for i, t in enumerate(self.tasks) if t.fixed_start is not None]
        for i, day in fixed:
            if not self.is_summary[i]:  # summaries are never pinned
                node = int(self.node_of[i])
                # A milestone pinned on day D closes D, so it sits at the instant D ends.
                closes = day + timedelta(days=1) if durations[i] == 0 else day
                self.pin[node] = cal.index(closes, start)
                self.pinned[node] = True
        # Where a task's start and finish live: (node, extra weight) per task position.
        self.start_node = self.node_of.copy()
        self.finish_node = self.node_of.copy()
        self.finish_extra = durations
        self.src = np.zeros(0, dtype=np.int64)
        self.dst = np.zeros(0, dtype=np.int64)
        self.w = np.zeros(0, dtype=np.int64)

    def _top_down(self) -> list[int]:
        """Task positions, parents before children; refuses a loop of parents."""
        order = [i for i, t in enumerate(self.tasks) if t.parent_id is None]
        k = 0
        while k < len(order):
            order.extend(self.children[order[k]])
            k += 1
        if len(order) < len(self.tasks):
            seen = set(order)
            parent_edges = [
                (i, self.pos[t.parent_id])
                for i, t in enumerate(self.tasks)
                if i not in seen and t.parent_id is not None
            ]
            loop = (find_cycle(parent_edges) or [])[:-1]
            raise ScheduleCycleError(
                [self.tasks[i].id for i in loop],
                [_label(self.tasks[i]) for i in loop],
                " of parent tasks",
            )
        return order

    def add_links(self, links: Sequence[PlanLink]) -> None:
        """Turn links into weighted edges between the right ends of the right nodes."""
        m = len(links)
        try:
            a = np.fromiter((self.pos[x.predecessor_id] for x in links), np.int64, m)
            b = np.fromiter((self.pos[x.successor_id] for x in links), np.int64, m)
        except KeyError as missing:
            raise ScheduleError(
                f"A dependency refers to an unknown task {missing.args[0]}"
            ) from None
        kind = np.fromiter((_KIND.get(x.type, -1) for x in links), np.int64, m)
        for k in np.flatnonzero(kind < 0).tolist():  # rare: "fs" or junk
            kind[k] = _KIND.get(str(links[k].type).upper(), -1)
            if kind[k] < 0:
                raise ScheduleError(f"Unknown dependency type {links[k].type!r}")
        lag = np.fromiter((x.lag_days for x in links), np.int64, m)
        pred_finish = (kind == _KIND["FS"]) | (kind == _KIND["FF"])
        succ_finish = (kind == _KIND["FF"]) | (kind == _KIND["SF"])
        loops = np.flatnonzero(a == b)
        if len(loops):
            task = self.tasks[int(a[loops[0]])]
            raise ScheduleCycleError([task.id], [_label(task)])
        into_summary = np.flatnonzero(succ_finish & self.is_summary[b])
        if len(into_summary):
            k = int(into_summary[0])
            raise ScheduleError(
                f"A {links[k].type} link cannot end on summary task {_label(self.tasks[int(b[k])])}"
            )
        linked = np.zeros(len(self.tasks), dtype=bool)
        linked[a] = True
        linked[b] = True
        self._add_summary_nodes(linked & self.is_summary)
        u = np.where(pred_finish, self.finish_node[a], self.start_node[a])
        v = np.where(succ_finish, self.finish_node[b], self.start_node[b])
        w = lag + np.where(pred_finish, self.finish_extra[a], 0)
        w -= np.where(succ_finish, self.finish_extra[b], 0)
        self.src = np.concatenate([self.src, u])
        self.dst = np.concatenate([self.dst, v])
        self.w = np.concatenate([self.w, w])

    def _add_summary_nodes(self, linked: npt.NDArray[np.bool_]) -> None:
        needs = np.zeros(len(self.tasks), dtype=bool)
        first = len(self.dur)
        owners: list[int] = []
        for i in self.top_down:
            if not self.is_summary[i]:
                continue
            parent = self.tasks[i].parent_id
            needs[i] = linked[i] or (parent is not None and needs[self.pos[parent]])
            if needs[i]:
                self.start_node[i] = first + len(owners)
                self.finish_node[i] = first + len(owners) + 1
                owners += [i, i]
        if not owners:
            return
        self.dur = np.concatenate([self.dur, np.zeros(len(owners), dtype=np.int64)])
        self.owner = np.concatenate([self.owner, np.asarray(owners, dtype=np.int64)])
        self.pin = np.concatenate([self.pin, np.zeros(len(owners), dtype=np.int64)])
        self.pinned = np.concatenate([self.pinned, np.zeros(len(owners), dtype=bool)])
        src: list[int] = []
        dst: list[int] = []
        w: list[int] = []
        for i in owners[::2]:
            for c in self.children[i]:
                # Children start within the summary, and it finishes with the last of them.
                src += [int(self.start_node[i]), int(self.finish_node[c])]
                dst += [int(self.start_node[c]), int(self.finish_node[i])]
                w += [0, int(self.finish_extra[c])]
        self.src = np.asarray(src, dtype=np.int64)
        self.dst = np.asarray(dst, dtype=np.int64)
        self.w = np.asarray(w, dtype=np.int64)

    def _adjacency(self) -> tuple[list[int], list[int], list[int], list[int]]:
        """Outgoing edges grouped by source: (pointer, target, weight, forward weight)."""
        n = len(self.dur)
        by_src = np.argsort(self.src, kind="stable")
        ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.src, minlength=n), out=ptr[1:])
        dst = self.dst[by_src]
        w = self.w[by_src]
        # A pinned task ignores its predecessors in the forward pass (not in the backward).
        w_forward = np.where(self.pinned[dst], _NO_PULL, w)
        return ptr.tolist(), dst.tolist(), w.tolist(), w_forward.tolist()

    def forward(self) -> tuple[list[int], list[int]]:
        """Early starts and a topological order (Kahn's algorithm, relaxing as it goes)."""
        n = len(self.dur)
        self.ptr, self.out, self.out_w, w_forward = self._adjacency()
        ptr, out = self.ptr, self.out
        indegree = np.bincount(self.dst, minlength=n).tolist()
        es = np.where(self.pinned, self.pin, 0).tolist()
        ready = [v for v in range(n) if indegree[v] == 0]
        order: list[int] = []
        while ready:
            v = ready.pop()
            order.append(v)
            sv = es[v]
            for k in range(ptr[v], ptr[v + 1]):
                t = out[k]
                if sv + w_forward[k] > es[t]:
                    es[t] = sv + w_forward[k]
                indegree[t] -= 1
                if indegree[t] == 0:
                    ready.append(t)
        if len(order) < n:
            self._raise_cycle(set(order))
        return es, order

    def backward(self, es: list[int], order: list[int], finish: int) -> tuple[list[int], list[int]]:
        """Late starts and free floats, walking the topological order backwards."""
        ptr, out, out_w, dur = self.ptr, self.out, self.out_w, self.dur.tolist()
        ls = [0] * len(dur)
        ff = [0] * len(dur)
        virtual = self.is_summary[self.owner].tolist()
        # A summary's start/finish node passes slack through: a child may slip into the gap
        # before the summary's finish *and* into the summary's own free float.
        through = [0] * len(dur)
        for v in reversed(order):
            sv = es[v]
            late = finish - dur[v]
            free = finish - sv - dur[v]
            for k in range(ptr[v], ptr[v + 1]):
                t = out[k]
                if ls[t] - out_w[k] < late:
                    late = ls[t] - out_w[k]
                slack = es[t] - out_w[k] - sv + through[t]
                if slack < free:
                    free = slack
            ls[v] = late
            ff[v] = free
            if virtual[v]:
                through[v] = free
        return ls, ff

    def _raise_cycle(self, done: set[int]) -> None:
        pairs = zip(self.src.tolist(), self.dst.tolist(), strict=True)
        loop = find_cycle([(u, v) for u, v in pairs if u not in done]) or []
        positions: list[int] = []
        for node in loop[:-1]:
            task = int(self.owner[node])
            if not positions or positions[-1] != task:
                positions.append(task)
        while len(positions) > 1 and positions[0] == positions[-1]:
            positions.pop()
        raise ScheduleCycleError(
            [self.tasks[i].id for i in positions], [_label(self.tasks[i]) for i in positions]
        )

    def result(self, es: list[int], ls: list[int], ff: list[int], finish: int) -> Schedule:
        n_tasks = len(self.tasks)
        shown = _Shown(n_tasks)
        leaf_pos = self.leaf_pos
        nodes = self.node_of[leaf_pos]
        percent = np.fromiter((t.percent_complete for t in self.tasks), float, n_tasks)
        shown.leaves(
            leaf_pos,
            np.asarray(es, dtype=np.int64)[nodes],
            np.asarray(ls, dtype=np.int64)[nodes],
            np.asarray(ff, dtype=np.int64)[nodes],
            self.dur[nodes],
            ~self.pinned[nodes],
            percent[leaf_pos],
        )
        for i in reversed(self.top_down):  # children before parents
            if self.children[i]:
                shown.roll_up(i, self.children[i])
        ordinals = np.concatenate([shown.es, shown.ef, shown.ls, shown.lf])
        days = self.cal.days_at(ordinals, self.origin)
        es_d, ef_d = days[:n_tasks], days[n_tasks : 2 * n_tasks]
        ls_d, lf_d = days[2 * n_tasks : 3 * n_tasks], days[3 * n_tasks :]
        slip = self._slippage(shown.ef)
        columns = zip(
            shown.duration.tolist(),
            shown.tf.tolist(),
            shown.ff.tolist(),
            shown.critical.tolist(),
            shown.percent.tolist(),
            strict=True,
        )
        out: dict[int, ScheduledTask] = {}
        for i, (t, (d, tf, free, critical, pc)) in enumerate(zip(self.tasks, columns, strict=True)):
            summary = bool(self.children[i])
            out[t.id] = ScheduledTask(
                task_id=t.id,
                is_summary=summary,
                is_milestone=not summary and t.is_milestone,
                duration_days=d,
                early_start=es_d[i],
                early_finish=ef_d[i],
                late_start=ls_d[i],
                late_finish=lf_d[i],
                total_float=tf,
                free_float=free,
                critical=critical,
                percent_complete=pc,
                slippage_days=slip[i],
            )
        critical_leaves = leaf_pos[shown.critical[leaf_pos]]
        by_date = np.lexsort((shown.ef[critical_leaves], shown.es[critical_leaves]))
        path = tuple(self.tasks[i].id for i in critical_leaves[by_date].tolist())
        first = self.cal.day_at(0, self.origin)
        last_day = self.cal.day_at(finish - 1, self.origin) if finish > 0 else first
        return Schedule(first, last_day, max(finish, 0), out, path)

    def _slippage(self, finish_ordinal: npt.NDArray[np.int64]) -> list[int | None]:
        baselines = [
            (i, t.baseline_finish)
            for i, t in enumerate(self.tasks)
            if t.baseline_finish is not None
        ]
        slip: list[int | None] = [None] * len(self.tasks)
        if baselines:
            # A baseline on a non-working day counts as the working day before it.
            after = [day + timedelta(days=1) for _, day in baselines]
            base = (self.cal.indices(after, self.origin) - 1).tolist()
            for (i, _), b in zip(baselines, base, strict=True):
                slip[i] = int(finish_ordinal[i]) - b
        return slip
