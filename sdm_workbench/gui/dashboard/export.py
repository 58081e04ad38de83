"""Pictures of the dashboard: a chart as PNG or SVG; the whole dashboard as PNG (as on
screen) or PDF (one landscape A4 page)."""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter
from PySide6.QtCore import QMarginsF, QPoint, QRectF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator
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


def export_scene(graphics: pg.GraphicsView, path: Path, width: int | None = None) -> Path:
    """A pyqtgraph view's whole scene as PNG or SVG (chosen by the file's suffix)."""
    suffix = path.suffix.lower()
    scene = graphics.scene()
    if suffix == ".svg":
        _export_svg(graphics, path)
    elif suffix == ".png":
        exporter = ImageExporter(scene)
        if width:
            exporter.parameters()["width"] = width
        exporter.export(str(path))
    else:
        raise ValueError(f"Export a chart as .png or .svg, not {suffix or 'no suffix'}")
    if not path.exists():
        raise OSError(f"Could not write {path}")
    return path


def _export_svg(graphics: pg.GraphicsView, path: Path) -> None:
    """Render the scene through QSvgGenerator: pyqtgraph 0.14's SVGExporter cannot parse the
    path data Qt 6.12 writes (``ValueError: not enough values to unpack``)."""
    rect = graphics.viewport().rect()
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(rect.size())
    generator.setViewBox(rect)
    generator.setTitle("SDM Workbench chart")
    painter = QPainter(generator)
    try:
        painter.fillRect(rect, graphics.backgroundBrush())
        graphics.scene().render(painter, QRectF(rect), graphics.mapToScene(rect).boundingRect())
    finally:
        painter.end()
