"""One workbook row into the plan: cells parsed and checked by the domain, references resolved.

A reference names an existing row (by code, name or uid) or a row added by the same import
(by code or, for people, by name); the latter is handed to the operation as ``service_code``
or ``owner_name`` and resolved when the rows before it have been added.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ..domain.coerce import CoercionError, coerce_value
from ..domain.errors import DomainError
from ..domain.kinds import kind
from ..domain.labels import column_label
from ..domain.validation import validate
from .errors import CellIssue
from .labels import Labels
from .plan import Conflict, FieldChange, ImportPlan, RowAdd, RowDelete, RowRef, RowUpdate
from .schema import RefBy, Role, SheetColumn, SheetSpec
from .values import domain_input, export_value

PENDING = -1  # stands for the id of a row this import adds, while checking a row
Pending = dict[tuple[str, RefBy], set[str]]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, date) and isinstance(b, date):
        return a == b
    if isinstance(a, str) and isinstance(b, str):
        return a.strip() == b.strip()
    return bool(a == b)


class RowPlanner:
    """Adds, updates, deletes and conflicts of one sheet's rows."""

    def __init__(
        self,
        session: Session,
        labels: Labels,
        spec: SheetSpec,
        title: str,
        plan: ImportPlan,
        pending: Pending,
        issues: list[CellIssue],
    ) -> None:
        self.session = session
        self.labels = labels
        self.spec = spec
        self.title = title
        self.plan = plan
        self.pending = pending
        self.issues = issues
        self.kind = kind(spec.kind)
        self.columns: dict[str, int] = {}  # stored column -> 1-based sheet column

    def ref(self, number: int, label: str, row_id: int | None = None) -> RowRef:
        return RowRef(self.spec.kind, self.title, number, row_id, label, dict(self.columns))

    def _refuse(self, ref: RowRef, error: DomainError) -> None:
        self.issues += [ref.issue(p.field, p.message) for p in error.problems]

    def stored_form(self, column: SheetColumn, row: Mapping[str, Any]) -> Any:
        """A stored value as the sheet shows it (the code of a reference, percent as 0..1)."""
        value = row[column.key]
        if column.role is Role.REF:
            assert column.ref_kind is not None and column.ref_by is not None
            return (
                None
                if value is None
                else self.labels.by_id(column.ref_kind, column.ref_by).get(value)
            )
        return export_value(column, value)

    def parse(self, column: SheetColumn, value: Any, ref: RowRef) -> tuple[str, Any, Any] | None:
        """(operation key, operation value, value to check) of a cell; None after an issue."""
        if column.role is Role.REF:
            return self._reference(column, value, ref)
        try:
            typed = coerce_value(self.kind.table.c[column.key], domain_input(column, value))
        except CoercionError as exc:
            self.issues.append(ref.issue(column.key, str(exc)))
            return None
        return column.key, typed, typed

    def _reference(
        self, column: SheetColumn, value: Any, ref: RowRef
    ) -> tuple[str, Any, Any] | None:
        assert column.ref_kind is not None and column.ref_by is not None
        target = kind(column.ref_kind)
        text = "" if value is None else str(value).strip()
        if not text:
            return column.key, None, None
        ids = self.labels.ids_of(column.ref_kind, column.ref_by, text)
        if len(ids) == 1:
            return column.key, ids[0], ids[0]
        if len(ids) > 1:
            message = (
                f"{len(ids)} {target.plural.lower()} are called {text!r}; "
                "give them different names in the workbench first."
            )
            self.issues.append(ref.issue(column.key, message))
            return None
        if text in self.pending.get((column.ref_kind, column.ref_by), set()):
            suffix = "_code" if column.ref_by is RefBy.CODE else "_name"
            return column.key.removesuffix("_id") + suffix, text, PENDING
        what = {RefBy.CODE: "code", RefBy.NAME: "name", RefBy.UID: "uid"}[column.ref_by]
        self.issues.append(ref.issue(column.key, f"Unknown {target.noun} {what} {text!r}."))
        return None

    def update(
        self,
        number: int,
        cells: Mapping[str, Any],
        current: Mapping[str, Any],
        label: str,
        exported_version: int | None,
    ) -> None:
        """Plan the edits of one matched row (a conflict when the row moved since the export)."""
        ref = self.ref(number, label, int(current["id"]))
        changes: list[FieldChange] = []
        values: dict[str, Any] = {}
        checks: dict[str, Any] = {}
        for key, new in cells.items():
            column = self.spec.column(key)
            old = self.stored_form(column, current)
            if _same(new, old) if new is not None and old is not None else new is old:
                continue
            parsed = self.parse(column, new, ref)
            if parsed is None:
                continue
            op_key, op_value, checked = parsed
            if op_key == key and (
                _same(checked, current[key]) if checked is not None else current[key] in (None, "")
            ):
                continue  # the same once cleaned ("Open" for open, trailing spaces)
            if checked is None and not self.kind.table.c[key].nullable:
                self.issues.append(ref.issue(key, f"{column_label(key)} may not be empty."))
                continue
            field = column.role is Role.FIELD
            shown_old = domain_input(column, old) if column.percent else old
            changes.append(
                FieldChange(
                    key, column.header, shown_old, checked if field else new, ref.issue(key, "")
                )
            )
            values[op_key] = op_value
            checks[key] = checked
        if not changes:
            return
        try:
            validate(self.kind.name, checks, existing=current)
        except DomainError as exc:
            self._refuse(ref, exc)
            return
        version = int(current["version"])
        update = RowUpdate(ref, version, tuple(changes), values)
        if exported_version is not None and exported_version != version:
            fields = ", ".join(c.header for c in changes)
            reason = (
                f"changed in the workbench since the export (version {exported_version} -> "
                f"{version}) and edited in the workbook ({fields}); not applied"
            )
            self.plan.conflicts.append(Conflict(ref, reason, exported_version, version, update))
        else:
            self.plan.updates.append(update)

    def add(self, number: int, cells: Mapping[str, Any], uid: str) -> None:
        """Plan a new row (with the given uid, if any)."""
        code_column, title_column = self.kind.code_column, self.kind.title_column
        label = cells.get(code_column or "") or cells.get(title_column or "") or "(new)"
        ref = self.ref(number, str(label))
        values: dict[str, Any] = {"uid": uid} if uid else {}
        checks: dict[str, Any] = {}
        failed = False
        for key, new in cells.items():
            if new is None:
                continue  # defaults apply
            parsed = self.parse(self.spec.column(key), new, ref)
            if parsed is None:
                failed = True
                continue
            op_key, op_value, checked = parsed
            if op_value is not None:
                values[op_key] = op_value
                checks[key] = checked
        if failed:
            return
        automatic = self.kind.code_prefix is not None or self.kind.name == "raid_item"
        if code_column and automatic and not checks.get(code_column):
            checks[code_column] = "NEW-1"  # the operation gives the next free code
        try:
            validate(self.kind.name, checks)
        except DomainError as exc:
            self._refuse(ref, exc)
            return
        if code_column and values.get(code_column):
            code = str(checks[code_column])
            taken = self.pending.setdefault((self.kind.name, RefBy.CODE), set())
            if code in taken or self.labels.ids_of(self.kind.name, RefBy.CODE, code):
                message = f"{self.kind.label} code {code} is already used by another row."
                self.issues.append(ref.issue(code_column, message))
                return
            taken.add(code)
        if self.kind.name == "person" and checks.get("name"):
            self.pending.setdefault(("person", RefBy.NAME), set()).add(str(checks["name"]))
        self.plan.adds.append(RowAdd(ref, values))

    def deleted_since(self, number: int, uid: str, exported_version: int) -> None:
        """An edited row whose stored row was deleted in the workbench since the export."""
        ref = self.ref(number, uid[:8])
        reason = "deleted in the workbench since the export; not added again"
        self.plan.conflicts.append(Conflict(ref, reason, exported_version, None))

    def delete(self, row_id: int, label: str, exported_version: int, version: int) -> None:
        """An exported row missing from its sheet (``--delete-missing``)."""
        ref = RowRef(self.spec.kind, self.title, 0, row_id, label)
        if exported_version != version:
            reason = "missing from the workbook but changed in the workbench since; not deleted"
            self.plan.conflicts.append(Conflict(ref, reason, exported_version, version))
        else:
            self.plan.deletes.append(RowDelete(ref))
