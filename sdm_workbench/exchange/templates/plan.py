"""A foreign template into the same import plan our round-trip import uses.

Rows go to one project or service. A row whose ID is one of our codes updates that row; a
row with the same name as a stored row of the same parent (RAID items: same type and
title) updates it too, so importing the same template twice changes nothing. Everything
else is an add. Applying is one Macro (one transaction, one undo step): the plan's adds
and updates, then :class:`LinkTasks` for sub-task parents and predecessors among the new
tasks. Every value is checked by the domain's validation while planning; one bad cell
refuses the whole workbook, naming the cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from ...domain.errors import DomainError
from ...domain.kinds import kind
from ...domain.labels import column_label
from ...domain.validation import validate
from ...operations import CreateRow, Macro, Operation, UpdateRow, run
from ...store import Store
from ...store.repository import RowSnapshot, find_by_code, list_rows
from ..errors import CellIssue, ExchangeError
from ..plan import FieldChange, ImportPlan, LocatedOperation, RowAdd, RowRef, RowUpdate, build_macro
from ..reader import WorkbookReader
from .detect import detect_mapping, is_foreign
from .fields import RAID, TARGET_LABELS, TASK
from .mapping import TemplateMapping
from .rows import SheetReader, SourceRow

MAX_ISSUES = 50
Progress = Callable[[str, int], bool]


@dataclass(frozen=True)
class Parent:
    """Where the rows go: ``kind`` is "project" or "service"."""

    kind: str
    id: int
    code: str

    @property
    def column(self) -> str:
        return f"{self.kind}_id"


@dataclass
class TemplatePlan(ImportPlan):
    """An import plan plus the mapping it came from and links among the tasks it adds."""

    mapping: TemplateMapping = field(default_factory=TemplateMapping)
    parents: list[tuple[RowRef, RowRef]] = field(default_factory=list)  # (child, parent)
    links: list[tuple[RowRef, RowRef, str, int]] = field(default_factory=list)  # pred, succ

    def summary(self, limit: int = 200) -> str:
        text = super().summary(limit)
        if self.parents or self.links:
            text += (
                f"\n  Link {len(self.parents)} sub-task(s) to their summary task and "
                f"{len(self.links)} predecessor(s)"
            )
        return text


def find_parent(store: Store, project: str | None, service: str | None) -> Parent:
    """The project or service named by code; ExchangeError when unknown or both/neither."""
    if bool(project) == bool(service):
        raise ExchangeError("Give the rows a home: --project CODE or --service CODE (one).")
    kind_name, code = ("project", project) if project else ("service", service)
    assert code is not None
    with store.session() as session:
        found = find_by_code(session, kind_name, code.strip())
    if found is None:
        raise ExchangeError(f"Unknown {kind_name} code {code!r}.")
    return Parent(kind_name, found.id, code.strip())


def foreign_workbook(path: str | Path) -> bool:
    """True when ``path`` is somebody else's template, not one of our exports."""
    reader = WorkbookReader(path)
    try:
        return is_foreign(reader)
    finally:
        reader.close()


def _people(session: Session) -> dict[str, int]:
    names: dict[str, list[int]] = {}
    for person in list_rows(session, "person"):
        names.setdefault(str(person["name"]).strip().casefold(), []).append(person.id)
    return {name: ids[0] for name, ids in names.items() if len(ids) == 1}


