"""Dashboard figures for ``sdm-workbench bench``: the first full paint and streaming a chart.

* First paint: a new :class:`DashboardView` on a workbench until every tile and the chart on
  show are painted once, on a second start (the first start's results are in the cache),
  against painting the same pyqtgraph widgets (the same chart panel, plots, styles, legends,
  bands and curves) from arrays prepared beforehand. Reported beside it: the same plots
  bare (pyqtgraph's defaults: no date axis, legend, bands or styling), and the first start
  (its KPI computation included).
* Streaming: the time of one update (new data plus a repaint) of a chart holding 100k
  points, against the same update of a 1k-point chart.
Not tests: tests never assert on time.
"""

from __future__ import annotations

import gc
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QApplication, QGridLayout, QWidget

from ...store import Store
from .bands import Band, BandItem
from .chart_base import ChartPanel
from .palette import DashboardStyle
from .period_shade import PeriodShade, shade_of
from .view import DashboardView

SIZE = (1366, 768)
STREAM_UPDATES = 60


def _settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


Curves = list[tuple[Any, Any]]


def _curves(view: DashboardView) -> list[list[Curves]]:
    """Per chart on screen, per plot, the (x, y) arrays of its curves."""
    charts = []
    for graphics in view.findChildren(pg.GraphicsLayoutWidget):
        if not graphics.isVisible():
            continue
        plots = [item for item in graphics.scene().items() if isinstance(item, pg.PlotItem)]
        charts.append(
            [[(c.xData, c.yData) for c in plot.listDataItems() if c.xData is not None]
             for plot in plots]
        )  # fmt: skip
    return charts


@dataclass
class _PlotRecipe:
    """What one plot of a chart panel shows, as arrays: enough to build it again."""

    title: str
    unit: str
    x: Any
    labels: list[str]
    lines: list[tuple[str, Any, QPen]]
    bars: list[tuple[str, Any, QColor]]
    bands: list[tuple[Band, QColor]]
    target: tuple[float, str, QPen] | None
    shade: tuple[float, float, QColor] | None


def _recipes(view: DashboardView) -> list[list[_PlotRecipe]]:
    """Per chart panel on screen, the arrays and styles of its plots."""
    panels = []
    for panel in view.findChildren(ChartPanel):
        if not panel.isVisible():
            continue
        plots = []
        for trend in panel.plots:
            target = trend.target_line
            plots.append(_PlotRecipe(
                trend.title, trend.unit, trend.x.copy(), list(trend.labels),
                [(name, trend.values[name].copy(), QPen(curve.opts["pen"]))
                 for name, curve in trend.curves.items()],
                [(name, trend.values[name].copy(), QColor(bar.opts["pen"]))
                 for name, bar in trend.bars.items()],
                [(band.band, QColor(band.colour)) for band in trend.bands],
                None if target is None
                else (float(target.value()), target.label.format, QPen(target.pen)),
                None if (shade := shade_of(trend)) is None
                else (*shade.span, QColor(shade.colour)),
            ))  # fmt: skip
        panels.append(plots)
    return panels


