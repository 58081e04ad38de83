"""The centre of the window: a kind's title, a filter box, its editable table and details.

Below the table (a splitter between them), the details form of the selected row: every
field editable, its children and notes (``gui/details``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.kinds import kind
from .cells import lower_plural
from .column_filters import FilterChips
from .details import DetailsForm
from .edit_delegate import EditingDelegate
from .edit_model import EditableRowModel
from .grid_view import GridView
from .header_menu import HeaderMenu
from .live import LiveUpdates
from .message_bar import MessageBar
from .row_model import ROW_ID_ROLE, RowTableModel

if TYPE_CHECKING:
    from .filter_memory import FilterMemory

FILTER_DELAY_MS = 250
MAX_COLUMN_WIDTH = 320
COLUMN_PADDING = 14


class TablePane(QWidget):
    """Shows one ``RowTableModel``; keeps the selected row and scroll place across refreshes."""

    rows_changed = Signal(int)  # rows now shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model: RowTableModel | None = None
        self._kept_id: int | None = None
        self._kept_scroll = 0
        self._live: LiveUpdates | None = None
        self.filter_memory: FilterMemory | None = None  # the window's; keeps column filters

        self.title = QLabel(self)
        self.title.setObjectName("kindTitle")
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.35)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("filter")
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(220)
        self.filter.setMaximumWidth(360)

        self.table = GridView(self)
        self.table.setObjectName("rowTable")
        # Cells, not rows, are selected: copy and paste work on blocks, as in a spreadsheet;
        # the row numbers on the left select whole rows.
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setAlternatingRowColors(True)
        self.table.setItemDelegate(EditingDelegate(self.table))
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        rows.setHighlightSections(True)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        header.setSectionsMovable(True)  # paste follows the order shown
        header.setSortIndicatorClearable(True)
        header.setResizeContentsPrecision(200)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.header_menu = HeaderMenu(self)
        self.chips = FilterChips(self)

        self.empty = QLabel(self)
        self.empty.setObjectName("emptyHint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.details = DetailsForm(self)
        self.details.committed.connect(self._row_committed)
        self.details.open_requested.connect(self.open_row)
        self.messages = MessageBar(self)
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.setObjectName("detailsSplitter")
        self.split.addWidget(self.stack)
        self.split.addWidget(self.details)
        # The table keeps the larger share; the form scrolls inside its part.
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setCollapsible(0, False)
        self.split.setSizes([420, 300])

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.title, 1)
        top.addWidget(self.filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 4, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.chips)
        layout.addWidget(self.messages)
        layout.addWidget(self.split, 1)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(lambda _text: self._filter_timer.start())
        self._details_timer = QTimer(self)
        self._details_timer.setSingleShot(True)
        self._details_timer.setInterval(0)
        self._details_timer.timeout.connect(self._show_current)

    @property
    def model(self) -> RowTableModel | None:
        return self._model

    def set_model(self, model: RowTableModel) -> None:
        """Show ``model`` (the pane takes ownership and drops the previous one)."""
        old = self._model
        self._model = model
        model.setParent(self)
        self._filter_timer.stop()
        self.filter.blockSignals(True)
        self.filter.setText(model.query.text)
        self.filter.blockSignals(False)
        k = kind(model.kind)
        self.title.setText(k.plural)
        self.filter.setPlaceholderText(f"Filter {lower_plural(k.plural)}…")
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        old_selection = self.table.selectionModel()
        self.table.setModel(model)
        if old_selection is not None:
            old_selection.deleteLater()
        model.modelAboutToBeReset.connect(self._keep_place)
        model.modelReset.connect(self._restore_place)
        model.reloaded.connect(self._rows_changed)
        model.filters_changed.connect(self._show_filters)
        model.rowsInserted.connect(lambda *_: self._rows_changed())
        for signal in (model.dataChanged, model.modelReset, model.layoutChanged):
            signal.connect(self._details_timer.start)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(self._details_timer.start)
        if old is not None:
            old.deleteLater()
        if self._live is None:
            self._find_live()
        memory = self.filter_memory
        if memory is not None:  # the filters this kind had last time, kept as they change
            memory.restore(model)
            model.filters_changed.connect(lambda: memory.save(model))
        self.details.bind(model)
        self._show_filters()
        self.fit_columns()
        if model.rowCount() > 0:
            self.table.setCurrentIndex(model.index(0, 0))
        self._show_current()
        self._rows_changed()

    def current_row_id(self) -> int | None:
        index = self.table.currentIndex()
        return None if not index.isValid() else index.data(ROW_ID_ROLE)

    def select_row_id(self, row_id: int) -> bool:
        """Make the row with ``row_id`` current (False when the table does not show it)."""
        model = self._model
        row = None if model is None else model.row_of(row_id)
        if model is None or row is None:
            return False
        index = model.index(row, max(0, self.table.currentIndex().column()))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def open_row(self, kind_name: str, row_id: int) -> bool:
        """Show a row (say a child in the details form) in its own kind's table."""
        show_kind = getattr(self.window(), "show_kind", None)
        if self._model is None or self._model.kind != kind_name:
            if show_kind is None:
                return False
            show_kind(kind_name)  # the window swaps this pane's model
        return self.select_row_id(row_id)

    def set_live(self, live: LiveUpdates) -> None:
        """Follow committed changes: the details form's children and reference lists."""
        if self._live is live:
            return
        self._live = live
        live.changed.connect(self.details.refresh)
        live.external_change.connect(lambda: self.details.refresh(None))

    def _find_live(self) -> None:
        # The main window owns the live updates; it is this pane's window once placed.
        live = getattr(self.window(), "live", None)
        if isinstance(live, LiveUpdates):
            self.set_live(live)

    def _row_committed(self, row_id: int) -> None:
        if isinstance(self._model, EditableRowModel):
            self._model.forget_row(row_id)  # the table shows the form's edit at once

    def _show_current(self) -> None:
        model = self._model
        index = self.table.currentIndex()
        self.details.show_row(
            None if model is None or not index.isValid() else model.row_id(index.row())
        )

    def _apply_filter(self) -> None:
        if self._model is not None:
            self._model.set_filter(self.filter.text())
            self._ensure_current()

    def _ensure_current(self) -> None:
        """After a filter change: when the current row was filtered out, the first row
        becomes current, so the details show a row of what is listed."""
        model = self._model
        if model is not None and not self.table.currentIndex().isValid() and model.rowCount():
            self.table.setCurrentIndex(model.index(0, 0))

    def _show_filters(self) -> None:
        model = self._model
        if model is None:
            return
        by_name = {c.name: c for c in model.columns}
        shown = [(by_name[n], f) for n, f in model.column_filters.items() if n in by_name]
        self.chips.show_filters(
            shown, lambda name: model.set_column_filter(name, None), model.clear_column_filters
        )
        self._ensure_current()

    def fit_columns(self) -> None:
        """Fit columns to what the first rows hold, plus air, but never wider than a cap."""
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for section in range(header.count()):
            width = header.sectionSize(section) + COLUMN_PADDING
            header.resizeSection(section, min(width, MAX_COLUMN_WIDTH))

    def _keep_place(self) -> None:
        self._kept_id = self.current_row_id()
        self._kept_scroll = self.table.verticalScrollBar().value()

    def _restore_place(self) -> None:
        model = self._model
        if model is None:
            return
        self.table.verticalScrollBar().setValue(self._kept_scroll)
        if self._kept_id is not None:
            row = model.row_of(self._kept_id)
            if row is not None:
                self.table.setCurrentIndex(
                    model.index(row, max(0, self.table.currentIndex().column()))
                )
        self._kept_id = None

    def _rows_changed(self) -> None:
        model = self._model
        rows = 0 if model is None else model.rowCount(QModelIndex())
        if model is not None and rows == 0:
            plural = lower_plural(kind(model.kind).plural)
            if model.query.text or model.query.filters:
                words = f" “{model.query.text}”" if model.query.text else ""
                also = " and the column filters" if model.query.text and model.query.filters else ""
                what = f"{words}{also}" if words else " the column filters"
                self.empty.setText(f"No {plural} match{what}.")
            else:
                self.empty.setText(
                    f"No {plural} in this workbench yet.\nPress Insert (or Edit ▸ New row) "
                    "to add one."
                )
            self.stack.setCurrentWidget(self.empty)
        else:
            self.stack.setCurrentWidget(self.table)
        self.details.setVisible(rows > 0)  # no row, no details: the hint gets the room
        self.rows_changed.emit(rows)


def rows_text(shown: int, total: int | None = None) -> str:
    """``1,234 rows`` or ``12 of 1,234 rows`` for the status bar."""
    locale = QLocale()
    noun = "row" if (total if total is not None else shown) == 1 else "rows"
    if total is None or total == shown:
        return f"{locale.toString(shown)} {noun}"
    return f"{locale.toString(shown)} of {locale.toString(total)} {noun}"
