"""Unexpected errors: written to the log file and shown in a dialog; the app keeps running."""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

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
            box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error", "", parent=None)
            box.setText(f"Something went wrong: {exc}")
            box.setInformativeText(
                f"The workbench keeps running. Details were written to {self.log_path}."
            )
            box.setDetailedText("".join(traceback.format_exception(exc_type, exc, tb)))
            box.exec()
        finally:
            self._showing = False


def install(log_dir: Path) -> CrashReporter:
    """Set up the log file and the hook; returns the hook (tests call it directly)."""
    reporter = CrashReporter(setup_logging(log_dir))
    sys.excepthook = reporter
    return reporter
