"""The template mapping dialog, and File > Import... on somebody else's risk register."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QComboBox, QDialog
from pytestqt.qtbot import QtBot

from sdm_workbench.exchange.templates import mapping_dir
from sdm_workbench.gui import file_menu
from sdm_workbench.gui import template_mapping as tm
from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.operations import CreateRow, run
from sdm_workbench.store import Store
from sdm_workbench.store.repository import list_rows


def _risk_register(path: Path) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Risk Register"
    ws["B1"] = "Project risk register"
    ws.append([])
    ws.append([])
    ws.append([None, "Ref", "Risk", "Likelhood", "Impact", "Date raised", "Status"])
    ws.append([None, "R1", "Supplier late", "High", 4, 45000, "Closed"])
    ws.append([None, "R2", "Key engineer leaves", "Medium", 2, "03/04/2025", "Closed"])
    book.save(path)
    return path


def _risks(store: Store) -> list[Any]:
    with store.session() as session:
        return list_rows(session, "raid_item")


def _combo(dialog: tm.TemplateMappingDialog, header: str) -> QComboBox:
    for row in range(dialog.table.rowCount()):
        item = dialog.table.item(row, 1)
        if item is not None and item.text() == header:
            widget = dialog.table.cellWidget(row, 2)
            assert isinstance(widget, QComboBox)
            return widget
    raise KeyError(header)


@pytest.fixture
def register(tmp_path: Path) -> Path:
    return _risk_register(tmp_path / "register.xlsx")


def test_dialog_shows_detection_and_takes_corrections(
    qtbot: QtBot, seeded: Store, register: Path
) -> None:
    mapping, rows = tm._read_rows(register)
    dialog = tm.TemplateMappingDialog(None, seeded, register, rows)
    qtbot.addWidget(dialog)
    dialog.set_mapping(mapping)
    assert dialog.header_row.value() == 4  # below the title block
    assert dialog.target.currentData() == "raid_item"
    assert dialog.field_of("Likelhood") == "probability"
    assert _combo(dialog, "Likelhood").currentData() == "probability"
    samples = [dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())]  # type: ignore[union-attr]
    assert "High; Medium" in samples
    status = _combo(dialog, "Status")
    status.setCurrentIndex(status.findData(None))  # the user: ignore this column
    assert dialog.field_of("Status") is None
    title = _combo(dialog, "Ref")
    title.setCurrentIndex(title.findData("title"))  # a field moves: Risk gives it up
    assert dialog.field_of("Ref") == "title" and dialog.field_of("Risk") is None
    dialog.target.setCurrentIndex(dialog.target.findData(None))
    assert dialog.current() is not None and dialog.current().target is None  # type: ignore[union-attr]
    assert dialog.table.rowCount() == 0 and "Skipped" in dialog.reason.text()


def test_file_import_of_a_template_is_one_undo_step(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, register: Path
) -> None:
    store = window.store
    run(store, CreateRow("project", {"name": "Apollo"}))
    shown: list[tm.TemplateMappingDialog] = []

    def accept(dialog: tm.TemplateMappingDialog) -> int:
        shown.append(dialog)
        dialog.home.setCurrentIndex(dialog.home.findText("Project PRJ-001"))
        status = _combo(dialog, "Status")
        status.setCurrentIndex(status.findData(None))
        dialog.save_as.setText("apollo risks")
        return int(QDialog.DialogCode.Accepted.value)

    confirmed: list[str] = []
    monkeypatch.setattr(tm.TemplateMappingDialog, "exec", accept)
    monkeypatch.setattr(file_menu, "ask_open_path", lambda *_a: register)
    monkeypatch.setattr(
        file_menu, "confirm", lambda _p, _t, text, _d: confirmed.append(text) or True
    )
    steps = window.history.stack.count()
    assert file_menu.import_from_excel(window, store, window.history, window.statusBar())
    assert shown and confirmed and "2 to add" in confirmed[0]
    risks = _risks(store)
    assert [r["title"] for r in risks] == ["Supplier late", "Key engineer leaves"]
    assert {r["status"] for r in risks} == {"open"}  # "Closed" was ignored by the user
    assert risks[0]["probability"] == 5 and risks[0]["impact"] == 4
    assert (mapping_dir() / "apollo risks.json").is_file()
    assert window.history.stack.count() == steps + 1
    window.history.stack.undo()
    assert _risks(store) == []
