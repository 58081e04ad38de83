"""The building blocks of a slide: its colours, fonts, status shapes and the RAG badge.

Status never relies on colour alone: square red, triangle amber, circle green; a down
arrow for worse, an up arrow for better, a dot for neutral.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPolygonF

from ...analytics.rag import Rag
from ..palette import rag_colour

WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
LEFT_MIDDLE = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignVCenter)
RIGHT_MIDDLE = int(Qt.AlignmentFlag.AlignRight) | int(Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class SlideColours:
    dark: bool
    background: QColor
    text: QColor
    muted: QColor
    track: QColor
    accent: QColor

    def tone(self, tone: str) -> QColor:
        """The marker colour of a bullet's tone (RAG words, worse/better, neutral)."""
        rag = {"worse": "red", "better": "green"}.get(tone, tone)
        if rag in ("red", "amber", "green"):
            return rag_colour(Rag(rag), self.dark)
        return self.muted

    def ink(self, tone: str) -> QColor:
        """A tone's colour dark enough (light theme) to be read as text on the background."""
        colour = self.tone(tone)
        return colour if self.dark else colour.darker(145)


def colours(dark: bool) -> SlideColours:
    if dark:
        return SlideColours(
            True,
            QColor("#111317"),
            QColor("#f1f3f5"),
            QColor("#b4bac3"),
            QColor("#2e323a"),
            QColor("#5b93f0"),
        )
    return SlideColours(
        False,
        QColor("#ffffff"),
        QColor("#121417"),
        QColor("#454c57"),
        QColor("#e1e4e9"),
        QColor("#2f6fdb"),
    )


def font(px: float, bold: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(max(8, round(px)))
    f.setBold(bold)
    return f


def readable_on(fill: QColor) -> QColor:
    """Black or white, whichever reads better on ``fill``."""
    r, g, b = (c / 255 for c in (fill.red(), fill.green(), fill.blue()))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return QColor("#000000") if luminance > 0.45 else QColor("#ffffff")


def draw_marker(painter: QPainter, centre: QPointF, size: float, tone: str, colour: QColor) -> None:
    """The shape of a tone: square red, triangle amber, circle green, arrows, a dot."""
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    h = size / 2
    x, y = centre.x(), centre.y()
    if tone == "red":
        painter.drawRect(QRectF(x - h * 0.85, y - h * 0.85, size * 0.85, size * 0.85))
    elif tone == "amber":
        painter.drawPolygon(
            QPolygonF([QPointF(x, y - h), QPointF(x + h, y + h * 0.8), QPointF(x - h, y + h * 0.8)])
        )
    elif tone == "green":
        painter.drawEllipse(centre, h * 0.9, h * 0.9)
    elif tone == "worse":
        painter.drawPolygon(
            QPolygonF(
                [QPointF(x - h, y - h * 0.6), QPointF(x + h, y - h * 0.6), QPointF(x, y + h * 0.8)]
            )
        )
    elif tone == "better":
        painter.drawPolygon(
            QPolygonF(
                [QPointF(x - h, y + h * 0.6), QPointF(x + h, y + h * 0.6), QPointF(x, y - h * 0.8)]
            )
        )
    else:
        painter.drawEllipse(centre, h * 0.35, h * 0.35)
    painter.restore()


def draw_badge(
    painter: QPainter, right: float, top: float, u: float, rag: str, word: str, c: SlideColours
) -> float:
    """A filled RAG badge (shape + word) ending at ``right``; returns its left edge."""
    f = font(2.6 * u, bold=True)
    width = QFontMetricsF(f).horizontalAdvance(word) + 6.5 * u
    rect = QRectF(right - width, top, width, 4.4 * u)
    fill = rag_colour(Rag(rag) if rag in ("red", "amber", "green") else Rag.NONE, c.dark)
    ink = readable_on(fill)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawRoundedRect(rect, u, u)
    marker_tone = rag if rag in ("red", "amber", "green") else "neutral"
    draw_marker(
        painter, QPointF(rect.left() + 2.4 * u, rect.center().y()), 2.2 * u, marker_tone, ink
    )
    painter.setFont(f)
    painter.setPen(ink)
    painter.drawText(rect.adjusted(4.4 * u, 0, -1.2 * u, 0), LEFT_MIDDLE, word)
    painter.restore()
    return rect.left()


def fitted(text: str, width: float, largest: float, smallest: float) -> QFont:
    """The largest bold font (in steps, down to ``smallest``) in which ``text`` fits."""
    size = largest
    while size > smallest and QFontMetricsF(font(size, True)).horizontalAdvance(text) > width:
        size *= 0.94
    return font(max(size, smallest), bold=True)


def number(value: float | None, unit: str) -> str:
    if value is None:
        return "no value"
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text} {unit}".strip() if unit not in ("score",) else text
