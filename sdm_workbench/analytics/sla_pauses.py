"""Pauses of the SLA clock, merged and clipped, ready for vectorised use."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .calendar_clock import NAT

I64 = NDArray[np.int64]
Bools = NDArray[np.bool_]


@dataclass(frozen=True)
class MergedPauses:
    """Disjoint pauses sorted by ticket then start, in epoch minutes.

    ``running``: the pause had not ended by ``as_of`` (its ``end`` is ``as_of``).
    ``by_rank[r]``: positions of the (r+1)-th pause of each ticket, so a loop over ranks
    touches each ticket at most once per step.
    """

    ticket: I64
    start: I64
    end: I64
    running: Bools
    by_rank: list[I64]

    def __len__(self) -> int:
        return len(self.ticket)


def merge_pauses(ticket: I64, start: I64, end: I64, opened: I64, as_of: int) -> MergedPauses:
    """Clip pauses to ``[opened of their ticket, as_of]`` and merge overlaps per ticket.

    ``end`` NAT (still paused) or after ``as_of`` ends at ``as_of`` and counts as running;
    pauses starting after ``as_of`` are not known yet and are dropped.
    """
    running = (end == NAT) | (end > as_of)
    end = np.where(running, as_of, end)
    start = np.maximum(start, opened[ticket])
    keep = (start < end) | (running & (start <= end))
    ticket, start, end, running = ticket[keep], start[keep], end[keep], running[keep]
    if ticket.size:
        # One sort key and one running maximum over all tickets: offsetting each ticket's
        # minutes by ticket * span keeps tickets apart, so no Python loop per ticket.
        base = int(start.min())
        span = as_of - base + 2
        key = ticket * span + (start - base)
        if not (key[1:] >= key[:-1]).all():  # rows often come sorted already
            order = np.argsort(key, kind="stable")
            ticket, start, end, running, key = (
                ticket[order],
                start[order],
                end[order],
                running[order],
                key[order],
            )
        reach = np.maximum.accumulate(key + (end - start))
        new = np.ones(ticket.size, dtype=bool)
        new[1:] = key[1:] > reach[:-1]
        heads = np.flatnonzero(new)
        end = np.maximum.reduceat(end, heads)
        running = np.logical_or.reduceat(running, heads)
        ticket, start = ticket[heads], start[heads]
    index = np.arange(ticket.size)
    first = np.ones(ticket.size, dtype=bool)
    first[1:] = ticket[1:] != ticket[:-1]
    rank = index - np.maximum.accumulate(np.where(first, index, 0))
    by_rank: list[I64] = []
    if ticket.size:
        by_rank = np.split(np.argsort(rank, kind="stable"), np.cumsum(np.bincount(rank))[:-1])
    return MergedPauses(ticket, start, end, running, by_rank)


def subtract_paused(elapsed: I64, pauses: MergedPauses, start: I64, end: I64, stop: I64) -> I64:
    """``elapsed`` (per ticket) minus the paused minutes before each ticket's ``stop``, in place.

    ``start``/``end`` are the pause bounds and ``stop`` the tickets' stops, all on one clock.
    One step per pause rank, so each step touches a ticket at most once (no ufunc.at).
    """
    for rows in pauses.by_rank:
        ticket = pauses.ticket[rows]
        cut = stop[ticket]
        elapsed[ticket] -= np.minimum(end[rows], cut) - np.minimum(start[rows], cut)
    return elapsed