def _same_widgets(panels: list[list[_PlotRecipe]], style: DashboardStyle) -> QWidget:
    """The dashboard's chart panels built again from the arrays: same widgets, same look."""
    grid = QWidget()
    layout = QGridLayout(grid)
    for k, plots in enumerate(panels):
        panel = ChartPanel(style)
        for row, recipe in enumerate(plots):
            trend = panel.add_plot(recipe.title, recipe.unit, row=row)
            trend.set_x(recipe.x, recipe.labels)
            for name, y, pen in recipe.lines:
                trend.line(name, y, pen.color(), width=pen.widthF(), style=pen.style())
            for name, y, colour in recipe.bars:
                trend.bar(name, y, colour)
            for band, colour in recipe.bands:
                item = BandItem(band, colour)
                item.setZValue(-20)
                trend.plot.addItem(item, ignoreBounds=True)
            if recipe.target is not None:
                value, text, pen = recipe.target
                line = pg.InfiniteLine(pos=value, angle=0, movable=False, pen=pen, label=text)
                trend.plot.addItem(line)
            if recipe.shade is not None:
                low, high, colour = recipe.shade
                trend.plot.addItem(PeriodShade(low, high, colour), ignoreBounds=True)
        layout.addWidget(panel, k // 2, k % 2)
    return grid


def _first_paint_of(build: Callable[[], QWidget]) -> float:
    """Seconds to build a widget, show it and paint it fully (as :func:`_open_view` does)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    started = time.perf_counter()
    widget = build()
    widget.resize(*SIZE)
    widget.show()
    _settle(app)
    widget.grab()
    seconds = time.perf_counter() - started
    widget.close()
    widget.deleteLater()
    _settle(app)
    return seconds


def _bare_grid(charts: list[list[Curves]]) -> QWidget:
    """The same charts as bare pyqtgraph layouts: same plots, same curves, no styling."""
    grid = QWidget()
    layout = QGridLayout(grid)
    for k, plots in enumerate(charts):
        graphics = pg.GraphicsLayoutWidget()
        for curves in plots:
            plot = graphics.addPlot()
            for x, y in curves:
                plot.plot(x, y)
        layout.addWidget(graphics, k // 2, k % 2)
    return grid


def _open_view(store: Store, today: date, folder: Path, *, threaded: bool) -> DashboardView:
    """A dashboard with its cache in ``folder``, shown and painted once."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    view = DashboardView(store, as_of=today, threaded=threaded, cache_dir=folder)
    view.resize(*SIZE)
    view.show()
    _settle(app)
    view.grab()
    return view


def _close_view(view: DashboardView) -> None:
    view.close_view()
    view.close()
    view.deleteLater()
    _settle(QApplication.instance())  # type: ignore[arg-type]
    del view
    # A second start is a new process: the first one's inputs (a million objects on the
    # large portfolio) must not be collected in the middle of the next measurement.
    gc.collect()


def first_paint(store: Store, today: date) -> dict[str, float]:
    """Seconds to the first full paint of ours, of the same chart widgets and of the bare
    plots (both from the same arrays).

    ``ours_s`` is a second start: the results of the first one are in the cache and the data
    has not changed, so the tiles and the chart on show paint from them while the KPIs
    compute in the background (``fresh_s``: until the fresh results are on screen).
    ``cold_s`` is the first start: computing (on the GUI thread) included.
    """
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory(prefix="sdm-bench-cache-") as folder:
        started = time.perf_counter()
        view = _open_view(store, today, Path(folder), threaded=False)
        cold = time.perf_counter() - started
        computed = view.data.seconds.get("total", 0.0) if view.data is not None else 0.0
        plots, recipes, style = _curves(view), _recipes(view), view.style_
        _close_view(view)  # leaves its results in the cache
        started = time.perf_counter()
        view = _open_view(store, today, Path(folder), threaded=True)
        warm = time.perf_counter() - started
        hit = view.cached
        while view.refresher.data is None or view.cached:
            app.processEvents()
            view.refresher.wait(20)
        fresh = time.perf_counter() - started
        _close_view(view)
    same = _first_paint_of(lambda: _same_widgets(recipes, style))
    bare = _first_paint_of(lambda: _bare_grid(plots))
    count = sum(len(chart) for chart in plots)
    return {"ours_s": warm, "cold_s": cold, "fresh_s": fresh, "same_s": same, "bare_s": bare,
            "compute_s": computed, "plots": float(count), "warm_hit": float(hit)}  # fmt: skip


def _stream(points: int) -> float:
    """Mean seconds per update of a line chart of ``points`` points, repaint included."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    widget = pg.PlotWidget()
    widget.resize(900, 400)
    widget.show()
    rng = np.random.default_rng(5)
    y = rng.normal(size=points).cumsum()
    x = np.arange(points, dtype=np.float64)
    curve = widget.plot(x, y)
    _settle(app)
    started = time.perf_counter()
    for step in range(STREAM_UPDATES):
        y = np.roll(y, -1)  # the oldest point leaves, a new one arrives
        y[-1] = y[-2] + rng.normal()
        x += 1.0
        curve.setData(x, y)
        widget.repaint()
        if step % 10 == 0:
            app.processEvents()
    per_update = (time.perf_counter() - started) / STREAM_UPDATES
    widget.close()
    widget.deleteLater()
    _settle(app)
    return per_update


def streaming() -> dict[str, float]:
    """Seconds per update with 100k points, and with 1k points."""
    return {"ours_s": _stream(100_000), "small_s": _stream(1_000)}
