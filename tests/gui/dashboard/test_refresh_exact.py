"""A refresh after ticket edits gives exactly what a full recomputation gives."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from sdm_workbench import demo
from sdm_workbench.analytics.sla_clock import MetricClock
from sdm_workbench.gui.dashboard.computation import compute
from sdm_workbench.operations import CreateRow, Macro, UpdateRow, run
from sdm_workbench.store import Store
from sdm_workbench.store.repository import list_rows

TODAY = date(2026, 3, 16)


def test_refresh_after_ticket_edits_equals_a_full_compute(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "w.sqlite", backup_dir=None, scheduled_backup=False)
    try:
        demo.create_demo(store, "small", seed=3, today=TODAY)
        before = compute(store, TODAY, months=6)
        with store.session() as session:
            tickets = [t for t in list_rows(session, "ticket", order_by="opened_at")[-300:]
                       if t["resolved_at"] is not None][:2]  # fmt: skip
            service = list_rows(session, "service", limit=1)[0]
        late, early = tickets
        edits = Macro("edits", [
            UpdateRow("ticket", late.id, {"resolved_at": late["resolved_at"] + timedelta(days=4)}),
            UpdateRow("ticket", early.id, {"priority": 1}),
            CreateRow("ticket", {"service_id": service.id, "external_id": "NEW-1",
                                 "title": "New", "priority": 2,
                                 "opened_at": late["opened_at"] + timedelta(hours=1)}),
        ])  # fmt: skip
        run(store, edits)
        with store.session() as session:
            new_id = next(
                t.id for t in list_rows(session, "ticket", where={"external_id": "NEW-1"})
            )
        changed = {late.id, early.id, new_id}
        refreshed = compute(store, TODAY, months=6, previous=before, changes={"ticket": changed})
        full = compute(store, TODAY, months=6)
    finally:
        store.close()
    assert refreshed.months_computed < 6  # some months were reused
    assert [[r.as_dict() for r in m] for m in refreshed.monthly] == [
        [r.as_dict() for r in m] for m in full.monthly
    ]
    assert refreshed.sla is not None and full.sla is not None
    for metric in ("response", "resolution"):
        a: MetricClock = getattr(refreshed.sla, metric)
        b: MetricClock = getattr(full.sla, metric)
        for f in fields(MetricClock):
            left, right = getattr(a, f.name), getattr(b, f.name)
            if left.dtype.kind in "fM":
                assert (
                    (left == right) | (np.isnan(left) & np.isnan(right))
                    if left.dtype.kind == "f"
                    else (left == right) | (np.isnat(left) & np.isnat(right))
                ).all(), f.name
            else:
                assert (left == right).all(), f.name
