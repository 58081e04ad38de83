"""Presenter mode: a review's agenda as full-screen slides, driven from the keyboard.

Keys: Right / Space / PgDown next, Left / PgUp previous, Home / End, G or Ctrl+G jump (or
type the item's number and Enter), Z zoom the charts (+ / - too), N the capture panel,
Ctrl+Z / Ctrl+Shift+Z undo and redo, Esc leaves (from a capture field: back to the slides).

With two screens the slides go full screen on the second one and a notes window (now,
next, timer, capture) stays on the laptop; with one screen capture is a side panel.
Anything captured, undone or redone reloads the review (``load_review``), so a new action
shows on its slide at once; the slide under discussion is kept by its agenda key.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QKeySequence, QScreen, QShortcut
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

from ...analytics.review_agenda import AgendaItem
from ...analytics.review_history import ReviewData, load_review
from ...domain.errors import NotFoundError
from ...store import Store
from ..history import EditHistory
from .capture import CapturePanel
from .notes import NotesWindow
from .slide_content import SlideContent, empty_slide, slides_of
from .slides import JumpDialog, SlideView

RELOAD_MS = 150  # coalesce the reloads of a burst of saves
_NEXT = {Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown, Qt.Key.Key_Down}
_PREVIOUS = {Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up, Qt.Key.Key_Backspace}


class PresenterWindow(QWidget):
    """The slides (and, on one screen, the capture side panel) of one review."""

    def __init__(
        self,
        store: Store,
        history: EditHistory,
        review_id: int | None,
        parent: QWidget | None = None,
        *,
        two_screens: bool = False,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.store, self.history, self.review_id = store, history, review_id
        self.review = self._load()
        self.slides: list[SlideContent] = self._slides()
        self.index = 0
        self.typed_number = ""
        self.jump_dialog: JumpDialog | None = None
        self.view = SlideView(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view, 1)
        self.capture: CapturePanel | None = None
        self.notes: NotesWindow | None = None
        if self.review is not None:
            self.capture = CapturePanel(history, self.review, self)
            if two_screens:
                self.notes = NotesWindow(self.handle_key, self)
                self.notes.add_panel(self.capture)
            else:
                layout.addWidget(self.capture)
                self.capture.hide()
        title = "no review" if self.review is None else f"{self.review.code} {self.review.title}"
        self.setWindowTitle(f"Presenter \u2013 {title}")
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_MS)
        self._reload_timer.timeout.connect(self.reload)
        history.stack.indexChanged.connect(self._schedule_reload)
        self._shortcuts()
        self.go(0)
        self.view.setFocus()

    def _shortcuts(self) -> None:
        for keys, slot in (
            (QKeySequence.StandardKey.Undo, self.history.stack.undo),
            (QKeySequence.StandardKey.Redo, self.history.stack.redo),
            (QKeySequence("Ctrl+G"), self.open_jump),
        ):
            for window in (self, self.notes):
                if window is not None:
                    QShortcut(keys, window, slot)

    def _load(self) -> ReviewData | None:
        if self.review_id is None:
            return None
        try:
            with self.store.session() as session:
                return load_review(session, self.review_id)
        except NotFoundError:
            return None

    def _slides(self) -> list[SlideContent]:
        if self.review is None:
            return [empty_slide("", "There is no review to present.")]
        return slides_of(self.review)

    # ---- navigation ----

    @property
    def current(self) -> SlideContent:
        return self.slides[self.index]

    def agenda_item(self) -> AgendaItem | None:
        """The agenda item on the current slide (None for an empty presenter)."""
        if self.review is None or not self.review.agenda:
            return None
        return self.review.agenda[min(self.index, len(self.review.agenda) - 1)]

    def go(self, index: int) -> None:
        """Show slide ``index`` (clamped); captured entries so far keep their item."""
        self.index = max(0, min(len(self.slides) - 1, index))
        self.view.show_slide(self.current)
        if self.capture is not None:
            self.capture.set_item(self.agenda_item())
        self._show_position()

    def _show_position(self) -> None:
        if self.notes is not None:
            following = self.slides[self.index + 1] if self.index + 1 < len(self.slides) else None
            self.notes.show_position(self.current, following)

    def open_jump(self) -> None:
        titles = [s.title for s in self.slides]
        self.jump_dialog = JumpDialog(titles, self.index, self)
        self.jump_dialog.chosen.connect(self.go)
        self.jump_dialog.open()

    def toggle_capture(self) -> None:
        """N: show the capture panel (and type a decision) or hide it again."""
        if self.capture is None:
            return
        if self.notes is not None:
            self.notes.activateWindow()
            self.capture.decision.setFocus()
        elif self.capture.isVisible():
            self.capture.hide()
            self.view.setFocus()
        else:
            self.capture.show()
            self.capture.decision.setFocus()

    def handle_key(self, event: QKeyEvent) -> bool:
        """The presenter's keys (also from the notes window); True when one was used."""
        key, mods = event.key(), event.modifiers()
        if mods & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier):
            return False  # Ctrl/Alt combinations are shortcuts, not navigation
        text = event.text()
        if text.isdigit():
            self.typed_number += text
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.typed_number:
            self.go(int(self.typed_number) - 1)
            self.typed_number = ""
        elif key == Qt.Key.Key_Escape:
            self._escape()
        elif key in _NEXT:
            self.go(self.index + 1)
        elif key in _PREVIOUS:
            self.go(self.index - 1)
        elif key == Qt.Key.Key_Home:
            self.go(0)
        elif key == Qt.Key.Key_End:
            self.go(len(self.slides) - 1)
        elif key == Qt.Key.Key_G:
            self.open_jump()
        elif key == Qt.Key.Key_Z:
            self.view.set_zoomed(not self.view.zoomed)
        elif text in ("+", "="):
            self.view.set_zoomed(True)
        elif text == "-":
            self.view.set_zoomed(False)
        elif key == Qt.Key.Key_N:
            self.toggle_capture()
        else:
            return False
        if not text.isdigit():
            self.typed_number = ""
        return True

    def _escape(self) -> None:
        focus = QApplication.focusWidget()
        if self.typed_number:
            self.typed_number = ""
        elif self.capture is not None and focus is not None and self.capture.isAncestorOf(focus):
            (self.notes or self.view).setFocus()  # out of the field; a second Esc leaves
        else:
            self.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.handle_key(event):
            super().keyPressEvent(event)

    # ---- live data ----

    def _schedule_reload(self, _index: int = 0) -> None:
        self._reload_timer.start()

    def reload(self) -> None:
        """Read the review again; stay on the same agenda item (by key) if it is still there."""
        key = self.current.key
        self.review = self._load()
        self.slides = self._slides()
        keys = [s.key for s in self.slides]
        self.index = keys.index(key) if key in keys else min(self.index, len(self.slides) - 1)
        self.view.show_slide(self.current)
        if self.capture is not None and self.review is not None:
            self.capture.refresh(self.review)
        self._show_position()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.capture is not None:
            self.capture.finish_all()  # whatever is typed is saved before the window goes
            self.capture.detach()
        self.history.stack.indexChanged.disconnect(self._schedule_reload)
        self._reload_timer.stop()
        if self.notes is not None:
            self.notes.close()
        super().closeEvent(event)


def open_presenter(
    parent: QWidget | None,
    store: Store,
    history: EditHistory,
    review_id: int,
    *,
    windowed: bool = False,
    screens: Sequence[QScreen] | None = None,
) -> QWidget:
    """Open presenter mode on ``review_id``: full screen (``windowed`` for tests and
    screenshots); with more than one screen, slides on the second and notes on the first."""
    screens = list(QGuiApplication.screens() if screens is None else screens)
    presenter = PresenterWindow(store, history, review_id, parent, two_screens=len(screens) > 1)
    if len(screens) > 1:
        presenter.setScreen(screens[1])
        presenter.move(screens[1].geometry().topLeft())
        if presenter.notes is not None:
            presenter.notes.setScreen(screens[0])
            presenter.notes.move(screens[0].availableGeometry().topLeft())
            if windowed:
                presenter.notes.show()
            else:
                presenter.notes.showMaximized()
    if windowed:
        presenter.show()
    else:
        presenter.showFullScreen()
    presenter.activateWindow()
    presenter.view.setFocus()
    return presenter
