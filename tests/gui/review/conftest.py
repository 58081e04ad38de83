"""A small workbench with a review in progress (four agenda items) and a presenter on it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sdm_workbench.analytics.review_model import ReviewScope
from sdm_workbench.gui.history import EditHistory
from sdm_workbench.gui.review.presenter import PresenterWindow, open_presenter
from sdm_workbench.operations import CreateRow, run
from sdm_workbench.operations.reviews import StartReview
from sdm_workbench.store import Store

from ...store.sample import build_sample

HELD = date(2026, 3, 16)


@dataclass(frozen=True)
class Meeting:
    store: Store
    review_id: int
    ids: dict[str, int]


def prepare(store: Store) -> Meeting:
    """The sample portfolio plus two services, and a review of all of it started."""
    ids = build_sample(store)
    for name in ("web", "chat"):
        created = run(store, CreateRow("service", {"name": name.capitalize()}))
        assert created.row_id is not None
        ids[name] = created.row_id
    scope = ReviewScope((ids["svc"], ids["web"], ids["chat"]), (ids["prj"],))
    started = run(store, StartReview(scope, HELD, "Mid-March review"))
    assert started.review_id is not None
    return Meeting(store, started.review_id, ids)


def open_file(path: Path) -> Store:
    return Store.open(path, backup_dir=None, scheduled_backup=False)


@pytest.fixture
def meeting(store: Store) -> Meeting:
    return prepare(store)


@pytest.fixture
def history(meeting: Meeting) -> EditHistory:
    return EditHistory(meeting.store)


@pytest.fixture
def presenter(qtbot: QtBot, meeting: Meeting, history: EditHistory) -> Iterator[PresenterWindow]:
    window = open_presenter(None, meeting.store, history, meeting.review_id, windowed=True)
    assert isinstance(window, PresenterWindow)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # qtbot closes it too
    qtbot.addWidget(window)
    window.resize(1280, 720)
    qtbot.waitExposed(window)
    yield window
    if shiboken6.isValid(window):  # qtbot may have closed (and so deleted) it already
        window.close()  # before the store fixture closes the engine
