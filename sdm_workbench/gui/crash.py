"""Unexpected errors: written to the log file and shown in a dialog; the app keeps running."""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

LOG_FILE = "sdm-workbench.log"
log = logging.getLogger("sdm_workbench")


def setup_logging(log_dir: Path) -> Path:
    """Log warnings and errors to ``log_dir/sdm-workbench.log`` (rotated at 1 MB)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    if not any(
        isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path for h in log.handlers
    ):
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return path


def report_text(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    log_path: Path,
) -> str:
    """The full report a user can paste into a message: versions, platform, traceback and
    where the log file is."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    from .. import __version__

    lines = [
        f"SDM Workbench {__version__}",
        f"Python {platform.python_version()}, Qt {qVersion()}, PySide6 {pyside_version}",
        f"Platform: {platform.platform()}",
        f"Log file: {log_path}",
        "",
        "".join(traceback.format_exception(exc_type, exc, tb)).rstrip(),
    ]
    return "\n".join(lines) + "\n"


class CrashDialog(QMessageBox):
    """ "Something went wrong": the message, the traceback under Show Details, and a
    "Copy report" button that puts the whole report on the clipboard (and stays open)."""

    def __init__(self, exc: BaseException, report: str, log_path: Path) -> None:
        super().__init__(QMessageBox.Icon.Critical, "Unexpected error", "", parent=None)
        self.setObjectName("crashDialog")
        self.report = report
        self.setText(f"Something went wrong: {exc}")
        self.setInformativeText(f"The workbench keeps running. Details were written to {log_path}.")
        self.setDetailedText(report)
        self.setStandardButtons(QMessageBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy report", self)
        self.copy_button.setObjectName("copyReportButton")
        self.copy_button.setToolTip("Put the full report on the clipboard, to paste in a message")
        self.addButton(self.copy_button, QMessageBox.ButtonRole.ActionRole)
        # A message box closes on any of its buttons; this one only copies, so its click
        # is taken away from the box's button handling.
        self.copy_button.clicked.disconnect()
        self.copy_button.clicked.connect(self.copy_report)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report)
        self.copy_button.setText("Copied")


class CrashReporter:
    """A ``sys.excepthook``: log the traceback, tell the user, carry on."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self._showing = False

    def __call__(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("Unexpected error", exc_info=(exc_type, exc, tb))
        if self._showing or QApplication.instance() is None:
            traceback.print_exception(exc_type, exc, tb)
            return
        self._showing = True  # an error inside the dialog must not open another one
        try:
            report = report_text(exc_type, exc, tb, self.log_path)
            CrashDialog(exc, report, self.log_path).exec()
        finally:
            self._showing = False


def install(log_dir: Path) -> CrashReporter:
    """Set up the log file and the hook; returns the hook (tests call it directly)."""
    reporter = CrashReporter(setup_logging(log_dir))
    sys.excepthook = reporter
    return reporter
