"""The table header's right-click menu: filter a column, hide and show columns, reset them.

Hidden columns, like widths, order and the sort, live in the header's ``saveState`` that the
window keeps per kind in the user's settings, so they survive a restart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from .edit_model import EditableRowModel
from .filter_dialog import ColumnFilterDialog
from .row_model import RowTableModel

if TYPE_CHECKING:
    from .table_pane import TablePane


class HeaderMenu(QObject):
    """Builds and shows the header menu of one pane's table."""

    def __init__(self, pane: TablePane) -> None:
        super().__init__(pane)
        self.pane = pane
        self.dialog: ColumnFilterDialog | None = None
        header = pane.table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._popup)

    @property
    def model(self) -> RowTableModel | None:
        return self.pane.model

    def _popup(self, pos: QPoint) -> None:
        header = self.pane.table.horizontalHeader()
        menu = self.build(header.logicalIndexAt(pos))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(header.mapToGlobal(pos))

    def build(self, section: int) -> QMenu:
        """The menu for a right-click on column ``section`` (-1: beside the columns)."""
        header = self.pane.table.horizontalHeader()
        menu = QMenu(header)
        menu.setObjectName("headerMenu")
        model = self.model
        if model is None:
            return menu
        columns = model.columns
        filters = model.column_filters
        if 0 <= section < len(columns):
            column = columns[section]
            action = self._add(menu, f"&Filter {column.header}…", "filterColumn")
            action.triggered.connect(lambda _c=False: self.filter_column(section))
            if column.derived:  # worked out in Python, page by page: SQL cannot see it
                action.setEnabled(False)
                action.setToolTip("Worked-out columns cannot be filtered; sort by them instead.")
            if column.name in filters:
                remove = self._add(menu, f"&Remove filter on {column.header}", "removeFilter")
                remove.triggered.connect(
                    lambda _c=False: model.set_column_filter(column.name, None)
                )
        if filters:
            clear = self._add(menu, "&Clear all filters", "clearFilters")
            clear.triggered.connect(lambda _c=False: model.clear_column_filters())
        menu.addSeparator()
        visible = [i for i in range(header.count()) if not header.isSectionHidden(i)]
        if 0 <= section < len(columns):
            hide = self._add(menu, f"&Hide {columns[section].header}", "hideColumn")
            hide.setEnabled(len(visible) > 1)  # the last column stays: else no header to click
            hide.triggered.connect(lambda _c=False: header.hideSection(section))
        shown = menu.addMenu("&Columns")
        shown.setObjectName("columnsMenu")
        for index, column in enumerate(columns):
            toggle = QAction(column.header, shown)
            toggle.setCheckable(True)
            toggle.setChecked(not header.isSectionHidden(index))
            toggle.setEnabled(header.isSectionHidden(index) or len(visible) > 1)
            toggle.toggled.connect(lambda on, i=index: header.setSectionHidden(i, not on))
            shown.addAction(toggle)
        show_all = self._add(menu, "&Show all columns", "showAllColumns")
        show_all.setEnabled(len(visible) < header.count())
        show_all.triggered.connect(lambda _c=False: self.show_all())
        reset = self._add(menu, "Reset c&olumns", "resetColumns")
        reset.setToolTip("Every column shown, in the original order and width, unsorted")
        reset.triggered.connect(lambda _c=False: self.reset_columns())
        return menu

    def _add(self, menu: QMenu, text: str, name: str) -> QAction:
        action = menu.addAction(text)
        action.setObjectName(name)
        return action

    # --- what the entries do -------------------------------------------------------------
    def filter_column(self, section: int) -> ColumnFilterDialog | None:
        """Open the filter dialog for a column; its answer is applied when accepted."""
        model = self.model
        if not isinstance(model, EditableRowModel) or model.columns[section].derived:
            return None
        column = model.columns[section]
        dialog = ColumnFilterDialog(
            model.spec(section), model.column_filters.get(column.name), self.pane.window()
        )
        dialog.accepted.connect(
            lambda: (
                model.set_column_filter(column.name, dialog.condition())
                if model is self.model
                else None
            )
        )
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def show_all(self) -> None:
        header = self.pane.table.horizontalHeader()
        for index in range(header.count()):
            header.showSection(index)

    def reset_columns(self) -> None:
        """Every column shown, in the schema's order, fitted widths, no sort."""
        header = self.pane.table.horizontalHeader()
        self.show_all()
        for logical in range(header.count()):
            header.moveSection(header.visualIndex(logical), logical)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.pane.fit_columns()
