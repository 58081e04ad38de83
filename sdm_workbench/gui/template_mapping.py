"""File > Import... for somebody else's template: confirm or correct the mapping, then import.

The dialog shows, per sheet, the detected header row and what the rows are; for each
source column, the field it feeds and how its values are read (combos to correct both)
with sample values as they will be read (``template_columns.py``); the project or service
the rows go to; and a name to save the mapping under for next time (the readings with
it). Planning runs off the GUI thread; applying is one undo step (``EditHistory.perform``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import DomainError
from ..exchange.reader import WorkbookReader
from ..exchange.templates import (
    TARGET_LABELS,
    TARGETS,
    Parent,
    SheetMapping,
    TemplateMapping,
    detect_mapping,
    foreign_workbook,
    load_mapping,
    plan_template,
    save_mapping,
    saved_mappings,
    template_macro,
)
from ..exchange.templates.detect import remap_sheet
from ..store import Store
from ..store.repository import list_rows
from .history import EditHistory
from .template_columns import ColumnsTable


def _parents(store: Store) -> list[Parent]:
    with store.session() as session:
        return [
            Parent(kind_name, row.id, str(row["code"]))
            for kind_name in ("project", "service")
            for row in list_rows(session, kind_name, order_by="code")
        ]


class TemplateMappingDialog(QDialog):
    """Confirm or correct how a template's columns map to our fields; ``result_mapping``."""

    def __init__(
        self, parent: QWidget | None, store: Store, path: Path, rows: dict[str, list[list[Any]]]
    ) -> None:
        super().__init__(parent)
        self.setObjectName("templateMappingDialog")
        self.setWindowTitle(f"Import template {path.name}")
        self.path = path
        self.rows = rows
        self.mapping = TemplateMapping()
        self._filling = False

        self.home = QComboBox(self)
        self.home.setObjectName("homeCombo")
        for p in _parents(store):
            self.home.addItem(f"{p.kind.capitalize()} {p.code}", p)
        self.saved = QComboBox(self)
        self.saved.setObjectName("savedCombo")
        self.saved.addItem("(detect)")
        self.saved.addItems(saved_mappings())
        self.sheet = QComboBox(self)
        self.sheet.setObjectName("sheetCombo")
        self.header_row = QSpinBox(self)
        self.header_row.setObjectName("headerRowSpin")
        self.header_row.setMinimum(1)
        self.target = QComboBox(self)
        self.target.setObjectName("targetCombo")
        self.target.addItem("(skip this sheet)", None)
        for t in TARGETS:
            label = TARGET_LABELS[t]
            self.target.addItem(label[:1].upper() + label[1:], t)
        self.reason = QLabel(self)
        self.reason.setWordWrap(True)
        self.table = ColumnsTable(self)
        self.problems = QLabel(self)
        self.problems.setObjectName("readingProblems")
        self.problems.setWordWrap(True)
        self.save_as = QLineEdit(self)
        self.save_as.setObjectName("saveAsEdit")
        self.save_as.setPlaceholderText("a name to reuse this mapping (optional)")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Plan import…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Rows go to:", self.home)
        form.addRow("Mapping:", self.saved)
        form.addRow("Sheet:", self.sheet)
        where = QHBoxLayout()
        where.addWidget(self.header_row)
        where.addWidget(QLabel("rows are:", self))
        where.addWidget(self.target, 1)
        form.addRow("Header row:", where)
        form.addRow("", self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems)
        save = QFormLayout()
        save.addRow("Save mapping as:", self.save_as)
        layout.addLayout(save)
        layout.addWidget(buttons)
        self.resize(940, 560)

        self.saved.currentIndexChanged.connect(self._load)
        self.sheet.currentIndexChanged.connect(self._show_sheet)
        self.header_row.valueChanged.connect(self._remap)
        self.target.currentIndexChanged.connect(self._remap)
        self.table.edited.connect(self._columns_edited)

    # --- the mapping ------------------------------------------------------------------------
    def set_mapping(self, mapping: TemplateMapping) -> None:
        self.mapping = mapping
        first = next((i for i, s in enumerate(mapping.sheets) if s.target), 0)
        self.sheet.blockSignals(True)  # one fill of the table, below
        self.sheet.clear()
        self.sheet.addItems([s.sheet for s in mapping.sheets])
        self.sheet.setCurrentIndex(first)
        self.sheet.blockSignals(False)
        self._show_sheet()

    def _load(self) -> None:
        name = self.saved.currentText() if self.saved.currentIndex() > 0 else None
        reader = WorkbookReader(self.path)
        try:
            saved = load_mapping(name) if name else None
            self.set_mapping(detect_mapping(reader, saved))
        except DomainError as exc:
            self.reason.setText(str(exc))
        finally:
            reader.close()

    def current(self) -> SheetMapping | None:
        index = self.sheet.currentIndex()
        return self.mapping.sheets[index] if 0 <= index < len(self.mapping.sheets) else None

    def _set_current(self, sheet: SheetMapping) -> None:
        self.mapping.sheets[self.sheet.currentIndex()] = sheet

    def _show_sheet(self) -> None:
        sheet = self.current()
        if sheet is None or self._filling:
            return
        self._filling = True
        rows = self.rows.get(sheet.sheet, [])
        self.header_row.setMaximum(max(1, len(rows)))
        self.header_row.setValue(sheet.header_row + 1)
        self.target.setCurrentIndex(max(0, self.target.findData(sheet.target)))
        self.reason.setText(f"Skipped: {sheet.reason}." if sheet.target is None else "")
        self.table.show_sheet(sheet, rows)
        self._show_problems()
        self._filling = False

    def _columns_edited(self) -> None:
        if self.table.sheet is not None and self.current() is not None:
            self._set_current(self.table.sheet)
        self._show_problems()

    def _show_problems(self) -> None:
        found = self.table.problems()
        self.problems.setVisible(bool(found))
        self.problems.setText(
            "Some values cannot be read as chosen (the import would be refused): "
            + "; ".join(found) + "."
        )  # fmt: skip

    def _remap(self) -> None:
        sheet = self.current()
        if sheet is None or self._filling:
            return
        target = self.target.currentData()
        rows = self.rows.get(sheet.sheet, [])
        at = self.header_row.value() - 1
        if target is None:
            self._set_current(replace(sheet, target=None, reason="skipped by you"))
        elif at < len(rows):
            self._set_current(remap_sheet(sheet.sheet, rows, at, target))
        self._show_sheet()

    # --- results ----------------------------------------------------------------------------
    def home_parent(self) -> Parent | None:
        data = self.home.currentData()
        return data if isinstance(data, Parent) else None

    def field_of(self, header: str) -> str | None:
        """The field the current sheet's column ``header`` feeds (for tests and tools)."""
        sheet = self.current()
        found = next((c for c in sheet.columns if c.header == header), None) if sheet else None
        return found.field if found else None

    def reading_of(self, header: str) -> str | None:
        """How the current sheet's column ``header`` is read (for tests and tools)."""
        sheet = self.current()
        found = next((c for c in sheet.columns if c.header == header), None) if sheet else None
        return found.reading if found else None


