"""The list of reviews on the Reviews screen: newest first, with a one-line scope summary.

Rows are read as plain :class:`ReviewRow` values in one short session; the model holds them
and nothing else (no session, no ORM object). A filter narrows it by code, title or scope.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget
from sqlalchemy.orm import Session

from ...store import repository as repo
from ..headed_model import HeadedTableModel

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Code", "Date", "Title", "Status", "Scope")
WIDTHS = (72, 90, 200, 80)  # the scope takes the rest
SHOWN_IN_SCOPE = 3  # the summary names this many subjects, then "+N more"


@dataclass(frozen=True)
class ReviewRow:
    """One review as the list shows it."""

    id: int
    code: str
    title: str
    held_on: date
    status: str
    scope: tuple[str, ...]  # customer names, then service and project codes and names
    has_snapshot: bool

    @property
    def scope_text(self) -> str:
        shown = ", ".join(_short(label) for label in self.scope[:SHOWN_IN_SCOPE])
        more = len(self.scope) - SHOWN_IN_SCOPE
        return f"{shown} +{more} more" if more > 0 else shown or "(no scope)"

    @property
    def status_text(self) -> str:
        # A planned review has no snapshot by nature; any other without one is worth a word.
        plain = self.has_snapshot or self.status == "planned"
        return self.status if plain else f"{self.status} (no snapshot)"

    @property
    def label(self) -> str:
        return f"{self.code} \u2013 {self.held_on.isoformat()} \u2013 {self.title}"


def _short(label: str) -> str:
    """A service or project by its code alone (the tooltip has the names); a customer by name."""
    return label.split(" ", 1)[0] if label[:4] in ("SVC-", "PRJ-") else label


def _text(value: Any) -> str:
    return str(getattr(value, "value", value))


def read_reviews(session: Session) -> list[ReviewRow]:
    """Every review, newest first (by date, then by id), with its scope summarised."""
    labels = {
        kind_name: {r.id: r for r in repo.list_rows(session, kind_name)}
        for kind_name in ("service", "project", "customer")
    }
    scopes: dict[int, list[str]] = {}
    for item in repo.list_rows(session, "review_scope"):
        names = scopes.setdefault(item["review_id"], [])
        for column, kind_name in (
            ("customer_id", "customer"),
            ("service_id", "service"),
            ("project_id", "project"),
        ):
            row = labels[kind_name].get(item[column]) if item[column] is not None else None
            if row is not None:
                code = row.get("code")
                plain = kind_name == "customer" or not code
                names.append(str(row["name"]) if plain else f"{code} {row['name']}")
    taken = {r["review_id"] for r in repo.list_rows(session, "snapshot")}
    rows = [
        ReviewRow(
            r.id,
            str(r["code"]),
            str(r["title"]),
            r["held_on"],
            _text(r["status"]),
            tuple(sorted(scopes.get(r.id, []), key=_scope_order)),
            r.id in taken,
        )
        for r in repo.list_rows(session, "review")
    ]
    return sorted(rows, key=lambda r: (r.held_on, r.id), reverse=True)


def _scope_order(label: str) -> tuple[int, str]:
    """Customers first (they name the meeting), then services, then projects."""
    return ({"SVC-": 1, "PRJ-": 2}.get(label[:4], 0), label)


class ReviewListModel(HeadedTableModel):
    """The reviews, filtered by a text; ``review_id(row)`` maps a row back to its review."""

    headers = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[ReviewRow] = []
        self._rows: list[ReviewRow] = []
        self._filter = ""

    def set_reviews(self, rows: Sequence[ReviewRow]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._rows = self._filtered()
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        self.beginResetModel()
        self._filter = text.strip().casefold()
        self._rows = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[ReviewRow]:
        if not self._filter:
            return list(self._all)
        words = self._filter.split()
        return [
            r
            for r in self._all
            if all(w in " ".join((r.code, r.title, r.status, *r.scope)).casefold() for w in words)
        ]

    @property
    def reviews(self) -> list[ReviewRow]:
        """Every review read (the filter does not apply)."""
        return list(self._all)

    def review(self, row: int) -> ReviewRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, review_id: int) -> int:
        """The row showing ``review_id``, or -1 when it is filtered out or gone."""
        return next((n for n, r in enumerate(self._rows) if r.id == review_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        review, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            values: tuple[Any, ...] = (
                review.code,
                QDate(review.held_on),  # a QDate, never a Python date (STYLE pitfalls)
                review.title,
                review.status_text,
                review.scope_text,
            )
            return values[column] if 0 <= column < len(values) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == len(HEADERS) - 1:
                return "\n".join(review.scope) or "No scope"
            if not review.has_snapshot:
                return f"{review.label}\nNo snapshot yet: no agenda to show."
            return review.label
        if role == Qt.ItemDataRole.UserRole:
            return review.id
        return None


class ReviewListView(QTableView):
    """The list's table: whole rows, several at once (two to compare), read-only."""

    def __init__(self, model: ReviewListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewsList")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(WIDTHS):
            self.setColumnWidth(column, width)
