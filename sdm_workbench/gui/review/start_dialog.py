"""Start review…: choose the scope, the date and the title; then take the snapshot and start.

The snapshot is computed off the GUI thread behind a progress dialog (it only reads, so
Cancel simply drops it); the review, its scope and that snapshot are then written by one
:class:`~sdm_workbench.operations.reviews.StartReview` through the window's history: one
transaction, one undo step. The new review's snapshot carries the previous review's open
actions, so its agenda starts with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...analytics.kpi_inputs import read
from ...analytics.review_history import previous_review, review_scope
from ...analytics.review_model import ReviewScope, Snapshot
from ...analytics.review_snapshot import take_snapshot
from ...operations.reviews import StartReview, TakeSnapshot
from ...store import Store
from ...store import repository as repo
from ..history import EditHistory
from ..progress import Progress, run_with_progress

Choice = tuple[int, str]  # id, label


def default_title(day: date) -> str:
    return f"Review {day:%d %b %Y}"


class CheckList(QWidget):
    """A filter box over a list of checkable items (services, projects or customers)."""

    def __init__(self, title: str, choices: Sequence[Choice], parent: QWidget | None = None):
        super().__init__(parent)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(f"Filter {title.lower()}…")
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setObjectName(f"scope{title}")
        for row_id, label in choices:
            item = QListWidgetItem(label, self.list)
            item.setData(Qt.ItemDataRole.UserRole, row_id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        self.filter.textChanged.connect(self._apply_filter)

    def _apply_filter(self, text: str) -> None:
        words = text.casefold().split()
        for row in range(self.list.count()):
            item = self.list.item(row)
            shown = all(w in item.text().casefold() for w in words)
            item.setHidden(not shown and item.checkState() != Qt.CheckState.Checked)

    def set_checked(self, ids: Sequence[int]) -> None:
        wanted = set(ids)
        for row in range(self.list.count()):
            item = self.list.item(row)
            on = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def checked(self) -> tuple[int, ...]:
        items = (self.list.item(row) for row in range(self.list.count()))
        return tuple(
            int(i.data(Qt.ItemDataRole.UserRole))
            for i in items
            if i.checkState() == Qt.CheckState.Checked
        )


def read_choices(store: Store) -> dict[str, list[Choice]]:
    """Services, projects and customers as (id, "CODE Name"), in code order."""
    found: dict[str, list[Choice]] = {}
    with store.session() as session:
        for kind_name in ("service", "project", "customer"):
            rows = repo.list_rows(session, kind_name, order_by="code")
            found[kind_name] = [(r.id, f"{r['code']} {r['name']}") for r in rows]
    return found


@dataclass(frozen=True)
class PlannedReview:
    """A review planned ahead (no snapshot yet) that Start review can start."""

    id: int
    code: str
    title: str


class StartReviewDialog(QDialog):
    """Scope (checkable lists with a filter), date (today) and title ("Review <date>").

    With a ``planned`` review selected, "Start the planned review" is offered first (ticked):
    its scope is kept as planned and its snapshot taken as of the date chosen here.
    """

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        today: date | None = None,
        scope: ReviewScope | None = None,
        planned: PlannedReview | None = None,
    ) -> None:
        """``scope``: ticked at the start (the selected review's: the next meeting usually
        covers the same services, projects and customers)."""
        super().__init__(parent)
        self.planned = planned
        self.setObjectName("startReviewDialog")
        self.setWindowTitle("Start review")
        choices = read_choices(store)
        self.services = CheckList("Services", choices["service"], self)
        self.projects = CheckList("Projects", choices["project"], self)
        self.customers = CheckList("Customers", choices["customer"], self)
        lists = QHBoxLayout()
        for title, widget in (
            ("Services", self.services),
            ("Projects", self.projects),
            ("Customers", self.customers),
        ):
            box = QGroupBox(title, self)
            QVBoxLayout(box).addWidget(widget)
            lists.addWidget(box, 1)
            widget.list.itemChanged.connect(self._update_ok)
        self.date = QDateEdit(QDate(today or date.today()), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.title = QLineEdit(default_title(today or date.today()), self)
        self._title_typed = False
        self.title.textEdited.connect(self._on_title_edited)
        self.date.dateChanged.connect(self._on_date_changed)
        form = QFormLayout()
        form.addRow("&Date", self.date)
        form.addRow("&Title", self.title)
        hint = QLabel(
            "A customer brings the services it has an SLA for and the projects done for it. "
            "The snapshot freezes RAG, KPIs, budgets, risks and milestones as of the date.",
            self,
        )
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Start review")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.use_planned = QCheckBox(self)
        self.use_planned.setObjectName("startPlanned")
        layout = QVBoxLayout(self)
        if planned is not None:
            self.use_planned.setText(
                f"Start the planned review {planned.code} \u201c{planned.title}\u201d "
                "(its scope as planned; untick to start a new review instead)"
            )
            layout.addWidget(self.use_planned)
        else:
            self.use_planned.hide()
        layout.addLayout(lists, 1)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.resize(900, 520)
        if scope is not None:
            self.services.set_checked(scope.service_ids)
            self.projects.set_checked(scope.project_ids)
            self.customers.set_checked(scope.customer_ids)
        self.use_planned.toggled.connect(self._on_planned)
        if planned is not None:
            self.use_planned.setChecked(True)
        self._update_ok()

    def _on_planned(self, on: bool) -> None:
        for widget in (self.services, self.projects, self.customers):
            widget.setEnabled(not on)  # a planned review keeps the scope it was planned with
        if on and self.planned is not None:
            self.title.setText(self.planned.title)
            self._title_typed = True
        elif not on:
            self._title_typed = False
            self.title.setText(default_title(self.held_on()))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            f"&Start {self.planned.code}" if on and self.planned else "&Start review"
        )

    def planned_id(self) -> int | None:
        """The planned review to start, or None to start a new one."""
        return self.planned.id if self.planned and self.use_planned.isChecked() else None

    def _on_title_edited(self, _text: str) -> None:
        self._title_typed = True

    def _on_date_changed(self, day: QDate) -> None:
        if not self._title_typed:  # the default title follows the date until typed over
            self.title.setText(default_title(day.toPython()))  # type: ignore[arg-type]

    def _update_ok(self, *_args: object) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.scope()))

    def scope(self) -> ReviewScope:
        return ReviewScope(
            self.services.checked(), self.projects.checked(), self.customers.checked()
        )

    def held_on(self) -> date:
        day = self.date.date().toPython()
        assert isinstance(day, date)
        return day

    def review_title(self) -> str:
        return self.title.text().strip() or default_title(self.held_on())


def compute_snapshot(
    store: Store,
    scope: ReviewScope,
    held_on: date,
    progress: Progress,
    review_id: int | None = None,
) -> Snapshot | None:
    """The snapshot StartReview (or TakeSnapshot of ``review_id``) would take, read in a
    session of its own (any thread)."""
    with store.session() as session:
        progress(0.05)
        previous = previous_review(session, held_on, scope, review_id)
        inputs = read(session)
        if not progress(0.5):
            return None
        carry = [previous.id] if previous is not None else []
        snapshot = take_snapshot(session, scope, held_on, carry_over_from=carry, inputs=inputs)
    progress(1.0)
    return snapshot


def start_review(
    parent: QWidget | None,
    store: Store,
    history: EditHistory,
    scope: ReviewScope,
    held_on: date,
    title: str,
) -> int | None:
    """Take the snapshot (off the GUI thread), then start the review as one undo step.

    Returns the new review's id; None when cancelled or refused (``history.refused`` says
    why). The snapshot only reads, so a cancelled one leaves nothing behind.
    """
    snapshot, cancelled = run_with_progress(
        parent,
        "Start review",
        "Taking the snapshot: KPIs, SLA breaches, budgets, risks and milestones…",
        lambda progress: compute_snapshot(store, scope, held_on, progress),
    )
    if cancelled or snapshot is None:
        return None
    operation = StartReview(scope, held_on, title, snapshot=snapshot)
    if not history.perform(operation):
        return None
    return operation.review_id


def start_planned(
    parent: QWidget | None,
    store: Store,
    history: EditHistory,
    review_id: int,
    held_on: date,
    title: str,
) -> int | None:
    """Start a planned review: its snapshot (off the GUI thread) as of ``held_on``, then
    :class:`~sdm_workbench.operations.reviews.TakeSnapshot` as one undo step."""
    with store.session() as session:
        scope = review_scope(session, review_id)
    snapshot, cancelled = run_with_progress(
        parent,
        "Start review",
        "Taking the snapshot: KPIs, SLA breaches, budgets, risks and milestones…",
        lambda progress: compute_snapshot(store, scope, held_on, progress, review_id),
    )
    if cancelled or snapshot is None:
        return None
    if not history.perform(TakeSnapshot(review_id, held_on, title, snapshot=snapshot)):
        return None
    return review_id
