"""One field of the details form: the table's typed editor, its refusal message, its commits.

An edit is committed when the user finishes it (Enter, leaving the field, picking from a
list or a calendar), the way a spreadsheet cell commits, so each finished edit is one undo
step. Escape puts back the stored value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..date_editors import NullableDateTimeEdit
from ..edit_delegate import _content_width
from ..editors import LongTextEdit, ReferenceEdit, create_editor, field_value, set_field_value
from ..fields import FieldSpec
from ..references import Choice, ReferenceChoices

LONG_TEXT_LINES = 4
LabelOf = Callable[[str, int], str]  # (kind, id) -> how people name that row


class _NoChoices(ReferenceChoices):
    """Lets a reference picker be built empty: a list of 250k tickets is read only when the
    user comes to pick from it, not for every form that shows one."""

    def __init__(self) -> None:  # no store: it never loads anything
        pass

    def choices(self, kind_name: str) -> list[Choice]:
        return []


class _Keys(QObject):
    """Escape reverts; a long text commits when it loses focus or on Ctrl+Enter."""

    def __init__(self, box: FieldBox) -> None:
        super().__init__(box)
        self._box = box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Escape:
                self._box.revert()
                return True
            ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if enter and ctrl and isinstance(watched, QPlainTextEdit):
                self._box.commit()
                return True
        elif kind == QEvent.Type.FocusOut and isinstance(watched, QPlainTextEdit):
            self._box.commit()
        return False


class FieldBox(QWidget):
    """A column's editor (from ``editors.create_editor``) with its error line beneath.

    ``on_commit(name)`` is called when the user finished an edit; the form decides whether
    anything changed and runs the operation.
    """

    def __init__(
        self,
        spec: FieldSpec,
        choices: ReferenceChoices,
        on_commit: Callable[[str], object],
        label_of: LabelOf,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"field_{spec.name}")
        self._choices = choices
        self._on_commit = on_commit
        self._label_of = label_of
        self.loaded: Any = None  # the stored value last shown (as an editor value)
        self.shown: Any = None  # what the editor answered right after showing it
        self.stale_choices = False  # the referenced kind changed since the list was read
        self.full_choices = False  # a reference list holds every row (not only those shown)
        self.editor = create_editor(spec, self, _NoChoices())
        if isinstance(self.editor, LongTextEdit):
            lines = self.editor.fontMetrics().lineSpacing() * LONG_TEXT_LINES
            self.editor.setMinimumHeight(lines + 12)
        # Room for a whole date and its buttons (the table's editors are sized the same way).
        self.editor.setMinimumWidth(max(self.editor.minimumWidth(), _content_width(self.editor)))
        self.error = QLabel(self)
        self.error.setObjectName(f"error_{spec.name}")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setForegroundRole(QPalette.ColorRole.BrightText)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.error)
        self._wire()

    @property
    def name(self) -> str:
        return self.spec.name

    # --- values --------------------------------------------------------------------------
    def value(self) -> Any:
        return field_value(self.editor)

    def show_value(self, value: Any) -> None:
        """Show a stored value (as ``edit_values.edit_value`` gives it; an id for references)."""
        editor = self.editor
        if isinstance(editor, ReferenceEdit) and value is not None and editor.findData(value) < 0:
            self._add_choice(value)  # the whole list waits until the user comes to pick
        self.loaded = value
        set_field_value(editor, value)
        line = editor.lineEdit() if isinstance(editor, QComboBox) else editor
        if isinstance(line, QLineEdit):
            line.setCursorPosition(0)  # a long title shows its start, not its end
        # Editors round (a spin box shows 2 decimals): "changed" means changed from this.
        self.shown = field_value(editor)

    def dirty(self) -> bool:
        """The editor holds something the user typed that is not stored (refused, or not
        finished yet): a refresh keeps it rather than throwing it away."""
        return not _same(self.value(), self.shown)

    def revert(self) -> None:
        self.clear_error()
        set_field_value(self.editor, self.loaded)

    def commit(self) -> None:
        if self.isEnabled():
            self._on_commit(self.name)

    # --- refusals ------------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.editor.setToolTip(message)

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()
        self.editor.setToolTip("")

    def has_error(self) -> bool:
        return not self.error.isHidden()

    # --- reference lists -----------------------------------------------------------------
    def refill(self) -> None:
        """Re-read a reference list (rows were added or renamed), keeping what is shown."""
        editor = self.editor
        if not isinstance(editor, ReferenceEdit) or self.spec.column.ref_kind is None:
            return
        shown = editor.currentData() if editor.currentIndex() >= 0 else None
        text = editor.currentText()
        editor.blockSignals(True)
        editor.clear()
        if self.spec.nullable:
            editor.addItem("", None)
        for choice in self._choices.choices(self.spec.column.ref_kind):
            editor.addItem(choice.label, choice.id)
        index = editor.findData(shown) if shown is not None else -1
        if index >= 0:
            editor.setCurrentIndex(index)
        else:
            editor.setEditText(text)
        editor.blockSignals(False)
        self.stale_choices = False
        self.full_choices = True

    def _add_choice(self, row_id: int) -> None:
        editor = self.editor
        ref_kind = self.spec.column.ref_kind
        if isinstance(editor, ReferenceEdit) and ref_kind is not None:
            editor.blockSignals(True)
            editor.addItem(self._label_of(ref_kind, row_id), row_id)
            editor.blockSignals(False)

    # --- wiring --------------------------------------------------------------------------
    def _wire(self) -> None:
        editor = self.editor
        keys = _Keys(self)
        editor.installEventFilter(keys)
        if isinstance(editor, QComboBox):
            editor.activated.connect(lambda _index: self.commit())
            line = editor.lineEdit()
            if line is not None:
                line.installEventFilter(keys)
                line.editingFinished.connect(self.commit)
        elif isinstance(editor, QLineEdit | QAbstractSpinBox):
            editor.editingFinished.connect(self.commit)
        if isinstance(editor, NullableDateTimeEdit):
            # A day picked in the calendar is an edit finished; the value is set after the
            # click signal, so commit on the next turn of the event loop.
            calendar = editor.calendarWidget()
            if calendar is not None:
                calendar.clicked.connect(lambda _day: QTimer.singleShot(0, self, self.commit))
            if editor.clear_action is not None:
                editor.clear_action.triggered.connect(
                    lambda _checked=False: QTimer.singleShot(0, self, self.commit)
                )
        if isinstance(editor, ReferenceEdit):
            editor.installEventFilter(_RefillOnFocus(self))


class _RefillOnFocus(QObject):
    """A reference list is read (again, when stale) when the user comes to pick from it."""

    def __init__(self, box: FieldBox) -> None:
        super().__init__(box)
        self._box = box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        box = self._box
        if event.type() == QEvent.Type.FocusIn and (box.stale_choices or not box.full_choices):
            box.refill()
        return False


def _same(a: Any, b: Any) -> bool:
    blank = (None, "")
    if a in blank and b in blank:
        return True
    if hasattr(a, "isNull") and hasattr(b, "isNull") and a.isNull() and b.isNull():
        return True
    return bool(a == b)
