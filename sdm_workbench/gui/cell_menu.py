"""The table's right-click menu: the Edit menu's table actions and "Only rows where …".

"Only rows where State is open" turns the clicked cell's value into a column filter (the
chip above the table removes it again), as spreadsheets' "filter by selected value" does.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QMenu

from ..domain.columns import Column, ColumnType
from ..store.column_filters import ColumnFilter, FilterMode
from .column_filters import describe
from .filter_dialog import day_bounds
from .qtconv import utc_to_local

if TYPE_CHECKING:
    from .table_editing import TableEditing


def value_filter(column: Column, value: Any, label: str | None) -> ColumnFilter | None:
    """A filter keeping the rows whose ``column`` holds ``value`` (None: not filterable)."""
    name = column.name
    if column.derived or column.type is ColumnType.LONG_TEXT:
        return None  # worked out in Python / too long to match whole
    if value is None or value == "":
        return ColumnFilter(name, FilterMode.EMPTY)
    if isinstance(value, Enum):
        value = value.value
    if column.type is ColumnType.REF:
        return ColumnFilter(name, FilterMode.ONE_OF, values=(value,), text=label or f"#{value}")
    if column.type is ColumnType.DATETIME:
        low, high = day_bounds(utc_to_local(value).date())
        return ColumnFilter(name, FilterMode.RANGE, low=low, high=high)
    if column.type is ColumnType.DATE or column.type.numeric:
        return ColumnFilter(name, FilterMode.RANGE, low=value, high=value)
    return ColumnFilter(name, FilterMode.ONE_OF, values=(value,))


def build_cell_menu(editing: TableEditing, index: QModelIndex) -> QMenu:
    """The menu for a right-click on the cell at ``index`` (invalid: below the rows)."""
    table = editing.pane.table
    menu = QMenu(table)
    menu.setObjectName("cellMenu")
    model = editing.model
    if model is not None and index.isValid():
        column = model.columns[index.column()]
        snap = model.snapshot_at(index.row())
        value = None if snap is None else snap.get(column.name)
        condition = value_filter(column, value, model.label_of(column, value))
        if condition is not None:
            only = menu.addAction(f"&Only rows where {describe(column, condition)}")
            only.setObjectName("onlyThisValue")
            only.triggered.connect(lambda _c=False: model.set_column_filter(column.name, condition))
            menu.addSeparator()
    menu.addActions([editing.cut_action, editing.copy_action, editing.paste_action])
    menu.addSeparator()
    menu.addActions([editing.new_action, editing.delete_action])
    return menu
