"""File > Import tickets… / Import survey responses…: preview, date order, one undo step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sdm_workbench.exchange.errors import Cancelled
from sdm_workbench.exchange.tickets import plan_tickets
from sdm_workbench.gui import file_menu, ticket_import
from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.gui.ticket_import import REPLAN, ImportPreview
from sdm_workbench.store import Store
from sdm_workbench.store.rows import table

TICKETS = (
    "Number,Opened,Resolved,Priority,State,Short description\n"
    "INC9001,1/2/2025 10:00,1/2/2025 12:00,1 - Critical,Resolved,Mail down\n"
    "INC9002,3/4/2025 09:00,,3 - Moderate,New,Slow VPN\n"
    "INC9003,6/1/2025 09:00,5/2/2025 09:00,2 - High,Resolved,Backwards\n"
)
SURVEYS = "Response ID,Date,CSAT,NPS\nR1,2025-03-01,5,10\nR2,2025-03-02,9,3\nR3,2025-03-03,4,8\n"


class Answers:
    """Stand-ins for the file dialog and the preview: what was shown, and fixed answers."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
        self.previews: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self.steps: list[Any] = []  # per preview: an answer, or a function of the dialog
        monkeypatch.setattr(file_menu, "ask_open_path", lambda *_a: path)
        monkeypatch.setattr(file_menu, "tell_error", lambda _p, _t, text: self.errors.append(text))
        monkeypatch.setattr(ticket_import, "ask_preview", self._preview)

    def _preview(self, dialog: ImportPreview) -> int:
        table_ = dialog.mapping
        self.previews.append(
            {
                "mapping": {
                    table_.item(r, 0).text(): table_.item(r, 1).text()
                    for r in range(table_.rowCount())
                },
                "dates": dialog.dates.text(),
                "samples": dialog.samples.text(),
                "counts": dialog.counts.text(),
                "refused": [dialog.reasons.item(i).text() for i in range(dialog.reasons.count())],
                "service": dialog.chosen_service(),
                "can_import": dialog.apply_button.isEnabled(),
            }
        )
        step = self.steps.pop(0)
        return int(step(dialog) if callable(step) else step)


def _rows(store: Store, name: str) -> list[dict[str, Any]]:
    t = table(name)
    with store.session() as session:
        return [dict(r._mapping) for r in session.execute(select(t).order_by(t.c.id))]


def _trigger(window: MainWindow, name: str) -> None:
    action = window.findChild(QAction, name)
    assert action is not None, name
    action.trigger()


def _switch_to_month_first(dialog: ImportPreview) -> int:
    dialog.order.setCurrentIndex(dialog.order.findData("mdy"))  # the dialog asks to plan again
    return dialog.result()


def test_ticket_import_previews_lets_the_user_switch_dates_and_is_one_undo_step(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "incidents.csv"
    path.write_text(TICKETS, encoding="utf-8")
    answers = Answers(monkeypatch, path)
    answers.steps = [_switch_to_month_first, QDialog.DialogCode.Accepted]
    before = len(_rows(window.store, "tickets"))
    steps = window.history.stack.count()
    _trigger(window, "importTicketsAction")
    first, second = answers.previews
    assert first["mapping"] == {
        "External ID": "Number", "Opened": "Opened", "Resolved": "Resolved",
        "Priority": "Priority", "State": "State", "Title": "Short description",
    }  # fmt: skip
    assert "No day is above 12" in first["dates"] and "assumed day-first" in first["dates"]
    assert "1/2/2025 10:00" in first["samples"]
    assert first["service"] == "SVC-001"
    assert first["counts"] == "3 rows read: 3 new, 0 updated, 0 unchanged, 0 refused."
    assert "month-first, as you chose" in second["dates"]
    # Read month-first, INC9003 is resolved (2 May) before it opened (1 Jun): refused.
    assert second["counts"] == "3 rows read: 2 new, 0 updated, 0 unchanged, 1 refused."
    assert second["refused"] == [
        "incidents.csv:4: Resolved (2 May 2025 09:00) is before opened (1 Jun 2025 09:00)."
    ]
    stored = {t["external_id"]: t for t in _rows(window.store, "tickets")}
    assert stored["INC9001"]["opened_at"].month == 1 and stored["INC9001"]["opened_at"].day == 2
    assert len(stored) == before + 2
    assert window.history.stack.count() == steps + 1
    window.history.stack.undo()  # one step takes the whole import back
    assert len(_rows(window.store, "tickets")) == before
    window.history.stack.redo()
    assert len(_rows(window.store, "tickets")) == before + 2


def test_survey_import_lists_refused_rows_and_can_change_service(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "csat.csv"
    path.write_text(SURVEYS, encoding="utf-8")
    answers = Answers(monkeypatch, path)

    def other_service(dialog: ImportPreview) -> int:
        dialog.service.setCurrentIndex(dialog.service.findText("SVC-003"))
        return dialog.result()

    answers.steps = [other_service, QDialog.DialogCode.Accepted]
    _trigger(window, "importSurveysAction")
    first, second = answers.previews
    assert first["mapping"]["CSAT"] == "CSAT" and first["mapping"]["Response id"] == "Response ID"
    assert first["dates"] == "No text dates to read (real date cells or ISO dates)."
    assert first["counts"] == "3 rows read: 2 new, 0 updated, 0 unchanged, 1 refused."
    assert first["refused"] == ["csat.csv:3:C: CSAT must be between 1 and 5, not 9."]
    assert second["service"] == "SVC-003"
    stored = _rows(window.store, "survey_responses")
    assert [r["csat"] for r in stored] == [5, 4] and {r["service_id"] for r in stored} == {3}
    window.history.stack.undo()
    assert _rows(window.store, "survey_responses") == []


def test_cancel_in_the_preview_changes_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "incidents.csv"
    path.write_text(TICKETS, encoding="utf-8")
    answers = Answers(monkeypatch, path)
    answers.steps = [QDialog.DialogCode.Rejected]
    before = _rows(window.store, "tickets")
    steps = window.history.stack.count()
    _trigger(window, "importTicketsAction")
    assert len(answers.previews) == 1
    assert _rows(window.store, "tickets") == before
    assert window.history.stack.count() == steps
    assert "cancelled" in window.statusBar().currentMessage()


def test_a_refused_file_is_explained(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("Just,some\ntext,here\n", encoding="utf-8")
    answers = Answers(monkeypatch, path)
    _trigger(window, "importTicketsAction")
    assert answers.previews == []
    assert "notes.csv: nothing was changed" in answers.errors[0]
    assert "no ticket number column" in answers.errors[0]


def test_planning_stops_when_cancelled(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "incidents.csv"
    path.write_text(TICKETS, encoding="utf-8")
    with pytest.raises(Cancelled):
        plan_tickets(window.store, path, "SVC-001", guess_dates=True, progress=lambda f: f < 0.5)


def test_preview_dialog_shows_in_both_themes(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "incidents.csv"
    path.write_text(TICKETS, encoding="utf-8")
    plan = plan_tickets(window.store, path, "SVC-001", guess_dates=True)
    dialog = ImportPreview(window, ticket_import.TICKETS, plan, ["SVC-001", "SVC-002"], "SVC-002")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.chosen_service() == "SVC-002" and dialog.chosen_order() == "dmy"
    assert dialog.apply_button.isEnabled()
    dialog.order.setCurrentIndex(dialog.order.findData("mdy"))
    assert dialog.result() == REPLAN and dialog.chosen_order() == "mdy"
