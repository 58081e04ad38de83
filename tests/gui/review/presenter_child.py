"""Child process of the SIGKILL test: opens the presenter on a workbench file, types a
decision and meeting notes without ever pressing Enter, waits, says "typed" and sleeps
(without handling events: whatever is not in the file by now never will be)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from sdm_workbench.gui.history import EditHistory
from sdm_workbench.gui.review.presenter import PresenterWindow, open_presenter
from sdm_workbench.store import Store

DECISION = "Move the cut-over to April and keep the old mail relay until then"
NOTES = "Vendor asked for two more weeks"
WAIT_MS = 1500


def main(path: str, review_id: str) -> None:
    app = QApplication(["presenter-child"])
    store = Store.open(Path(path), backup_dir=None, scheduled_backup=False)
    history = EditHistory(store)
    window = open_presenter(None, store, history, int(review_id), windowed=True)
    assert isinstance(window, PresenterWindow) and window.capture is not None
    window.toggle_capture()
    QTest.keyClicks(window.capture.decision, DECISION)
    QTest.keyClicks(window.capture.notes, NOTES)
    QTest.qWait(WAIT_MS)  # about a second of the meeting going on; no Enter, no focus change
    print("typed", flush=True)
    time.sleep(600)  # the parent kills us long before this ends
    app.quit()


if __name__ == "__main__":
    main(*sys.argv[1:3])
