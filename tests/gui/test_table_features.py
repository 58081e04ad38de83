"""What users of a table editor expect: the header menu (filters, hidden columns, reset),
filter chips, money with its currency, percentages, Enter moving down, and a question
before several rows are deleted."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from sdm_workbench.gui.filter_dialog import ColumnFilterDialog
from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.gui.settings import open_settings
from sdm_workbench.operations import CreateRow, UpdateRow, run
from sdm_workbench.store import Store
from sdm_workbench.store.column_filters import FilterMode
from tests.gui.editing_helpers import add_risks, cell, model_of, open_editor, stored

NBSP = "\N{NO-BREAK SPACE}"


def amount(value: float) -> str:
    """An amount as this machine's locale writes it (grouping differs by locale)."""
    return QLocale().toString(float(value), "f", 2)


def section(window: MainWindow, name: str) -> int:
    return [c.name for c in model_of(window).columns].index(name)


def menu_action(window: MainWindow, name: str, object_name: str):  # type: ignore[no-untyped-def]
    menu = window.pane.header_menu.build(section(window, name))
    found = {a.objectName(): a for a in menu.actions() if a.objectName()}
    return menu, found.get(object_name)


def filter_with(window: MainWindow, name: str) -> ColumnFilterDialog:
    dialog = window.pane.header_menu.filter_column(section(window, name))
    assert dialog is not None and dialog.isVisible()
    return dialog


def shown(window: MainWindow, name: str) -> list[str]:
    model = model_of(window)
    return [cell(model, r, name).data() for r in range(model.rowCount())]


# --- columns ---------------------------------------------------------------------------------
def test_hidden_columns_survive_a_restart_and_reset_brings_them_back(
    qtbot: QtBot, window: MainWindow, seeded: Store
) -> None:
    header = window.pane.table.horizontalHeader()
    _menu, hide = menu_action(window, "criticality", "hideColumn")
    assert hide is not None and hide.text() == "&Hide Criticality"
    hide.trigger()
    assert header.isSectionHidden(section(window, "criticality"))
    header.moveSection(header.visualIndex(section(window, "name")), 0)
    window.close()

    again = MainWindow(seeded, settings=open_settings())
    qtbot.addWidget(again)
    header = again.pane.table.horizontalHeader()
    assert again.current_kind() == "service"
    assert header.isSectionHidden(section(again, "criticality"))
    assert header.logicalIndex(0) == section(again, "name")

    menu = again.pane.header_menu.build(0)
    columns = next(a.menu() for a in menu.actions() if a.menu() is not None)
    ticks = {a.text(): a.isChecked() for a in columns.actions()}
    assert ticks["Criticality"] is False and ticks["Name"] is True
    again.pane.header_menu.reset_columns()
    assert not header.isSectionHidden(section(again, "criticality"))
    assert [header.logicalIndex(v) for v in range(header.count())] == list(range(header.count()))
    again.close()


def test_the_last_shown_column_cannot_be_hidden(window: MainWindow) -> None:
    header = window.pane.table.horizontalHeader()
    keep = section(window, "name")
    for index in range(header.count()):
        header.setSectionHidden(index, index != keep)
    _menu, hide = menu_action(window, "name", "hideColumn")
    assert hide is not None and not hide.isEnabled()


