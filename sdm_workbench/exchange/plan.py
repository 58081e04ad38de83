"""An import plan (adds, field-by-field updates, deletes, conflicts) and applying it as one step.

The plan is plain data for a preview dialog or ``--dry-run``. :func:`apply_plan` turns it
into one :class:`~sdm_workbench.operations.Macro` run in one transaction: one undo step,
and nothing changes when any row is refused (the message names the cell).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from ..domain.errors import DomainError
from ..operations import CreateRow, DeleteRows, Macro, Operation, UpdateRow, run
from ..store import Store
from .errors import CellIssue, ExchangeError
from .schema import SHEET_TITLES
from .values import show

Op = TypeVar("Op", bound=Operation)


@dataclass(frozen=True)
class FieldChange:
    """One cell that differs from the stored value: ``old`` and ``new`` as the sheet shows them."""

    column: str
    header: str
    old: Any
    new: Any
    cell: CellIssue  # where it is (message empty)

    def __str__(self) -> str:
        return f"{self.header} {show(self.old)} -> {show(self.new)}"


@dataclass(frozen=True)
class RowRef:
    """A workbook row and the stored row it stands for (``row_id`` None for a new row)."""

    kind: str
    sheet: str
    row: int  # 1-based row in the sheet; 0 when the row is not in the workbook (a delete)
    row_id: int | None
    label: str
    columns: Mapping[str, int] = field(default_factory=dict)  # stored column -> sheet column

    def issue(self, column: str, message: str) -> CellIssue:
        return CellIssue(self.sheet, self.row, self.columns.get(column, 0), message)

    def __str__(self) -> str:
        where = f"{self.sheet} row {self.row}" if self.row else self.sheet
        return f"{where} {self.label}".rstrip()


@dataclass(frozen=True)
class RowAdd:
    ref: RowRef
    values: Mapping[str, Any]  # as CreateRow takes them (references by id, code or name)


@dataclass(frozen=True)
class RowUpdate:
    ref: RowRef
    version: int  # the stored version the changes were planned against
    changes: tuple[FieldChange, ...]
    values: Mapping[str, Any]  # as UpdateRow takes them


@dataclass(frozen=True)
class RowDelete:
    ref: RowRef


@dataclass(frozen=True)
class Conflict:
    """A row edited in the workbook (or deleted from it) and changed in the workbench since."""

    ref: RowRef
    reason: str
    exported_version: int
    current_version: int | None  # None: the row was deleted in the workbench
    update: RowUpdate | None = None  # what applying anyway would do


@dataclass
class ImportPlan:
    """What importing a workbook would change; apply it with :func:`apply_plan`."""

    source: Path
    adds: list[RowAdd] = field(default_factory=list)
    updates: list[RowUpdate] = field(default_factory=list)
    deletes: list[RowDelete] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # the sheets that were read

    @property
    def is_empty(self) -> bool:
        """Nothing to apply (conflicts are never applied silently)."""
        return not (self.adds or self.updates or self.deletes)

    @property
    def changed_fields(self) -> int:
        return sum(len(u.changes) for u in self.updates)

    def headline(self) -> str:
        return (
            f"{self.source.name}: {len(self.adds)} to add, {self.changed_fields} field(s) in "
            f"{len(self.updates)} row(s) to change, {len(self.deletes)} to delete, "
            f"{len(self.conflicts)} conflict(s)."
        )

    def summary(self, limit: int = 200) -> str:
        """The plan as text, one line per row (at most ``limit`` lines per section)."""
        lines = [self.headline()]
        lines += _section("Add", [str(a.ref) for a in self.adds], limit)
        lines += _section(
            "Change",
            [f"{u.ref}: " + "; ".join(str(c) for c in u.changes) for u in self.updates],
            limit,
        )
        lines += _section("Delete", [str(d.ref) for d in self.deletes], limit)
        lines += _section("Conflict", [f"{c.ref}: {c.reason}" for c in self.conflicts], limit)
        lines += [f"Note: {note}" for note in self.notes]
        return "\n".join(lines)


def _section(verb: str, items: list[str], limit: int) -> list[str]:
    shown = [f"  {verb} {item}" for item in items[:limit]]
    if len(items) > limit:
        shown.append(f"  ... and {len(items) - limit} more to {verb.lower()}")
    return shown


class LocatedOperation(Operation):
    """An operation for one workbook row: its refusal names the row's cells."""

    def __init__(self, operation: Operation, ref: RowRef) -> None:
        self.operation = operation
        self.ref = ref
        self.label = operation.label

    def apply(self, session: Session) -> None:
        try:
            self.operation.apply(session)
            self.label = self.operation.label  # names the row once it is known
        except ExchangeError:
            raise
        except DomainError as exc:
            raise ExchangeError([self.ref.issue(p.field, p.message) for p in exc.problems]) from exc

    def revert(self, session: Session) -> None:
        self.operation.revert(session)


_ORDER = {name: i for i, name in enumerate(SHEET_TITLES)}


def build_macro(plan: ImportPlan, *, overwrite_conflicts: bool = False) -> Macro:
    """The plan as one Macro: adds (referenced kinds first), updates, then deletes."""
    operations: list[Operation] = []
    for add in sorted(plan.adds, key=lambda a: _ORDER[a.ref.kind]):
        operations.append(LocatedOperation(CreateRow(add.ref.kind, add.values), add.ref))
    updates = list(plan.updates)
    if overwrite_conflicts:
        updates += [c.update for c in plan.conflicts if c.update is not None]
    for update in updates:
        ref = update.ref
        assert ref.row_id is not None
        operation = UpdateRow(ref.kind, ref.row_id, update.values, update.version)
        operations.append(LocatedOperation(operation, ref))
    by_kind: dict[str, list[RowDelete]] = {}
    for delete in plan.deletes:
        by_kind.setdefault(delete.ref.kind, []).append(delete)
    # Children before parents: what a parent's delete cascades to is gone already.
    for kind_name in sorted(by_kind, key=lambda k: -_ORDER[k]):
        deletes = by_kind[kind_name]
        ids = [d.ref.row_id for d in deletes if d.ref.row_id is not None]
        ref = RowRef(kind_name, deletes[0].ref.sheet, 0, None, "")
        operations.append(LocatedOperation(DeleteRows(kind_name, ids), ref))
    return Macro(f"Import {plan.source.name}", operations)


def apply_plan(store: Store, plan: ImportPlan, *, overwrite_conflicts: bool = False) -> Macro:
    """Apply ``plan`` in one transaction and return the Macro (for an undo stack).

    Raises ExchangeError naming the cell when any row is refused; then nothing changed.
    Conflicting rows are left alone unless ``overwrite_conflicts``.
    """
    return apply_refusing(store, build_macro(plan, overwrite_conflicts=overwrite_conflicts))


def apply_refusing(store: Store, operation: Op) -> Op:
    """Run ``operation`` in one transaction; a refusal becomes an ExchangeError (nothing
    changed), so every import reports it the same way (``file: message``)."""
    try:
        run(store, operation)
    except ExchangeError:
        raise
    except DomainError as exc:
        raise ExchangeError([CellIssue("", 0, 0, p.message) for p in exc.problems]) from exc
    return operation