def plan_template(
    store: Store,
    path: str | Path,
    parent: Parent,
    *,
    mapping: TemplateMapping | None = None,
    saved: TemplateMapping | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> TemplatePlan:
    """Plan importing the template at ``path`` into ``parent``; ExchangeError when refused.

    ``mapping`` (as corrected in the dialog) wins over ``saved`` (a mapping saved by name),
    which wins over detection.
    """
    reader = WorkbookReader(path)
    try:
        if mapping is None:
            mapping = detect_mapping(reader, saved, sheet)
        plan = TemplatePlan(reader.path, mapping=mapping)
        importing = mapping.importing
        for s in mapping.sheets:
            if s.target is None:
                plan.notes.append(f"Sheet {s.sheet!r} skipped: {s.reason}.")
        if not importing:
            reasons = "; ".join(f"sheet {s.sheet!r}: {s.reason}" for s in mapping.sheets)
            raise ExchangeError(
                f"{reader.path.name} holds no rows the workbench imports "
                f"({', '.join(TARGET_LABELS.values())}): {reasons}."
            )
        issues: list[CellIssue] = []
        read = 0
        with store.session() as session:
            people = _people(session)
            planner = Planner(session, parent, plan, issues)
            for s in importing:
                if s.target == TASK and parent.kind != "project":
                    raise ExchangeError(
                        f"Sheet {s.sheet!r} holds tasks, which belong to a project: "
                        "use --project CODE."
                    )
                source = SheetReader(s, reader.rows(s.sheet), people).read()
                issues += source.issues
                read += len(source.rows)
                for reason, count in source.skipped.items():
                    plan.notes.append(f"Sheet {s.sheet!r}: {count} row(s) skipped: {reason}.")
                planner.sheet(s.sheet, s.target or "", source.rows)
                plan.sheets.append(s.sheet)
                if progress is not None and not progress(s.sheet, len(plan.sheets)):
                    from ..errors import Cancelled

                    raise Cancelled()
        if issues:
            raise ExchangeError(issues[:MAX_ISSUES])
        if read == 0:
            titles = ", ".join(repr(s.sheet) for s in importing)
            raise ExchangeError(
                f"{reader.path.name} is an empty template: {titles} "
                f"{'has' if len(importing) == 1 else 'have'} the headers of "
                f"{TARGET_LABELS[importing[0].target or RAID]} but no filled rows "
                "(only pre-numbered IDs, or nothing, below the header)."
            )
        return plan
    finally:
        reader.close()


def _working_days(start: date, finish: date) -> int:
    return int(np.busday_count(start, finish + timedelta(days=1))) or 1


def complete_task(values: dict[str, Any]) -> None:
    """Start, finish and duration from what the row gave; a milestone takes no days."""
    duration = values.pop("_duration", None)
    start, finish = values.get("start_date"), values.get("finish_date")
    if start and not finish and duration:
        days = max(int(duration) - 1, 0)
        finish = np.busday_offset(start, days, roll="forward").astype(date)
    start, finish = start or finish, finish or start
    values["start_date"], values["finish_date"] = start, finish
    if values.get("is_milestone") or (duration == 0 and start == finish):
        values["is_milestone"], values["duration_days"] = True, 0
    elif start and finish and finish >= start:
        values["duration_days"] = _working_days(start, finish)


class Planner:
    """Matches read rows to stored rows of the parent; plans adds, updates and task links."""

    def __init__(
        self, session: Session, parent: Parent, plan: TemplatePlan, issues: list[CellIssue]
    ) -> None:
        self.session = session
        self.parent = parent
        self.plan = plan
        self.issues = issues
        self.claimed: set[int] = set()

    def _stored(self, target: str) -> list[RowSnapshot]:
        where = {self.parent.column: self.parent.id}
        return [r for r in list_rows(self.session, target, where=where) if r.id not in self.claimed]

    def _match(self, target: str, row: SourceRow) -> RowSnapshot | None:
        if target == RAID and row.ref:
            found = find_by_code(self.session, RAID, row.ref)
            if found is not None and found.get(self.parent.column) == self.parent.id:
                return found
        key = "title" if target == RAID else "name"
        for stored in self._stored(target):
            same = str(stored[key]).strip().casefold() == str(row.values[key]).casefold()
            if same and (target != RAID or stored["type"] == row.values.get("type")):
                return stored
        return None

    def sheet(self, title: str, target: str, rows: list[SourceRow]) -> None:
        refs: list[RowRef | None] = []
        by_template_id: dict[str, RowRef] = {}
        for row in rows:
            if target == TASK:
                row.values["sort_order"] = row.line
                complete_task(row.values)
            label = str(row.values.get("title") or row.values.get("name"))
            ref = RowRef(target, title, row.line, None, label, row.cells)
            stored = self._match(target, row)
            if stored is None:
                refs.append(self._add(ref, target, row))
            else:
                self.claimed.add(stored.id)
                refs.append(None)
                self._update(ref, target, row, stored)
            added = refs[-1]
            if row.ref and added is not None:
                by_template_id[row.ref] = added
        if target != TASK:
            return
        for row, new in zip(rows, refs, strict=True):
            if new is None:
                continue  # a matched row keeps its stored parent and predecessors
            parent_ref = refs[row.parent] if row.parent is not None else None
            if parent_ref is not None:
                self.plan.parents.append((new, parent_ref))
            for pred, kind_text, lag in row.predecessors:
                before = by_template_id.get(pred)
                if before is not None:
                    self.plan.links.append((before, new, kind_text, lag))

    def _check(self, ref: RowRef, target: str, values: dict[str, Any], current: Any) -> bool:
        try:
            validate(target, values, existing=current)
        except DomainError as exc:
            self.issues.extend(ref.issue(p.field, p.message) for p in exc.problems)
            return False
        return True

    def _add(self, ref: RowRef, target: str, row: SourceRow) -> RowRef | None:
        values = {**row.values, self.parent.column: self.parent.id}
        checks = {**values, "code": "NEW-1"} if kind(target).code_column else values
        if not self._check(ref, target, checks, None):
            return None
        self.plan.adds.append(RowAdd(ref, values))
        return ref

    def _update(self, ref: RowRef, target: str, row: SourceRow, stored: RowSnapshot) -> None:
        ref = RowRef(target, ref.sheet, ref.row, stored.id, stored.code() or ref.label, ref.columns)
        changes: list[FieldChange] = []
        values: dict[str, Any] = {}
        for key, new in row.values.items():
            if key in ("sort_order", "code") or key not in stored.values:
                continue
            old = stored[key]
            if getattr(old, "value", old) == getattr(new, "value", new):
                continue
            changes.append(FieldChange(key, column_label(key), old, new, ref.issue(key, "")))
            values[key] = new
        if changes and self._check(ref, target, values, dict(stored.values)):
            self.plan.updates.append(RowUpdate(ref, stored.version, tuple(changes), values))


class LinkTasks(Operation):
    """Sub-task parents and predecessors among tasks the same import adds (ids known then)."""

    def __init__(self, plan: TemplatePlan, created: dict[int, CreateRow]) -> None:
        self.plan = plan
        self.created = created  # id(RowRef) -> its CreateRow
        self.label = "Link imported tasks"
        self.steps: list[Operation] | None = None

    def _id(self, ref: RowRef) -> int:
        row_id = self.created[id(ref)].row_id
        assert row_id is not None, "the task is added before it is linked"
        return row_id

    def apply(self, session: Session) -> None:
        if self.steps is None:  # built once: redo replays the very same steps
            self.steps = [
                UpdateRow(TASK, self._id(child), {"parent_id": self._id(parent)})
                for child, parent in self.plan.parents
            ]
            self.steps += [
                CreateRow(
                    "dependency",
                    {
                        "predecessor_id": self._id(a),
                        "successor_id": self._id(b),
                        "type": kind_text,
                        "lag_days": lag,
                    },
                )
                for a, b, kind_text, lag in self.plan.links
            ]
        for step in self.steps:
            step.apply(session)

    def revert(self, session: Session) -> None:
        for step in reversed(self.steps or []):
            step.revert(session)


def template_macro(plan: TemplatePlan) -> Macro:
    """The plan as one Macro: adds, updates, then the links among added tasks."""
    macro = build_macro(plan)
    macro.label = f"Import template {plan.source.name}"
    if plan.parents or plan.links:
        created = {
            id(op.ref): op.operation
            for op in macro.operations
            if isinstance(op, LocatedOperation) and isinstance(op.operation, CreateRow)
        }
        macro.operations.append(LinkTasks(plan, created))
    return macro


def apply_template(store: Store, plan: TemplatePlan) -> Macro:
    """Apply ``plan`` in one transaction; ExchangeError (nothing changed) when refused."""
    macro = template_macro(plan)
    try:
        run(store, macro)
    except ExchangeError:
        raise
    except DomainError as exc:
        raise ExchangeError([CellIssue("", 0, 0, p.message) for p in exc.problems]) from exc
    return macro
