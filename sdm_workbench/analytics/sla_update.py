"""The SLA clocks after a few tickets changed: only those are evaluated again.

A ticket's clock depends on that ticket alone (its instants, SLA, pauses) and on the targets,
calendars and ``as_of``, which a ticket edit does not change. So the clocks of every other
ticket are carried over, reordered to the new ticket columns.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import fields, replace

import numpy as np
from numpy.typing import NDArray

from .calendar import BusinessCalendar
from .sla_clock import MetricClock, SlaClockResult, evaluate
from .sla_inputs import PauseColumns, TargetSpec, TicketColumns

I64 = NDArray[np.int64]


def subset_tickets(tickets: TicketColumns, rows: I64) -> TicketColumns:
    """The tickets at positions ``rows``, in that order."""
    return TicketColumns(
        tickets.ids[rows],
        tickets.priority[rows],
        tickets.opened[rows],
        tickets.first_response[rows],
        tickets.resolved[rows],
        tickets.sla[rows],
    )


def subset_pauses(pauses: PauseColumns, rows: I64, count: int) -> PauseColumns:
    """The pauses of the tickets at positions ``rows`` (of ``count`` tickets), renumbered
    to the subset."""
    new_index = np.full(count, -1, np.int64)
    new_index[rows] = np.arange(len(rows))
    position = new_index[pauses.ticket]
    mine = position >= 0
    return PauseColumns(position[mine], pauses.start[mine], pauses.end[mine])


def _spliced(old: MetricClock, carried: I64, keep: NDArray[np.bool_], fresh: MetricClock,
             fresh_rows: I64) -> MetricClock:  # fmt: skip
    columns = {}
    for f in fields(MetricClock):
        before, redone = getattr(old, f.name), getattr(fresh, f.name)
        out = np.empty(len(keep), dtype=before.dtype)
        out[keep] = before[carried[keep]]
        out[fresh_rows] = redone
        columns[f.name] = out
    return replace(old, **columns)


def update_clocks(
    previous: SlaClockResult,
    previous_ids: I64,
    tickets: TicketColumns,
    changed: Collection[int],
    targets: Sequence[TargetSpec],
    calendars: Mapping[int, BusinessCalendar],
    pauses: PauseColumns | None = None,
) -> SlaClockResult:
    """The clocks of ``tickets`` at ``previous.as_of``: those of ``changed`` ids (and of
    tickets ``previous`` did not know) evaluated again, every other one carried over.

    ``previous_ids`` are the ticket ids ``previous`` was evaluated for, in its order; the
    targets and calendars must be the ones it was evaluated with.
    """
    order = np.argsort(previous_ids, kind="stable")
    sorted_ids = previous_ids[order]
    where = np.searchsorted(sorted_ids, tickets.ids).clip(0, max(len(sorted_ids) - 1, 0))
    known = sorted_ids[where] == tickets.ids if len(sorted_ids) else np.zeros(len(tickets), bool)
    edited = np.isin(tickets.ids, np.fromiter(changed, dtype=np.int64, count=len(changed)))
    keep = known & ~edited
    carried = order[where] if len(sorted_ids) else np.zeros(len(tickets), np.int64)
    fresh_rows = np.nonzero(~keep)[0]
    fresh = evaluate(
        subset_tickets(tickets, fresh_rows), targets, calendars, as_of=previous.as_of,
        pauses=None if pauses is None else subset_pauses(pauses, fresh_rows, len(tickets)),
    )  # fmt: skip
    return SlaClockResult(
        previous.as_of,
        _spliced(previous.response, carried, keep, fresh.response, fresh_rows),
        _spliced(previous.resolution, carried, keep, fresh.resolution, fresh_rows),
    )
