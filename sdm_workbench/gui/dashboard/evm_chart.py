"""Earned value S-curves (PV, EV, AC) of one project, with BAC and the status date."""

from __future__ import annotations

from calendar import timegm
from datetime import date

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from .chart_base import ChartPanel
from .data import DashboardData, ScopeRef
from .format import month_label
from .palette import DashboardStyle


def _day_stamp(day: date) -> float:
    """UTC seconds of a day's start: the x of a point on a date axis."""
    return float(timegm((day.year, day.month, day.day, 0, 0, 0)))


class EvmChart(ChartPanel):
    """Cumulative planned value, earned value and actual cost per month of a chosen project."""

    title = "Earned value"
    keys = ("cpi", "spi", "percent_complete")

    def __init__(self, style: DashboardStyle, parent: QWidget | None = None) -> None:
        super().__init__(style, parent)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        label = QLabel("&Project:", self)
        self.project_box = QComboBox(self)
        self.project_box.setObjectName("evmProject")
        self.project_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        label.setBuddy(self.project_box)
        bar.addWidget(label)
        bar.addWidget(self.project_box)
        bar.addStretch(1)
        self.layout().insertLayout(0, bar)  # type: ignore[union-attr]
        self.plot = self.add_plot("S-curve: cumulative PV, EV and AC", "currency")
        self.status_line = pg.InfiniteLine(angle=90, movable=False, label="Status date",
                                           labelOpts={"position": 0.95})  # fmt: skip
        self.bac_line = pg.InfiniteLine(angle=0, movable=False, label="BAC",
                                        labelOpts={"position": 0.97})  # fmt: skip
        self.plot.plot.addItem(self.status_line, ignoreBounds=True)
        self.plot.plot.addItem(self.bac_line)
        self._data: DashboardData | None = None
        self.project_box.currentIndexChanged.connect(self._redraw)

    def update_data(self, data: DashboardData, scope: ScopeRef) -> None:
        self._data = data
        projects = sorted(
            (str(p["code"]), str(p["name"]), int(p["id"])) for p in data.inputs.projects
        )
        wanted = data.project_id(scope) if scope.scope == "project" else self.project_id()
        self.project_box.blockSignals(True)
        self.project_box.clear()
        for code, name, pid in projects:
            self.project_box.addItem(f"{code} {name}", pid)
        found = self.project_box.findData(wanted) if wanted is not None else -1
        self.project_box.setCurrentIndex(max(found, 0))
        self.project_box.blockSignals(False)
        self._redraw()

    def project_id(self) -> int | None:
        value = self.project_box.currentData()
        return None if value is None else int(value)

    def _redraw(self, *_args: object) -> None:
        data, pid = self._data, self.project_id()
        points = data.s_curve(pid) if data is not None and pid is not None else []
        s, p = self.style_, self.plot
        p.set_x(np.array([_day_stamp(pt.as_of) for pt in points]),
                [month_label(pt.month) for pt in points])  # fmt: skip

        def column(name: str) -> np.ndarray:
            values = [getattr(pt, name) for pt in points]
            return np.array([np.nan if v is None else v for v in values], dtype=np.float64)

        p.line("PV (planned)", column("pv"), s.series(0), "currency", width=3)
        p.line("EV (earned)", column("ev"), s.series(2), "currency", width=3)
        p.line("AC (actual)", column("ac"), s.series(3), "currency", width=3,
               style=Qt.PenStyle.DashLine)  # fmt: skip
        if data is not None:
            self.status_line.setPos(_day_stamp(data.as_of))
            self.status_line.label.setText(f"Status {data.as_of:%d %b %Y}")
        bac = data.inputs.budget_lines.get(("project", pid), []) if data and pid else []
        total = sum(line.budget_at_completion for line in bac)
        self.bac_line.setPos(total)
        self.bac_line.setVisible(total > 0)
        self.bac_line.label.setText(f"BAC {total:,.0f}")
        for line in (self.status_line, self.bac_line):
            line.setPen(pg.mkPen(s.muted, width=1.2, style=Qt.PenStyle.DashLine))
            line.label.setColor(s.muted)
