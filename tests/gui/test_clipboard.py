"""Copy as tab-separated text; paste a block: all cells valid and one undo step, or nothing."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from sdm_workbench.gui.edit_model import EditableRowModel
from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.gui.tsv import parse_tsv, to_tsv

from .editing_helpers import add_risks, cell, model_of, stored

SCORES = ("probability", "impact", "residual_probability", "residual_impact", "cost_impact")


def risks_window(qtbot: QtBot, window: MainWindow) -> EditableRowModel:
    add_risks(window.store)
    window.show_kind("raid_item")
    model = model_of(window)
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    return model


def scores(window: MainWindow) -> list[list[object]]:
    codes = ("RSK-0001", "RSK-0002", "RSK-0003")
    return [[stored(window.store, "raid_item", c, n) for n in SCORES] for c in codes]


def select_block(window: MainWindow, top: int, left: int, bottom: int, right: int) -> None:
    model = window.pane.model
    assert model is not None
    selection = window.pane.table.selectionModel()
    block = QItemSelection(model.index(top, left), model.index(bottom, right))
    selection.select(block, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_tsv_round_trip_keeps_tabs_quotes_and_line_breaks() -> None:
    rows = [["a", "two\nlines", 'say "hi"'], ["tab\there", "", "x"]]
    assert parse_tsv(to_tsv(rows)) == rows
    assert parse_tsv("1\t2\r\n3\t4\r\n") == [["1", "2"], ["3", "4"]]  # as Excel copies
    assert parse_tsv("1\t2\n3") == [["1", "2"], ["3", None]]  # a short row pastes less
    assert parse_tsv("") == []


def test_copy_selected_cells_as_tab_separated_text(qtbot: QtBot, window: MainWindow) -> None:
    model = model_of(window)
    columns = [c.name for c in model.columns]
    select_block(window, 0, columns.index("code"), 1, columns.index("name"))
    text = window.editing.copy()
    assert text == "SVC-001\tMail\nSVC-002\tWeb portal\n"
    assert QGuiApplication.clipboard().text() == text
    window.show_kind("sla")
    sla = model_of(window)
    start = [c.name for c in sla.columns].index("start_date")
    select_block(window, 0, start, 0, start + 1)
    assert window.editing.copy() == "2025-01-01\t\n"  # ISO dates, empty for none


def test_paste_block_with_one_bad_cell_applies_nothing_and_names_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    model = risks_window(qtbot, window)
    before = scores(window)
    window.pane.table.setCurrentIndex(cell(model, 0, "probability"))
    block = "1\t2\t1\t1\t100\n3\t3\t2\t2\t200\n9\t4\t3\t3\t300\n"  # 3 rows x 5 columns
    assert not window.editing.paste(block)
    assert scores(window) == before
    assert window.history.stack.count() == 0
    message = window.pane.messages.message()
    assert "Row 3, Probability: Probability must be between 1 and 5, not 9." in message
    assert "Row 3, Probability" in window.statusBar().currentMessage()
    assert window.pane.table.currentIndex() == cell(model, 2, "probability")  # at the cell


def test_valid_paste_is_one_undo_step(qtbot: QtBot, window: MainWindow) -> None:
    model = risks_window(qtbot, window)
    before = scores(window)
    window.pane.table.setCurrentIndex(cell(model, 0, "probability"))
    assert window.editing.paste("1\t2\t1\t1\t100\n3\t3\t2\t2\t1,250.50\n5\t4\t3\t3\t300\n")
    assert scores(window) == [
        [1, 2, 1, 1, 100.0],
        [3, 3, 2, 2, 1250.5],
        [5, 4, 3, 3, 300.0],
    ]
    stack = window.history.stack
    assert stack.count() == 1 and stack.undoText() == "Paste 15 cells"
    stack.undo()
    assert scores(window) == before
    stack.redo()
    assert scores(window)[1][4] == 1250.5


def test_paste_resolves_references_and_dates_by_their_text(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show_kind("sla")
    model = model_of(window)
    columns = [c.name for c in model.columns]
    window.pane.table.setCurrentIndex(cell(model, 0, "service_id"))
    assert window.editing.paste("web portal\n")
    assert stored(window.store, "sla", "SLA-001", "service_id") == 2
    window.pane.table.setCurrentIndex(cell(model, 0, "start_date"))
    assert columns[columns.index("start_date") + 1] == "end_date"
    assert window.editing.paste("3 Feb 2025\t2026-01-31\n")
    assert str(stored(window.store, "sla", "SLA-001", "start_date")) == "2025-02-03"
    assert str(stored(window.store, "sla", "SLA-001", "end_date")) == "2026-01-31"
    window.pane.table.setCurrentIndex(cell(model, 0, "service_id"))
    assert not window.editing.paste("SVC-999\n")  # checked in the database, still named
    assert "Row 1, Service: Unknown service code 'SVC-999'." in window.pane.messages.message()


def test_paste_that_does_not_fit_is_refused(qtbot: QtBot, window: MainWindow) -> None:
    model = model_of(window)
    window.pane.table.setCurrentIndex(cell(model, 2, "name"))
    assert not window.editing.paste("a\nb\n")
    assert "only 1 row is shown from row 3 down" in window.pane.messages.message()


def test_one_value_fills_every_selected_cell(qtbot: QtBot, window: MainWindow) -> None:
    model = model_of(window)
    column = [c.name for c in model.columns].index("criticality")
    select_block(window, 0, column, 2, column)
    assert window.editing.paste("low")
    assert [
        stored(window.store, "service", f"SVC-00{n}", "criticality").value for n in (1, 2, 3)
    ] == ["low"] * 3
    assert window.history.stack.count() == 1


def test_cut_copies_then_empties_in_one_step(qtbot: QtBot, window: MainWindow) -> None:
    model = model_of(window)
    column = [c.name for c in model.columns].index("description")
    select_block(window, 0, column, 0, column)
    assert window.editing.cut()
    assert QGuiApplication.clipboard().text().startswith('"Corporate e-mail\n')
    assert stored(window.store, "service", "SVC-001", "description") is None
    window.history.stack.undo()
    assert stored(window.store, "service", "SVC-001", "description").startswith("Corporate")
    # a required cell cannot be emptied: the whole cut is refused
    name = [c.name for c in model.columns].index("name")
    select_block(window, 0, name, 0, column)
    assert not window.editing.cut()
    assert "Row 1, Name: Name may not be empty." in window.pane.messages.message()
    assert stored(window.store, "service", "SVC-001", "description").startswith("Corporate")
