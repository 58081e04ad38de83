"""A KPI tile: value with unit, RAG colour plus a shape and a word, trend arrow with the
delta against the previous period, and a sparkline of the last months. Painted by hand:
two dozen small plot widgets would cost more than the whole chart area."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...analytics.kpis import KpiResult
from ...analytics.rag import Rag, Trend
from .format import format_delta, format_value
from .palette import RAG_WORDS, DashboardStyle

TILE_SIZE = QSize(224, 128)


def rag_shape(status: Rag, centre: QPointF, radius: float) -> QPainterPath:
    """Circle for green, triangle for amber, square for red, ring for none."""
    path = QPainterPath()
    x, y, r = centre.x(), centre.y(), radius
    if status is Rag.GREEN:
        path.addEllipse(centre, r, r)
    elif status is Rag.AMBER:
        path.addPolygon(QPolygonF([QPointF(x, y - r), QPointF(x + r, y + r * 0.85),
                                   QPointF(x - r, y + r * 0.85), QPointF(x, y - r)]))  # fmt: skip
    elif status is Rag.RED:
        path.addRect(QRectF(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7))
    else:
        path.addEllipse(centre, r, r)
        path.addEllipse(centre, r * 0.55, r * 0.55)
    return path


class KpiTile(QWidget):
    """One KPI of one scope; ``clicked`` carries the KPI key."""

    clicked = Signal(str)

    def __init__(self, result: KpiResult, style: DashboardStyle, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._style = style
        self.result = result
        self.sparkline: npt.NDArray[np.float64] = np.empty(0)
        self.previous_label = ""
        self.set_result(result)

    # --- what it shows (tests read these) ------------------------------------------------
    @property
    def key(self) -> str:
        return self.result.key

    @property
    def rag(self) -> Rag:
        return self.result.rag

    @property
    def rag_word(self) -> str:
        return RAG_WORDS[self.result.rag]

    @property
    def value_text(self) -> str:
        return format_value(self.result.value, self.result.unit)

    @property
    def delta_text(self) -> str:
        text = format_delta(self.result.delta, self.result.unit)
        if not text:
            return "new" if self.result.trend is Trend.NEW else ""
        suffix = f" vs {self.previous_label}" if self.previous_label else ""
        return f"{self._arrow()} {text}{suffix}"

    def _arrow(self) -> str:
        delta = self.result.delta or 0.0
        return "▲" if delta > 0 else "▼" if delta < 0 else "▶"

    def set_result(self, result: KpiResult, sparkline: npt.NDArray[np.float64] | None = None,
                   previous_label: str = "") -> None:  # fmt: skip
        """Show new figures; repaints only when something visible changed."""
        line = self.sparkline if sparkline is None else np.asarray(sparkline, dtype=np.float64)
        same = (
            result == self.result
            and np.array_equal(line, self.sparkline, equal_nan=True)
            and previous_label == self.previous_label
        )
        self.result, self.sparkline, self.previous_label = result, line, previous_label
        target = format_value(result.target, result.unit) if result.target is not None else "none"
        summary = (
            f"{result.name}: {self.value_text}, {self.rag_word}; target {target}; "
            f"{self.delta_text or 'no earlier value'}"
        )
        self.setToolTip(summary)
        self.setAccessibleName(summary)
        if not same:
            self.update()

    def set_style(self, style: DashboardStyle) -> None:
        self._style = style
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(round(TILE_SIZE.width() * self._style.scale),
                     round(TILE_SIZE.height() * self._style.scale))  # fmt: skip

    def minimumSizeHint(self) -> QSize:
        hint = self.sizeHint()
        return QSize(round(hint.width() * 0.92), hint.height())

    # --- input ---------------------------------------------------------------------------
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit(self.key)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.key)
            return
        super().keyPressEvent(event)

    # --- painting ------------------------------------------------------------------------
    def _font(self, size: float, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(size * self._style.scale)
        font.setBold(bold)
        return font

    def paintEvent(self, _event: QPaintEvent) -> None:
        style, r = self._style, self.result
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
        border = style.rag(r.rag) if self.hasFocus() else style.tile_border
        painter.setPen(QPen(border, 2 if self.hasFocus() else 1))
        painter.setBrush(style.tile_background)
        painter.drawRoundedRect(box, 6, 6)
        strip = QRectF(box.left(), box.top(), 6 * style.scale, box.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.rag(r.rag))
        painter.drawRoundedRect(strip, 3, 3)

        pad = 10 * style.scale
        left = strip.right() + pad
        inner = QRectF(left, box.top() + pad * 0.7, box.right() - pad - left, box.height())
        y = self._paint_header(painter, inner)
        y = self._paint_value(painter, inner, y)
        y = self._paint_delta(painter, inner, y)
        spark = QRectF(inner.left(), y + 4 * style.scale, inner.width(),
                       box.bottom() - pad * 0.6 - y - 4 * style.scale)  # fmt: skip
        self._paint_sparkline(painter, spark)
        painter.end()

    def _paint_header(self, painter: QPainter, inner: QRectF) -> float:
        font = self._font(9)
        metrics = QFontMetrics(font)
        name = metrics.elidedText(self.result.name, Qt.TextElideMode.ElideRight, int(inner.width()))
        painter.setFont(font)
        painter.setPen(self._style.muted)
        line = QRectF(inner.left(), inner.top(), inner.width(), metrics.height())
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        return line.bottom() + 2 * self._style.scale

    def _paint_badge(self, painter: QPainter, line: QRectF, value_width: float) -> float:
        """Shape and word at the right end of ``line``, the shape alone where the value needs
        the room (the word stays in the tooltip); returns where the badge begins."""
        style, status = self._style, self.result.rag
        font = self._font(8.5, bold=True)
        metrics = QFontMetrics(font)
        word = self.rag_word
        radius = metrics.height() * 0.33
        width = metrics.horizontalAdvance(word) + 2
        left = line.right() - width - radius * 2 - 5
        if left - line.left() < value_width + 6:
            word, width = "", 0
            left = line.right() - radius * 2 - 2
        colour = style.rag(status)
        text_colour = colour if style.dark or status is Rag.NONE else colour.darker(125)
        painter.setPen(QPen(text_colour, 1))
        painter.setBrush(colour)
        painter.drawPath(rag_shape(status, QPointF(left + radius, line.center().y()), radius))
        painter.setFont(font)
        box = QRectF(left + radius * 2 + 5, line.top(), width, line.height())
        painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, word)
        return left

    def _paint_value(self, painter: QPainter, inner: QRectF, y: float) -> float:
        font = self._font(18, bold=True)
        metrics = QFontMetrics(font)
        box = QRectF(inner.left(), y, inner.width(), metrics.height())
        badge_left = self._paint_badge(painter, box, metrics.horizontalAdvance(self.value_text))
        painter.setFont(font)
        painter.setPen(self._style.foreground)
        room = int(badge_left - inner.left() - 6)
        text = metrics.elidedText(self.value_text, Qt.TextElideMode.ElideRight, room)
        painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        return box.bottom()

    def _paint_delta(self, painter: QPainter, inner: QRectF, y: float) -> float:
        style, r = self._style, self.result
        font = self._font(8.5)
        metrics = QFontMetrics(font)
        colour = {Trend.BETTER: style.better, Trend.WORSE: style.worse}.get(r.trend, style.muted)
        word = {Trend.BETTER: " · better", Trend.WORSE: " · worse"}.get(r.trend, "")
        text = self.delta_text + (word if self.delta_text and r.trend is not Trend.NEW else "")
        painter.setFont(font)
        painter.setPen(colour)
        text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(inner.width()))
        box = QRectF(inner.left(), y, inner.width(), metrics.height())
        painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        return box.bottom()

    def _paint_sparkline(self, painter: QPainter, box: QRectF) -> None:
        values = self.sparkline
        known = np.flatnonzero(~np.isnan(values)) if values.size else np.empty(0, np.int64)
        if box.height() < 6 or known.size == 0:
            return
        low, high = float(np.nanmin(values)), float(np.nanmax(values))
        target = self.result.target
        if target is not None and math.isfinite(target):
            span = max(high - low, 1e-9)
            if low - span <= target <= high + span:  # only when it keeps the line readable
                low, high = min(low, target), max(high, target)
        span = high - low or 1.0
        step = box.width() / max(len(values) - 1, 1)

        def point(i: int) -> QPointF:
            return QPointF(box.left() + i * step,
                           box.bottom() - (values[i] - low) / span * box.height())  # fmt: skip

        if target is not None and low <= target <= high:
            ty = box.bottom() - (target - low) / span * box.height()
            pen = QPen(self._style.muted, 1, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(box.left(), ty), QPointF(box.right(), ty))
        colour = QColor(self._style.series(0))
        painter.setPen(QPen(colour, 1.6 * self._style.scale))
        path = QPainterPath()
        previous = None
        for i in known:
            p = point(int(i))
            if previous is None or i - previous > 1:
                path.moveTo(p)  # a gap in the data stays a gap
            else:
                path.lineTo(p)
            previous = i
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setBrush(colour)
        painter.drawEllipse(point(int(known[-1])), 2.6 * self._style.scale, 2.6 * self._style.scale)
