"""History: compare the stored snapshots of any two reviews ("what changed" between them).

Two combos pick the reviews (those with a snapshot); the older one, by date, is always the
"before", whichever combo holds it. The table is sortable; it sorts inside the model (a few
hundred changes at most, so a Python sort is instant; no proxy calling back per comparison).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...analytics.rag import Rag
from ...analytics.review_changes import ChangeKind, Direction, ReviewChange, changes_since
from ...analytics.review_history import stored_snapshot
from ...analytics.review_model import Snapshot, SnapshotFormatError
from ...store import Store
from ..headed_model import HeadedTableModel
from ..palette import application_is_dark, rag_icon
from .review_list import ReviewRow

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Kind", "Of", "Subject", "Before", "After", "Direction", "What changed")
KIND_WORDS = {
    ChangeKind.KPI_RAG: "KPI threshold",
    ChangeKind.SLA_BREACH: "SLA breaches",
    ChangeKind.MILESTONE: "Milestone",
    ChangeKind.BUDGET: "Budget",
    ChangeKind.RISK_SCORE: "Risk score",
    ChangeKind.NEW_RAID: "New RAID item",
}
_ICONS = {Direction.WORSE: Rag.RED, Direction.BETTER: Rag.GREEN}


class ChangesModel(HeadedTableModel):
    """Changes between two snapshots, one per row; ``subjects`` name their service/project."""

    headers = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, ...]] = []
        self._directions: list[Direction] = []

    def set_changes(self, changes: Sequence[ReviewChange], newer: Snapshot | None) -> None:
        services = {s.id: s.label for s in newer.services} if newer else {}
        projects = {p.id: p.label for p in newer.projects} if newer else {}
        self.beginResetModel()
        self._rows = []
        self._directions = []
        for c in changes:
            of = services.get(c.service_id or 0) or projects.get(c.project_id or 0) or ""
            row = (KIND_WORDS.get(c.kind, c.kind.value), of, c.subject, c.before, c.after,
                   c.direction.value, c.sentence)  # fmt: skip
            self._rows.append(row)
            self._directions.append(c.direction)
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[row][column] if 0 <= column < len(HEADERS) else None
        if role == Qt.ItemDataRole.DecorationRole and column == HEADERS.index("Direction"):
            rag = _ICONS.get(self._directions[row])
            return None if rag is None else rag_icon(rag, application_is_dark())
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        pairs = sorted(
            zip(self._rows, self._directions, strict=True),
            key=lambda pair: pair[0][column].casefold(),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self._rows = [p[0] for p in pairs]
        self._directions = [p[1] for p in pairs]
        self.layoutChanged.emit()

    def sentences(self) -> list[str]:
        return [r[-1] for r in self._rows]


class CompareView(QWidget):
    """Pick two reviews; the table shows what changed from the older to the newer one."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewCompare")
        self.store = store
        self.older = QComboBox(self)
        self.older.setObjectName("compareOlder")
        self.newer = QComboBox(self)
        self.newer.setObjectName("compareNewer")
        for combo in (self.older, self.newer):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(24)
        self.summary = QLabel(self)
        self.summary.setObjectName("compareSummary")
        self.summary.setWordWrap(True)
        self.model = ChangesModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("compareTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the core's order until asked
        for column, width in enumerate((95, 150, 150, 90, 90, 80)):
            self.table.setColumnWidth(column, width)

        picks = QHBoxLayout()
        picks.addWidget(QLabel("Compare", self))
        picks.addWidget(self.older, 1)
        picks.addWidget(QLabel("with", self))
        picks.addWidget(self.newer, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(picks)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self._reviews: dict[int, ReviewRow] = {}
        self.older.currentIndexChanged.connect(self.refresh)
        self.newer.currentIndexChanged.connect(self.refresh)

    def set_reviews(self, rows: Sequence[ReviewRow]) -> None:
        """The reviews to choose from (those with a snapshot); keeps the current picks."""
        taken = [r for r in rows if r.has_snapshot]
        picked = (self.older.currentData(), self.newer.currentData())
        self._reviews = {r.id: r for r in taken}
        for combo in (self.older, self.newer):
            combo.blockSignals(True)  # one refresh at the end, not one per item
            combo.clear()
            for r in taken:
                combo.addItem(r.label, r.id)
            combo.blockSignals(False)
        for combo, wanted, default in ((self.older, picked[0], 1), (self.newer, picked[1], 0)):
            found = combo.findData(wanted) if wanted is not None else -1
            combo.blockSignals(True)
            combo.setCurrentIndex(found if found >= 0 else min(default, combo.count() - 1))
            combo.blockSignals(False)
        self.refresh()

    def compare(self, first_id: int, second_id: int) -> None:
        """Pick two reviews by id (the order does not matter) and show their changes."""
        for combo, review_id in ((self.older, first_id), (self.newer, second_id)):
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(review_id))
            combo.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        a = self._reviews.get(self.older.currentData())
        b = self._reviews.get(self.newer.currentData())
        if a is None or b is None:
            self.model.set_changes([], None)
            self.summary.setText("Pick two reviews that have a snapshot to see what changed.")
            return
        if (a.held_on, a.id) > (b.held_on, b.id):
            a, b = b, a  # "before" is the older review, whichever combo holds it
        try:
            with self.store.session() as session:
                before, after = stored_snapshot(session, a.id), stored_snapshot(session, b.id)
        except SnapshotFormatError as exc:
            self.model.set_changes([], None)
            self.summary.setText(str(exc))
            return
        if before is None or after is None:
            self.model.set_changes([], None)
            self.summary.setText("One of these reviews has no snapshot any more.")
            return
        changes = changes_since(before, after) if a.id != b.id else []
        self.model.set_changes(changes, after)
        header = self.table.horizontalHeader()
        if header.sortIndicatorSection() >= 0:  # new rows keep the order the user chose
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        worse = sum(1 for c in changes if c.direction is Direction.WORSE)
        better = sum(1 for c in changes if c.direction is Direction.BETTER)
        self.summary.setText(
            f"From {a.code} ({a.held_on.isoformat()}) to {b.code} ({b.held_on.isoformat()}): "
            f"{len(changes)} change{'s' if len(changes) != 1 else ''}, "
            f"{worse} worse, {better} better. Only services and projects in both are compared."
        )
