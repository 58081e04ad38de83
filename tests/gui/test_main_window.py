"""The main window: counts, the kind table, live refresh, menus and kept settings."""

from __future__ import annotations

import sqlite3
from configparser import ConfigParser

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sdm_workbench.domain.services import Service
from sdm_workbench.gui.about import about_html
from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.gui.settings import open_settings, settings_path
from sdm_workbench.gui.theme import is_dark
from sdm_workbench.paths import user_paths
from sdm_workbench.store import Store


def test_window_shows_the_file_counts_and_rows(window: MainWindow) -> None:
    assert window.windowTitle() == "SDM Workbench — workbench.sqlite"
    assert window.navigator.count_text("service") == "3"
    assert window.navigator.count_text("ticket") == "3"
    assert window.navigator.count_text("project") == "0"
    assert window.current_kind() == "service"
    assert window.pane.model is not None and window.pane.model.rowCount() == 3
    assert window.pane.title.text() == "Services"
    assert "3 rows" in window.rows_label.text()
    assert str(window.store.path) in window.file_label.text()
    assert window.change_label.text().startswith("Last change")


def test_picking_a_kind_shows_its_table(qtbot: QtBot, window: MainWindow) -> None:
    window.navigator.select_kind("ticket")
    assert window.current_kind() == "ticket"
    assert window.pane.model is not None and window.pane.model.rowCount() == 3
    window.show_view("budgets")  # no dedicated view yet: the closest table
    assert window.current_kind() == "budget_line"
    assert window.pane.stack.currentWidget() is window.pane.empty
    assert "No budget lines" in window.pane.empty.text()


def test_filter_box_filters_and_reports_rows(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.pane.filter, "portal")
    qtbot.waitUntil(lambda: window.pane.model is not None and window.pane.model.rowCount() == 1)
    assert window.rows_label.text() == "1 of 3 rows"


def test_own_commit_appears_without_restart(qtbot: QtBot, window: MainWindow) -> None:
    with window.store.unit_of_work() as session:
        session.add(Service(code="SVC-009", name="Telephony"))
    qtbot.waitUntil(lambda: window.navigator.count_text("service") == "4")
    model = window.pane.model
    assert model is not None
    qtbot.waitUntil(lambda: model.rowCount() == 4)
    names = [model.index(r, 1).data() for r in range(4)]
    assert "Telephony" in names


def test_rename_of_a_referenced_row_updates_labels(qtbot: QtBot, window: MainWindow) -> None:
    window.show_kind("sla")
    model = window.pane.model
    assert model is not None
    service_column = [c.name for c in model.columns].index("service_id")
    assert model.index(0, service_column).data() == "SVC-001"
    with window.store.unit_of_work() as session:
        session.get_one(Service, 1).code = "SVC-100"
    qtbot.waitUntil(lambda: model.index(0, service_column).data() == "SVC-100")


def test_commit_by_another_process_is_noticed(qtbot: QtBot, window: MainWindow) -> None:
    path = window.store.path
    assert path is not None
    other = Store.open(path, backup_dir=path.parent / "other-backups")
    try:
        with other.unit_of_work() as session:
            session.add(Service(code="SVC-010", name="From the terminal"))
    finally:
        other.close()
    qtbot.waitUntil(lambda: window.navigator.count_text("service") == "4", timeout=5000)
    model = window.pane.model
    assert model is not None and model.rowCount() == 4


def test_plain_sqlite_write_is_noticed_too(qtbot: QtBot, window: MainWindow) -> None:
    path = window.store.path
    assert path is not None
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE services SET name = 'Renamed elsewhere' WHERE code = 'SVC-002'")
    model = window.pane.model
    assert model is not None
    qtbot.waitUntil(lambda: model.index(1, 1).data() == "Renamed elsewhere", timeout=5000)


def test_settings_are_kept_in_the_isolated_config_folder(
    qtbot: QtBot, seeded: Store, window: MainWindow
) -> None:
    window.show_kind("ticket")
    window.set_theme("dark")
    window.close()
    path = settings_path()
    assert path.parent == user_paths().config_dir
    assert path.is_file()
    parser = ConfigParser()
    parser.read(path)
    assert parser["view"]["kind"] == "ticket"
    assert parser["view"]["theme"] == "dark"
    assert not (seeded.path.parent / "sdm-workbench.ini").exists()  # type: ignore[union-attr]

    again = MainWindow(seeded, settings=open_settings())
    qtbot.addWidget(again)
    assert again.current_kind() == "ticket"
    assert again.theme == "dark"
    again.set_theme("light")
    again.close()


def test_themes_switch_the_palette(qtbot: QtBot, window: MainWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window.theme_actions["dark"].trigger()
    assert app.palette().window().color().lightness() < 80
    assert app.palette().text().color().lightness() > 180
    window.theme_actions["light"].trigger()
    assert app.palette().window().color().lightness() > 200
    window.theme_actions["system"].trigger()
    assert window.theme == "system"
    assert (app.palette().window().color().lightness() < 128) == is_dark("system")


def test_about_names_versions_and_where_data_lives(seeded: Store) -> None:
    text = about_html(seeded)
    for word in ("Qt", "PySide6", "SQLAlchemy", str(seeded.path), str(user_paths().data_dir)):
        assert word in text


def test_window_without_settings_writes_none(qtbot: QtBot, seeded: Store) -> None:
    bare = MainWindow(seeded, settings=None)
    qtbot.addWidget(bare)
    bare.close()
    assert not settings_path().exists()


def test_details_show_the_current_row_in_full(qtbot: QtBot, window: MainWindow) -> None:
    details = window.pane.details
    assert details.heading.text() == "SVC-001 · Mail"
    assert details.field("description").value() == "Corporate e-mail\nincluding archiving"
    assert details.field("owner_id").editor.currentText() == "Ann Owner"  # type: ignore[attr-defined]
    window.pane.table.selectRow(1)
    qtbot.waitUntil(lambda: details.heading.text() == "SVC-002 · Web portal")
    assert details.field("description").value() == ""
    window.show_kind("ticket")
    qtbot.waitUntil(lambda: details.heading.text() == "INC00000 · Cannot log in (0)")
    assert "Mar 2025" in details.field("opened_at").editor.text()  # type: ignore[attr-defined]


def test_the_timeline_is_a_view_of_its_own(qtbot: QtBot, store: Store) -> None:
    from sdm_workbench.gui.timeline import TimelineView

    window = MainWindow(store, settings=None)
    qtbot.addWidget(window)
    window.show_view("timeline")
    assert isinstance(window.current_widget(), TimelineView)
    assert window.navigator.current_view() == "timeline"
    window.show_view("tickets")
    assert window.current_widget() is window.pane
    assert window.current_kind() == "ticket"


def test_the_overview_is_the_dashboard(qtbot: QtBot, store: Store) -> None:
    from sdm_workbench.gui.dashboard import DashboardView

    window = MainWindow(store, settings=None)
    qtbot.addWidget(window)
    window.show_view("overview")
    dashboard = window.current_widget()
    assert isinstance(dashboard, DashboardView)
    qtbot.waitUntil(lambda: dashboard.refresher.data is not None, timeout=10_000)
    window.close()  # waits for the dashboard's worker before the store goes away
