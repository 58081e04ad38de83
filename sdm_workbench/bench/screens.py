"""Figures of the screens (Qt is imported here lazily, only when one of them is asked for).

* ``timeline_paint_30k``: one viewport of a 30k-task / ~60k-link plan against the same
  viewport of a 300-task plan; drawing should follow the screen, not the plan (goal <= 2).
* ``dashboard_refresh_<scale>``: the dashboard's recomputation after one ticket edit against
  a full recomputation of the same dashboard (goal <= 0.1).
* ``dashboard_first_paint_<scale>``: a new dashboard until every tile and the chart on show
  are painted, on a second start (results cached by the first), against painting the same
  chart widgets from prepared arrays (goal <= 2); ``bare_ratio`` is against the same plots
  with pyqtgraph's defaults (no styling, legend or bands), ``cold_s`` the first start,
  computation included, ``fresh_s`` the second start until its fresh results are on screen.
* ``chart_stream_100k``: one update (new data and a repaint) of a 100k-point chart, against
  the same update of a 1k-point chart (reported, no goal).
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

from ..operations import UpdateRow, run
from ..store import Store
from ..store.repository import list_rows
from .common import Figure, make_figure, selected


def timeline_figure() -> Figure:
    from ..gui.screenshot import application  # offscreen when there is no running app
    from ..gui.timeline import TimelineView

    app = application()
    from ..gui.timeline.bench import measure

    store = Store.open("sqlite://", backup_dir=None, scheduled_backup=False)
    view = TimelineView(store)
    try:
        view.resize(1366, 768)
        view.show()
        app.processEvents()
        small = measure(view, 300)
        large = measure(view, 30_000)
    finally:
        view.close()
        view.deleteLater()
        app.processEvents()
        store.close()
    baseline = "the same viewport painted with 300 tasks"
    figure = make_figure("timeline_paint_30k", large["paint_s"], baseline, small["paint_s"], "<= 2")
    figure.update(
        zoom_step_ratio=round(large["zoom_step_s"] / small["zoom_step_s"], 3),
        scroll_step_ratio=round(large["scroll_step_s"] / small["scroll_step_s"], 3),
        open_30k_s=round(large["open_s"], 4),
        links=int(large["links"]),
    )
    return figure


def dashboard_figure(scale: str, path: Path, today: date) -> Figure:
    from ..gui.dashboard.computation import compute

    store = Store.open(path, backup_dir=None, scheduled_backup=False)
    try:
        started = time.perf_counter()
        full = compute(store, today)
        base = time.perf_counter() - started
        with store.session() as session:
            ticket = next(
                t for t in list_rows(session, "ticket", order_by="opened_at")[-200:]
                if t["resolved_at"] is not None
            )  # fmt: skip
        later = ticket["resolved_at"] + timedelta(hours=3)
        run(store, UpdateRow("ticket", ticket.id, {"resolved_at": later}))
        started = time.perf_counter()
        compute(store, today, previous=full, changes={"ticket": {ticket.id}})
        ours = time.perf_counter() - started
    finally:
        store.close()
    return make_figure(f"dashboard_refresh_{scale}", ours,
                       "full recomputation of the same dashboard", base, "<= 0.1")  # fmt: skip


def first_paint_figure(scale: str, path: Path, today: date) -> Figure:
    from ..gui.screenshot import application

    application()
    from ..gui.dashboard.bench import first_paint

    store = Store.open(path, backup_dir=None, scheduled_backup=False)
    try:
        found = first_paint(store, today)
    finally:
        store.close()
    figure = make_figure(
        f"dashboard_first_paint_{scale}", found["ours_s"],
        "the same chart widgets (plots, styles, legends, bands) painted from prepared arrays",
        found["same_s"], "<= 2",
    )  # fmt: skip
    figure.update(bare_s=round(found["bare_s"], 4),
                  bare_ratio=round(found["ours_s"] / found["bare_s"], 2),
                  compute_s=round(found["compute_s"], 4), plots=int(found["plots"]),
                  cold_s=round(found["cold_s"], 4), fresh_s=round(found["fresh_s"], 4),
                  warm_hit=bool(found["warm_hit"]))  # fmt: skip
    return figure


def stream_figure() -> Figure:
    from ..gui.screenshot import application

    application()
    from ..gui.dashboard.bench import streaming

    found = streaming()
    return make_figure("chart_stream_100k", found["ours_s"],
                       "the same update of a 1k-point chart", found["small_s"], None)  # fmt: skip


def figures(only: str | None) -> list[Figure]:
    found = [timeline_figure()] if selected("timeline_paint_30k", only) else []
    if selected("chart_stream_100k", only):
        found.append(stream_figure())
    return found
