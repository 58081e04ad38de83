"""The review pack's PDF: the agenda with its KPI charts, drawn with QPdfWriter and QPainter.

A4 portrait; each agenda item starts with its title and RAG word (never colour alone), then
what changed since the last review, bar charts of the KPIs worth a look (value against
target, coloured by RAG), open risks and issues, and open actions; decisions close it.
Every page has a footer "REV-008 - page 2 of 5". Layout runs twice: the first pass only
counts the pages, so the footer can name the total.

Text is real text (fonts embedded by Qt), so the PDF can be searched and copied.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter

from ...analytics.rag import Rag
from ...analytics.review_agenda import AgendaItem, AgendaKind
from ...analytics.review_history import ReviewData
from ...analytics.review_model import KpiValue
from ..palette import rag_colour

RESOLUTION = 150  # dots per inch: plenty for text and bars, small files
RAG_WORDS = {"red": "RED", "amber": "AMBER", "green": "GREEN", "none": "NO RATING"}
_FLAGS = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)


class _Pager:
    """A cursor down the page that breaks to a new page when a block would not fit."""

    def __init__(self, writer: QPdfWriter, painter: QPainter | None, code: str, total: int) -> None:
        self.writer, self.painter, self.code, self.total = writer, painter, code, total
        rect = writer.pageLayout().paintRectPixels(writer.resolution())
        self.width, self.height = float(rect.width()), float(rect.height())
        self.footer = self.height - _points(writer, 18)
        self.y = 0.0
        self.page = 1

    def font(self, size: float, bold: bool = False) -> QFont:
        font = QFont()
        font.setPointSizeF(size)
        font.setBold(bold)
        return font

    def measure(self, text: str, font: QFont, width: float) -> float:
        metrics = QFontMetricsF(font, self.writer)
        return metrics.boundingRect(QRectF(0, 0, width, 1e6), _FLAGS, text).height()

    def need(self, height: float) -> None:
        if self.y + height > self.footer and self.y > 0:
            self.new_page()

    def new_page(self) -> None:
        self.draw_footer()
        if self.painter is not None:
            self.writer.newPage()
        self.page += 1
        self.y = 0.0

    def draw_footer(self) -> None:
        if self.painter is None:
            return
        font = self.font(8)
        self.painter.setFont(font)
        self.painter.setPen(QColor("#555555"))
        text = f"{self.code} \u2013 page {self.page} of {self.total}"
        rect = QRectF(
            0, self.footer + _points(self.writer, 6), self.width, _points(self.writer, 12)
        )
        self.painter.drawText(rect, int(Qt.AlignmentFlag.AlignRight), text)

    def text(
        self,
        text: str,
        size: float = 10,
        bold: bool = False,
        indent: float = 0.0,
        colour: str = "#000000",
        gap: float = 3,
    ) -> None:
        font = self.font(size, bold)
        width = self.width - indent
        height = self.measure(text, font, width)
        self.need(height)
        if self.painter is not None:
            self.painter.setFont(font)
            self.painter.setPen(QColor(colour))
            self.painter.drawText(QRectF(indent, self.y, width, height), _FLAGS, text)
        self.y += height + _points(self.writer, gap)


def _points(writer: QPdfWriter, points: float) -> float:
    return points * writer.resolution() / 72.0


def _chart(pager: _Pager, kpis: list[KpiValue]) -> None:
    """One horizontal bar per KPI: the value against a target tick, coloured by RAG."""
    if not kpis:
        return
    writer = pager.writer
    row = _points(writer, 22)
    label_width = pager.width * 0.38
    bar_width = pager.width * 0.45
    pager.need(row * len(kpis) + _points(writer, 6))
    painter = pager.painter
    for kpi in kpis:
        top = pager.y
        if painter is not None:
            painter.setFont(pager.font(9))
            painter.setPen(QColor("#000000"))
            painter.drawText(
                QRectF(0, top, label_width, row), int(Qt.AlignmentFlag.AlignVCenter), kpi.name
            )
            scale = max(abs(kpi.value or 0.0), abs(kpi.target or 0.0), 1e-9) * 1.15
            left = label_width + _points(writer, 4)
            painter.fillRect(QRectF(left, top + row * 0.2, bar_width, row * 0.6), QColor("#EEEEEE"))
            length = bar_width * min(1.0, abs(kpi.value or 0.0) / scale)
            colour = rag_colour(Rag(kpi.rag), dark=False)
            painter.fillRect(QRectF(left, top + row * 0.2, length, row * 0.6), colour)
            if kpi.target is not None:
                x = left + bar_width * min(1.0, abs(kpi.target) / scale)
                painter.setPen(QColor("#000000"))
                painter.drawLine(int(x), int(top + row * 0.1), int(x), int(top + row * 0.9))
            value = "no value" if kpi.value is None else f"{kpi.value:,.2f} {kpi.unit}"
            painter.drawText(
                QRectF(
                    left + bar_width + _points(writer, 4), top, pager.width - left - bar_width, row
                ),
                int(Qt.AlignmentFlag.AlignVCenter),
                value,
            )
        pager.y += row
    pager.y += _points(writer, 6)


def _item(pager: _Pager, item: AgendaItem, number: int) -> None:
    pager.need(_points(pager.writer, 60))  # keep a heading with what follows it
    status = "" if item.kind is AgendaKind.FREE else f" \u2013 {RAG_WORDS.get(item.rag, item.rag)}"
    pager.text(
        f"{number}. {item.title}{status}",
        14,
        bold=True,
        colour=rag_colour(Rag(item.rag), dark=False).darker(130).name(),
    )
    if item.service is not None:
        s = item.service
        attained = "no value" if s.sla_attainment is None else f"{s.sla_attainment:.1f} %"
        pager.text(f"SLA attainment {attained}; {len(s.breaches)} SLA breaches in the window.")
    if item.project is not None:
        p = item.project
        pct = "-" if p.percent_complete is None else f"{p.percent_complete:.0f} %"
        cpi = "-" if p.evm.cpi is None else f"{p.evm.cpi:.2f}"
        spi = "-" if p.evm.spi is None else f"{p.evm.spi:.2f}"
        variance = (
            "-" if p.budget.variance_percent is None else f"{p.budget.variance_percent:+.1f} %"
        )
        pager.text(f"{pct} complete; CPI {cpi}, SPI {spi}; forecast {variance} against budget.")
    if item.changes:
        pager.text("What changed since the last review", 11, bold=True)
        for change in item.changes:
            pager.text(f"\u2022 {change.sentence}", indent=_points(pager.writer, 10))
    _chart(pager, item.chart_values())
    if item.risks:
        pager.text("Open risks and issues", 11, bold=True)
        for r in item.risks:
            score = "" if r.score is None else f" (score {r.score}, {r.band})"
            pager.text(f"\u2022 {r.code} {r.title}{score}", indent=_points(pager.writer, 10))
    if item.actions:
        pager.text("Actions", 11, bold=True)
        for a in item.actions:
            due = "no due date" if a.due_date is None else f"due {a.due_date.isoformat()}"
            owner = a.owner or "no owner"
            pager.text(
                f"\u2022 {a.code} {a.title} ({owner}, {due}, {a.status})",
                indent=_points(pager.writer, 10),
            )
    pager.y += _points(pager.writer, 10)


def _layout(writer: QPdfWriter, painter: QPainter | None, review: ReviewData, total: int) -> int:
    pager = _Pager(writer, painter, review.code, total)
    pager.text(f"{review.code} {review.title}", 18, bold=True)
    previous = f"; compared with {review.previous_code}" if review.previous_code else ""
    pager.text(f"Held on {review.held_on.isoformat()} ({review.status}){previous}.", 10, gap=10)
    if not review.agenda:
        pager.text("This review has no snapshot, so there is no agenda to show.")
    for number, item in enumerate(review.agenda, start=1):
        _item(pager, item, number)
    if review.decisions:
        pager.text("Decisions", 14, bold=True)
        for d in review.decisions:
            about = [x for x in (d.subject, d.raid_item) if x]
            link = f" [{'; '.join(about)}]" if about else ""
            pager.text(
                f"\u2022 {d.decided_on.isoformat()}: {d.text}{link}", indent=_points(writer, 10)
            )
    pager.draw_footer()
    return pager.page


class PdfWriteError(OSError):
    """The PDF could not be drawn or saved; no file (whole or partial) was left behind."""


def render_review_pdf(review: ReviewData) -> bytes:
    """The agenda PDF of ``review`` drawn in memory; raises PdfWriteError when Qt fails."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setTitle(f"{review.code} {review.title}")
    writer.setCreator("SDM Workbench")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    total = _layout(writer, None, review, 0)  # the dry run counts the pages
    painter = QPainter()
    if not painter.begin(writer):
        raise PdfWriteError(f"The PDF of {review.code} could not be started.")
    try:
        _layout(writer, painter, review, total)
    finally:
        ended = painter.end()  # False: the PDF engine failed to finish the file
    del writer  # the document is complete once the writer is gone
    data = bytes(buffer.data().data())
    if not ended or not data.startswith(b"%PDF") or b"%%EOF" not in data[-32:]:
        raise PdfWriteError(f"The PDF of {review.code} could not be finished.")
    return data


def write_atomically(data: bytes, target: Path) -> Path:
    """Write ``data`` to a temporary file beside ``target``, fsync it, then rename it into
    place: ``target`` is either the old file or the whole new one, never half-written."""
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        with open(temporary, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())  # on disk before the rename makes it visible
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    with contextlib.suppress(OSError):  # the rename itself survives a power cut (POSIX)
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    return target


def write_review_pdf(review: ReviewData, target: Path) -> Path:
    """Write the agenda PDF of ``review`` to ``target`` (drawn in memory, checked, then
    written to a temporary file, fsynced and renamed)."""
    return write_atomically(render_review_pdf(review), target)
