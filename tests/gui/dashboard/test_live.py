"""The dashboard on a real workbench: tiles follow thresholds and edits, here and elsewhere."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sdm_workbench.analytics.rag import Rag
from sdm_workbench.gui.dashboard import DashboardView
from sdm_workbench.operations import CreateRow, UpdateRow, run
from sdm_workbench.store import Store
from sdm_workbench.store import repository as repo

from ..conftest import seed

View = Callable[..., DashboardView]
OPENED = datetime(2025, 3, 3, 9, 0)  # ticket INC00000 of the seed; resolved two hours later


def first_ticket(store: Store) -> int:
    with store.session() as session:
        rows = [r for r in repo.list_rows(session, "ticket") if r["external_id"] == "INC00000"]
    return rows[0].id


def test_tiles_show_value_rag_shape_word_and_delta(seeded: Store, make_dashboard: View) -> None:
    view = make_dashboard(seeded)
    mttr = view.tiles["mttr"]
    assert mttr.value_text == "2.0 h"  # two tickets resolved in 2 h each
    assert mttr.rag is Rag.GREEN and mttr.rag_word == "On target"  # default target 36 h
    assert mttr.delta_text == "new"  # nothing resolved in February
    assert "Mean time to resolve: 2.0 h, On target" in mttr.accessibleName()
    assert np.isnan(mttr.sparkline[:-1]).all() and mttr.sparkline[-1] == 2.0
    assert view.tiles["volume"].value_text == "3"


def test_a_new_kpi_definition_changes_the_rag(seeded: Store, make_dashboard: View, qtbot: QtBot):
    view = make_dashboard(seeded)
    assert view.tiles["mttr"].rag is Rag.GREEN
    create = CreateRow("kpi", {
        "key": "mttr", "name": "Mean time to resolve", "unit": "hours",
        "direction": "lower is better", "target": 1.0, "amber_threshold": 1.0,
        "red_threshold": 1.5,
    })  # fmt: skip
    run(seeded, create)
    qtbot.waitUntil(lambda: view.tiles["mttr"].rag is Rag.RED, timeout=5000)
    assert view.tiles["mttr"].rag_word == "Off target"
    assert view.refresher.data is not None and view.refresher.data.months_computed == 0
    assert create.row_id is not None
    run(seeded, UpdateRow("kpi", create.row_id, {"red_threshold": 3.0}))
    qtbot.waitUntil(lambda: view.tiles["mttr"].rag is Rag.AMBER, timeout=5000)
    bands = view.charts["mttr"].plot.bands  # type: ignore[attr-defined]
    assert [(b.band.status, b.band.low) for b in bands][1:] == [(Rag.AMBER, 1.0), (Rag.RED, 3.0)]


def test_editing_a_resolved_time_updates_the_mttr_tile_and_chart(
    seeded: Store, make_dashboard: View, qtbot: QtBot
) -> None:
    view = make_dashboard(seeded)
    ticket = first_ticket(seeded)
    run(seeded, UpdateRow("ticket", ticket, {"resolved_at": OPENED + timedelta(hours=6)}))
    qtbot.waitUntil(lambda: view.tiles["mttr"].value_text == "4.0 h", timeout=5000)  # (6 + 2) / 2
    curve = view.charts["mttr"].plot.curves["Mean"]  # type: ignore[attr-defined]
    assert curve.getData()[1][-1] == 4.0
    assert view.refresher.data is not None and view.refresher.data.months_computed == 1


def test_a_commit_from_another_store_updates_the_dashboard(
    seeded: Store, make_dashboard: View, qtbot: QtBot
) -> None:
    view = make_dashboard(seeded)
    path = seeded.path
    assert isinstance(path, Path)
    other = Store.open(path, scheduled_backup=False)
    try:
        ticket = first_ticket(other)
        run(other, UpdateRow("ticket", ticket, {"resolved_at": OPENED + timedelta(hours=10)}))
    finally:
        other.close()
    qtbot.waitUntil(lambda: view.tiles["mttr"].value_text == "6.0 h", timeout=8000)


def test_a_burst_of_edits_is_one_refresh(seeded: Store, make_dashboard: View, qtbot: QtBot):
    view = make_dashboard(seeded)
    refreshes: list[int] = []
    view.refreshed.connect(lambda: refreshes.append(1))
    ticket = first_ticket(seeded)
    for hours in (3, 4, 5, 6, 8):
        run(seeded, UpdateRow("ticket", ticket, {"resolved_at": OPENED + timedelta(hours=hours)}))
    qtbot.waitUntil(lambda: view.tiles["mttr"].value_text == "5.0 h", timeout=5000)
    qtbot.wait(500)
    assert len(refreshes) == 1


def test_scopes_and_tile_click_open_a_chart(seeded: Store, make_dashboard: View, qtbot: QtBot):
    view = make_dashboard(seeded)
    labels = [view.scope_box.itemText(i) for i in range(view.scope_box.count())]
    assert labels[0] == "Whole portfolio" and "Service SVC-001 Mail" in labels
    mail = view.scope_box.findText("Service SVC-001 Mail")
    view.scope_box.setCurrentIndex(mail)
    assert view.scope.code == "SVC-001"
    assert view.tiles["mttr"].value_text == "2.0 h"  # both resolved tickets are Mail's
    assert view.tiles["volume"].value_text == "2"
    tile = view.tiles["fcr"]
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert view.chart_tabs.currentWidget() is view.charts["trend"]
    assert view.charts["trend"].key == "fcr"  # type: ignore[attr-defined]
    view.open_chart("mttr_p90")
    assert view.chart_tabs.currentWidget() is view.charts["mttr"]


def test_presentation_options_grow_tiles_and_change_colours(
    seeded: Store, make_dashboard: View
) -> None:
    view = make_dashboard(seeded)
    tile = view.tiles["mttr"]
    normal_height, green = tile.sizeHint().height(), view.style_.rag(Rag.GREEN).name()
    view.set_presentation(large=True, colour_blind=True)
    assert tile.sizeHint().height() > 1.5 * normal_height
    assert view.style_.rag(Rag.GREEN).name().lower() == "#0072b2"  # Okabe-Ito blue
    assert green != view.style_.rag(Rag.GREEN).name()


def test_unseeded_workbench_shows_no_tiles_but_no_error(store: Store, make_dashboard: View) -> None:
    view = make_dashboard(store)
    assert "Could not" not in view.status_label.text()
    seed(store)  # bulk-written outside operations: the bus still reports it
