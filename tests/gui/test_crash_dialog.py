"""The error dialog: Copy report puts the full report on the clipboard and keeps it open."""

from __future__ import annotations

import platform
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from sdm_workbench import __version__
from sdm_workbench.gui import crash
from sdm_workbench.gui.crash import CrashDialog, report_text


def raised() -> tuple[type[BaseException], BaseException, object]:
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        return type(exc), exc, exc.__traceback__


def test_copy_report_puts_the_whole_report_on_the_clipboard(qtbot: QtBot, tmp_path: Path) -> None:
    exc_type, exc, tb = raised()
    log_path = tmp_path / "sdm-workbench.log"
    report = report_text(exc_type, exc, tb, log_path)  # type: ignore[arg-type]
    dialog = CrashDialog(exc, report, log_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.clipboard().setText("something else")
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert copied == report
    assert f"SDM Workbench {__version__}" in copied
    assert platform.platform() in copied and platform.python_version() in copied
    assert "Traceback (most recent call last)" in copied and "RuntimeError: boom" in copied
    assert f"Log file: {log_path}" in copied
    assert dialog.isVisible(), "copying does not close the dialog"
    assert dialog.copy_button.text() == "Copied"
    close = dialog.button(QMessageBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_the_hook_shows_the_report_dialog(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    hook = crash.CrashReporter(tmp_path / "x.log")
    hook(*raised())  # type: ignore[arg-type]
    assert len(shown) == 1 and isinstance(shown[0], CrashDialog)
    dialog = shown[0]
    assert dialog.text() == "Something went wrong: boom"
    assert "RuntimeError: boom" in dialog.detailedText()
    assert str(tmp_path / "x.log") in dialog.report
    dialog.deleteLater()
