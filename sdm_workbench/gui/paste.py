"""Turning a pasted block of text into one undoable change, or into per-cell reasons why not.

Every cell is read and every row validated (by the domain) before anything is applied; a
single bad cell refuses the whole block, and the message names each bad cell: "Row 3,
Probability: Probability must be between 1 and 5, not 9." Checks that need the database
(unknown codes, concurrent edits) run when the block is applied, in one transaction, and
are named the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ..domain.columns import Column, columns_for
from ..domain.errors import DomainError, Problem
from ..domain.labels import column_label
from ..domain.validation import validate
from ..operations import Macro, Operation, UpdateRow
from .edit_model import EditableRowModel
from .edit_values import text_value


@dataclass(frozen=True)
class Cell:
    """Where one pasted text goes: a table row and a model column."""

    row: int
    column: int
    text: str


def field_header(kind_name: str, field: str) -> str:
    """The table header of a field (``Probability``), for messages."""
    for column in columns_for(kind_name):
        if column.name == field:
            return column.header
    return column_label(field) if field else ""


def placed(kind_name: str, place: str, problem: Problem) -> Problem:
    """A problem prefixed with where it is: ``Row 3, Probability: …``."""
    header = field_header(kind_name, problem.field)
    where = f"{place}, {header}" if header else place
    return Problem(problem.field, f"{where}: {problem.message}")


class PlacedMacro(Macro):
    """A macro of row updates whose refusals say which table row they are about.

    A thin wrapper: the operations are the domain's own ``UpdateRow``s; only the message
    gains the row, as the domain cannot know how the rows are shown.
    """

    def __init__(self, label: str, operations: Sequence[Operation], places: Sequence[str]):
        super().__init__(label, operations)
        self.places = list(places)

    def apply(self, session: Session) -> None:
        for operation, place in zip(self.operations, self.places, strict=True):
            try:
                operation.apply(session)
            except DomainError as exc:
                kind_name = operation.kind.name if isinstance(operation, UpdateRow) else ""
                raise type(exc)([placed(kind_name, place, p) for p in exc.problems]) from exc


@dataclass
class PastePlan:
    """The outcome of reading a block: one operation, or the problems of every bad cell."""

    operation: PlacedMacro | None
    problems: list[Problem]
    first_bad: Cell | None
    cells: int


def _row_changes(
    model: EditableRowModel, cells: list[Cell], place: str
) -> tuple[dict[str, Any], list[Problem], Cell | None]:
    changes: dict[str, Any] = {}
    problems: list[Problem] = []
    first_bad = None
    for cell in cells:
        column: Column = model.columns[cell.column]
        try:
            changes.update(model.changes_for(column, text_value(column, cell.text)))
        except DomainError as exc:
            problems += [placed(model.kind, place, p) for p in exc.problems]
            first_bad = first_bad or cell
    return changes, problems, first_bad


def plan_paste(model: EditableRowModel, cells: Sequence[Cell]) -> PastePlan:
    """Read and validate ``cells``; build one macro of ``UpdateRow``s when all are good."""
    by_row: dict[int, list[Cell]] = {}
    for cell in cells:
        by_row.setdefault(cell.row, []).append(cell)
    operations: list[Operation] = []
    places: list[str] = []
    problems: list[Problem] = []
    first_bad: Cell | None = None
    for row, row_cells in sorted(by_row.items()):
        snap = model.snapshot_at(row)
        if snap is None:
            continue
        place = f"Row {row + 1}"
        changes, row_problems, bad = _row_changes(model, row_cells, place)
        first_bad = first_bad or bad
        plain = {k: v for k, v in changes.items() if k in snap.values}
        clean: dict[str, Any] = {}
        try:
            clean = validate(model.kind, plain, dict(snap.values))
        except DomainError as exc:
            row_problems += [placed(model.kind, place, p) for p in exc.problems]
            if first_bad is None:
                first_bad = _cell_of(model, row_cells, exc.problems) or row_cells[0]
        problems += row_problems
        by_name = len(changes) > len(plain)  # references named by code or title
        if not row_problems and (by_name or any(snap.get(k) != v for k, v in clean.items())):
            operations.append(UpdateRow(model.kind, snap.id, changes, snap.version))
            places.append(place)
    count = len(cells)
    if problems or not operations:
        return PastePlan(None, problems, first_bad, count)
    label = f"Paste {count} cell{'s' if count != 1 else ''}"
    return PastePlan(PlacedMacro(label, operations, places), [], None, count)


def _cell_of(
    model: EditableRowModel, cells: list[Cell], problems: Sequence[Problem]
) -> Cell | None:
    fields = {p.field for p in problems}
    return next((c for c in cells if model.columns[c.column].name in fields), None)
