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
from sdm_workbench.gui.template_columns import FIELD, READING, SAMPLE
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


def _row(dialog: tm.TemplateMappingDialog, header: str) -> int:
    for row in range(dialog.table.rowCount()):
        item = dialog.table.item(row, 1)
        if item is not None and item.text() == header:
            return row
    raise KeyError(header)


def _combo(dialog: tm.TemplateMappingDialog, header: str, at: int = FIELD) -> QComboBox:
    widget = dialog.table.cellWidget(_row(dialog, header), at)
    assert isinstance(widget, QComboBox)
    return widget


def _sample(dialog: tm.TemplateMappingDialog, header: str) -> str:
    item = dialog.table.item(_row(dialog, header), SAMPLE)
    assert item is not None
    return item.text()


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
    assert _sample(dialog, "Likelhood") == "High \u2192 5; Medium \u2192 3"  # as it will be read
    assert _sample(dialog, "Ref") == "R1; R2"
    assert dialog.table.cellWidget(_row(dialog, "Ref"), READING) is None  # nothing to choose
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


def _owned_register(path: Path) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Risks"
    ws.append(["Risk", "Likelihood", "Impact", "Date raised", "Owner"])
    ws.append(["Supplier late", "High", 4, "03/04/2025", "Kim Ng"])
    ws.append(["Key engineer leaves", "Medium", 2, 45000, "kim  ng"])
    book.save(path)
    return path


def test_dialog_corrects_how_values_are_read(qtbot: QtBot, seeded: Store, tmp_path: Path) -> None:
    path = _owned_register(tmp_path / "owned.xlsx")
    mapping, rows = tm._read_rows(path)
    dialog = tm.TemplateMappingDialog(None, seeded, path, rows)
    qtbot.addWidget(dialog)
    dialog.set_mapping(mapping)
    impact = _combo(dialog, "Impact", READING)
    assert impact.currentData() == "1-5" and _sample(dialog, "Impact") == "4 \u2192 4; 2 \u2192 2"
    assert dialog.problems.isHidden()
    impact.setCurrentIndex(impact.findData("1-3"))  # 4 cannot be on a 1-3 scale
    assert dialog.reading_of("Impact") == "1-3"
    assert _sample(dialog, "Impact") == "4 \u2192 4 is outside the scale 1-3; 2 \u2192 3"
    assert not dialog.problems.isHidden()
    assert "Impact: 4 is outside the scale 1-3" in dialog.problems.text()
    impact.setCurrentIndex(impact.findData("1-10"))
    assert _sample(dialog, "Impact") == "4 \u2192 2; 2 \u2192 1" and dialog.problems.isHidden()
    raised = _combo(dialog, "Date raised", READING)
    assert raised.currentData() == "dmy"
    assert (
        _sample(dialog, "Date raised") == "03/04/2025 \u2192 3 Apr 2025; 45000 \u2192 15 Mar 2023"
    )
    raised.setCurrentIndex(raised.findData("mdy"))
    assert _sample(dialog, "Date raised").startswith("03/04/2025 \u2192 4 Mar 2025")
    field = _combo(dialog, "Impact")
    field.setCurrentIndex(field.findData(None))  # ignored: nothing to read
    assert dialog.table.cellWidget(_row(dialog, "Impact"), READING) is None
    field.setCurrentIndex(field.findData("impact"))  # back: read the way its values suggest
    assert _combo(dialog, "Impact", READING).currentData() == "1-5"
    likelihood = _combo(dialog, "Likelihood", READING)
    assert likelihood.currentData() == "words"
    likelihood.setCurrentIndex(likelihood.findData("words-5"))
    assert _sample(dialog, "Likelihood") == "High \u2192 4; Medium \u2192 3"


def test_file_import_keeps_the_corrected_reading_and_adds_owners_in_one_step(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    store = window.store
    run(store, CreateRow("project", {"name": "Apollo"}))
    path = _owned_register(tmp_path / "owned.xlsx")
    saved_seen: list[str | None] = []

    def first(dialog: tm.TemplateMappingDialog) -> int:
        dialog.home.setCurrentIndex(dialog.home.findText("Project PRJ-001"))
        likelihood = _combo(dialog, "Likelihood", READING)
        likelihood.setCurrentIndex(likelihood.findData("words-5"))  # High is 4 of five
        dialog.save_as.setText("owned risks")
        return int(QDialog.DialogCode.Accepted.value)

    def again(dialog: tm.TemplateMappingDialog) -> int:
        dialog.home.setCurrentIndex(dialog.home.findText("Project PRJ-001"))
        dialog.saved.setCurrentIndex(dialog.saved.findText("owned risks"))
        saved_seen.append(dialog.reading_of("Likelihood"))
        return int(QDialog.DialogCode.Accepted.value)

    confirmed: list[str] = []
    monkeypatch.setattr(file_menu, "ask_open_path", lambda *_a: path)
    monkeypatch.setattr(
        file_menu, "confirm", lambda _p, _t, _h, text: confirmed.append(text) or True
    )
    monkeypatch.setattr(tm.TemplateMappingDialog, "exec", first)
    people_before = _people(store)
    steps = window.history.stack.count()
    assert file_menu.import_from_excel(window, store, window.history, window.statusBar())
    assert "new person Kim Ng" in confirmed[0]
    kim = next(p.id for p in _people(store) if p["name"] == "Kim Ng")
    assert [(r["probability"], r["owner_id"]) for r in _risks(store)] == [(4, kim), (3, kim)]
    assert len(_people(store)) == len(people_before) + 1  # two spellings, one person
    assert window.history.stack.count() == steps + 1
    window.history.stack.undo()  # rows and the new person go together
    assert _risks(store) == [] and _people(store) == people_before
    monkeypatch.setattr(tm.TemplateMappingDialog, "exec", again)
    assert file_menu.import_from_excel(window, store, window.history, window.statusBar())
    assert saved_seen == ["words-5"]  # the saved mapping brought the reading back
    assert [r["probability"] for r in _risks(store)] == [4, 3]


def _people(store: Store) -> list[Any]:
    with store.session() as session:
        return list_rows(session, "person")
