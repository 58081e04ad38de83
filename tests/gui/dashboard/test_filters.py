"""Filters: scope (service, customer, project) and period (month, quarter, custom range);
tiles and charts follow them, and they are remembered per user."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from sdm_workbench.analytics.periods import month_of, quarter_of
from sdm_workbench.gui.dashboard import PORTFOLIO, DashboardView
from sdm_workbench.gui.dashboard.computation import compute
from sdm_workbench.gui.dashboard.filters import PeriodChoice
from sdm_workbench.gui.dashboard.format import month_stamp
from sdm_workbench.gui.dashboard.period_shade import HALF_MONTH_S, shade_of
from sdm_workbench.operations import CreateRow, UpdateRow, run
from sdm_workbench.store import Store

from .conftest import AS_OF
from .test_live import first_ticket

View = Callable[..., DashboardView]


def settings_file(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "user.ini"), QSettings.Format.IniFormat)


def test_compute_for_a_quarter_and_reuse_of_months(seeded: Store) -> None:
    data = compute(seeded, AS_OF, months=6)
    assert data.selected is None and data.tile_period == month_of(AS_OF)
    quarter = compute(seeded, AS_OF, 6, data, {}, period=quarter_of(AS_OF))
    assert quarter.months == data.months  # the quarter ends in March: same chart months
    assert quarter.months_computed == 0  # nothing changed in the store: months reused
    assert quarter.selected is not None and quarter.tile_period.label == "Q1 2025"
    volume = {r.key: r for r in quarter.tiles(PORTFOLIO)}["volume"]
    assert (volume.value, volume.period) == (3.0, "Q1 2025")
    february = compute(seeded, AS_OF, 6, quarter, {}, period=month_of(date(2025, 2, 1)))
    assert february.months[-1].start == date(2025, 2, 1)
    assert february.months_computed == 1  # September 2024 is new; the rest was there
    assert {r.key: r.value for r in february.tiles(PORTFOLIO)}.get("volume") == 0.0


def test_period_filter_changes_tiles_charts_and_status(
    seeded: Store, make_dashboard: View, qtbot: QtBot
) -> None:
    view = make_dashboard(seeded)
    assert view.tiles["volume"].value_text == "3"
    view.set_period(PeriodChoice("month", date(2025, 2, 1)))
    qtbot.waitUntil(lambda: view.tiles["volume"].value_text == "0", timeout=5000)
    assert view.data is not None and view.data.months[-1].start == date(2025, 2, 1)
    x = view.charts["volume"].plot.x  # type: ignore[attr-defined]
    assert x.size == 12 and view.status_label.text().startswith("Feb 2025")
    view.set_period(PeriodChoice("quarter"))
    qtbot.waitUntil(lambda: view.tiles["volume"].value_text == "3", timeout=5000)
    assert view.status_label.text().startswith("Q1 2025")
    assert view.tiles["volume"].delta_text == "▲ +3 vs Q4 2024"  # Q4 had no tickets
    view.set_period(PeriodChoice("custom", date(2025, 3, 4), date(2025, 3, 20)))
    qtbot.waitUntil(lambda: view.tiles["volume"].value_text == "0", timeout=5000)
    assert "2025-03-04..2025-03-20" in view.status_label.text()
    assert view.filter_bar.from_edit.isVisibleTo(
        view
    ) and not view.filter_bar.period_box.isVisibleTo(view)


def test_customer_scope_and_choices_are_remembered(
    seeded: Store, make_dashboard: View, qtbot: QtBot, tmp_path: Path
) -> None:
    create = CreateRow("customer", {"code": "CUS-001", "name": "Acme"})
    run(seeded, create)
    run(seeded, UpdateRow("ticket", first_ticket(seeded), {"customer_id": create.row_id}))
    settings = settings_file(tmp_path)
    view = make_dashboard(seeded, settings=settings)
    labels = [view.scope_box.itemText(i) for i in range(view.scope_box.count())]
    assert "Customer CUS-001 Acme" in labels and "Service SVC-001 Mail" in labels
    view.scope_box.setCurrentIndex(view.scope_box.findText("Customer CUS-001 Acme"))
    assert view.scope.scope == "customer"
    assert view.tiles["volume"].value_text == "1"  # one of the three tickets is Acme's
    view.filter_bar.kind_box.setCurrentIndex(view.filter_bar.kind_box.findData("quarter"))
    qtbot.waitUntil(lambda: view.status_label.text().startswith("Q1 2025"), timeout=5000)
    view.close_view()
    settings.sync()

    again = make_dashboard(seeded, settings=settings_file(tmp_path))
    qtbot.waitUntil(lambda: again.scope.code == "CUS-001", timeout=5000)
    assert again.filter_bar.choice.kind == "quarter"
    assert again.data is not None and again.data.tile_period.label == "Q1 2025"
    assert again.tiles["volume"].value_text == "1"


def test_the_monthly_charts_shade_the_chosen_period(
    seeded: Store, make_dashboard: View, qtbot: QtBot
) -> None:
    """The months the tiles sum up stand out on the charts: half a month either side of each
    month's point, every month a quarter or a custom range touches."""
    view = make_dashboard(seeded)
    view.chart_tabs.setCurrentIndex(view.chart_tabs.shown().index("volume"))
    volume_plot = view.charts["volume"].plot  # type: ignore[attr-defined]
    half = HALF_MONTH_S

    def shaded() -> tuple[float, float] | None:
        shade = shade_of(volume_plot)
        return None if shade is None else shade.span

    assert shaded() == (month_stamp(date(2025, 3, 1)) - half, month_stamp(date(2025, 3, 1)) + half)
    view.set_period(PeriodChoice("quarter", date(2025, 1, 1)))
    quarter = (month_stamp(date(2025, 1, 1)) - half, month_stamp(date(2025, 3, 1)) + half)
    qtbot.waitUntil(lambda: shaded() == quarter, timeout=5000)
    view.set_period(PeriodChoice("custom", date(2025, 2, 20), date(2025, 3, 4)))
    custom = (month_stamp(date(2025, 2, 1)) - half, month_stamp(date(2025, 3, 1)) + half)
    qtbot.waitUntil(lambda: shaded() == custom, timeout=5000)
    shade = shade_of(volume_plot)
    view.grab()  # the view's range settles when painted
    assert shade is not None and shade.boundingRect().width() > 0  # on screen, not just kept
    low, high = volume_plot.plot.viewRange()[1]
    box = shade.boundingRect()
    assert (box.top(), box.bottom()) == pytest.approx((low, high))  # the whole height
    view.chart_tabs.setCurrentIndex(view.chart_tabs.shown().index("availability"))
    monthly = view.charts["availability"].monthly  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: shade_of(monthly) is not None, timeout=5000)
    assert shade_of(monthly).span == custom  # type: ignore[union-attr]


def test_a_narrow_status_ends_in_an_ellipsis_and_keeps_its_text(qtbot: QtBot) -> None:
    from sdm_workbench.gui.dashboard.toolbar import ElidedLabel

    label = ElidedLabel("Nov 2026 · updated 11:12 · more words than fit")
    qtbot.addWidget(label)
    label.resize(120, 20)
    label.show()
    shown = QLabel.text(label)  # what is painted
    assert shown.endswith("…") and len(shown) < len(label.text())
    assert label.text() == "Nov 2026 · updated 11:12 · more words than fit"
    label.resize(900, 20)
    assert QLabel.text(label) == label.text()
