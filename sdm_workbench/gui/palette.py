"""The application's status colours, shared by tables, the RACI matrix and the dashboard.

RAG never relies on colour alone: table cells carry a word (High, Over cost) and a small
shape (circle, triangle, square) besides their tint, so they read in greyscale and for
colour-blind users. Cell tints are pale in the light theme and deep in the dark one, each
with its own text colour chosen for a contrast of at least 7:1 (WCAG AAA).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPalette, QPixmap, QPolygonF
from PySide6.QtWidgets import QApplication

from ..analytics.rag import Rag

# (colour-blind, dark) -> red, amber, green, none: strong colours for charts and tiles.
RAG_COLOURS: dict[tuple[bool, bool], tuple[str, str, str, str]] = {
    (False, False): ("#c62828", "#e08a00", "#2e7d32", "#8a919b"),
    (False, True): ("#ff6b6b", "#ffb74d", "#66bb6a", "#8a919b"),
    (True, False): ("#D55E00", "#E69F00", "#0072B2", "#8a919b"),
    (True, True): ("#FF8C42", "#E69F00", "#56B4E9", "#8a919b"),
}
# (status, dark) -> (cell background, cell text).
_CELLS: dict[tuple[Rag, bool], tuple[str, str]] = {
    (Rag.RED, False): ("#f9d3ce", "#5f130d"),
    (Rag.AMBER, False): ("#fbe6bd", "#4d3000"),
    (Rag.GREEN, False): ("#d3ebd5", "#123d17"),
    (Rag.RED, True): ("#5b211d", "#ffe1dd"),
    (Rag.AMBER, True): ("#4f3c10", "#fff0cc"),
    (Rag.GREEN, True): ("#1d4224", "#dcf3de"),
}
ICON_SIZE = 12


def rag_colour(status: Rag, dark: bool, colour_blind: bool = False) -> QColor:
    """The strong colour of a status (chart lines, tile stripes, icons)."""
    red, amber, green, none = RAG_COLOURS[(colour_blind, dark)]
    return QColor({Rag.RED: red, Rag.AMBER: amber, Rag.GREEN: green}.get(status, none))


def application_is_dark() -> bool:
    """Whether the application's current palette is a dark one (theme.py sets it)."""
    return QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def cell_background(status: Rag, dark: bool) -> QBrush | None:
    """The tint of a table cell with this status (None: no tint, the view's base)."""
    pair = _CELLS.get((status, dark))
    return None if pair is None else QBrush(QColor(pair[0]))


def cell_foreground(status: Rag, dark: bool) -> QBrush | None:
    """Text colour readable on :func:`cell_background` of the same status."""
    pair = _CELLS.get((status, dark))
    return None if pair is None else QBrush(QColor(pair[1]))


@cache
def _icon(status: Rag, dark: bool) -> QIcon:
    pixmap = QPixmap(ICON_SIZE, ICON_SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(rag_colour(status, dark))
    edge = float(ICON_SIZE)
    if status is Rag.GREEN:  # circle: fine
        painter.drawEllipse(1, 1, ICON_SIZE - 2, ICON_SIZE - 2)
    elif status is Rag.AMBER:  # triangle: watch
        points = [QPointF(edge / 2, 0.5), QPointF(edge - 0.5, edge - 1), QPointF(0.5, edge - 1)]
        painter.drawPolygon(QPolygonF(points))
    else:  # square: act now
        painter.drawRect(1, 1, ICON_SIZE - 2, ICON_SIZE - 2)
    painter.end()
    return QIcon(pixmap)


def rag_icon(status: Rag, dark: bool) -> QIcon | None:
    """A small shape for a status: circle green, triangle amber, square red."""
    if status not in (Rag.RED, Rag.AMBER, Rag.GREEN):
        return None
    return _icon(status, dark)
