"""The composition root: refusing files it cannot open, and the crash hook."""

from __future__ import annotations

import sqlite3
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from sdm_workbench import app
from sdm_workbench.domain.services import Service
from sdm_workbench.gui import crash, first_run
from sdm_workbench.gui.first_run import FirstRunChoice, FirstRunDialog
from sdm_workbench.gui.progress import Progress
from sdm_workbench.paths import user_paths
from sdm_workbench.store import Store
from sdm_workbench.store.repository import count


@pytest.fixture(autouse=True)
def restore_hooks() -> Iterator[None]:
    """run_gui installs the crash hook and a log file; undo both after each test."""
    previous = sys.excepthook
    yield
    sys.excepthook = previous
    for handler in list(crash.log.handlers):
        crash.log.removeHandler(handler)
        handler.close()


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Collect the error dialogs instead of showing them."""
    messages: list[tuple[str, str]] = []
    monkeypatch.setattr(app, "_tell", lambda title, text: messages.append((title, text)))
    return messages


@pytest.fixture
def fake_demo(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """A stand-in for sdm_workbench.demo (written by another issue): two services."""
    seen: list[float] = []

    def create_demo(
        store: Store, scale: str = "small", seed: int = 1, progress: Progress | None = None
    ) -> None:
        assert scale == "small"
        with store.unit_of_work() as session:
            session.add_all(
                [Service(code="SVC-001", name="Mail"), Service(code="SVC-002", name="Web")]
            )
        for step in (0.5, 1.0):
            seen.append(step)
            if progress is not None and not progress(step):
                return

    module = types.ModuleType("sdm_workbench.demo")
    module.create_demo = create_demo  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sdm_workbench.demo", module)
    return seen


@pytest.fixture
def chooser(monkeypatch: pytest.MonkeyPatch) -> list[FirstRunChoice]:
    """Answers for the first-run chooser, in order; records that it was asked."""
    answers: list[FirstRunChoice] = []

    def ask(parent: object = None) -> FirstRunChoice:
        return answers.pop(0)

    monkeypatch.setattr(first_run, "ask_first_run", ask)
    monkeypatch.setattr(QApplication, "exec", lambda *_args: 0)  # do not block in the loop
    return answers


def services_in(path: Path) -> int:
    store = Store.open(path)
    try:
        with store.session() as session:
            return count(session, "service")
    finally:
        store.close()


def test_first_start_lands_in_the_demo(
    qtbot: QtBot, chooser: list[FirstRunChoice], fake_demo: list[float]
) -> None:
    chooser.append(FirstRunChoice.DEMO)
    default = user_paths().default_database
    assert not default.exists()
    assert app.run_gui(None) == 0
    assert chooser == []  # it was asked
    assert fake_demo == [0.5, 1.0]
    assert services_in(default) == 2


def test_first_start_can_start_empty_or_quit(
    qtbot: QtBot, chooser: list[FirstRunChoice], fake_demo: list[float]
) -> None:
    default = user_paths().default_database
    chooser.append(FirstRunChoice.QUIT)
    assert app.run_gui(None) == 0
    assert not default.exists()  # nothing created: the next start asks again
    chooser.append(FirstRunChoice.EMPTY)
    assert app.run_gui(None) == 0
    assert fake_demo == []
    assert services_in(default) == 0


def test_first_start_can_open_a_file(
    qtbot: QtBot,
    chooser: list[FirstRunChoice],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    fake_demo: list[float],
) -> None:
    mine = tmp_path / "mine.sqlite"
    Store.open(mine).close()
    picks: list[Path | None] = [None, mine]  # cancel the picker once: asked again
    monkeypatch.setattr(first_run, "ask_workbench_file", lambda parent=None: picks.pop(0))
    chooser.extend([FirstRunChoice.OPEN, FirstRunChoice.OPEN])
    assert app.run_gui(None) == 0
    assert picks == [] and chooser == []
    assert not user_paths().default_database.exists()
    assert fake_demo == []


def test_chooser_offers_three_starts_with_the_demo_as_default(qtbot: QtBot) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    texts = [b.text().replace("&", "") for b in dialog.choice_buttons.values()]
    assert texts == ["Open the demo portfolio", "Start empty", "Open a file…"]
    assert dialog.defaultButton() is dialog.choice_buttons[FirstRunChoice.DEMO]
    for choice, button in dialog.choice_buttons.items():
        QTimer.singleShot(0, button.click)
        dialog.exec()
        assert dialog.choice() is choice
    QTimer.singleShot(0, dialog.reject)  # Escape / the close box
    dialog.exec()
    assert dialog.choice() is FirstRunChoice.QUIT


def test_enter_in_the_chooser_picks_the_demo(qtbot: QtBot) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    QTimer.singleShot(0, lambda: qtbot.keyClick(dialog, Qt.Key.Key_Return))
    dialog.exec()
    assert dialog.choice() is FirstRunChoice.DEMO


def test_second_start_does_not_add_the_demo_again(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, fake_demo: list[float]
) -> None:
    monkeypatch.setattr(QApplication, "exec", lambda *_args: 0)
    monkeypatch.setattr(first_run, "ask_first_run", lambda parent=None: pytest.fail("asked"))
    default = user_paths().ensure().default_database
    Store.open(default).close()
    assert app.run_gui(None) == 0
    assert fake_demo == []


def test_foreign_sqlite_file_is_refused_unchanged(
    qtbot: QtBot, tmp_path: Path, told: list[tuple[str, str]]
) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    before = path.read_bytes()
    assert app.run_gui(str(path)) == 1
    assert told and told[0][0] == "Not a workbench file"
    assert path.read_bytes() == before


def test_damaged_file_is_refused_with_a_hint(
    qtbot: QtBot, tmp_path: Path, told: list[tuple[str, str]]
) -> None:
    path = tmp_path / "broken.sqlite"
    path.write_bytes(b"this is not a database at all" * 100)
    assert app.run_gui(str(path)) == 1
    assert told[0][0] == "Workbench file is damaged"
    assert "No backup" in told[0][1]


def test_a_damaged_file_can_be_restored_from_its_newest_backup(
    tmp_path: Path, told: list[tuple[str, str]]
) -> None:
    paths = user_paths().ensure()
    path = tmp_path / "work.sqlite"
    store = Store.open(path, backup_dir=paths.backup_dir)
    with store.unit_of_work() as session:
        session.add(Service(code="SVC-001", name="Mail"))
    store.backup_now()
    store.close()
    path.write_bytes(b"\x00" * 100 + path.read_bytes()[100:])  # the header is gone
    asked = []
    restored = app.open_store(path, paths, ask_restore=lambda exc: asked.append(exc) or True)
    assert restored is not None and asked and not told
    with restored.session() as session:
        assert count(session, "service") == 1
    restored.close()
    assert list(tmp_path.glob("work.sqlite.damaged-*")), "the damaged file is kept"
    path.write_bytes(b"\x00" * 4096)
    assert app.open_store(path, paths, ask_restore=lambda exc: False) is None
    assert told[0][0] == "Workbench file is damaged"


def test_crash_hook_logs_and_tells_and_carries_on(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    hook = crash.install(user_paths().log_dir)
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        hook(type(exc), exc, exc.__traceback__)
    log_text = (user_paths().log_dir / "sdm-workbench.log").read_text()
    assert "RuntimeError: boom" in log_text
    assert shown == ["Something went wrong: boom"]
