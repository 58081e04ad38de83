"""PNG and PDF of the whole timeline: a names column, the time scale and the bars.

The PDF is landscape and tiled: bands of rows down, windows of time across, each page
with the title, the time scale and the task names repeated, so any page reads alone.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from .colours import Colours
from .paint import GanttPainter
from .scale import TimeScale

if TYPE_CHECKING:
    from .view import TimelineView

NAMES_WIDTH = 280.0
MARGIN_DAYS = 3
LABEL_ROOM = 180.0  # px after the last date, so the last bars' names are not cut
PAGE_SIZES = {
    "A4": QPageSize.PageSizeId.A4,
    "A3": QPageSize.PageSizeId.A3,
    "LETTER": QPageSize.PageSizeId.Letter,
}
PDF_DPI = 96  # layout in the same pixels as the screen


class _Sheet:
    """Lays out and paints one page (or one image) of the timeline."""

    def __init__(self, view: TimelineView, px_per_day: float) -> None:
        data = view.timeline
        first, last = data.date_range()
        self.first_day = first - MARGIN_DAYS
        self.last_day = last + MARGIN_DAYS
        self.scale = TimeScale(self.first_day, px_per_day)
        self.row_height = float(view.row_height)
        self.header_height = float(view.chart.header_height)
        font = QFont(view.font())
        self.title_height = 2.0 * font.pointSizeF() + 14
        self.gantt = GanttPainter(
            data, self.scale, self.row_height, Colours.from_palette(view.palette()), font
        )
        self.bold = QFont(font)
        self.bold.setBold(True)

    @property
    def chart_width(self) -> float:
        """Content width of the whole date range at this zoom."""
        return self.scale.x(self.last_day + 1) + LABEL_ROOM

    @property
    def rows(self) -> int:
        return len(self.gantt.data.visible)

    def natural_size(self) -> QSizeF:
        height = self.title_height + self.header_height + max(1, self.rows) * self.row_height
        return QSizeF(NAMES_WIDTH + self.chart_width, height)

    def paint(
        self, p: QPainter, page: QRectF, first_row: int, row_count: int, x0: float, title: str
    ) -> None:
        """One page: title, names header + time scale, names column, chart rows."""
        data, c = self.gantt.data, self.gantt.colours
        p.fillRect(page, c.base)
        p.setPen(c.text)
        p.setFont(self.bold)
        title_rect = QRectF(page.left() + 4, page.top(), page.width() - 8, self.title_height)
        p.drawText(
            title_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), title
        )
        top = page.top() + self.title_height
        chart_left = page.left() + NAMES_WIDTH
        chart_width = page.width() - NAMES_WIDTH
        rows_height = row_count * self.row_height
        names = QRectF(page.left(), top, NAMES_WIDTH, self.header_height)
        p.fillRect(names, c.header)
        p.setFont(self.gantt.font)
        p.drawText(
            names.adjusted(6, 0, -4, 0),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            "ID    Task",
        )
        self.gantt.paint_header(p, QRectF(chart_left, top, chart_width, self.header_height), x0)
        body = top + self.header_height
        self.gantt.paint_rows(
            p, QRectF(chart_left, body, chart_width, rows_height), x0, first_row * self.row_height
        )
        p.save()
        p.setClipRect(QRectF(page.left(), body, NAMES_WIDTH, rows_height))
        for k, row in enumerate(data.visible[first_row : first_row + row_count].tolist()):
            y = body + k * self.row_height
            if (first_row + k) % 2:
                p.fillRect(QRectF(page.left(), y, NAMES_WIDTH, self.row_height), c.stripe)
            p.setPen(c.muted)
            p.setFont(self.gantt.font)
            cell = QRectF(page.left() + 2, y, 34, self.row_height)
            align_v = Qt.AlignmentFlag.AlignVCenter
            p.drawText(cell, int(align_v | Qt.AlignmentFlag.AlignRight), str(data.number(row)))
            indent = 44 + 12 * int(data.depth[row])
            p.setPen(c.text)
            p.setFont(self.bold if data.summary[row] else self.gantt.font)
            text_rect = QRectF(page.left() + indent, y, NAMES_WIDTH - indent - 4, self.row_height)
            p.drawText(
                text_rect, int(align_v | Qt.AlignmentFlag.AlignLeft), str(data.tasks[row]["name"])
            )
        p.restore()
        p.setPen(QPen(c.grid, 0))
        p.drawLine(QPointF(chart_left, top), QPointF(chart_left, body + rows_height))


def export_png(view: TimelineView, path: Path, size: tuple[int, int] | None = None) -> Path:
    """The whole plan in one image; with ``size`` it is zoomed and scaled to fit exactly."""
    data = view.timeline
    first, last = data.date_range()
    days = last - first + 1 + 2 * MARGIN_DAYS
    sheet = _Sheet(view, view.chart.scale.px_per_day)
    natural = sheet.natural_size()
    if size is not None or max(natural.width(), natural.height()) > 30000:
        width, height = size or (3000, 2000)
        shrink = min(1.0, height / natural.height())
        logical_width = width / shrink
        sheet = _Sheet(view, max(0.05, (logical_width - NAMES_WIDTH - LABEL_ROOM) / days))
    else:
        width, height = math.ceil(natural.width()), math.ceil(natural.height())
        shrink = 1.0
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(sheet.gantt.colours.base)
    p = QPainter(image)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.scale(shrink, shrink)
        page = QRectF(0, 0, width / shrink, height / shrink)
        sheet.paint(p, page, 0, sheet.rows, 0.0, _title(data.project_name))
    finally:
        p.end()
    if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
        raise OSError(f"Could not write {path}")
    return path


def pdf_grid(view: TimelineView, page_size: str = "A4") -> tuple[int, int, QPageLayout]:
    """(pages across, pages down, layout) for a PDF of the plan at the view's zoom."""
    layout = _layout(page_size)
    page = layout.paintRectPixels(PDF_DPI)
    sheet = _Sheet(view, view.chart.scale.px_per_day)
    per_page = _rows_per_page(sheet, page.height())
    across = max(1, math.ceil(sheet.chart_width / (page.width() - NAMES_WIDTH)))
    down = max(1, math.ceil(sheet.rows / per_page))
    return across, down, layout


