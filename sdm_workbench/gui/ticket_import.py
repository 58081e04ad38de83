"""File > Import tickets… and Import survey responses…: pick a file and a service, preview, apply.

Planning runs off the GUI thread with progress and Cancel (``run_with_progress``). The
preview shows the column mapping found, how text dates are read (day-first or month-first,
with the sample values that decided it or could not) and the counts: new, updated,
unchanged, refused with reasons. Changing the service or the date order plans again;
Import applies the plan as ONE undo step through ``EditHistory.perform``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QStatusBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import DomainError
from ..domain.labels import column_label
from ..exchange.flat_files import ORDERS
from ..exchange.survey_rows import label as survey_label
from ..exchange.surveys import plan_surveys, survey_macro
from ..exchange.tickets import plan_tickets, ticket_macro
from ..operations import Macro
from ..store import Store
from ..store.repository import list_rows
from .history import EditHistory
from .progress import Progress, run_with_progress
from .ticket_columns import TicketColumns

FILTER = "Exports (*.csv *.xlsx);;All files (*)"
MAX_REASONS = 200  # refused rows listed in the preview; the rest are counted
REPLAN = 2  # dialog result: plan again with the service / date order now chosen


@dataclass(frozen=True)
class Source:
    """What is imported: tickets or survey responses, and how to plan and apply them."""

    key: str
    noun: str  # "tickets", "survey responses"
    plan: Callable[..., Any]
    macro: Callable[[Any], Macro]
    field_label: Callable[[str], str]


TICKETS = Source("tickets", "tickets", plan_tickets, ticket_macro, column_label)
SURVEYS = Source("surveys", "survey responses", plan_surveys, survey_macro, survey_label)


def refusals(source: Source, plan: Any) -> list[str]:
    """Each refused row as ``file:row[:column]: reason``."""
    if source is TICKETS:
        return [f"{plan.file_name}:{line}: {why}" for line, why in plan.skipped_with_reasons]
    return [r.where(plan.file_name) for r in plan.refused]


def counts_text(source: Source, plan: Any) -> str:
    refused = len(refusals(source, plan))
    return (
        f"{plan.read_rows} rows read: {plan.added} new, {plan.updated} updated, "
        f"{plan.unchanged} unchanged, {refused} refused."
    )


class ImportPreview(QDialog):
    """The plan of one file: mapping, date order and counts; the service and order can change."""

    def __init__(
        self,
        parent: QWidget | None,
        source: Source,
        plan: Any,
        services: list[str],
        service: str,
        mapping_name: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recordImportPreview")
        self.setWindowTitle(f"Import {source.noun} from {plan.file_name}")
        self.source, self.plan = source, plan
        self.service = QComboBox(self)
        self.service.setObjectName("serviceCombo")
        self.service.addItems(services)
        self.service.setCurrentIndex(max(0, self.service.findText(service)))
        self.order = QComboBox(self)
        self.order.setObjectName("dateOrderCombo")
        for key, name in ORDERS.items():
            self.order.addItem(name.capitalize(), key)
        found = plan.date_order
        self.order.setCurrentIndex(max(0, self.order.findData(found.order)))
        self.order.setEnabled(found.order is not None)
        self.dates = QLabel(found.describe(), self)
        self.dates.setObjectName("dateOrderLabel")
        self.dates.setWordWrap(True)
        samples = ", ".join(found.ambiguous) or "none"
        self.samples = QLabel(f"Values that read both ways: {samples}", self)
        self.samples.setObjectName("ambiguousLabel")
        self.samples.setWordWrap(True)
        self.samples.setVisible(found.order is not None)
        self.counts = QLabel(counts_text(source, plan), self)
        self.counts.setObjectName("countsLabel")
        self.mapping = QTableWidget(len(plan.columns), 2, self)
        self.mapping.setObjectName("mappingTable")
        self.mapping.setHorizontalHeaderLabels(["Field", "Column in the file"])
        self.mapping.verticalHeader().hide()
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, (field, header) in enumerate(plan.columns.items()):
            self.mapping.setItem(row, 0, QTableWidgetItem(source.field_label(field)))
            self.mapping.setItem(row, 1, QTableWidgetItem(" ".join(str(header).split())))
        self.mapping.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.columns: TicketColumns | None = None
        if source is TICKETS:  # the user can correct the columns and save the mapping
            self.columns = TicketColumns(
                self.mapping, plan.columns, plan.headers, mapping_name,
                lambda: self.done(REPLAN), self.chosen_order,
            )  # fmt: skip
        self.reasons = QListWidget(self)
        self.reasons.setObjectName("refusedList")
        reasons = refusals(source, plan)
        self.reasons.addItems(reasons[:MAX_REASONS])
        if len(reasons) > MAX_REASONS:
            self.reasons.addItem(f"… and {len(reasons) - MAX_REASONS} more.")
        notes = QLabel("\n".join(plan.notes), self)
        notes.setWordWrap(True)
        notes.setVisible(bool(plan.notes))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.apply_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setObjectName("importButton")
        self.apply_button.setEnabled(not plan.is_empty)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Service:", self.service)
        form.addRow("Dates:", self.order)
        form.addRow("", self.dates)
        form.addRow("", self.samples)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Columns found:", self))
        layout.addWidget(self.mapping, 2)
        if self.columns is not None:
            layout.addWidget(self.columns)
        layout.addWidget(self.counts)
        layout.addWidget(notes)
        layout.addWidget(QLabel("Refused rows:", self))
        layout.addWidget(self.reasons, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 560)
        # Another service or date order changes the counts: plan again.
        self.service.currentIndexChanged.connect(lambda _i: self.done(REPLAN))
        self.order.currentIndexChanged.connect(lambda _i: self.done(REPLAN))

    def chosen_service(self) -> str:
        return self.service.currentText()

    def chosen_mapping(self) -> dict[str, str] | None:
        """The columns to plan with (field -> header); None for the built-in names."""
        return (self.columns.mapping() or None) if self.columns is not None else None

    def chosen_mapping_name(self) -> str | None:
        return self.columns.picked if self.columns is not None else None

    def chosen_order(self) -> str | None:
        data = self.order.currentData()
        return str(data) if self.order.isEnabled() and data else None


# --- questions to the user (replaced in tests) -----------------------------------------------
def ask_preview(dialog: ImportPreview) -> int:
    """Show the preview; QDialog.Accepted, Rejected or REPLAN."""
    return dialog.exec()


def _services(store: Store) -> list[str]:
    with store.session() as session:
        return [str(r["code"]) for r in list_rows(session, "service", order_by="code")]


def import_records(
    window: QWidget, store: Store, history: EditHistory, status: QStatusBar, source: Source
) -> bool:
    """Ask for a file, plan it into a service, preview, apply as one undo step; True if applied."""
    from .file_menu import ask_open_path, error_text, tell_error  # file_menu imports us

    title = f"Import {source.noun}"
    services = _services(store)
    if not services:
        tell_error(window, title, f"Create a service first: {source.noun} belong to a service.")
        return False
    path = ask_open_path(window, title, Path.home(), FILTER)
    if path is None:
        return False
    service, order = services[0], None
    mapping: dict[str, str] | None = None
    mapping_name: str | None = None
    while True:
        try:
            plan, cancelled = run_with_progress(
                window, title, f"Reading {path.name}…",
                lambda progress, s=service, o=order, m=mapping: _plan(
                    source, store, path, s, o, progress, m
                ),
            )  # fmt: skip
        except DomainError as exc:  # ExchangeError included: nothing was changed
            tell_error(window, f"{title}: refused", f"{path.name}: nothing was changed.\n\n"
                       f"{error_text(exc)}")  # fmt: skip
            return False
        if cancelled or plan is None:
            status.showMessage("Import cancelled; nothing was changed.", 10_000)
            return False
        dialog = ImportPreview(window, source, plan, services, service, mapping_name)
        answer = ask_preview(dialog)
        service, order = dialog.chosen_service(), dialog.chosen_order()
        mapping, mapping_name = dialog.chosen_mapping(), dialog.chosen_mapping_name()
        dialog.deleteLater()
        if answer == REPLAN:
            continue
        if answer != QDialog.DialogCode.Accepted or plan.is_empty:
            status.showMessage("Import cancelled; nothing was changed.", 10_000)
            return False
        break
    if not history.perform(source.macro(plan)):
        error = history.last_error or DomainError("Refused.")
        tell_error(window, f"{title}: refused", f"Nothing was changed.\n\n{error_text(error)}")
        return False
    status.showMessage(f"Imported {path.name} into {service}: {counts_text(source, plan)}", 10_000)
    return True


def _plan(
    source: Source,
    store: Store,
    path: Path,
    service: str,
    order: str | None,
    progress: Progress,
    mapping: dict[str, str] | None = None,
) -> Any:
    extra = {"mapping": mapping} if source is TICKETS else {}
    return source.plan(
        store, path, service, dates=order, guess_dates=True, progress=progress, **extra
    )
