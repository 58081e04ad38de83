"""The ticket preview's column mapping: which column of the file feeds each field, editable.

Each field found gets a combo of the file's headers (or "(not read)"); "Add a field" reads
a field the built-in names missed; a saved mapping can be picked, and the mapping shown
saved by name (``exchange/ticket_mapping.py``) for the next export of the same helpdesk.
Any change asks the preview to plan again with :meth:`TicketColumns.mapping`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QWidget,
)

from ..domain.errors import DomainError
from ..domain.labels import column_label
from ..exchange.ticket_mapping import (
    full_mapping,
    load_ticket_mapping,
    save_ticket_mapping,
    saved_ticket_mappings,
)
from ..exchange.ticket_rows import FIELDS

NOT_READ = "(not read)"
BUILT_IN = "Built-in column names"


def ask_mapping_name(parent: QWidget, suggested: str) -> str | None:
    """Ask a name to save the mapping under; None when cancelled (replaced in tests)."""
    name, ok = QInputDialog.getText(parent, "Save mapping", "Name of the mapping:", text=suggested)
    return name.strip() if ok and name.strip() else None


class TicketColumns(QWidget):
    """Header combos over ``table`` (field rows), add / saved / save controls below it."""

    def __init__(
        self,
        table: QTableWidget,
        columns: dict[str, str],
        headers: list[str],
        chosen: str | None,
        replan: Callable[[], None],
        order: Callable[[], str | None],
    ) -> None:
        super().__init__(table.parentWidget())
        self.columns = dict(columns)  # field -> header, as planned
        self.headers = headers
        self._replan, self._order = replan, order
        for row, field in enumerate(columns):
            combo = QComboBox(table)
            combo.setObjectName(f"columnCombo_{field}")
            combo.addItem(NOT_READ, "")
            for header in headers:
                combo.addItem(header, header)
            combo.setCurrentIndex(max(0, combo.findData(" ".join(columns[field].split()))))
            combo.currentIndexChanged.connect(lambda _i, f=field, c=combo: self._set(f, c))
            table.setCellWidget(row, 1, combo)
        self.add = QComboBox(self)
        self.add.setObjectName("addFieldCombo")
        self.add.addItem("Add a field…", "")
        for field in FIELDS:
            if field not in columns:
                self.add.addItem(column_label(field), field)
        self.add.setEnabled(self.add.count() > 1 and bool(headers))
        self.add.currentIndexChanged.connect(self._add)
        self.saved = QComboBox(self)
        self.saved.setObjectName("mappingCombo")
        self.saved.addItem(BUILT_IN, "")
        for name in saved_ticket_mappings():
            self.saved.addItem(name, name)
        self.saved.setCurrentIndex(max(0, self.saved.findData(chosen or "")))
        self.saved.currentIndexChanged.connect(self._pick)
        self.save = QPushButton("Save mapping…", self)
        self.save.setObjectName("saveMappingButton")
        self.save.clicked.connect(self.save_as)
        self.note = QLabel("", self)
        self.note.setObjectName("mappingNote")
        self.picked: str | None = chosen
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.add, QLabel("Mapping:", self), self.saved, self.save, self.note):
            layout.addWidget(widget)
        layout.addStretch(1)

    def mapping(self) -> dict[str, str]:
        """Every field -> header ("" unread) to plan with; {} for the built-in names."""
        return full_mapping(self.columns).columns if self.columns else {}

    def _set(self, field: str, combo: QComboBox) -> None:
        self.columns[field] = str(combo.currentData() or "")
        self._replan()

    def _add(self, index: int) -> None:
        field = str(self.add.itemData(index) or "")
        if not field:
            return
        used = {" ".join(h.split()) for h in self.columns.values()}
        self.columns[field] = next((h for h in self.headers if h not in used), self.headers[0])
        self._replan()

    def _pick(self, index: int) -> None:
        name = str(self.saved.itemData(index) or "")
        try:
            self.columns = load_ticket_mapping(name).columns if name else {}
        except DomainError as exc:  # a damaged file: say so, keep the mapping shown
            self.note.setText(str(exc))
            return
        self.picked = name or None
        self._replan()

    def save_as(self) -> None:
        """Ask a name and save the mapping shown (with the date order, when one applies)."""
        name = ask_mapping_name(self, self.picked or "")
        if name is None:
            return
        try:
            save_ticket_mapping(full_mapping(self.columns, self._order()), name)
        except DomainError as exc:  # a name that cannot be a file name
            self.note.setText(str(exc))
            return
        self.picked = name
        self.note.setText(f"Saved as {name!r}.")
