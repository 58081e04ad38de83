"""Named layouts: which tiles and charts show and in what order; they round-trip through
the user's settings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from sdm_workbench.gui.dashboard import DashboardView
from sdm_workbench.gui.dashboard.layout_dialog import LayoutDialog
from sdm_workbench.gui.dashboard.layouts import STANDARD, DashboardLayout, LayoutBook
from sdm_workbench.store import Store

View = Callable[..., DashboardView]


def settings_at(folder: Path) -> QSettings:
    return QSettings(str(folder / "user.ini"), QSettings.Format.IniFormat)


def test_layout_book_round_trips_through_settings(tmp_path: Path) -> None:
    book = LayoutBook(settings_at(tmp_path))
    assert book.names() == [STANDARD] and book.current.tiles is None
    mine = DashboardLayout("Review", ("sla_attainment", "mttr"), ("sla", "risk"))
    book.save(mine)
    book.save(DashboardLayout("Ops", None, ("volume",)))
    book.use("Review")
    settings = settings_at(tmp_path)
    settings.sync()
    again = LayoutBook(settings_at(tmp_path))
    assert again.names() == [STANDARD, "Ops", "Review"]
    assert again.current == mine
    assert again.get("Ops") == DashboardLayout("Ops", None, ("volume",))
    again.delete("Review")
    assert LayoutBook(settings_at(tmp_path)).current.name == STANDARD
    with pytest.raises(ValueError, match="built-in"):
        again.save(DashboardLayout(STANDARD, ("mttr",)))


def test_damaged_layouts_fall_back_to_standard(tmp_path: Path) -> None:
    settings = settings_at(tmp_path)
    settings.setValue("dashboard/layouts", "not json")
    settings.setValue("dashboard/layout", "Gone")
    book = LayoutBook(settings)
    assert book.current.name == STANDARD and book.names() == [STANDARD]


def test_view_shows_the_layout_and_remembers_it(
    seeded: Store, make_dashboard: View, qtbot: QtBot, tmp_path: Path
) -> None:
    view = make_dashboard(seeded, settings=settings_at(tmp_path))
    assert len(view.tiles) > 5 and view.chart_tabs.count() == len(view.charts)
    view.save_layout(DashboardLayout("Mine", ("volume", "mttr", "csat"), ("mttr", "sla")))
    assert list(view.tile_grid._order) == ["volume", "mttr"]  # no CSAT value: no tile
    assert view.chart_tabs.shown() == ["mttr", "sla"]
    assert view.bar.layout_box.currentText() == "Mine"
    view.open_chart("backlog")  # its chart is hidden: the trend chart comes back for it
    assert view.chart_tabs.currentWidget() is view.charts["trend"]
    view.close_view()

    again = make_dashboard(seeded, settings=settings_at(tmp_path))
    assert list(again.tile_grid._order) == ["volume", "mttr"]
    assert again.chart_tabs.shown() == ["mttr", "sla"]
    again.use_layout(STANDARD)
    assert len(again.tiles) > 5 and again.chart_tabs.shown() == list(again.charts)


def test_layout_dialog_orders_and_ticks(qtbot: QtBot) -> None:
    tiles = [("mttr", "MTTR"), ("volume", "Volume"), ("csat", "CSAT")]
    charts = [("sla", "SLA"), ("mttr", "Time to resolve")]
    dialog = LayoutDialog(DashboardLayout(STANDARD), tiles, charts)
    qtbot.addWidget(dialog)
    dialog.tile_list.item(2).setCheckState(Qt.CheckState.Unchecked)  # no CSAT
    dialog.tile_list.setCurrentRow(1)
    dialog.move_item(dialog.tile_list, -1)  # Volume before MTTR
    dialog.chart_list.setCurrentRow(0)
    dialog.move_item(dialog.chart_list, 1)
    dialog.name.setText("Desk")
    assert dialog.result_layout() == DashboardLayout("Desk", ("volume", "mttr"), ("mttr", "sla"))
    dialog.name.setText(STANDARD)
    dialog.accept()
    assert "Name the layout" in dialog.error.text() and dialog.result() == 0
