"""screenshot.render: a PNG of the requested size, any view name, both themes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from sdm_workbench.gui.screenshot import render
from sdm_workbench.gui.settings import settings_path
from sdm_workbench.gui.views import VIEWS
from sdm_workbench.store import Store


@pytest.mark.parametrize(("view", "theme"), [("overview", "light"), ("tickets", "dark")])
def test_render_writes_png_of_requested_size(
    qtbot: QtBot, seeded: Store, tmp_path: Path, view: str, theme: str
) -> None:
    out = tmp_path / "shots" / f"{view}.png"
    render(seeded, view, (1024, 640), theme, out)
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1024, 640)
    # dark really is dark: the top-left (menu bar) pixel is on the dark side
    lightness = image.pixelColor(5, 5).lightness()
    assert (lightness < 100) if theme == "dark" else (lightness > 150)
    assert not settings_path().exists()  # screenshots keep no settings


def test_every_documented_view_renders(qtbot: QtBot, seeded: Store, tmp_path: Path) -> None:
    for view in VIEWS:
        out = tmp_path / f"{view}.png"
        render(seeded, view, (800, 600), "light", out)
        assert out.stat().st_size > 1000


def test_unknown_view_is_refused_with_the_names(seeded: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="overview"):
        render(seeded, "gantt", (800, 600), "light", tmp_path / "x.png")
    with pytest.raises(ValueError, match="light"):
        render(seeded, "tickets", (800, 600), "pink", tmp_path / "x.png")