def _layout(page_size: str) -> QPageLayout:
    key = page_size.upper()
    if key not in PAGE_SIZES:
        raise ValueError(f"Unknown page size {page_size!r}; choose A4, A3 or Letter")
    return QPageLayout(
        QPageSize(PAGE_SIZES[key]),
        QPageLayout.Orientation.Landscape,
        QMarginsF(10, 10, 10, 10),
        QPageLayout.Unit.Millimeter,
    )


def _rows_per_page(sheet: _Sheet, page_height: float) -> int:
    free = page_height - sheet.title_height - sheet.header_height
    return max(1, int(free // sheet.row_height))


def export_pdf(view: TimelineView, path: Path, page_size: str = "A4") -> int:
    """Landscape pages, rows down and time across, headers repeated; returns the page count."""
    across, down, layout = pdf_grid(view, page_size)
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(layout)
    writer.setTitle(f"Timeline — {view.timeline.project_name}")
    writer.setCreator("SDM Workbench")
    sheet = _Sheet(view, view.chart.scale.px_per_day)
    page = QRectF(layout.paintRectPixels(PDF_DPI))
    page.moveTo(0, 0)
    per_page = _rows_per_page(sheet, page.height())
    chart_width = page.width() - NAMES_WIDTH
    total = across * down
    p = QPainter(writer)
    try:
        number = 0
        for band in range(down):
            for window in range(across):
                if number:
                    writer.newPage()
                number += 1
                first_row = band * per_page
                count = min(per_page, sheet.rows - first_row)
                title = f"{_title(view.timeline.project_name)}   ·   page {number} of {total}"
                sheet.paint(p, page, first_row, max(0, count), window * chart_width, title)
    finally:
        p.end()
    return total


def _title(project: str) -> str:
    return f"{project}   ·   printed {date.today():%d %b %Y}"
