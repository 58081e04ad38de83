"""Presenter mode: keyboard navigation, capture linked to the item under discussion, undo,
attendance, and text typed but never confirmed surviving a SIGKILL of the process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage
from pytestqt.qtbot import QtBot

from sdm_workbench.gui.history import EditHistory
from sdm_workbench.gui.review.presenter import PresenterWindow, open_presenter
from sdm_workbench.gui.screenshot import render
from sdm_workbench.store import Store
from sdm_workbench.store import repository as repo

from .conftest import Meeting, open_file, prepare

ROOT = Path(__file__).resolve().parents[3]
Key = Qt.Key


def rows(store: Store, kind: str, **where: object) -> list[repo.RowSnapshot]:
    with store.session() as session:
        return repo.list_rows(session, kind, where=where or None)


def show_capture(qtbot: QtBot, presenter: PresenterWindow) -> None:
    qtbot.keyClick(presenter.view, Key.Key_N)
    assert presenter.capture is not None and presenter.capture.isVisible()


def go_to(presenter: PresenterWindow, key: str) -> None:
    presenter.go([s.key for s in presenter.slides].index(key))


def test_keys_move_through_the_agenda(qtbot: QtBot, presenter: PresenterWindow) -> None:
    assert len(presenter.slides) == 4 and presenter.index == 0
    assert presenter.current.title.startswith("1. SVC-001 Email")
    for key, expected in (
        (Key.Key_Right, 1),
        (Key.Key_Space, 2),
        (Key.Key_PageDown, 3),
        (Key.Key_Right, 3),  # the last slide stays
        (Key.Key_Left, 2),
        (Key.Key_PageUp, 1),
        (Key.Key_Home, 0),
        (Key.Key_Left, 0),
        (Key.Key_End, 3),
    ):
        qtbot.keyClick(presenter.view, key)
        assert presenter.index == expected, key
        assert presenter.view.slide.number == expected + 1
    assert presenter.view.slide.total == 4


def test_jump_by_number_and_with_the_chooser(qtbot: QtBot, presenter: PresenterWindow) -> None:
    qtbot.keyClicks(presenter.view, "3")
    qtbot.keyClick(presenter.view, Key.Key_Return)
    assert presenter.index == 2
    qtbot.keyClick(presenter.view, Key.Key_G)
    dialog = presenter.jump_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.query, "mail migr")  # part of a title
    qtbot.keyClick(dialog.query, Key.Key_Return)
    assert presenter.current.key.startswith("project:")
    qtbot.keyClick(presenter.view, Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert presenter.jump_dialog is not dialog and presenter.jump_dialog is not None
    qtbot.keyClicks(presenter.jump_dialog.query, "1")
    qtbot.keyClick(presenter.jump_dialog.query, Key.Key_Return)
    assert presenter.index == 0


def test_zoom_and_escape(qtbot: QtBot, presenter: PresenterWindow) -> None:
    qtbot.keyClick(presenter.view, Key.Key_Z)
    assert presenter.view.zoomed
    qtbot.keyClicks(presenter.view, "-")
    assert not presenter.view.zoomed
    qtbot.keyClicks(presenter.view, "+")
    assert presenter.view.zoomed
    qtbot.keyClick(presenter.view, Key.Key_Escape)
    assert not presenter.isVisible()


def test_a_slide_says_status_in_words_and_lists_risks_and_actions(
    presenter: PresenterWindow,
) -> None:
    go_to(presenter, "project:1")
    words = presenter.view.slide.words()
    assert "PRJ-001 Mail migration" in words and "RED" in words
    assert "RSK-0001 Vendor late" in words and "ACT-0001 Call vendor" in words


def test_a_decision_is_saved_as_typed_links_its_raid_item_and_undoes_in_one_step(
    qtbot: QtBot, presenter: PresenterWindow, meeting: Meeting, history: EditHistory
) -> None:
    store, risk = meeting.store, meeting.ids["risk"]
    go_to(presenter, "project:1")
    show_capture(qtbot, presenter)
    capture = presenter.capture
    assert capture is not None
    capture.about.setCurrentIndex(1)  # the project's risk, RSK-0001
    assert capture.current_about().raid_item_id == risk
    before = history.stack.count()
    qtbot.keyClicks(capture.decision, "Take a second vendor")
    qtbot.waitUntil(
        lambda: (
            [r["text"] for r in rows(store, "decision", review_id=meeting.review_id)]
            == ["Take a second vendor"]
        )
    )
    (decision,) = rows(store, "decision", review_id=meeting.review_id)
    assert decision["raid_item_id"] == risk
    assert history.stack.count() == before + 1  # one step for the whole text
    qtbot.keyClick(capture.decision, Key.Key_Escape)  # back to the slides
    assert presenter.view.hasFocus() and presenter.isVisible()
    qtbot.keyClick(presenter.view, Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(store, "decision", review_id=meeting.review_id) == []
    qtbot.waitUntil(lambda: capture.decision.text() == "")  # the field follows the undo
    history.stack.redo()
    assert [r["text"] for r in rows(store, "decision", review_id=meeting.review_id)] == [
        "Take a second vendor"
    ]


def test_an_action_links_to_the_service_and_shows_on_its_slide(
    qtbot: QtBot, presenter: PresenterWindow, meeting: Meeting, history: EditHistory
) -> None:
    store = meeting.store
    show_capture(qtbot, presenter)  # slide 1: SVC-001 Email
    capture = presenter.capture
    assert capture is not None
    capture.owner.setCurrentIndex(capture.owner.findText("Ben Okafor"))
    qtbot.keyClicks(capture.action_title, "Renew the mail certificate")
    capture.owner.setCurrentIndex(capture.owner.findText("Ana Ruiz"))  # changed while typing
    qtbot.keyClick(capture.action_title, Key.Key_Return)
    assert capture.action_title.text() == ""
    (action,) = rows(store, "action", review_id=meeting.review_id)
    assert action["title"] == "Renew the mail certificate"
    assert action["service_id"] == meeting.ids["svc"] and action["project_id"] is None
    assert action["owner_id"] == meeting.ids["ana"] and action["due_date"] is not None
    qtbot.waitUntil(lambda: "Renew the mail certificate" in presenter.view.slide.words())
    assert presenter.index == 0  # the reload kept the slide
    steps = history.stack.count()
    history.stack.undo()  # title, owner change and all: one step
    assert rows(store, "action", review_id=meeting.review_id) == []
    assert history.stack.count() == steps


def test_raising_a_risk_and_meeting_notes_are_saved_as_typed(
    qtbot: QtBot, presenter: PresenterWindow, meeting: Meeting
) -> None:
    store = meeting.store
    go_to(presenter, "project:1")
    show_capture(qtbot, presenter)
    capture = presenter.capture
    assert capture is not None
    capture.raid_type.setCurrentIndex(1)  # issue
    qtbot.keyClicks(capture.raid_title, "Licences expire")
    capture.impact.setValue(5)
    raised = [r for r in rows(store, "raid_item") if r["title"] == "Licences expire"]
    assert len(raised) == 1
    assert raised[0]["project_id"] == meeting.ids["prj"] and raised[0]["impact"] == 5
    assert str(raised[0]["code"]).startswith("ISS-")
    qtbot.keyClicks(capture.notes, "Vendor joins next time")
    qtbot.waitUntil(
        lambda: rows(store, "review", id=meeting.review_id)[0]["notes"] == "Vendor joins next time"
    )


def test_updating_the_chosen_raid_item(
    qtbot: QtBot, presenter: PresenterWindow, meeting: Meeting
) -> None:
    go_to(presenter, "project:1")
    show_capture(qtbot, presenter)
    capture = presenter.capture
    assert capture is not None and capture.raid_update.isHidden()
    capture.about.setCurrentIndex(1)
    assert not capture.raid_update.isHidden()
    capture.raid_update.probability.setValue(1)
    assert capture.raid_update.save()
    assert rows(meeting.store, "raid_item", id=meeting.ids["risk"])[0]["probability"] == 1


def test_attendance_toggles(
    qtbot: QtBot, presenter: PresenterWindow, meeting: Meeting, history: EditHistory
) -> None:
    store, ana = meeting.store, meeting.ids["ana"]
    show_capture(qtbot, presenter)
    capture = presenter.capture
    assert capture is not None
    names = [capture.attendance.item(r).text() for r in range(capture.attendance.count())]
    item = capture.attendance.item(names.index("Ana Ruiz"))

    def present() -> list[bool]:
        return [
            r["present"]
            for r in rows(store, "attendee", review_id=meeting.review_id)
            if r["person_id"] == ana
        ]

    item.setCheckState(Qt.CheckState.Checked)
    assert present() == [True]
    item.setCheckState(Qt.CheckState.Unchecked)
    assert present() == [False]
    history.stack.undo()
    assert present() == [True]
    qtbot.waitUntil(lambda: item.checkState() == Qt.CheckState.Checked)


def test_two_screens_put_notes_and_capture_on_the_laptop(
    qtbot: QtBot, meeting: Meeting, history: EditHistory
) -> None:
    screen = QGuiApplication.primaryScreen()
    window = open_presenter(
        None, meeting.store, history, meeting.review_id, windowed=True, screens=[screen, screen]
    )
    assert isinstance(window, PresenterWindow)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # qtbot closes it too
    qtbot.addWidget(window)
    notes = window.notes
    assert notes is not None and notes.isVisible()
    assert window.capture is not None and window.capture.window() is notes
    assert "Now (1 / 4)" in notes.now.text() and "Next: 2." in notes.next.text()
    qtbot.keyClick(notes, Key.Key_PageDown)  # a clicker aimed at the laptop still drives
    assert window.index == 1
    window.close()
    assert not notes.isVisible()


def test_screenshot_of_the_presenter(qtbot: QtBot, meeting: Meeting, tmp_path: Path) -> None:
    out = tmp_path / "presenter.png"
    render(meeting.store, "presenter", (1366, 768), "dark", out)
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1366, 768)
    assert image.pixelColor(5, 5).lightness() < 60  # a dark slide for a dark theme


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_text_typed_in_the_presenter_survives_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "meeting.sqlite"
    store = open_file(path)
    try:
        review_id = prepare(store).review_id
    finally:
        store.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.gui.review.presenter_child", str(path), str(review_id)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()  # blocks until the child has typed and waited
        assert line.strip() == "typed", child.stderr.read() if child.stderr else ""
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    reopened = open_file(path)
    try:
        texts = [r["text"] for r in rows(reopened, "decision", review_id=review_id)]
        notes = rows(reopened, "review", id=review_id)[0]["notes"]
    finally:
        reopened.close()
    from .presenter_child import DECISION, NOTES

    assert texts == [DECISION]
    assert notes == NOTES
