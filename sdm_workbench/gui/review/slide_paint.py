"""Drawing a presenter slide with QPainter, scaled to any screen.

Every size is a multiple of one unit ``u`` (about 1/56 of the slide's height), so the same
slide reads on a 1366x768 laptop and a 1920x1080 projector. Colours are high contrast on a
plain background; status always has a shape and a word besides its colour (square red,
triangle amber, circle green; down arrow worse, up arrow better).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter

from ...analytics.rag import Rag
from ...analytics.review_model import KpiValue
from ..palette import rag_colour
from .slide_content import Bullet, Section, SlideContent
from .slide_parts import (
    LEFT_MIDDLE,
    RIGHT_MIDDLE,
    WRAP,
    SlideColours,
    draw_badge,
    draw_marker,
    fitted,
    font,
    number,
)

BULLET_SCALES = (1.0, 0.9, 0.8, 0.72)  # shrink the text a little before leaving any out


def fit_bullets(rect: QRectF, sections: tuple[Section, ...], u: float) -> float:
    """The largest of :data:`BULLET_SCALES` at which every bullet fits in ``rect``."""
    for scale in BULLET_SCALES:
        if draw_bullets(None, rect, sections, u, None, scale) == 0:
            return scale
    return BULLET_SCALES[-1]


def draw_bullets(
    painter: QPainter | None,
    rect: QRectF,
    sections: tuple[Section, ...],
    u: float,
    c: SlideColours | None,
    scale: float = 1.0,
) -> int:
    """Section titles and their bullets top-down in ``rect``; "... and N more" when full.

    Returns how many bullets did not fit; with ``painter`` None nothing is drawn (a dry
    run to choose the scale).
    """
    y = rect.top()
    head, body = font(2.2 * u * scale, bold=True), font(1.9 * u * scale)
    head_h, line = QFontMetricsF(head).height(), QFontMetricsF(body).height()
    indent = 3.0 * u * scale
    hidden = 0
    skipped: list[str] = []
    for section in sections:
        if skipped or y + head_h + line > rect.bottom():
            skipped.append(f"{section.title} ({len(section.bullets)})")
            hidden += len(section.bullets)
            continue
        if painter is not None and c is not None:
            painter.setFont(head)
            painter.setPen(c.text)
            painter.drawText(
                QRectF(rect.left(), y, rect.width(), head_h), LEFT_MIDDLE, section.title
            )
        y += head_h + 0.5 * u * scale
        bullets: tuple[Bullet, ...] = section.bullets
        for shown, bullet in enumerate(bullets):
            text = bullet.text + (f"  {bullet.flag}" if bullet.flag else "")
            box = QRectF(rect.left() + indent, y, rect.width() - indent, 1e6)
            height = QFontMetricsF(body).boundingRect(box, WRAP, text).height()
            left = len(bullets) - shown
            if y + height > rect.bottom() - (line if left > 1 else 0):
                hidden += left
                if painter is not None and c is not None:
                    painter.setFont(body)
                    painter.setPen(c.muted)
                    more = f"\u2026 and {left} more"
                    painter.drawText(QRectF(box.left(), y, box.width(), line), LEFT_MIDDLE, more)
                y += line
                break
            if painter is not None and c is not None:
                _bullet(painter, QRectF(box.left(), y, box.width(), height), bullet, body, c)
                marker = QPointF(rect.left() + indent / 2, y + line / 2)
                draw_marker(painter, marker, 1.5 * u * scale, bullet.tone, c.tone(bullet.tone))
            y += height + 0.6 * u * scale
        y += 1.4 * u * scale
    if skipped and painter is not None and c is not None and y + line <= rect.bottom() + line:
        painter.setFont(body)
        painter.setPen(c.muted)
        more = "\u2026 also " + ", ".join(skipped)
        painter.drawText(QRectF(rect.left(), y, rect.width(), line), LEFT_MIDDLE, more)
    return hidden


def _bullet(painter: QPainter, box: QRectF, bullet: Bullet, body: QFont, c: SlideColours) -> None:
    painter.setFont(body)
    painter.setPen(c.text)
    painter.drawText(box, WRAP, bullet.text)
    if bullet.flag:  # the flag word in the tone's colour, after the text
        line = QFontMetricsF(body).height()
        bold = QFont(body)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(c.ink(bullet.tone))
        tail = QFontMetricsF(body).boundingRect(box, WRAP, bullet.text)
        width = _last_line_width(bullet.text, body, box.width())
        painter.drawText(
            QRectF(box.left() + width, box.top() + tail.height() - line, box.width(), line),
            LEFT_MIDDLE,
            f"  {bullet.flag}",
        )


def _last_line_width(text: str, f: QFont, width: float) -> float:
    """The width of the last wrapped line of ``text`` (where a flag word goes after it)."""
    metrics = QFontMetricsF(f)
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        line = word if metrics.horizontalAdvance(candidate) > width and line else candidate
    return metrics.horizontalAdvance(line)


def draw_kpis(
    painter: QPainter,
    rect: QRectF,
    kpis: tuple[KpiValue, ...],
    u: float,
    c: SlideColours,
    zoom: float = 1.0,
) -> None:
    """One bar per KPI, value against a target tick, coloured and shaped by its RAG.

    Everything in a row is a fraction of the row's height, so zooming (or many KPIs in
    little room) scales the whole row and nothing overlaps.
    """
    if not kpis:
        return
    row = min(rect.height() / len(kpis), 10.0 * u * zoom)
    name_f, value_f, small_f = font(0.2 * row), font(0.25 * row, True), font(0.16 * row)
    line = row * 0.34
    for n, kpi in enumerate(kpis):
        top = rect.top() + n * row
        rag = kpi.rag if kpi.rag in ("red", "amber", "green") else "neutral"
        draw_marker(
            painter,
            QPointF(rect.left() + 0.1 * row, top + line / 2),
            0.17 * row,
            rag,
            c.tone(rag),
        )
        value = number(kpi.value, kpi.unit)
        room = rect.width() - 0.36 * row - QFontMetricsF(value_f).horizontalAdvance(value)
        label = QRectF(rect.left() + 0.24 * row, top, max(0.0, room), line)
        painter.setFont(name_f)
        painter.setPen(c.text)
        elided = QFontMetricsF(name_f).elidedText(
            kpi.name, Qt.TextElideMode.ElideRight, label.width()
        )
        painter.drawText(label, LEFT_MIDDLE, elided)
        painter.setFont(value_f)
        painter.drawText(QRectF(rect.left(), top, rect.width(), line), RIGHT_MIDDLE, value)
        bar = QRectF(rect.left(), top + row * 0.40, rect.width(), row * 0.2)
        painter.fillRect(bar, c.track)
        scale = max(abs(kpi.value or 0.0), abs(kpi.target or 0.0), 1e-9) * 1.15
        fill = rag_colour(Rag(rag) if rag != "neutral" else Rag.NONE, c.dark)
        length = bar.width() * min(1.0, abs(kpi.value or 0.0) / scale)
        painter.fillRect(QRectF(bar.left(), bar.top(), length, bar.height()), fill)
        if kpi.target is not None:
            x = bar.left() + bar.width() * min(1.0, abs(kpi.target) / scale)
            tick = QRectF(x - 0.025 * row, bar.top() - 0.05 * row, 0.05 * row, 0.3 * row)
            painter.fillRect(tick, c.text)
            painter.setFont(small_f)
            painter.setPen(c.muted)
            target = f"target {number(kpi.target, kpi.unit)} ({kpi.direction})"
            below = QRectF(bar.left(), top + row * 0.62, bar.width(), row * 0.22)
            painter.drawText(below, LEFT_MIDDLE, target)


def _zoomed_kpis(
    painter: QPainter, body: QRectF, kpis: tuple[KpiValue, ...], u: float, c: SlideColours
) -> None:
    """The charts alone, large: two columns when there are three or more."""
    if len(kpis) < 3:
        draw_kpis(painter, body, kpis, u, c, zoom=1.6)
        return
    half = (len(kpis) + 1) // 2
    width = (body.width() - 4 * u) / 2
    for column, part in enumerate((kpis[:half], kpis[half:])):
        left = body.left() + column * (width + 4 * u)
        area = QRectF(left, body.top(), width, body.height() * len(part) / half)
        draw_kpis(painter, area, part, u, c, zoom=1.6)


def paint_slide(
    painter: QPainter, rect: QRectF, slide: SlideContent, c: SlideColours, zoomed: bool = False
) -> None:
    """The whole slide in ``rect``: header, title and badge, facts, sections, KPI bars."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(rect, c.background)
    u = min(rect.height() / 56.0, rect.width() / 90.0)
    m = 3.0 * u
    inner = rect.adjusted(m, 1.6 * u, -m, -5.0 * u)
    painter.setFont(font(1.7 * u))
    painter.setPen(c.muted)
    header = QRectF(inner.left(), inner.top(), inner.width(), 2.6 * u)
    painter.drawText(
        header,
        LEFT_MIDDLE,
        QFontMetricsF(font(1.7 * u)).elidedText(
            slide.header, Qt.TextElideMode.ElideRight, header.width()
        ),
    )
    top = header.bottom() + 1.2 * u
    badge_left = (  # an item added by hand has no status to show
        draw_badge(painter, inner.right(), top + 0.4 * u, u, slide.rag, slide.rag_word, c)
        if slide.rag
        else inner.right()
    )
    title = QRectF(inner.left(), top, badge_left - inner.left() - 2 * u, 5.2 * u)
    title_f = fitted(slide.title, title.width(), 3.8 * u, 2.8 * u)
    painter.setFont(title_f)
    painter.setPen(c.text)
    painter.drawText(
        title,
        LEFT_MIDDLE,
        QFontMetricsF(title_f).elidedText(slide.title, Qt.TextElideMode.ElideRight, title.width()),
    )
    y = title.bottom() + 0.6 * u
    if slide.facts:
        painter.setFont(font(2.2 * u))
        painter.setPen(c.muted)
        painter.drawText(QRectF(inner.left(), y, inner.width(), 3.2 * u), LEFT_MIDDLE, slide.facts)
        y += 3.2 * u
    painter.fillRect(QRectF(inner.left(), y + 0.6 * u, inner.width(), max(1.0, 0.18 * u)), c.track)
    body = QRectF(inner.left(), y + 2.2 * u, inner.width(), inner.bottom() - y - 2.2 * u)
    if zoomed and slide.kpis:
        _zoomed_kpis(painter, body, slide.kpis, u, c)
    elif slide.kpis:
        split = body.width() * 0.56
        column = QRectF(body.left(), body.top(), split - 2 * u, body.height())
        draw_bullets(painter, column, slide.sections, u, c, fit_bullets(column, slide.sections, u))
        draw_kpis(
            painter,
            QRectF(
                body.left() + split + 2 * u, body.top(), body.width() - split - 2 * u, body.height()
            ),
            slide.kpis,
            u,
            c,
        )
    else:
        draw_bullets(painter, body, slide.sections, u, c, fit_bullets(body, slide.sections, u))
    _progress(painter, rect, slide, u, c)


def _progress(
    painter: QPainter, rect: QRectF, slide: SlideContent, u: float, c: SlideColours
) -> None:
    """A thin line along the bottom, filled to the slide's place, and "3 / 12"."""
    line = QRectF(rect.left(), rect.bottom() - 0.6 * u, rect.width(), 0.6 * u)
    painter.fillRect(line, c.track)
    done = line.width() * slide.number / max(1, slide.total)
    painter.fillRect(QRectF(line.left(), line.top(), done, line.height()), c.accent)
    painter.setFont(font(1.7 * u, bold=True))
    painter.setPen(c.muted)
    text = QRectF(rect.left() + 3 * u, line.top() - 3.4 * u, rect.width() - 6 * u, 3 * u)
    painter.drawText(text, RIGHT_MIDDLE, f"{slide.number} / {slide.total}")
    painter.setFont(font(1.5 * u))
    hints = "\u2192 next   \u2190 previous   G jump   Z zoom   N capture   Esc leave"
    painter.drawText(text, LEFT_MIDDLE, hints)
