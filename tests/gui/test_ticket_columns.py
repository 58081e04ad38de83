"""The ticket preview's editable columns: add a field, point it at a column, save, reuse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sdm_workbench.exchange.ticket_mapping import load_ticket_mapping
from sdm_workbench.gui import file_menu, ticket_columns, ticket_import
from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.gui.ticket_import import ImportPreview
from sdm_workbench.store.rows import table

EXPORT = (
    "Number,Opened,Headline,Team\n"
    "INC7001,2025-03-05 10:00,Mail down,Messaging\n"
    "INC7002,2025-03-06 11:00,VPN slow,Network\n"
)
Step = Callable[[ImportPreview], int]


def _combo(dialog: ImportPreview, name: str) -> QComboBox:
    combo = dialog.findChild(QComboBox, name)
    assert combo is not None, name
    return combo


def _import(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, path: Path, steps: list[Step]
) -> list[dict[str, str]]:
    """Run File > Import tickets… with ``steps`` answering each preview; the mappings shown."""
    shown: list[dict[str, str]] = []

    def preview(dialog: ImportPreview) -> int:
        t = dialog.mapping
        shown.append({t.item(r, 0).text(): t.item(r, 1).text() for r in range(t.rowCount())})
        return steps.pop(0)(dialog)

    monkeypatch.setattr(file_menu, "ask_open_path", lambda *_a: path)
    monkeypatch.setattr(ticket_import, "ask_preview", preview)
    action = window.findChild(QAction, "importTicketsAction")
    assert action is not None
    action.trigger()
    assert steps == []
    return shown


def _titles(window: MainWindow) -> dict[str, str | None]:
    t = table("tickets")
    with window.store.session() as session:
        query = select(t.c.external_id, t.c.title).where(t.c.external_id.like("INC7%"))
        return {str(r[0]): r[1] for r in session.execute(query)}


def test_correct_save_and_reuse_a_ticket_mapping(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "desk.csv"
    path.write_text(EXPORT, encoding="utf-8")
    monkeypatch.setattr(ticket_columns, "ask_mapping_name", lambda _parent, _name: "desk")

    def add_title(dialog: ImportPreview) -> int:
        add = _combo(dialog, "addFieldCombo")
        add.setCurrentIndex(add.findText("Title"))  # plans again, title on a guessed column
        return dialog.result()

    def point_at_team(dialog: ImportPreview) -> int:
        combo = _combo(dialog, "columnCombo_title")
        assert combo.currentText() == "Headline"  # the first column nothing read
        combo.setCurrentIndex(combo.findText("Team"))
        return dialog.result()

    def save_and_import(dialog: ImportPreview) -> int:
        assert dialog.columns is not None
        dialog.columns.save.click()
        assert "Saved as 'desk'" in dialog.columns.note.text()
        return QDialog.DialogCode.Accepted

    shown = _import(window, monkeypatch, path, [add_title, point_at_team, save_and_import])
    assert shown[0] == {"External ID": "Number", "Opened": "Opened"}
    assert shown[1]["Title"] == "Headline" and shown[2]["Title"] == "Team"
    assert _titles(window) == {"INC7001": "Messaging", "INC7002": "Network"}
    assert load_ticket_mapping("desk").columns["title"] == "Team"

    # Next month: pick the saved mapping instead of correcting the columns again.
    path.write_text(EXPORT.replace(",Network", ",Networks"), encoding="utf-8")

    def pick_saved(dialog: ImportPreview) -> int:
        saved = _combo(dialog, "mappingCombo")
        saved.setCurrentIndex(saved.findText("desk"))
        return dialog.result()

    shown = _import(window, monkeypatch, path, [pick_saved, lambda _d: QDialog.DialogCode.Accepted])
    assert "Title" not in shown[0] and shown[1]["Title"] == "Team"
    assert _titles(window)["INC7002"] == "Networks"


def test_dropping_a_column_plans_without_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "desk.csv"
    path.write_text("Number,Opened,Priority\nINC7101,2025-03-05 10:00,1\n", encoding="utf-8")

    def drop_priority(dialog: ImportPreview) -> int:
        combo = _combo(dialog, "columnCombo_priority")
        combo.setCurrentIndex(combo.findData(""))
        return dialog.result()

    shown = _import(
        window, monkeypatch, path, [drop_priority, lambda _d: QDialog.DialogCode.Rejected]
    )
    assert "Priority" in shown[0] and "Priority" not in shown[1]
