"""Charts export as PNG and SVG, the whole dashboard as PNG and PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from sdm_workbench.gui.dashboard import DashboardView
from sdm_workbench.store import Store

View = Callable[..., DashboardView]


def test_exports(seeded: Store, make_dashboard: View, tmp_path: Path) -> None:
    view = make_dashboard(seeded)
    png = view.export_chart(tmp_path / "mttr.png", view.charts["mttr"])
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 200
    svg = view.export_chart(tmp_path / "sla.svg", view.charts["sla"])
    assert "<svg" in svg.read_text(encoding="utf-8")[:2000]
    risk = view.export_chart(tmp_path / "risk.png", view.charts["risk"])
    assert not QImage(str(risk)).isNull()
    whole = view.export_dashboard(tmp_path / "dashboard.png")
    assert QImage(str(whole)).size() == view.size()
    pdf = view.export_dashboard(tmp_path / "dashboard.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        view.export_chart(tmp_path / "chart.gif")


def test_every_chart_exports_as_png_and_svg(seeded: Store, make_dashboard: View, tmp_path: Path):
    view = make_dashboard(seeded)
    for name, chart in view.charts.items():
        png = view.export_chart(tmp_path / f"{name}.png", chart)
        assert not QImage(str(png)).isNull(), name
        svg = view.export_chart(tmp_path / f"{name}.svg", chart)
        assert "<svg" in svg.read_text(encoding="utf-8")[:2000], name
    with pytest.raises(ValueError, match=r"\.png or \.pdf"):
        view.export_dashboard(tmp_path / "dashboard.gif")
