"""Threshold bands behind a chart's data: red, amber and green ranges of a KPI."""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from ...analytics.kpi_catalogue import KpiSpec
from ...analytics.rag import Rag, rag


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    status: Rag


def threshold_bands(spec: KpiSpec) -> list[Band]:
    """Red, amber and green ranges of a KPI: the analytics' own ``rag`` decides each range."""
    edges = sorted({e for e in (spec.target, spec.amber, spec.red) if e is not None})
    if not edges:
        return []
    bounds = [-math.inf, *edges, math.inf]
    bands: list[Band] = []
    for low, high in pairwise(bounds):
        inside = (
            (low + high) / 2.0
            if math.isfinite(low + high)
            else (high - 1.0 if math.isfinite(high) else low + 1.0)
        )
        status = rag(inside, spec.thresholds)
        if status is Rag.NONE:
            continue
        if bands and bands[-1].status is status and bands[-1].high == low:
            bands[-1] = Band(bands[-1].low, high, status)
        else:
            bands.append(Band(low, high, status))
    return bands


class BandItem(pg.GraphicsObject):
    """A horizontal band from ``band.low`` to ``band.high`` across the visible x range.

    Painted clipped to the view, so unbounded bands stay exact; (several pyqtgraph
    LinearRegionItems in one plot crash PySide6 6.12 at interpreter exit, and they paint the
    whole region unclipped).
    """

    def __init__(self, band: Band, colour: QColor) -> None:
        super().__init__()
        self.band = band
        self.colour = QColor(colour)
        self._rect = QRectF()

    def set_colour(self, colour: QColor) -> None:
        self.colour = QColor(colour)
        self.update()

    def _visible(self) -> QRectF:
        view = self.viewRect()
        if view is None:
            return QRectF()
        top = max(self.band.low, view.top())
        bottom = min(self.band.high, view.bottom())
        if bottom <= top:
            return QRectF()
        return QRectF(view.left(), top, view.width(), bottom - top)

    def boundingRect(self) -> QRectF:
        return QRectF(self._rect)

    def viewRangeChanged(self) -> None:
        # The geometry follows the view here, not in boundingRect: a geometry change announced
        # while painting made every new chart paint twice.
        rect = self._visible()
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        super().viewRangeChanged()

    def dataBounds(self, axis: int, frac: float = 1.0, orthoRange: object = None) -> None:
        return None  # bands never widen the auto range

    def paint(self, painter: QPainter, *_args: object) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.colour)
        painter.drawRect(self._rect)
