"""Column filters are kept per kind across restarts (in the settings, never the file)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pytestqt.qtbot import QtBot

from sdm_workbench.domain.enums import Criticality
from sdm_workbench.gui import filter_memory
from sdm_workbench.gui import settings as keys
from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.gui.settings import open_settings
from sdm_workbench.store import Store
from sdm_workbench.store.column_filters import ColumnFilter, FilterMode

HIGH_ONLY = ColumnFilter("criticality", FilterMode.ONE_OF, values=("high",))
FROM_2025 = ColumnFilter("start_date", FilterMode.RANGE, low=date(2025, 1, 1))


def open_window(qtbot: QtBot, store: Store) -> MainWindow:
    window = MainWindow(store, settings=open_settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_filters_come_back_after_a_restart(qtbot: QtBot, seeded: Store) -> None:
    first = open_window(qtbot, seeded)
    first.show_kind("service")
    services = first.pane.model
    assert services is not None and services.rowCount() == 3
    services.set_column_filter("criticality", HIGH_ONLY)
    assert services.rowCount() == 1
    first.show_kind("sla")
    slas = first.pane.model
    assert slas is not None
    slas.set_column_filter("start_date", FROM_2025)
    first.show_kind("ticket")  # no filters here
    first.close()

    second = open_window(qtbot, seeded)  # the restart: it opens on Tickets, as left
    assert second.current_kind() == "ticket"
    tickets = second.pane.model
    assert tickets is not None and tickets.column_filters == {}
    second.show_kind("service")
    services = second.pane.model
    assert services is not None
    assert services.column_filters == {"criticality": HIGH_ONLY}
    assert services.rowCount() == 1  # applied, not only remembered
    assert second.pane.chips.isVisibleTo(second.pane)  # and shown as a chip to clear
    second.show_kind("sla")
    slas = second.pane.model
    assert slas is not None and slas.column_filters == {"start_date": FROM_2025}

    second.show_kind("service")
    services = second.pane.model
    assert services is not None
    services.clear_column_filters()  # cleared filters stay cleared
    second.close()
    third = open_window(qtbot, seeded)
    third.show_kind("service")
    assert third.pane.model is not None and third.pane.model.column_filters == {}
    assert third.pane.model.rowCount() == 3
    third.close()


def test_filters_that_no_longer_fit_are_dropped(qtbot: QtBot, seeded: Store) -> None:
    settings = open_settings()
    gone = ColumnFilter("no_such_column", FilterMode.CONTAINS, text="x")
    stale = ColumnFilter("criticality", FilterMode.ONE_OF, values=("no such level",))
    settings.setValue(keys.filters("service"), filter_memory.dumps([gone, stale]))
    settings.setValue(keys.filters("sla"), "{not json")
    settings.sync()
    window = open_window(qtbot, seeded)
    window.show_kind("service")
    assert window.pane.model is not None and window.pane.model.column_filters == {}
    assert window.pane.model.rowCount() == 3
    window.show_kind("sla")
    assert window.pane.model is not None and window.pane.model.column_filters == {}
    window.close()


def test_a_window_without_settings_keeps_no_filters(qtbot: QtBot, seeded: Store) -> None:
    window = MainWindow(seeded, settings=None)
    qtbot.addWidget(window)
    assert window.pane.filter_memory is None
    window.show_kind("service")
    assert window.pane.model is not None
    window.pane.model.set_column_filter("criticality", HIGH_ONLY)
    window.close()
    assert open_settings().value(keys.filters("service")) is None


def test_values_round_trip_through_json() -> None:
    conditions = [
        ColumnFilter("a", FilterMode.ONE_OF, values=("open", None, True, 3, Criticality.HIGH)),
        ColumnFilter("b", FilterMode.RANGE, low=date(2025, 3, 1), high=Decimal("12.50")),
        ColumnFilter("c", FilterMode.RANGE, low=datetime(2025, 3, 1, 8, 30), high=None),
        ColumnFilter("d", FilterMode.NOT_EMPTY),
        ColumnFilter("e", FilterMode.CONTAINS, text="Mail"),
    ]
    back = filter_memory.loads(filter_memory.dumps(conditions))
    assert back[0].values == ("open", None, True, 3, Criticality.HIGH.value)
    assert back[1:] == conditions[1:]
    assert filter_memory.dumps([ColumnFilter("x", FilterMode.ONE_OF, values=(object(),))]) == "[]"
    assert filter_memory.loads('[{"column": "a", "mode": "sideways"}, 7]') == []
