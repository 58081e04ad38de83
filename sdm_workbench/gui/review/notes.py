"""The presenter's notes window on the laptop screen when the slides are on a second one:
the current item with the presenter notes typed for it on the Reviews screen, the next
item, the time since the meeting started, and capture."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from .slide_content import SlideContent

TICK_MS = 1000


def elapsed_text(ms: int) -> str:
    """ "12:34" (or "1:02:03" past an hour) for a number of milliseconds."""
    seconds = ms // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class NotesWindow(QWidget):
    """Now / next / timer on the left, the capture panel on the right.

    Keys the fields do not use go to ``on_key`` (the presenter), so a clicker or the arrow
    keys drive the slides from here too.
    """

    def __init__(self, on_key: Callable[[QKeyEvent], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Presenter notes")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._on_key = on_key
        big, huge = QFont(), QFont()
        big.setPointSizeF(big.pointSizeF() * 1.6)
        huge.setPointSizeF(huge.pointSizeF() * 3)
        huge.setBold(True)
        self.now = QLabel(self)
        self.now.setFont(big)
        self.now.setWordWrap(True)
        self.presenter_notes = QLabel(self)  # the item's presenter notes, typed beforehand
        self.presenter_notes.setObjectName("presenterNotes")
        self.presenter_notes.setFont(big)
        self.presenter_notes.setWordWrap(True)
        self.presenter_notes.setTextFormat(Qt.TextFormat.PlainText)
        self.presenter_notes.setAccessibleName("Presenter notes")
        self.next = QLabel(self)
        self.next.setWordWrap(True)
        self.clock = QLabel("0:00", self)
        self.clock.setFont(huge)
        self.clock.setAccessibleName("Time since the start")
        left = QVBoxLayout()
        left.addWidget(self.clock)
        left.addWidget(self.now)
        left.addWidget(self.presenter_notes)
        left.addWidget(self.next)
        left.addStretch(1)
        self.body = QHBoxLayout(self)
        self.body.addLayout(left, 1)
        self._started = QElapsedTimer()
        self._started.start()
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._update_clock)
        self._tick.start()

    def add_panel(self, panel: QWidget) -> None:
        panel.setParent(self)
        self.body.addWidget(panel)
        panel.show()

    def show_position(self, current: SlideContent, following: SlideContent | None) -> None:
        self.now.setText(
            f"Now ({current.number} / {current.total}): {current.title} \u2013 "
            f"{current.rag_word}\n{current.facts}"
        )
        self.presenter_notes.setText(f"Notes: {current.notes}" if current.notes.strip() else "")
        self.presenter_notes.setVisible(bool(current.notes.strip()))
        self.next.setText("Next: " + (following.title if following else "end of the agenda"))

    def _update_clock(self) -> None:
        self.clock.setText(elapsed_text(self._started.elapsed()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._on_key(event):
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._tick.stop()
        super().closeEvent(event)
