"""Small GUI helpers: headers, plurals, date conversion at the edge, background work."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, QTimer, QTimeZone
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from sdm_workbench.domain.columns import columns_for, header_for
from sdm_workbench.domain.kinds import KINDS
from sdm_workbench.gui.cells import lower_plural
from sdm_workbench.gui.navigation import grouped_kinds
from sdm_workbench.gui.progress import Progress, run_with_progress
from sdm_workbench.gui.qtconv import from_qdate, to_qdate, utc_to_local


def test_headers_read_like_words() -> None:
    assert header_for("first_response_at") == "First response"
    assert header_for("sla_id") == "SLA"
    assert header_for("raid_item_id") == "RAID item"
    assert header_for("exp_reliability") == "Expected reliability"
    assert [c.header for c in columns_for("ticket")][:2] == ["Ticket ID", "Title"]


def test_plurals_keep_acronyms() -> None:
    assert lower_plural("Tickets") == "tickets"
    assert lower_plural("RAID log") == "RAID log"
    assert lower_plural("SLAs") == "SLAs"


def test_navigation_lists_every_kind_once() -> None:
    listed = [name for _title, names in grouped_kinds() for name in names]
    assert sorted(listed) == sorted(KINDS)


def test_dates_cross_the_edge_as_qt_types() -> None:
    assert to_qdate(date(2025, 3, 5)) == QDate(2025, 3, 5)
    assert to_qdate(None).isNull()
    assert from_qdate(QDate()) is None
    assert from_qdate(QDate(2025, 3, 5)) == date(2025, 3, 5)
    local = utc_to_local(datetime(2025, 3, 5, 14, 30))
    utc = local.toTimeZone(QTimeZone.utc())
    assert (utc.date(), utc.time().hour(), utc.time().minute()) == (QDate(2025, 3, 5), 14, 30)
    assert utc_to_local(None).isNull()


def test_background_work_returns_its_result_off_the_gui_thread(qtbot: QtBot) -> None:
    threads: list[str] = []

    def work(progress: Progress) -> int:
        threads.append(threading.current_thread().name)
        assert progress(0.5) is True
        return 42

    assert run_with_progress(None, "Test", "Working…", work) == (42, False)
    assert threads and threads[0] != threading.main_thread().name


def test_background_errors_are_raised_in_the_caller(qtbot: QtBot) -> None:
    def work(progress: Progress) -> None:
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        run_with_progress(None, "Test", "Working…", work)


def test_cancel_asks_the_work_to_stop(qtbot: QtBot) -> None:
    def press_cancel() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog):
                widget.findChild(QPushButton).click()  # as the user would

    def work(progress: Progress) -> str:
        for step in range(1000):
            if not progress(step / 1000):
                return "stopped"
            time.sleep(0.01)
        return "finished"

    QTimer.singleShot(100, press_cancel)
    assert run_with_progress(None, "Test", "Working…", work) == ("stopped", True)


def test_none_outlives_many_void_qt_calls() -> None:
    """PySide6 6.12.0 on Python 3.11 dropped a reference to None per void call and crashed
    the interpreter ("none_dealloc"); pyproject.toml keeps that release out. Run in a child
    process so a regression fails this test instead of killing the whole run."""
    import subprocess
    import sys

    code = (
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([])\n"
        "label = QLabel()\n"
        "for _ in range(200_000):\n"
        "    label.setText('x')\n"
        "print('alive')\n"
    )
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env
    )
    assert done.returncode == 0 and "alive" in done.stdout, done.stderr[-500:]
