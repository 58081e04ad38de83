"""The template mapping dialog's column table: per source column, the field it feeds, how its
values are read (a scale, a date order, fractions or percents) and its sample values as
they will be read ("High -> 5"), so a wrong reading shows before anything is planned.

The table keeps the sheet's mapping as the user corrects it (:attr:`ColumnsTable.sheet`)
and says so with ``edited``; the previews come from ``exchange/templates/readings.py``,
the very code the planning reads values with.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.utils import get_column_letter
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ..exchange.templates import SheetMapping, fields_of
from ..exchange.templates.detect import column_values, remap_column
from ..exchange.templates.mapping import ColumnMapping
from ..exchange.templates.readings import preview, readings_for, show_value

IGNORED = "(ignored)"
SAMPLES = 3
HEADERS = ("Column", "Header", "Field", "Read as", "Sample values (as read)")
FIELD, READING, SAMPLE = 2, 3, 4


def _raw_samples(values: Sequence[Any]) -> str:
    return "; ".join(show_value(v) for v in values[:SAMPLES])


class ColumnsTable(QTableWidget):
    """One sheet's columns, editable; ``edited`` after each correction."""

    edited = Signal()

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self.setObjectName("columnsTable")
        self.setHorizontalHeaderLabels(list(HEADERS))
        self.horizontalHeader().setSectionResizeMode(SAMPLE, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().hide()
        self.sheet: SheetMapping | None = None
        self.rows: Sequence[Sequence[Any]] = []
        self._warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)

    def show_sheet(self, sheet: SheetMapping, rows: Sequence[Sequence[Any]]) -> None:
        """Show ``sheet`` (read from ``rows``); a skipped sheet shows no columns."""
        self.sheet, self.rows = sheet, rows
        columns = sheet.columns if sheet.target else ()
        self.setRowCount(len(columns))
        fields = fields_of(sheet.target) if sheet.target else ()
        for n, column in enumerate(columns):
            self.setItem(n, 0, QTableWidgetItem(get_column_letter(column.column + 1)))
            self.setItem(n, 1, QTableWidgetItem(" ".join(column.header.split())))
            combo = QComboBox()  # the table takes it; a parent here would flash at 0,0
            combo.addItem(IGNORED, None)
            for f in fields:
                combo.addItem(f.label, f.key)
            combo.setCurrentIndex(max(0, combo.findData(column.field)))
            combo.currentIndexChanged.connect(
                lambda _i, at=column.column, box=combo: self._field_chosen(at, box.currentData())
            )
            self.setCellWidget(n, FIELD, combo)
            self._show_reading(n, column)
        self.resizeColumnsToContents()
        self._fit_combos()

    def _fit_combos(self) -> None:
        """Widen the combo columns to their longest choice (cell widgets are not measured)."""
        for at in (FIELD, READING):
            widths = [w.sizeHint().width() for n in range(self.rowCount())
                      if (w := self.cellWidget(n, at)) is not None]  # fmt: skip
            if widths:
                self.setColumnWidth(at, max(self.columnWidth(at), *widths))

    def _show_reading(self, n: int, column: ColumnMapping) -> None:
        """Row ``n``'s reading combo (where the field has readings) and samples."""
        assert self.sheet is not None
        readings = readings_for(self.sheet.target, column.field)
        if readings:
            combo = QComboBox()
            for key, label in readings.items():
                combo.addItem(label, key)
            combo.setCurrentIndex(max(0, combo.findData(column.reading)))
            combo.setToolTip("How this column's values are read")
            combo.currentIndexChanged.connect(
                lambda _i, at=column.column, box=combo: self._reading_chosen(at, box.currentData())
            )
            self.setCellWidget(n, READING, combo)
        else:
            self.removeCellWidget(n, READING)
            self.setItem(n, READING, QTableWidgetItem(""))
        self._show_samples(n, column)

    def _show_samples(self, n: int, column: ColumnMapping) -> None:
        assert self.sheet is not None
        values = column_values(self.rows, self.sheet.header_row, column.column)
        item = QTableWidgetItem()
        if column.field and readings_for(self.sheet.target, column.field):
            samples = preview(self.sheet.target, column.field, column.reading, values, SAMPLES)
            item.setText("; ".join(str(s) for s in samples))
            refused = [s for s in samples if s.error]
            if refused:
                item.setIcon(self._warning)
                item.setToolTip(f"{refused[0].before}: {refused[0].error}. Choose another reading.")
        else:
            item.setText(_raw_samples(values))
        self.setItem(n, SAMPLE, item)

    def _field_chosen(self, column: int, key: str | None) -> None:
        if self.sheet is None:
            return
        self.sheet = remap_column(self.sheet, self.rows, column, key)
        # A field taken from another column shows there as ignored; field combos stay.
        for n, mapped in enumerate(self.sheet.columns):
            combo = self.cellWidget(n, FIELD)
            if isinstance(combo, QComboBox) and combo.currentData() != mapped.field:
                combo.blockSignals(True)
                combo.setCurrentIndex(max(0, combo.findData(mapped.field)))
                combo.blockSignals(False)
            self._show_reading(n, mapped)
        self._fit_combos()
        self.edited.emit()

    def _reading_chosen(self, column: int, reading: str | None) -> None:
        if self.sheet is None:
            return
        self.sheet = self.sheet.with_reading(column, reading)
        for n, mapped in enumerate(self.sheet.columns):
            if mapped.column == column:
                self._show_samples(n, mapped)
        self.edited.emit()

    def problems(self) -> list[str]:
        """Columns whose values the chosen reading cannot read ("Header: reason")."""
        if self.sheet is None or self.sheet.target is None:
            return []
        found = []
        for column in self.sheet.columns:
            if not (column.field and readings_for(self.sheet.target, column.field)):
                continue
            values = column_values(self.rows, self.sheet.header_row, column.column)
            samples = preview(self.sheet.target, column.field, column.reading, values, SAMPLES)
            found += [f"{' '.join(column.header.split())}: {s.error}" for s in samples if s.error]
        return found
