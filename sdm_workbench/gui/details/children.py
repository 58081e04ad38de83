"""The rows that belong to the selected row (an SLA's targets, a project's tasks), as tables.

Each child table is the kind's own editable table model narrowed to one parent, so cells
edit through the same delegates, operations and undo history as the main table.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.kinds import kind
from ...operations import DeleteRows
from ...store import Store
from ...store.row_query import ordered_ids
from ..edit_delegate import EditingDelegate
from ..edit_model import EditableRowModel
from ..history import EditHistory
from ..new_row import NewRowDialog
from ..references import ReferenceChoices

FIT_ROWS = 40  # rows measured when fitting column widths


@dataclass(frozen=True)
class ChildSpec:
    """Rows of ``kind`` whose ``link`` column names the parent row; shown under ``title``."""

    kind: str
    link: str
    title: str
    order_by: str | None = None


CHILDREN: dict[str, tuple[ChildSpec, ...]] = {
    "service": (ChildSpec("sla", "service_id", "SLAs", "code"),),
    "sla": (ChildSpec("sla_target", "sla_id", "Targets", "priority"),),
    "project": (
        ChildSpec("task", "project_id", "Tasks", "sort_order"),
        ChildSpec("budget_line", "project_id", "Budget lines", "name"),
    ),
    "raid_item": (ChildSpec("risk_score", "raid_item_id", "Score history", "assessed_on"),),
    "review": (
        ChildSpec("action", "review_id", "Actions", "code"),
        ChildSpec("decision", "review_id", "Decisions", "decided_on"),
        ChildSpec("attendee", "review_id", "Attendees"),
        ChildSpec("review_scope", "review_id", "Scope"),
    ),
    "team": (ChildSpec("team_member", "team_id", "Members"),),
    "calendar": (ChildSpec("closed_day", "calendar_id", "Closed days", "day"),),
    "ticket": (ChildSpec("ticket_pause", "ticket_id", "Pauses", "start_at"),),
    "budget_line": (ChildSpec("budget_month", "line_id", "Months", "month"),),
}


class ChildRowModel(EditableRowModel):
    """The editable table of one kind, showing only the rows of one parent."""

    # Class defaults: the base constructor loads ids before this one has set its own.
    _link = ""
    _parent_row: int | None = None
    _order_by: str | None = None

    def __init__(
        self,
        store: Store,
        spec: ChildSpec,
        history: EditHistory,
        choices: ReferenceChoices,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(store, spec.kind, history, choices, parent)
        self._link = spec.link
        self._order_by = spec.order_by

    @property
    def parent_row(self) -> int | None:
        return self._parent_row

    @property
    def link(self) -> str:
        return self._link

    def set_parent_row(self, row_id: int | None) -> None:
        """Show the children of another row (None: none)."""
        if row_id != self._parent_row:
            self._parent_row = row_id
            self._reset_ids()

    def _load_ids(self) -> list[int]:
        if self._parent_row is None or not self._link:
            return []
        query = replace(self.query, within=(self._link, self._parent_row), then_by=self._order_by)
        with self._store.session() as session:
            return ordered_ids(session, query)


class ChildTable(QWidget):
    """A child kind's rows with Add, Delete and Open; cells edit in place (F2 or typing).

    A double click (or Open) asks to show the row in its own table: ``open_requested``.
    """

    open_requested = Signal(str, int)  # kind, row id

    def __init__(
        self,
        store: Store,
        spec: ChildSpec,
        history: EditHistory,
        choices: ReferenceChoices,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.history = history
        self.setObjectName(f"children_{spec.kind}")
        self.model = ChildRowModel(store, spec, history, choices, self)
        self.dialog: NewRowDialog | None = None
        k = kind(spec.kind)

        self.table = QTableView(self)
        self.table.setObjectName(f"childTable_{spec.kind}")
        self.table.setModel(self.model)
        self.table.setItemDelegate(EditingDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setStretchLastSection(False)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setColumnHidden(self._column(spec.link), True)  # always the parent
        self.table.doubleClicked.connect(self._open_index)

        self.add_button = self._button("Add…", f"Add a {k.noun} here", self.add)
        self.delete_button = self._button(
            "Delete", f"Delete the selected {k.plural.lower()} (undo brings them back)", self.delete
        )
        self.open_button = self._button(
            "Open in its table", f"Show the selected {k.noun} in the {k.plural} table", self.open
        )
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.delete_button, self.open_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self._fitted = False
        self.table.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
        self.model.modelReset.connect(self._fit)

    def _button(self, text: str, tip: str, slot: Any) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _column(self, name: str) -> int:
        return [c.name for c in self.model.columns].index(name)

    def _fit(self) -> None:
        """Fit the columns to the first rows shown, once: widths then stay put from one
        parent row to the next (and fitting reads every cell it measures)."""
        if self._fitted or self.model.rowCount() == 0:
            return
        self._fitted = True
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for section in range(header.count()):
            header.resizeSection(section, min(header.sectionSize(section) + 14, 280))

    def set_parent_row(self, row_id: int | None) -> None:
        self.model.set_parent_row(row_id)
        self.setEnabled(row_id is not None)

    def refresh(self, changes: Mapping[str, Collection[int]] | None) -> None:
        """Changes to some kinds (None: anything, e.g. another process wrote)."""
        if changes is None:
            self.model.forget_labels()
            self.model.refresh()
            return
        if self.spec.kind in changes:
            self.model.refresh(changes[self.spec.kind])
        self.model.forget_labels(changes.keys())

    def selected_ids(self) -> list[int]:
        selection = self.table.selectionModel()
        rows = sorted({i.row() for i in selection.selectedIndexes()}) if selection else []
        current = self.table.currentIndex()
        if not rows and current.isValid():
            rows = [current.row()]
        return [self.model.row_id(r) for r in rows]

    def add(self) -> NewRowDialog | None:
        """The new-row form of the child kind, its parent filled in."""
        parent_row = self.model.parent_row
        if parent_row is None:
            return None
        dialog = NewRowDialog(
            self.model, self.history.perform, {self.spec.link: parent_row}, self.window()
        )
        dialog.accepted.connect(self.model.refresh)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def delete(self) -> bool:
        ids = self.selected_ids()
        return bool(ids) and self.history.perform(DeleteRows(self.spec.kind, ids))

    def open(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.open_requested.emit(self.spec.kind, ids[0])

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.spec.kind, self.model.row_id(index.row()))