# --- filters ---------------------------------------------------------------------------------
def test_filter_a_column_by_ticked_values_shows_a_mark_and_a_chip(
    qtbot: QtBot, window: MainWindow, qtmodeltester: ModelTester
) -> None:
    window.show_kind("ticket")
    model = model_of(window)
    assert model.rowCount() == 3
    dialog = filter_with(window, "state")
    assert dialog.windowTitle() == "Filter State"
    dialog.tick("new")
    dialog.accept()
    assert shown(window, "state") == ["new"]
    state = section(window, "state")
    assert model.headerData(state, Qt.Orientation.Horizontal, Qt.ItemDataRole.DecorationRole)
    tip = model.headerData(state, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "Filtered: State is new" in tip
    chips = window.pane.chips
    assert chips.isVisible() and [c.text() for c in chips.chips] == ["State is new  ✕"]
    qtmodeltester.check(model, force_py=True)

    chips.chips[0].click()
    assert model.rowCount() == 3 and not chips.isVisible()
    assert (
        model.headerData(state, Qt.Orientation.Horizontal, Qt.ItemDataRole.DecorationRole) is None
    )


def test_range_and_contains_filters_combine_and_the_dialog_remembers_them(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show_kind("ticket")
    model = model_of(window)
    dialog = filter_with(window, "opened_at")  # tickets opened 9:00, 10:00, 11:00 on 3 Mar
    dialog.set_range(QDate(2025, 3, 3), None)
    dialog.accept()
    assert model.rowCount() == 3
    dialog = filter_with(window, "opened_at")
    low = dialog.low
    assert low is not None and low.field_value() == QDate(2025, 3, 3)  # type: ignore[attr-defined]
    dialog.set_range(QDate(2025, 3, 4), None)
    dialog.accept()
    assert model.rowCount() == 0
    assert window.pane.empty.text() == "No tickets match the column filters."

    model.set_column_filter("opened_at", None)
    dialog = filter_with(window, "service_id")
    dialog.set_text("web")
    dialog.accept()
    assert shown(window, "service_id") == ["SVC-002"]  # found by its name, "Web portal"
    dialog = filter_with(window, "priority")
    dialog.set_range(1, 1)
    dialog.accept()
    assert model.rowCount() == 0  # the Web portal ticket has priority 2
    chips = [c.text() for c in window.pane.chips.chips]
    assert chips == ["Service contains “web”  ✕", "Priority is 1  ✕"]
    window.pane.chips.clear_all.click()
    assert model.rowCount() == 3 and model.column_filters == {}


def test_empty_filter_and_remove_from_the_dialog(qtbot: QtBot, window: MainWindow) -> None:
    window.show_kind("ticket")
    model = model_of(window)
    dialog = filter_with(window, "resolved_at")
    dialog.empty.setChecked(True)
    dialog.accept()
    assert model.rowCount() == 1  # the one ticket still open
    assert model.column_filters["resolved_at"].mode is FilterMode.EMPTY
    dialog = filter_with(window, "resolved_at")
    assert dialog.empty.isChecked()
    dialog.removed = True
    dialog.accept()
    assert model.rowCount() == 3


def test_derived_columns_offer_no_filter(qtbot: QtBot, window: MainWindow) -> None:
    add_risks(window.store)
    window.show_kind("raid_item")
    _menu, action = menu_action(window, "score", "filterColumn")
    assert action is not None and not action.isEnabled()
    assert window.pane.header_menu.filter_column(section(window, "score")) is None


def test_filters_stay_across_a_live_refresh(qtbot: QtBot, window: MainWindow) -> None:
    window.show_kind("ticket")
    model = model_of(window)
    dialog = filter_with(window, "state")
    dialog.tick("resolved")
    dialog.accept()
    assert model.rowCount() == 2
    first = stored(window.store, "service", "SVC-001", "id")
    run(window.store, CreateRow("ticket", {"external_id": "INC9", "service_id": first,
                                           "opened_at": "2025-03-04 09:00",
                                           "state": "resolved"}))  # fmt: skip
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    run(window.store, CreateRow("ticket", {"external_id": "INC8", "service_id": first,
                                           "opened_at": "2025-03-04 09:00"}))  # fmt: skip
    qtbot.waitUntil(lambda: window.navigator.count_text("ticket") == "5")
    assert sorted(shown(window, "state")) == ["resolved"] * 3


# --- money and shares ------------------------------------------------------------------------
@pytest.fixture
def budget(seeded: Store) -> Store:
    project = run(seeded, CreateRow("project", {"code": "PRJ-001", "name": "Move"})).row_id
    line = {"project_id": project, "category": "labour", "name": "Team", "currency": "EUR",
            "budget_at_completion": 12000}  # fmt: skip
    line_id = run(seeded, CreateRow("budget_line", line)).row_id
    run(seeded, CreateRow("budget_month", {"line_id": line_id, "month": "2026-03-01",
                                           "planned": 1200.5}))  # fmt: skip
    task = {"project_id": project, "name": "Plan", "start_date": "2026-03-02",
            "finish_date": "2026-03-06", "percent_complete": 45}  # fmt: skip
    run(seeded, CreateRow("task", task))
    return seeded


@pytest.fixture
def money_window(qtbot: QtBot, budget: Store) -> Iterator[MainWindow]:
    main = MainWindow(budget, settings=None)
    qtbot.addWidget(main)
    main.resize(1200, 700)
    main.show()
    yield main
    main.close()


def test_money_shows_its_currency_and_follows_a_change_of_it(
    qtbot: QtBot, money_window: MainWindow
) -> None:
    window = money_window
    window.show_kind("budget_line")
    line = model_of(window)
    assert cell(line, 0, "budget_at_completion").data() == f"€{NBSP}{amount(12000)}"
    assert cell(line, 0, "budget_at_completion").data(Qt.ItemDataRole.EditRole) == 12000.0
    window.show_kind("budget_month")
    month = model_of(window)
    assert cell(month, 0, "planned").data() == f"€{NBSP}{amount(1200.5)}"
    assert cell(month, 0, "actual").data() is None
    first = month.snapshot_at(0)
    assert first is not None
    run(window.store, UpdateRow("budget_line", first.get("line_id"), {"currency": "usd"}))
    qtbot.waitUntil(lambda: cell(month, 0, "planned").data() == f"USD{NBSP}{amount(1200.5)}")


def test_percentages_show_a_percent_sign(qtbot: QtBot, money_window: MainWindow) -> None:
    money_window.show_kind("task")
    model = model_of(money_window)
    assert cell(model, 0, "percent_complete").data() == "45%"
    assert cell(model, 0, "percent_complete").data(Qt.ItemDataRole.EditRole) == 45.0


# --- moving and deleting ---------------------------------------------------------------------
def test_enter_commits_and_moves_down_but_stays_on_a_refused_cell(
    qtbot: QtBot, window: MainWindow
) -> None:
    table = window.pane.table
    model = model_of(window)
    editor = open_editor(qtbot, window, cell(model, 0, "name"))
    editor.setText("Mail and calendar")  # type: ignore[attr-defined]
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert stored(window.store, "service", "SVC-001", "name") == "Mail and calendar"
    assert (table.currentIndex().row(), table.currentIndex().column()) == (
        1,
        section(window, "name"),
    )
    qtbot.keyClick(table, Qt.Key.Key_Return)  # no editor open: still moves down
    assert table.currentIndex().row() == 2
    qtbot.keyClick(table, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert table.currentIndex().row() == 1

    editor = open_editor(qtbot, window, cell(model, 1, "code"))
    editor.setText("SVC-001")  # type: ignore[attr-defined]  # taken: refused
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert window.pane.messages.isVisible()
    assert table.currentIndex().row() == 1


def test_deleting_several_rows_asks_first_naming_the_count(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show_kind("ticket")
    model = model_of(window)
    asked: list[str] = []
    answer = [False]

    def confirm(question: str, _detail: str) -> bool:
        asked.append(question)
        return answer[0]

    window.editing.confirm = confirm
    table = window.pane.table
    table.selectRow(0)
    table.selectionModel().select(
        model.index(1, 0),
        table.selectionModel().SelectionFlag.Select | table.selectionModel().SelectionFlag.Rows,
    )
    assert not window.editing.delete_rows()
    assert asked == ["Delete 2 tickets?"] and model.rowCount() == 3
    answer[0] = True
    assert window.editing.delete_rows()
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert window.history.stack.count() == 1
    table.selectRow(0)
    assert window.editing.delete_rows()  # one row: no question
    assert len(asked) == 2


def test_a_filter_that_hides_the_current_row_makes_the_first_one_current(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show_kind("ticket")
    model = model_of(window)
    table = window.pane.table
    table.setCurrentIndex(cell(model, 0, "state"))  # INC00000 is resolved
    dialog = filter_with(window, "state")
    dialog.tick("new")
    dialog.accept()
    assert table.currentIndex().isValid() and table.currentIndex().row() == 0
    assert window.pane.details.isVisible()
    assert window.pane.current_row_id() == model.row_id(0)


def test_a_percentage_is_edited_with_a_percent_sign(qtbot: QtBot, money_window: MainWindow) -> None:
    money_window.show_kind("task")
    model = model_of(money_window)
    editor = open_editor(qtbot, money_window, cell(model, 0, "percent_complete"))
    assert editor.suffix() == "%"  # type: ignore[attr-defined]
    editor.setValue(60)  # type: ignore[attr-defined]
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: cell(model, 0, "percent_complete").data() == "60%")


def only_rows_like(window: MainWindow, row: int, name: str) -> str:
    """Right-click menu of a cell: trigger "Only rows where …" and return its text."""
    from sdm_workbench.gui.cell_menu import build_cell_menu

    menu = build_cell_menu(window.editing, cell(model_of(window), row, name))
    only = next(a for a in menu.actions() if a.objectName() == "onlyThisValue")
    assert window.editing.cut_action in menu.actions()
    only.trigger()
    return only.text().removeprefix("&Only rows where ")


def test_only_rows_with_the_clicked_cells_value(qtbot: QtBot, window: MainWindow) -> None:
    window.show_kind("ticket")
    model = model_of(window)
    row = [cell(model, r, "external_id").data() for r in range(3)].index("INC00001")
    assert only_rows_like(window, row, "service_id") == "Service is SVC-002"
    assert shown(window, "external_id") == ["INC00001"]
    model.clear_column_filters()
    assert only_rows_like(window, 0, "state") == "State is resolved"
    assert model.rowCount() == 2
    day = QLocale().toString(QDate(2025, 3, 3), "d MMM yyyy")
    assert only_rows_like(window, 0, "opened_at") == f"Opened on {day}"
    assert model.rowCount() == 2
    model.clear_column_filters()
    row = [cell(model, r, "external_id").data() for r in range(3)].index("INC00001")
    assert only_rows_like(window, row, "resolved_at") == "Resolved is empty"
    assert shown(window, "external_id") == ["INC00001"]
    assert [c.text() for c in window.pane.chips.chips] == ["Resolved is empty  ✕"]
