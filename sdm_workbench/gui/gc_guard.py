"""Python's garbage collection runs on the GUI thread only.

Left automatic, a collection can start in whatever thread happens to allocate: a dashboard
worker, the data-stamp reader. Collecting a dead Qt connection or QObject there takes Qt's
signal-slot lock and then waits for the GIL, while the GUI thread holds the GIL and waits
for that lock: both hang for good (seen in the dashboard tests). So automatic collection is
switched off and a timer on the GUI thread collects with the same generation thresholds,
as pyqtgraph's ``GarbageCollector`` does.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Collects garbage from a GUI-thread timer; automatic collection is off while it lives."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.setObjectName("guiThreadCollector")
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        """Collect the generations whose allocation counts passed their thresholds."""
        collect_due(self.thresholds)


def collect_due(thresholds: tuple[int, int, int] | None = None) -> None:
    """What automatic collection would have done by now: each generation whose count passed
    its threshold (cheap when little is due; a full collection each time is not)."""
    limits = thresholds or gc.get_threshold()
    first, second, third = gc.get_count()
    if first > limits[0]:
        gc.collect(0)
        if second > limits[1]:
            gc.collect(1)
            if third > limits[2]:
                gc.collect(2)


def collect_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """Install (once) the collector on ``app``, the QApplication."""
    found = app.findChild(GuiThreadCollector, "guiThreadCollector")
    if isinstance(found, GuiThreadCollector):
        return found
    return GuiThreadCollector(app)
