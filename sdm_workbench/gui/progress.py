"""Run long work off the GUI thread behind a cancellable progress dialog (DESIGN rule 9)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")
Progress = Callable[[float], bool]  # fraction done -> keep going?

SHOW_AFTER_MS = 500
POLL_MS = 50


class _Job(Generic[T]):
    def __init__(self, work: Callable[[Progress], T]) -> None:
        self.work = work
        self.fraction = 0.0
        self.cancelled = threading.Event()
        self.result: T | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="sdm-workbench-job", daemon=True)

    def progress(self, fraction: float) -> bool:
        self.fraction = min(1.0, max(0.0, fraction))
        return not self.cancelled.is_set()

    def _run(self) -> None:
        try:
            self.result = self.work(self.progress)
        except BaseException as exc:  # handed to the GUI thread, re-raised there
            self.error = exc


def run_with_progress(
    parent: QWidget | None, title: str, label: str, work: Callable[[Progress], T]
) -> tuple[T | None, bool]:
    """Run ``work(progress)`` in a thread; returns (result, cancelled); re-raises its error.

    ``progress(fraction)`` returns False once the user pressed Cancel; the work should then
    stop (and roll back) at its next convenient point.
    """
    job: _Job[T] = _Job(work)
    dialog = QProgressDialog(label, "Cancel", 0, 1000, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(job.cancelled.set)
    loop = QEventLoop(dialog)
    timer = QTimer(dialog)
    timer.setInterval(POLL_MS)

    def tick() -> None:
        if dialog.wasCanceled():
            job.cancelled.set()
        dialog.setValue(int(job.fraction * 1000))
        if not job.thread.is_alive():
            loop.quit()

    timer.timeout.connect(tick)
    job.thread.start()
    timer.start()
    dialog.setValue(0)
    loop.exec()
    timer.stop()
    job.thread.join()
    cancelled = job.cancelled.is_set()
    dialog.canceled.disconnect(job.cancelled.set)  # closing the dialog emits canceled too
    dialog.close()
    dialog.deleteLater()
    if job.error is not None and not cancelled:
        raise job.error
    return job.result, cancelled
