"""The details form of one kind: its Designer form, an editor per field, its child tables.

Every finished field edit is one ``UpdateRow`` run through the window's ``EditHistory`` (one
undo step), carrying the version of the row as shown, so an edit of a row someone else
changed meanwhile is refused rather than overwriting theirs. A refusal shows under the field
(and, through the history's ``refused`` signal, in the status bar).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QWidget

from ...domain.columns import Column, ColumnType, label_column
from ...domain.errors import ConflictError, DomainError, NotFoundError
from ...domain.kinds import kind
from ...operations import UpdateRow
from ...store.repository import RowSnapshot, get
from ...store.row_query import fetch_labels
from ..edit_values import edit_value, python_value, same_value
from ..fields import field_specs
from ..history import EditHistory
from ..references import ReferenceChoices, reference_changes
from .children import CHILDREN, ChildTable
from .field_box import FieldBox
from .layout import field_places, load_form, place

Changes = Mapping[str, Collection[int]]


class KindForm(QWidget):
    """Shows and edits one row of one kind. ``committed`` carries the id of a changed row."""

    committed = Signal(int)
    open_requested = Signal(str, int)  # a child row to show in its own table

    def __init__(
        self,
        kind_name: str,
        history: EditHistory,
        choices: ReferenceChoices,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = kind_name
        self.history = history
        self.choices = choices
        self.setObjectName(f"details_{kind_name}")
        self.ui = load_form(kind_name, self)
        self.snapshot: RowSnapshot | None = None
        self._last_refused: tuple[int, int, str, str] | None = None

        specs = {s.name: s for s in field_specs(kind_name)}
        self.fields: dict[str, FieldBox] = {}
        for container, names in field_places(self, tuple(specs.values())):
            boxes = []
            for name in names:
                box = FieldBox(specs[name], choices, self.commit, self._label_of, container)
                self.fields[name] = box
                boxes.append((specs[name], box))
            place(container, boxes)
        tabs = self.ui.tabs
        notes = self.ui.notesTab
        has_notes = any(notes.isAncestorOf(box) for box in self.fields.values())
        tabs.setTabVisible(tabs.indexOf(notes), has_notes)
        self.child_tables: list[ChildTable] = []
        for spec in CHILDREN.get(kind_name, ()):
            child = ChildTable(history.store, spec, history, choices, tabs)
            tabs.insertTab(tabs.indexOf(notes), child, spec.title)
            child.open_requested.connect(self.open_requested)
            child.model.reloaded.connect(self._count_children)
            child.model.modelReset.connect(self._count_children)
            self.child_tables.append(child)

        font = QFont(self.ui.heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.ui.heading.setFont(font)
        self.ui.kindLabel.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.ui.kindLabel.setText(kind(kind_name).label)

    @property
    def row_id(self) -> int | None:
        return None if self.snapshot is None else self.snapshot.id

    # --- showing -------------------------------------------------------------------------
    def show_row(self, row_id: int | None) -> None:
        """Show a row, read afresh. The same row again keeps what the user has typed but not
        yet stored (a refused value stays, with its message, until changed or Escape)."""
        same = row_id is not None and row_id == self.row_id
        snap = None
        if row_id is not None:
            with self.history.store.session() as session:
                snap = get(session, self.kind, row_id)
        self.snapshot = snap
        if not same:
            self._last_refused = None
        for box in self.fields.values():
            if same and box.dirty():
                continue
            box.clear_error()
            box.show_value(None if snap is None else _shown(box.spec.column, snap))
        self.ui.heading.setText(self._heading(snap))
        self.ui.tabs.setEnabled(snap is not None)
        for child in self.child_tables:
            child.set_parent_row(None if snap is None else snap.id)
        self._count_children()

    def forget_row(self) -> None:
        """Drop the shown row (this form is being put away): the next show reads it all."""
        self.snapshot = None
        for child in self.child_tables:
            child.set_parent_row(None)

    def refresh(self, changes: Changes | None) -> None:
        """Rows of some kinds changed (None: anything may have): child tables and reference
        lists follow. The row itself is re-shown by the table pane, which watches it."""
        for child in self.child_tables:
            child.refresh(changes)
        for box in self.fields.values():
            ref = box.spec.column.ref_kind
            if ref is not None and (changes is None or ref in changes):
                box.stale_choices = True

    def _label_of(self, kind_name: str, row_id: int) -> str:
        with self.history.store.session() as session:
            return fetch_labels(session, kind_name, [row_id]).get(row_id, f"#{row_id}")

    def _heading(self, snap: RowSnapshot | None) -> str:
        if snap is None:
            return ""
        k = kind(self.kind)
        names = dict.fromkeys(n for n in (label_column(k), k.title_column) if n)
        parts = [str(snap.get(n)).strip() for n in names if snap.get(n)]
        return " · ".join(parts) or f"{k.label} #{snap.id}"

    def _count_children(self) -> None:
        tabs = self.ui.tabs
        for child in self.child_tables:
            rows = child.model.rowCount()
            title = child.spec.title if not rows else f"{child.spec.title} ({rows})"
            tabs.setTabText(tabs.indexOf(child), title)

    # --- editing -------------------------------------------------------------------------
    def commit(self, name: str) -> bool:
        """Store what the user finished typing in field ``name``: one undo step, or refused."""
        box = self.fields[name]
        snap = self.snapshot
        if snap is None or not box.dirty():
            return False
        column = box.spec.column
        value = box.value()
        attempt = (snap.id, snap.version, name, repr(value))
        if attempt == self._last_refused:  # one edit can finish twice (picked, then left)
            return False
        action = f"Edit {column.header.lower()}"
        try:
            changes = self._changes(column, value)
        except DomainError as exc:
            self.history.report(action, exc)
            self._refused(box, exc, attempt)
            return False
        if list(changes) == [column.name] and same_value(
            column, snap.get(column.name), changes[column.name]
        ):
            box.shown = value  # e.g. a typed label that names the row already chosen
            return False
        operation = UpdateRow(self.kind, snap.id, changes, expected_version=snap.version)
        if not self.history.perform(operation):
            error = self.history.last_error or DomainError("The change was refused.")
            self._refused(box, error, attempt)
            if isinstance(error, ConflictError | NotFoundError):
                self.show_row(snap.id)  # show what is there now; the typed value stays
            return False
        self._last_refused = None
        box.shown = box.value()  # no longer the user's: show what was stored
        self.show_row(snap.id)
        self.committed.emit(snap.id)
        return True

    def _changes(self, column: Column, value: Any) -> dict[str, Any]:
        value = python_value(column, value)
        if column.type is ColumnType.REF:
            return reference_changes(self.choices, column, value)
        return {column.name: value}

    def _refused(
        self, box: FieldBox, error: DomainError, attempt: tuple[int, int, str, str]
    ) -> None:
        self._last_refused = attempt
        lines = [p.message for p in error.problems] or [str(error)]
        box.show_error("\n".join(lines))


def _shown(column: Column, snap: RowSnapshot) -> Any:
    """The value an editor starts from: an id for references (the picker selects by id)."""
    value = snap.get(column.name)
    if column.type is ColumnType.REF:
        return value
    return edit_value(column, value, None)