def _read_rows(path: Path) -> tuple[TemplateMapping, dict[str, list[list[Any]]]]:
    reader = WorkbookReader(path)
    try:
        rows = {info.title: reader.rows(info.title) for info in reader.sheets}
        return detect_mapping(reader), rows
    finally:
        reader.close()


def import_template(
    window: QWidget, store: Store, history: EditHistory, status: QStatusBar, path: Path
) -> bool | None:
    """Import ``path`` if it is a foreign template (None when it is one of our exports)."""
    from .file_menu import error_text, tell_error  # file_menu imports us
    from .workbook_io import plan_then_apply

    try:
        if not foreign_workbook(path):
            return None
        mapping, rows = _read_rows(path)
    except DomainError as exc:
        tell_error(window, "Import refused", f"{path.name}: nothing was changed.\n\n{exc}")
        return False
    dialog = TemplateMappingDialog(window, store, path, rows)
    dialog.set_mapping(mapping)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        status.showMessage("Import cancelled; nothing was changed.", 10_000)
        return False
    home = dialog.home_parent()
    if home is None:
        tell_error(window, "Import refused", "Create a project or service for the rows first.")
        return False
    try:
        if dialog.save_as.text().strip():
            save_mapping(dialog.mapping, dialog.save_as.text())
    except DomainError as exc:
        tell_error(window, "Mapping not saved", f"Nothing was changed.\n\n{error_text(exc)}")
        return False
    return plan_then_apply(
        window, history, status, "Import template", path,
        lambda _progress: plan_template(store, path, home, mapping=dialog.mapping),
        template_macro,
    )  # fmt: skip
