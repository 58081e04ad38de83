"""A table view that moves like a spreadsheet.

Enter finishes an edit and moves one row down (Shift+Enter: up), as in Excel and
LibreOffice, also when no editor is open; Tab moves right and F2 edits (Qt's own). When the
domain refuses the edit, the cursor stays on the cell so the message is seen where it
belongs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView, QWidget

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class GridView(QTableView):
    """``QTableView`` with Enter moving down; ``refused()`` keeps the cursor in place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._refused = False

    def refused(self) -> None:
        """The edit being committed was refused: do not move away from it."""
        self._refused = True

    def commitData(self, editor: QWidget) -> None:
        self._refused = False
        super().commitData(editor)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        # The item delegate closes with SubmitModelCache when Enter finished the edit.
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache and not self._refused:
            up = bool(QGuiApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.step(-1 if up else 1)
        self._refused = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = not event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        if (
            event.key() in _ENTER
            and plain
            and self.state() != QAbstractItemView.State.EditingState
            and self.currentIndex().isValid()
        ):
            self.step(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
            event.accept()
            return
        super().keyPressEvent(event)

    def step(self, rows: int) -> None:
        """Make the cell ``rows`` below (negative: above) current, in the same column."""
        current = self.currentIndex()
        model = self.model()
        if not current.isValid() or model is None:
            return
        row = current.row() + rows
        if 0 <= row < model.rowCount():
            target = model.index(row, current.column())
            self.setCurrentIndex(target)
            self.scrollTo(target)
