"""The details area under a kind's table: the selected row's form, one form per kind.

Forms are built once per kind (from ``ui/*.ui``) and kept, so going back to a kind is
instant; only the shown one follows changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from ..edit_model import EditableRowModel
from ..row_model import RowTableModel
from .field_box import FieldBox
from .page import Changes, KindForm

NO_FORM = "This table is read-only here."


class DetailsForm(QWidget):
    """Every field of the selected row, editable; its children; its notes.

    ``committed`` carries the id of a row the form changed (the table re-reads it at once);
    ``open_requested`` asks to show a child row in its own table.
    """

    committed = Signal(int)
    open_requested = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailsForm")
        self.stack = QStackedWidget(self)
        self.placeholder = QLabel(NO_FORM, self.stack)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.stack.addWidget(self.placeholder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._pages: dict[str, KindForm] = {}
        self._page: KindForm | None = None

    @property
    def page(self) -> KindForm | None:
        """The form shown now (None when the table's model cannot be edited)."""
        return self._page

    @property
    def heading(self) -> QLabel:
        return self._page.ui.heading if self._page is not None else self.placeholder

    def field(self, name: str) -> FieldBox:
        """The shown form's field ``name`` (its editor is ``.editor``)."""
        assert self._page is not None, "no form is shown"
        return self._page.fields[name]

    def bind(self, model: RowTableModel) -> None:
        """Show the form of ``model``'s kind (built on first use)."""
        if self._page is not None:
            self._page.forget_row()
        if not isinstance(model, EditableRowModel):
            self._page = None
            self.stack.setCurrentWidget(self.placeholder)
            return
        page = self._pages.get(model.kind)
        if page is None or page.history is not model.history:
            if page is not None:
                page.deleteLater()
            page = KindForm(model.kind, model.history, model.choices, self.stack)
            page.committed.connect(self.committed)
            page.open_requested.connect(self.open_requested)
            self.stack.addWidget(page)
            self._pages[model.kind] = page
        self._page = page
        self.stack.setCurrentWidget(page)

    def show_row(self, row_id: int | None) -> None:
        if self._page is not None:
            self._page.show_row(row_id)

    def refresh(self, changes: Changes | None) -> None:
        """Rows of these kinds changed (None: anything may have, another process wrote).
        Forms put away only mark their reference lists stale (their rows are re-read when
        shown again)."""
        for page in self._pages.values():
            page.refresh(changes)
