"""The kind table, editable: every shown (non-system) column, one undo step per edit.

``setData`` never touches the database itself: it builds an ``UpdateRow`` carrying the row's
version, so an edit of a row someone else changed meanwhile is refused, and hands it to the
window's ``EditHistory`` (which runs it as an undoable command). Derived columns (a risk's
score, a task's float, a project's CPI) are read-only: no editor opens on them and a paste
into one is refused with a message.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from ..domain.columns import Column, ColumnType
from ..domain.errors import ConflictError, DomainError, NotFoundError
from ..operations import UpdateRow
from ..store import Store
from ..store.repository import RowSnapshot
from .edit_values import copy_text, edit_value, python_value, same_value
from .fields import FLOAT_LIMIT, FieldSpec, field_spec
from .history import EditHistory
from .references import ReferenceChoices, reference_changes
from .row_model import PAGE_SIZE, RowTableModel

Index = QModelIndex | QPersistentModelIndex
EDIT = Qt.ItemDataRole.EditRole


def derived_spec(column: Column) -> FieldSpec:
    """Editing facts of a derived column: never required, never typed (read-only)."""
    decimals = 2 if column.type is ColumnType.FLOAT else 0
    return FieldSpec(column, True, False, -FLOAT_LIMIT, FLOAT_LIMIT, decimals, (), None, None)


class EditableRowModel(RowTableModel):
    """A ``RowTableModel`` whose cells can be edited through delegates, paste and forms."""

    def __init__(
        self,
        store: Store,
        kind_name: str,
        history: EditHistory,
        choices: ReferenceChoices,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(store, kind_name, parent)
        self.history = history
        self.choices = choices

    # --- what editors need ---------------------------------------------------------------
    def spec(self, column: int) -> FieldSpec:
        shown = self.columns[column]
        if shown.derived:
            return derived_spec(shown)
        return field_spec(self.kind, shown.name)

    def snapshot_at(self, row: int) -> RowSnapshot | None:
        if not 0 <= row < self.rowCount():
            return None
        return self._snapshot(row)

    def label_of(self, column: Column, value: Any) -> str | None:
        return self._label(column, value)

    def cell_text(self, row: int, column: int) -> str:
        """One cell as clipboard text."""
        snap = self.snapshot_at(row)
        if snap is None:
            return ""
        col = self.columns[column]
        value = self._value(snap, col)
        return copy_text(col, value, self._label(col, value))

    def changes_for(self, column: Column, value: Any) -> dict[str, Any]:
        """What an operation is given for ``value`` typed or pasted into ``column``."""
        if column.derived:
            raise DomainError(
                f"{column.header} is worked out ({(column.note or '').lower()}); "
                "change the values it comes from instead."
            )
        value = python_value(column, value)
        if column.type is ColumnType.REF:
            return reference_changes(self.choices, column, value)
        return {column.name: value}

    def unchanged(self, snap: RowSnapshot, column: Column, changes: dict[str, Any]) -> bool:
        return list(changes) == [column.name] and same_value(
            column, snap.get(column.name), changes[column.name]
        )

    # --- Qt model interface --------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and not self.columns[index.column()].derived:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != EDIT:
            return super().data(index, role)
        snap = self.snapshot_at(index.row()) if index.isValid() else None
        if snap is None:
            return None
        column = self.columns[index.column()]
        value = self._value(snap, column)
        return edit_value(column, value, self._label(column, value))

    def setData(self, index: Index, value: Any, role: int = EDIT) -> bool:
        if role != EDIT or not index.isValid():
            return False
        snap = self.snapshot_at(index.row())
        if snap is None:
            return False
        column = self.columns[index.column()]
        if column.derived:
            return False  # not editable (flags); a paste is refused in changes_for
        action = f"Edit {column.header.lower()}"
        try:
            changes = self.changes_for(column, value)
        except DomainError as exc:
            self.history.report(action, exc)
            return False
        if self.unchanged(snap, column, changes):
            return True
        operation = UpdateRow(self.kind, snap.id, changes, expected_version=snap.version)
        if not self.history.perform(operation):
            if isinstance(self.history.last_error, ConflictError | NotFoundError):
                self.refresh()  # show what is there now
            return False
        self.forget_row(snap.id, index.row())
        return True

    # --- keeping shown values current ----------------------------------------------------
    def forget_row(self, row_id: int, row: int | None = None) -> None:
        """Re-read one row at once (the change bus follows with the full refresh)."""
        row = self.row_of(row_id) if row is None else row
        if row is None:
            return
        self._pages.pop(row // PAGE_SIZE, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
