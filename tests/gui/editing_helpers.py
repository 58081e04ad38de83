"""Helpers shared by the editing tests: reading the database, finding cells and editors."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget
from pytestqt.qtbot import QtBot

from sdm_workbench.gui.edit_model import EditableRowModel
from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.operations import CreateRow, run
from sdm_workbench.store import Store
from sdm_workbench.store.repository import find_by_code, get


def stored(store: Store, kind_name: str, code: str, column: str) -> Any:
    """A column of a row as stored now (read through a fresh session)."""
    with store.session() as session:
        snap = find_by_code(session, kind_name, code)
        assert snap is not None, f"{code} is gone"
        return snap.get(column)


def stored_by_id(store: Store, kind_name: str, row_id: int, column: str) -> Any:
    with store.session() as session:
        snap = get(session, kind_name, row_id)
        assert snap is not None
        return snap.get(column)


def model_of(window: MainWindow) -> EditableRowModel:
    model = window.pane.model
    assert isinstance(model, EditableRowModel)
    return model


def cell(model: EditableRowModel, row: int, name: str) -> QModelIndex:
    return model.index(row, [c.name for c in model.columns].index(name))


def row_with(model: EditableRowModel, name: str, value: Any) -> int:
    for row in range(model.rowCount()):
        if cell(model, row, name).data() == value:
            return row
    raise AssertionError(f"no row with {name} = {value!r}")


def open_editor(qtbot: QtBot, window: MainWindow, index: QModelIndex) -> QWidget:
    """Start editing a cell as a user would (F2) and return the delegate's editor."""
    table = window.pane.table
    table.setFocus()
    table.setCurrentIndex(index)
    table.scrollTo(index)
    table.edit(index)
    qtbot.waitUntil(lambda: table.indexWidget(index) is not None or _editor(table) is not None)
    editor = _editor(table)
    assert editor is not None
    return editor


def _editor(table: QWidget) -> QWidget | None:
    focus = QApplication.focusWidget()
    viewport = table.viewport()  # type: ignore[attr-defined]
    while focus is not None and focus.parentWidget() is not viewport:
        focus = focus.parentWidget()
    return focus


def add_risks(store: Store) -> None:
    """Three risks on the seeded services (RSK-0001..3), scored 2/3."""
    for n in range(3):
        run(
            store,
            CreateRow(
                "raid_item",
                {
                    "type": "risk",
                    "title": f"Risk {n + 1}",
                    "service_code": "SVC-001",
                    "probability": 2,
                    "impact": 3,
                },
            ),
        )


def commit(qtbot: QtBot, window: MainWindow, editor: QWidget) -> None:
    """Press Enter in an editor and wait until the delegate has written the value back."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next loop turn
    table = window.pane.table
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
