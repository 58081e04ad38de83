"""The stored, editable agenda on the Reviews screen; the presenter follows it; starting a
planned review; decisions captured about a service; the PDF never half-written."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPainter
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from sdm_workbench.analytics.review_history import ReviewData, load_review, stored_snapshot
from sdm_workbench.gui.history import EditHistory
from sdm_workbench.gui.review import pack_pdf
from sdm_workbench.gui.review.presenter import PresenterWindow, open_presenter
from sdm_workbench.gui.review.screen import ReviewsScreen
from sdm_workbench.operations import CreateRow, run
from sdm_workbench.operations.review_agenda import AddAgendaItem, EditAgendaItem, MoveAgendaItem
from sdm_workbench.store import Store
from sdm_workbench.store import repository as repo

from .conftest import Meeting
from .test_presenter import go_to, rows, show_capture


@pytest.fixture
def screen(qtbot: QtBot, meeting: Meeting, history: EditHistory) -> Iterator[ReviewsScreen]:
    widget = ReviewsScreen(meeting.store, history)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close()


def _load(store: Store, review_id: int) -> ReviewData:
    with store.session() as session:
        return load_review(session, review_id)


def _select(screen: ReviewsScreen, key: str) -> None:
    editor = screen.agenda_editor
    editor.list.setCurrentItem(editor.list.topLevelItem(editor.agenda_keys().index(key)))


def test_the_agenda_is_edited_one_undo_step_at_a_time(
    qtbot: QtBot, screen: ReviewsScreen, meeting: Meeting, history: EditHistory
) -> None:
    editor = screen.agenda_editor
    assert screen.current_id() == meeting.review_id
    generated = editor.agenda_keys()
    assert generated[-1] == "project:1" and len(generated) == 4
    assert editor.titles() == list(screen.agenda.titles())

    _select(screen, "project:1")
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert editor.agenda_keys() == [*generated[:2], "project:1", generated[2]]
    assert editor.current_key() == "project:1"  # the moved item stays selected
    assert history.stack.count() == 1

    qtbot.mouseClick(editor.hide_button, Qt.MouseButton.LeftButton)
    assert editor.hide_button.text() == "S&how"
    assert "project:1" in editor.agenda_keys()  # still editable, greyed
    assert [i.key for i in screen.agenda.review.agenda] == [*generated[:2], generated[2]]
    assert history.stack.count() == 2

    _select(screen, generated[0])
    editor.new_title.setText("Any other business")
    qtbot.keyClick(editor.new_title, Qt.Key.Key_Return)
    added = editor.agenda_keys()[1]
    assert added.startswith("free:") and editor.current_key() == added
    assert editor.titles()[1] == "Any other business" and editor.remove_button.isEnabled()
    assert history.stack.count() == 3

    _select(screen, generated[0])
    editor.notes.setFocus()
    qtbot.keyClicks(editor.notes, "Thank the team for the outage report")
    screen.agenda_editor.list.setFocus()  # leaving the box saves the notes: one step
    qtbot.waitUntil(lambda: history.stack.count() == 4)
    stored = {i.key: i for i in _load(meeting.store, meeting.review_id).agenda_all}
    assert stored[generated[0]].notes == "Thank the team for the outage report"

    for _ in range(4):
        history.stack.undo()
    screen.reload()
    assert editor.agenda_keys() == generated
    assert _load(meeting.store, meeting.review_id).agenda_all[0].notes == ""


def test_notes_typed_then_another_item_chosen_are_kept_for_the_first(
    qtbot: QtBot, screen: ReviewsScreen, meeting: Meeting, history: EditHistory
) -> None:
    editor = screen.agenda_editor
    first, second = editor.agenda_keys()[:2]
    _select(screen, first)
    editor.notes.setPlainText("Open with the good news")
    _select(screen, second)  # without leaving the box first
    qtbot.waitUntil(lambda: history.stack.count() == 1)
    assert editor.current_key() == second and editor.notes.toPlainText() == ""
    stored = {i.key: i.notes for i in _load(meeting.store, meeting.review_id).agenda_all}
    assert stored[first] == "Open with the good news" and stored[second] == ""


def test_the_presenter_follows_the_stored_order_and_shows_the_notes(
    qtbot: QtBot, meeting: Meeting, history: EditHistory
) -> None:
    store, review = meeting.store, meeting.review_id
    order = [i.key for i in _load(store, review).agenda_all]
    run(store, MoveAgendaItem(review, order, "project:1", -3, "Mail migration"))
    run(store, EditAgendaItem(review, order[1], hidden=True))
    run(store, EditAgendaItem(review, "project:1", notes="Ask Ana about the go-live date"))
    added = run(store, AddAgendaItem(review, "Any other business", ["project:1", *order[:3]], 4))
    screen = QGuiApplication.primaryScreen()
    window = open_presenter(None, store, history, review, windowed=True, screens=[screen, screen])
    assert isinstance(window, PresenterWindow)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(window)
    keys = [s.key for s in window.slides]
    assert keys == ["project:1", order[0], order[2], added.key]  # the hidden one is skipped
    assert window.slides[-1].title == "4. Any other business"
    notes = window.notes
    assert notes is not None
    assert notes.presenter_notes.text() == "Notes: Ask Ana about the go-live date"
    assert "Ask Ana" not in window.view.slide.words()  # never on the projector
    qtbot.keyClick(notes, Qt.Key.Key_PageDown)
    assert notes.presenter_notes.isHidden()  # no notes for the next item
    window.close()


def test_a_decision_typed_about_a_service_links_it(
    qtbot: QtBot, meeting: Meeting, history: EditHistory
) -> None:
    window = open_presenter(None, meeting.store, history, meeting.review_id, windowed=True)
    assert isinstance(window, PresenterWindow)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(window)
    go_to(window, f"service:{meeting.ids['svc']}")
    show_capture(qtbot, window)
    assert window.capture is not None
    qtbot.keyClicks(window.capture.decision, "Renew the mail contract")
    qtbot.keyClick(window.capture.decision, Qt.Key.Key_Return)
    (decision,) = rows(meeting.store, "decision", review_id=meeting.review_id)
    assert decision["service_id"] == meeting.ids["svc"] and decision["project_id"] is None
    qtbot.waitUntil(
        lambda: any("SVC-001 Email" in window.capture.captured.item(n).text()  # type: ignore[union-attr]
                    for n in range(window.capture.captured.count()))  # type: ignore[union-attr]
    )  # fmt: skip
    window.close()


def test_start_review_on_a_planned_review_takes_its_snapshot(
    qtbot: QtBot, meeting: Meeting, history: EditHistory
) -> None:
    store = meeting.store
    planned = run(
        store,
        CreateRow(
            "review", {"title": "April review", "held_on": "2026-04-14", "status": "planned"}
        ),
    ).row_id
    assert planned is not None
    run(store, CreateRow("review_scope", {"review_id": planned, "project_id": meeting.ids["prj"]}))
    screen = ReviewsScreen(store, history)
    qtbot.addWidget(screen)
    screen._select([planned])
    screen._show_selected()
    assert screen.current_id() == planned
    with store.session() as session:
        before = repo.count(session, "review")
    dialog = screen.open_start_dialog()
    assert dialog.use_planned.isChecked() and not dialog.services.isEnabled()
    assert dialog.title.text() == "April review"
    dialog.date.setDate(date(2026, 4, 10))
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text().startswith("&Start REV-")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: history.stack.count() == 1)
    with store.session() as session:
        assert repo.count(session, "review") == before  # no new review
        snap = stored_snapshot(session, planned)
        row = repo.get(session, "review", planned)
    assert snap is not None and [p.id for p in snap.projects] == [meeting.ids["prj"]]
    assert row is not None and row["status"] == "in progress"
    assert row["held_on"] == date(2026, 4, 10)
    assert screen.current_id() == planned and screen.agenda.titles()
    history.stack.undo()
    with store.session() as session:
        assert stored_snapshot(session, planned) is None
        back = repo.get(session, "review", planned)
    assert back is not None and back["status"] == "planned"
    screen.close()


def test_the_pdf_is_fsynced_before_it_is_renamed_into_place(
    qtbot: QtBot, meeting: Meeting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(
        os, "replace", lambda a, b: (calls.append("replace"), real_replace(a, b))[1]
    )
    folder = tmp_path / "pack"
    folder.mkdir()
    review = _load(meeting.store, meeting.review_id)
    target = pack_pdf.write_review_pdf(review, folder / "a.pdf")
    assert calls[:2] == ["fsync", "replace"]
    assert target.read_bytes().startswith(b"%PDF") and list(folder.iterdir()) == [target]


def test_a_pdf_qt_fails_to_finish_leaves_the_old_file_and_no_part(
    qtbot: QtBot, meeting: Meeting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class FailingPainter(QPainter):
        def end(self) -> bool:
            super().end()
            return False  # as when the PDF engine cannot finish the document

    (tmp_path / "pack").mkdir()
    target = tmp_path / "pack" / "pack.pdf"
    target.write_bytes(b"the previous pack")
    monkeypatch.setattr(pack_pdf, "QPainter", FailingPainter)
    with pytest.raises(pack_pdf.PdfWriteError, match="could not be finished"):
        pack_pdf.write_review_pdf(_load(meeting.store, meeting.review_id), target)
    assert target.read_bytes() == b"the previous pack"
    assert list(target.parent.iterdir()) == [target]
