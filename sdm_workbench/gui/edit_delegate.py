"""Typed inline editing: the right editor for each cell, sized so its content fits."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QWidget

from .date_editors import NullableDateTimeEdit
from .delegates import CellDelegate
from .edit_model import EditableRowModel
from .editors import LongTextEdit, create_editor, field_value, set_field_value

Index = QModelIndex | QPersistentModelIndex
LONG_TEXT_LINES = 6
LOADED = "sdmEditorLoaded"
LONG_TEXT_MIN_WIDTH = 380


def _content_width(editor: QWidget) -> int:
    """Room for a whole date (plus its clear and calendar buttons), which Qt's size hint
    leaves out."""
    if not isinstance(editor, NullableDateTimeEdit):
        return 0
    sample = "28 Sept 2026" if editor.dates_only else "28 Sept 2026 23:59"
    buttons = 2 * editor.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent) + 28
    return editor.fontMetrics().horizontalAdvance(sample) + buttons


class EditingDelegate(CellDelegate):
    """Creates editors from ``editors.create_editor``; writes back through ``setData``."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model = index.model()
        if not isinstance(model, EditableRowModel):
            return super().createEditor(parent, option, index)
        editor = create_editor(model.spec(index.column()), parent, model.choices)
        editor.setAutoFillBackground(True)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        # Only once: a refresh (our own commit, or a teammate's) must not overwrite what the
        # user is typing. Should the same row have changed, the row's version check
        # refuses the edit with a clear message instead.
        if editor.property(LOADED):
            return
        editor.setProperty(LOADED, True)
        if hasattr(editor, "set_field_value"):
            set_field_value(editor, index.data(Qt.ItemDataRole.EditRole))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if hasattr(editor, "field_value"):
            model.setData(index, field_value(editor), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        rect = option.rect
        width = max(rect.width(), editor.sizeHint().width(), _content_width(editor))
        height = rect.height()
        if isinstance(editor, LongTextEdit):
            width = max(width, LONG_TEXT_MIN_WIDTH)
            height = max(height, editor.fontMetrics().lineSpacing() * LONG_TEXT_LINES + 12)
        parent = editor.parentWidget()
        left = rect.left()
        top = rect.top()
        if parent is not None:  # stay inside the table where the cell is near its edge
            left = max(0, min(left, parent.width() - width))
            top = max(0, min(top, parent.height() - height))
        editor.setGeometry(left, top, width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, LongTextEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.commitData.emit(watched)
            self.closeEditor.emit(watched, CellDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(watched, event)
