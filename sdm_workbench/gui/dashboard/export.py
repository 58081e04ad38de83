"""The whole dashboard as a picture: PNG as on screen, or PDF (one landscape A4 page)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPoint
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QWidget


def export_widget(widget: QWidget, path: Path) -> Path:
    """``widget`` as it is on screen, by the file's suffix: .png or .pdf."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        writer = QPdfWriter(str(path))
        landscape = QPageLayout.Orientation.Landscape
        a4 = QPageSize(QPageSize.PageSizeId.A4)
        writer.setPageLayout(QPageLayout(a4, landscape, QMarginsF(10, 10, 10, 10)))
        writer.setResolution(144)
        writer.setTitle("SDM Workbench dashboard")
        painter = QPainter(writer)
        page = writer.pageLayout().paintRectPixels(writer.resolution())
        width, height = max(widget.width(), 1), max(widget.height(), 1)
        scale = min(page.width() / width, page.height() / height)
        painter.scale(scale, scale)
        widget.render(painter, QPoint(0, 0))
        painter.end()
    elif suffix == ".png":
        if not widget.grab().save(str(path), "PNG"):
            raise OSError(f"Could not write {path}")
    else:
        raise ValueError(f"Export the dashboard as .png or .pdf, not {suffix or 'no suffix'}")
    return path
