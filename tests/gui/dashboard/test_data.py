"""What the dashboard computes: months an edit reaches, RAG after a definition change."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import numpy as np

from sdm_workbench.analytics.kpi_catalogue import definitions
from sdm_workbench.analytics.kpis import rerate
from sdm_workbench.analytics.rag import Rag
from sdm_workbench.gui.dashboard.computation import compute, month_axis, months_touched
from sdm_workbench.gui.dashboard.data import PORTFOLIO
from sdm_workbench.store import Store

from .conftest import AS_OF


def test_compute_reads_every_month_and_only_recomputes_touched_months(seeded: Store) -> None:
    data = compute(seeded, AS_OF, months=6)
    assert [p.start for p in data.months][-1] == date(2025, 3, 1)
    assert data.months_computed == 6
    mttr = data.series(PORTFOLIO, "mttr")
    assert np.isnan(mttr[:-1]).all() and mttr[-1] == 2.0
    again = compute(seeded, AS_OF, months=6, previous=data, changes={"ticket": {1}})
    assert again.months_computed == 1  # the ticket lives in March only
    assert compute(seeded, AS_OF, 6, data, {"service": {1}}).months_computed == 6


def test_months_touched_reaches_back_to_the_earliest_instant(seeded: Store) -> None:
    data = compute(seeded, AS_OF, months=6)
    axis = month_axis(AS_OF, 6)
    tickets = data.inputs.tickets
    moved = tickets.opened.copy()
    moved[0] = np.datetime64(datetime(2025, 1, 20) - timedelta(hours=1), "m")
    after = replace(data.inputs, tickets=replace(tickets, opened=moved))
    first_id = int(tickets.ids[0])
    assert months_touched(data.inputs, after, {"ticket": {first_id}}, axis) == 3  # January
    assert months_touched(data.inputs, data.inputs, {"ticket": {first_id}}, axis) == 5
    assert months_touched(data.inputs, data.inputs, {"ticket": {999_999}}, axis) == 0
    assert months_touched(data.inputs, data.inputs, {"survey": {1}}, axis) == 0


def test_rerate_applies_new_thresholds_without_recomputing(seeded: Store) -> None:
    data = compute(seeded, AS_OF, months=2)
    mttr = next(r for r in data.tiles(PORTFOLIO) if r.key == "mttr")
    assert mttr.rag is Rag.GREEN
    row = {"key": "mttr", "name": "MTTR", "unit": "hours", "direction": "lower is better",
           "target": 1.0, "amber_threshold": 1.0, "red_threshold": 1.5}  # fmt: skip
    (rated,) = rerate([mttr], definitions([row]))
    assert (rated.rag, rated.name, rated.target, rated.value) == (Rag.RED, "MTTR", 1.0, 2.0)


def test_the_latest_month_comes_first_for_the_tiles(seeded: Store) -> None:
    partial: list[int] = []
    data = compute(seeded, AS_OF, months=4, on_partial=lambda d: partial.append(
        sum(1 for month in d.monthly if month)))  # fmt: skip
    assert partial == [1]  # only March, before the three older months
    assert all(data.monthly[-1:]) and len(data.monthly) == 4
