"""Re-evaluating only the edited tickets gives exactly the clocks of a full evaluation."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sdm_workbench.analytics.sla_clock import MetricClock, SlaClockResult, evaluate
from sdm_workbench.analytics.sla_inputs import PauseColumns, TicketColumns
from sdm_workbench.analytics.sla_update import update_clocks

from .test_sla_clock import OFFICE, SLA, TARGETS

START = datetime(2024, 3, 1, 8)
AS_OF = datetime(2024, 3, 20)


def _tickets(rows: list[tuple[int, int, int | None, int]]) -> TicketColumns:
    """(id, opened minutes after START, resolved minutes after opening or None, priority)."""
    opened = [START + timedelta(minutes=o) for _, o, _, _ in rows]
    resolved = [None if r is None else t + timedelta(minutes=r)
                for t, (_, _, r, _) in zip(opened, rows, strict=True)]  # fmt: skip
    return TicketColumns.build(
        [i for i, *_ in rows], [p for *_, p in rows], opened, [None] * len(rows), resolved,
        [SLA] * len(rows),
    )  # fmt: skip


def _pauses(tickets: TicketColumns, spans: list[tuple[int, int, int]]) -> PauseColumns:
    rows = [
        {"ticket_id": int(tickets.ids[k % len(tickets)]),
         "start_at": START + timedelta(minutes=s), "end_at": START + timedelta(minutes=s + d)}
        for k, s, d in spans
    ]  # fmt: skip
    return PauseColumns.from_rows(rows, [int(i) for i in tickets.ids])


def _same(a: SlaClockResult, b: SlaClockResult) -> None:
    for metric in ("response", "resolution"):
        x: MetricClock = getattr(a, metric)
        y: MetricClock = getattr(b, metric)
        for f in fields(MetricClock):
            left, right = getattr(x, f.name), getattr(y, f.name)
            if left.dtype.kind == "f":
                np.testing.assert_array_equal(left, right, err_msg=f"{metric}.{f.name}")
            else:
                assert (left == right).all() or (
                    left.dtype.kind == "M"
                    and ((left == right) | (np.isnat(left) & np.isnat(right))).all()
                ), f"{metric}.{f.name}"


ticket_rows = st.lists(
    st.tuples(st.integers(0, 20_000), st.one_of(st.none(), st.integers(0, 8_000)),
              st.integers(1, 5)),
    min_size=1, max_size=25,
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(ticket_rows, st.data())
def test_splicing_equals_a_full_evaluation(rows: list, data: st.DataObject) -> None:
    before = _tickets([(i + 1, *row) for i, row in enumerate(rows)])
    spans = data.draw(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 20_000),
                                         st.integers(1, 3_000)), max_size=6))  # fmt: skip
    old = evaluate(before, TARGETS, {SLA: OFFICE}, as_of=AS_OF, pauses=_pauses(before, spans))
    # Edit some tickets, drop one, add two new ones with higher ids, keep id order.
    edited = data.draw(st.sets(st.integers(1, len(rows)), max_size=len(rows)))
    after_rows = [
        (i + 1, o + (37 if i + 1 in edited else 0), r, p) for i, (o, r, p) in enumerate(rows)
    ]
    dropped = data.draw(st.integers(0, len(rows)))
    after_rows = [r for r in after_rows if r[0] != dropped]
    after_rows += [(len(rows) + 5, 100, 30, 1), (len(rows) + 9, 9_000, None, 3)]
    after = _tickets(after_rows)
    pauses = _pauses(after, spans)
    full = evaluate(after, TARGETS, {SLA: OFFICE}, as_of=AS_OF, pauses=pauses)
    # Pauses follow their tickets: tickets whose pauses moved count as edited too.
    moved = {int(after.ids[k % len(after)]) for k, _, _ in spans} | {
        int(before.ids[k % len(before)]) for k, _, _ in spans
    }
    spliced = update_clocks(old, before.ids, after, edited | moved, TARGETS, {SLA: OFFICE}, pauses)
    _same(spliced, full)


def test_nothing_changed_carries_every_clock_over() -> None:
    tickets = _tickets([(3, 0, 60, 3), (5, 500, None, 1), (9, 900, 20, 2)])
    old = evaluate(tickets, TARGETS, {SLA: OFFICE}, as_of=AS_OF)
    _same(update_clocks(old, tickets.ids, tickets, set(), TARGETS, {SLA: OFFICE}), old)
