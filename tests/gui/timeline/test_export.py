"""PNG and PDF of the timeline: sizes, tiled pages with repeated headers, task names."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from sdm_workbench.gui.timeline import TimelineView
from sdm_workbench.gui.timeline.export import LABEL_ROOM, MARGIN_DAYS, NAMES_WIDTH
from sdm_workbench.store import Store

from .conftest import build_plan
from .pdftext import page_count, page_texts

EXTRA = 60


@pytest.fixture
def big(qtbot: QtBot, store: Store) -> Iterator[TimelineView]:
    """66 rows from 2 Mar 2026 to the 60th working day after 18 Mar."""
    ids = build_plan(store, extra_tasks=EXTRA)
    view = TimelineView(store, project_id=ids["prj"])
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    view.chart.set_px_per_day(12.0)
    yield view
    view.close()


def normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def expected_grid(view: TimelineView, width_mm: float, height_mm: float) -> tuple[int, int]:
    """Pages across and down, worked out from the page size (96 dpi, 10 mm margins)."""
    width = math.floor((width_mm - 20) / 25.4 * 96)
    height = math.floor((height_mm - 20) / 25.4 * 96)
    first, last = view.timeline.date_range()
    chart = (last - first + 1 + 2 * MARGIN_DAYS) * 12.0 + LABEL_ROOM
    title = 2.0 * view.font().pointSizeF() + 14
    per_page = int((height - title - view.chart.header_height) // view.row_height)
    return math.ceil(chart / (width - NAMES_WIDTH)), math.ceil(len(view.timeline) / per_page)


def test_pdf_is_tiled_over_landscape_pages_with_names(big: TimelineView, tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    pages = big.export_pdf(out, "A4")
    across, down = expected_grid(big, 297, 210)
    assert (across, down) == (2, 3)  # the plan needs both directions at this zoom
    assert pages == across * down
    raw = out.read_bytes()
    assert page_count(raw) == pages
    texts = [normalised(t) for t in page_texts(raw)]
    assert len(texts) == pages
    for number, text in enumerate(texts, start=1):
        assert "Mail migration" in text and f"page {number} of {pages}" in text  # header
        assert "Task" in text  # the names column's header, repeated
    names = [str(t["name"]) for t in big.timeline.tasks]
    everything = " ".join(texts)
    assert all(name in everything for name in names)
    assert "Phase" in texts[0] and "T60" not in texts[0]  # rows go down the bands
    assert "T60" in texts[-1]
    assert "Mar" in texts[0]  # the time scale of the first window


def test_pdf_page_sizes(big: TimelineView, tmp_path: Path) -> None:
    a3 = big.export_pdf(tmp_path / "a3.pdf", "A3")
    assert a3 == math.prod(expected_grid(big, 420, 297))
    letter = big.export_pdf(tmp_path / "letter.pdf", "Letter")
    assert letter == math.prod(expected_grid(big, 279.4, 215.9))
    assert a3 < big.export_pdf(tmp_path / "a4.pdf")
    with pytest.raises(ValueError, match="A4, A3 or Letter"):
        big.export_pdf(tmp_path / "x.pdf", "B5")


def test_png_export_at_a_size_and_at_natural_size(big: TimelineView, tmp_path: Path) -> None:
    sized = big.export_png(tmp_path / "sized.png", (1600, 900))
    image = QImage(str(sized))
    assert (image.width(), image.height()) == (1600, 900)
    natural = QImage(str(big.export_png(tmp_path / "natural.png")))
    first, last = big.timeline.date_range()
    expected_width = NAMES_WIDTH + (last - first + 1 + 2 * MARGIN_DAYS) * 12 + LABEL_ROOM
    assert natural.width() == math.ceil(expected_width)
    assert natural.height() > len(big.timeline) * big.row_height
