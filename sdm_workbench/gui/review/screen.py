"""The Reviews screen: the list of review meetings on the left, the selected one on the right.

Right: its agenda (:class:`~.agenda_view.AgendaView`), and a Compare tab showing what changed
between any two snapshots. Buttons: Start review…, Present, Close and share…, Compare
selected (two reviews chosen in the list) and Edit as table (the plain reviews table).
The screen is live: a commit here or by another process re-reads the list and the agenda
(at once when shown, else when next shown). Every change goes through ``history`` (one
operation, one undo step).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...analytics.review_history import ReviewData, find_review, load_review, review_scope
from ...analytics.review_model import ReviewScope, SnapshotFormatError
from ...domain.errors import DomainError
from ...store import Store
from ..history import EditHistory
from ..live import LiveUpdates
from .agenda_editor import AgendaEditor
from .agenda_view import AgendaView
from .close_share import PackResult, choose_folder, close_and_share, show_result
from .compare import CompareView
from .review_list import ReviewListModel, ReviewListView, read_reviews
from .start_dialog import PlannedReview, StartReviewDialog, start_planned, start_review

# Kinds whose changes can alter what this screen shows (the agenda reads actions and
# decisions live; the list reads scopes and snapshots).
WATCHED = frozenset(
    {"review", "review_scope", "snapshot", "action", "decision", "attendee", "raid_item",
     "person", "service", "project", "customer"}
)  # fmt: skip


class ReviewsScreen(QWidget):
    """Review meetings: history, agenda, start, present, close and share, compare."""

    def __init__(
        self,
        store: Store,
        history: EditHistory,
        live: LiveUpdates | None = None,
        parent: QWidget | None = None,
        show_table: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewsScreen")
        self.store, self.history = store, history
        self._show_table = show_table
        self._stale = False
        self._selected_id: int | None = None
        self.last_folder: Path | None = None
        self.last_result: PackResult | None = None

        title = QLabel("Review meetings", self)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("reviewsFilter")
        self.filter.setPlaceholderText("Filter reviews…")
        self.filter.setClearButtonEnabled(True)
        self.start_button = self._button("&Start review…", "Choose a scope and take a snapshot")
        self.present_button = self._button("&Present", "Full-screen presenter mode")
        self.share_button = self._button(
            "&Close and share…", "Close the review and write its pack (.xlsx and .pdf)"
        )
        self.compare_button = self._button(
            "Co&mpare selected", "Select two reviews in the list to compare their snapshots"
        )
        self.table_button = self._button("Edit as &table", "The reviews as an editable table")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        for button in (self.start_button, self.present_button, self.share_button):
            top.addWidget(button)

        self.model = ReviewListModel(self)
        self.list = ReviewListView(self.model, self)
        self.message = QLabel(self)  # why the last change was refused
        self.message.setObjectName("reviewsMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.compare_button)
        buttons.addStretch(1)
        buttons.addWidget(self.table_button)
        left_layout.addLayout(buttons)

        self.agenda = AgendaView(self)
        self.agenda_editor = AgendaEditor(history, self)
        agenda_tab = QSplitter(Qt.Orientation.Vertical, self)
        agenda_tab.setObjectName("agendaTab")
        agenda_tab.addWidget(self.agenda_editor)
        agenda_tab.addWidget(self.agenda)
        agenda_tab.setStretchFactor(0, 2)
        agenda_tab.setStretchFactor(1, 3)
        agenda_tab.setChildrenCollapsible(False)
        self.compare = CompareView(store, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("reviewTabs")
        self.tabs.addTab(agenda_tab, "&Agenda")
        self.tabs.addTab(self.compare, "&History and compare")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([500, 700])  # the list's title and status stay readable

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)

        self.filter.textChanged.connect(self._on_filter)
        self.list.selectionModel().selectionChanged.connect(self._on_selection)
        self.start_button.clicked.connect(self.open_start_dialog)
        self.present_button.clicked.connect(self.present)
        self.share_button.clicked.connect(lambda: self.share())
        self.compare_button.clicked.connect(self.compare_selected)
        self.table_button.clicked.connect(self.edit_as_table)
        self.agenda_editor.edited.connect(self.reload)
        history.refused.connect(self._show_refusal)
        history.performed.connect(lambda _op: self.message.hide())
        if live is not None:
            live.changed.connect(self._on_changed)
            live.external_change.connect(self.refresh)
        self.reload(select_default=True)

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        return button

    # --- reading -------------------------------------------------------------------------
    def reload(self, select_default: bool = False) -> None:
        """Re-read the list (keeping the selection) and the selected review's agenda."""
        with self.store.session() as session:
            rows = read_reviews(session)
            default = None
            if select_default and rows:
                try:
                    default = find_review(session).id  # the latest with a snapshot
                except DomainError:
                    default = None
        selected = [self.model.review(i.row()) for i in self.list.selectionModel().selectedRows()]
        keep = [r.id for r in selected if r is not None]
        self.model.set_reviews(rows)
        self.compare.set_reviews(rows)
        wanted = keep or ([default] if default is not None else [])
        self._select(wanted or ([rows[0].id] if rows else []))
        self._show_selected()

    def refresh(self) -> None:
        """Re-read now when shown; otherwise when next shown."""
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def _on_changed(self, changes: Mapping[str, frozenset[int]]) -> None:
        if WATCHED & changes.keys():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reload()

    def _select(self, review_ids: list[int]) -> None:
        selection = self.list.selectionModel()
        selection.blockSignals(True)  # one agenda read after, not one per row
        selection.clearSelection()
        rows = [r for r in (self.model.row_of(i) for i in review_ids) if r >= 0]
        for row in rows:
            flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
            selection.select(self.model.index(row, 0), flags)
        if rows:
            selection.setCurrentIndex(
                self.model.index(rows[0], 0), selection.SelectionFlag.NoUpdate
            )
        selection.blockSignals(False)
        self._update_buttons()

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.list.selectionModel().selectedRows())
        return [r.id for r in (self.model.review(n) for n in rows) if r is not None]

    def current_id(self) -> int | None:
        """The review whose agenda is shown (the current row, else the first selected)."""
        current = self.model.review(self.list.currentIndex().row())
        ids = self.selected_ids()
        if current is not None and current.id in ids:
            return current.id
        return ids[0] if ids else None

    def _on_filter(self, text: str) -> None:
        self.model.set_filter(text)
        if self._selected_id is not None:
            self._select([self._selected_id])
        self._show_selected()

    def _on_selection(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._update_buttons()
        self._show_selected()

    def _show_selected(self) -> None:
        if self.agenda_editor.save_notes():
            return  # notes typed for the review shown before: saving showed all afresh
        review_id = self.current_id()
        self._selected_id = review_id
        self._update_buttons()
        if review_id is None:
            empty = (
                "No review yet: Start review… takes the first snapshot."
                if not self.model.reviews
                else ""
            )
            self.agenda.show_review(None, empty)
            self.agenda_editor.show_review(None)
            return
        try:
            with self.store.session() as session:
                data: ReviewData | None = load_review(session, review_id)
        except (DomainError, SnapshotFormatError) as exc:
            self.agenda.show_review(None, f"This review cannot be shown: {exc}")
            self.agenda_editor.show_review(None)
            return
        self.agenda_editor.show_review(data)
        self.agenda.show_review(data)

    def _update_buttons(self) -> None:
        one = self.current_id() is not None
        self.present_button.setEnabled(one)
        self.share_button.setEnabled(one)
        self.compare_button.setEnabled(len(self.selected_ids()) == 2)

    def _show_refusal(self, action: str, error: DomainError) -> None:
        lines = [p.message for p in error.problems] or [str(error)]
        self.message.setText(f"{action}: nothing was changed. {lines[0]}")
        self.message.setVisible(self.isVisible())

    # --- actions -------------------------------------------------------------------------
    def open_start_dialog(self) -> StartReviewDialog:
        """Start review…: the dialog opens (not exec'd), the selected review's scope ticked;
        OK starts the review."""
        scope, planned = None, None
        if (selected := self.current_id()) is not None:
            with self.store.session() as session:
                scope = review_scope(session, selected)
            row = self.model.review(self.model.row_of(selected))
            if row is not None and row.status == "planned" and not row.has_snapshot:
                planned = PlannedReview(row.id, row.code, row.title)
        dialog = StartReviewDialog(self.store, self, scope=scope, planned=planned)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.start(
                dialog.scope(), dialog.held_on(), dialog.review_title(), dialog.planned_id()
            )
        )
        dialog.open()
        return dialog

    def start(
        self, scope: ReviewScope, held_on: date, title: str, planned_id: int | None = None
    ) -> int | None:
        """Start a review (snapshot off the GUI thread, one undo step); select it.
        ``planned_id``: start that planned review (its own scope) instead of a new one."""
        try:
            if planned_id is not None:
                review_id = start_planned(
                    self, self.store, self.history, planned_id, held_on, title
                )
            else:
                review_id = start_review(self, self.store, self.history, scope, held_on, title)
        except DomainError as exc:  # e.g. a service deleted while the dialog was open
            self.history.report("Start review", exc)
            return None
        if review_id is not None:
            self.reload()
            self.filter.clear()
            self._select([review_id])
            self._show_selected()
        return review_id

    def present(self) -> None:
        """Present the selected review full screen (presenter mode, imported when used)."""
        review_id = self.current_id()
        if review_id is None:
            return
        try:
            from .presenter import open_presenter  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            self.message.setText("Presenter mode is not available in this version.")
            self.message.show()
            return
        window = self.window()
        open_presenter(window, self.store, self.history, review_id)

    def share(self, folder: Path | None = None) -> PackResult | None:
        """Close and share…: close the selected review and write its pack to a folder."""
        review_id = self.current_id()
        if review_id is None:
            return None
        folder = folder or choose_folder(self, self.last_folder)
        if folder is None:
            return None
        self.last_folder = folder
        result = close_and_share(self, self.store, self.history, review_id, folder)
        self.last_result = result
        show_result(self, result)
        return result

    def compare_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 2:
            self.compare.compare(ids[1], ids[0])
            self.tabs.setCurrentWidget(self.compare)

    def edit_as_table(self) -> None:
        if self._show_table is not None:
            self._show_table("review")
