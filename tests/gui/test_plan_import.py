"""File > Import a plan…: a plan becomes a project in one undo step; refusals change nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sdm_workbench.exchange.plan_files.importer import PlanImport
from sdm_workbench.gui import file_menu, plan_import
from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.store import Store
from sdm_workbench.store.rows import table

from ..exchange.test_plan_import import mspdi, task


class Answers:
    """Stand-ins for the file dialog and the question: what was shown, and a fixed answer."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, path: Path, accept: bool) -> None:
        self.shown: list[PlanImport] = []
        self.errors: list[str] = []
        monkeypatch.setattr(file_menu, "ask_open_path", lambda *_a: path)
        monkeypatch.setattr(file_menu, "tell_error", lambda _p, _t, text: self.errors.append(text))

        def ask(_parent: Any, plan: PlanImport) -> bool:
            self.shown.append(plan)
            return accept

        monkeypatch.setattr(plan_import, "ask_plan", ask)


def _names(store: Store, name: str, column: str) -> list[Any]:
    t = table(name)
    with store.session() as session:
        return list(session.execute(select(t.c[column]).order_by(t.c.id)).scalars())


def _trigger(window: MainWindow) -> None:
    action = window.findChild(QAction, "importPlanAction")
    assert action is not None
    action.trigger()


def test_a_plan_becomes_a_project_in_one_undo_step(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = mspdi(tmp_path, task(1, "Design") + task(2, "Build", 1) + task(3, "Test", 2))
    answers = Answers(monkeypatch, path, accept=True)
    projects, steps = _names(window.store, "projects", "name"), window.history.stack.count()
    _trigger(window)
    (plan,) = answers.shown
    assert plan.summary().startswith("Plan plan.xml as a new project") and not answers.errors
    assert _names(window.store, "projects", "name") == [*projects, "Tiny"]
    assert _names(window.store, "tasks", "name")[-3:] == ["Design", "Build", "Test"]
    assert window.history.stack.count() == steps + 1
    assert "Added project" in window.statusBar().currentMessage()
    timeline = window.screen("timeline")  # the new project is on show, fitted
    assert window.stack.currentWidget() is timeline
    assert timeline.projects.currentText().startswith(_names(window.store, "projects", "code")[-1])
    code = _names(window.store, "projects", "code")[-1]
    window.history.stack.undo()
    assert _names(window.store, "projects", "name") == projects
    qtbot.waitUntil(lambda: timeline.projects.findText(code, Qt.MatchFlag.MatchStartsWith) < 0)


def test_a_cycle_is_refused_and_cancel_changes_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _names(window.store, "tasks", "id")
    looped = mspdi(tmp_path, task(1, "Chicken", 2) + task(2, "Egg", 1), name="loop.xml")
    answers = Answers(monkeypatch, looped, accept=True)
    _trigger(window)
    assert not answers.shown and len(answers.errors) == 1
    assert "loop.xml: nothing was changed" in answers.errors[0] and "Chicken" in answers.errors[0]
    fine = mspdi(tmp_path, task(1, "Design"), name="fine.xml")
    answers = Answers(monkeypatch, fine, accept=False)
    _trigger(window)
    assert len(answers.shown) == 1 and _names(window.store, "tasks", "id") == before
    assert "nothing was changed" in window.statusBar().currentMessage()


def test_the_question_shows_the_counts_and_notes(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sdm_workbench.exchange.plan_files.importer import plan_plan_file, read_plan_file

    path = mspdi(tmp_path, task(1, "Design") + task(2, "Build", 1))
    plan = plan_plan_file(store, read_plan_file(path), path)
    seen: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(box) or 0)
    assert plan_import.ask_plan(None, plan) is False  # closed without a click: not applied
    (box,) = seen
    assert box.text().startswith("Plan plan.xml") and "2 task(s)" in box.text()
    assert "Edit > Undo" in box.informativeText()
    assert "Design" in box.detailedText() and "Build" in box.detailedText()
