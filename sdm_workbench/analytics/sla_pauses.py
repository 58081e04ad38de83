"""Pauses of the SLA clock, merged and clipped, ready for vectorised use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .calendar_clock import NAT

I64 = NDArray[np.int64]
Bools = NDArray[np.bool_]
Ints = NDArray[np.signedinteger[Any]]  # minutes (int64) or calendar clock values (int32)


@dataclass(frozen=True)
class MergedPauses:
    """Disjoint pauses sorted by ticket then start, in epoch minutes.

    ``running``: the pause had not ended by ``as_of`` (its ``end`` is ``as_of``).
    ``heads``: position of each paused ticket's first pause; ``owners``: those tickets, so
    per-ticket sums are one ``reduceat`` over ``heads`` scattered to ``owners``;
    ``owner_of``: per pause, the position of its ticket in ``owners``.
    """

    ticket: I64
    start: I64
    end: I64
    running: Bools
    heads: I64
    owners: I64
    owner_of: I64

    def __len__(self) -> int:
        return len(self.ticket)

    def per_ticket(self, values: Ints) -> Ints:
        """Sums of ``values`` (one per pause) per owner."""
        return np.add.reduceat(values, self.heads) if len(self) else values[:0]


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
            # Not a stable sort: rows with equal keys merge into one whatever their order.
            order = np.argsort(key)
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
    first = np.ones(ticket.size, dtype=bool)
    first[1:] = ticket[1:] != ticket[:-1]
    heads = np.flatnonzero(first)
    owner_of = np.cumsum(first) - 1
    return MergedPauses(ticket, start, end, running, heads, ticket[heads], owner_of)


def paused_minutes(pauses: MergedPauses, start: Ints, end: Ints, stop: Ints) -> Ints:
    """Paused minutes before each owner's ``stop`` (``stop`` per pause), one per owner.

    ``start``/``end`` are the pause bounds on one clock, ``stop`` on the same clock.
    """
    return pauses.per_ticket(np.minimum(end, stop) - np.minimum(start, stop))


def pushed_back(pauses: MergedPauses, start: Ints, end: Ints, level: Ints) -> tuple[Ints, Bools]:
    """How far the pauses push each owner's budget (``level``: the clock value when it runs
    out, one per pause), and which of them were hit; bounds and levels on one clock.

    A pause that begins before the budget runs out pushes it back by its length, and the
    pushed-back budget can meet the next pause. Because a ticket's pauses are disjoint and
    in order, pause k is met exactly when its start, less the lengths of the pauses before
    it, is below the original level: the pauses met are a prefix, so one cumulative sum
    replaces a loop over the pauses.
    """
    length = end - start
    before = np.cumsum(length) - length  # lengths of all earlier pauses, every ticket
    before -= before.take(pauses.heads).take(pauses.owner_of)  # ... of this ticket only
    hit = start - before < level
    return pauses.per_ticket(np.where(hit, length, 0)), hit
