"""Planning a template's read rows: match them to stored rows of the parent, plan adds and
field-by-field updates (each checked by the domain's validation), the new people they name,
and links among the tasks they add."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy.orm import Session

from ...domain.errors import DomainError
from ...domain.kinds import kind
from ...domain.labels import column_label
from ...domain.validation import validate
from ...store.repository import RowSnapshot, find_by_code, list_rows
from ..errors import CellIssue
from ..plan import FieldChange, RowAdd, RowRef, RowUpdate
from .fields import RAID, TASK
from .people import PERSON, People, person_key
from .rows import SourceRow

if TYPE_CHECKING:  # plan.py imports this module
    from .plan import Parent, TemplatePlan


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
        self,
        session: Session,
        parent: Parent,
        plan: TemplatePlan,
        issues: list[CellIssue],
        people: People,
    ) -> None:
        self.session = session
        self.parent = parent
        self.plan = plan
        self.issues = issues
        self.people = people
        self.claimed: set[int] = set()

    def add_people(self) -> None:
        """Plan the new people the planned rows link to, each once, before the rows."""
        planned = [a.values for a in self.plan.adds] + [u.values for u in self.plan.updates]
        named = (v.get(f"{p}_name") for v in planned for p in PEOPLE_FIELDS)
        keys = dict.fromkeys(person_key(str(n)) for n in named if n)
        adds = [self.people.new[k] for k in keys]
        for add in adds:
            self._check(add.ref, PERSON, dict(add.values), None)
        self.plan.adds[:0] = adds

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
        checks = _checkable(values)  # a new person's name is checked as the person
        if kind(target).code_column:
            checks["code"] = "NEW-1"
        if not self._check(ref, target, checks, None):
            return None
        self.plan.adds.append(RowAdd(ref, values))
        return ref

    def _update(self, ref: RowRef, target: str, row: SourceRow, stored: RowSnapshot) -> None:
        ref = RowRef(target, ref.sheet, ref.row, stored.id, stored.code() or ref.label, ref.columns)
        changes: list[FieldChange] = []
        values: dict[str, Any] = {}
        for key, new in row.values.items():
            person = key.removesuffix("_name") + "_id"
            if key != person and person in stored.values:  # a person the import adds
                old = self.people.shown(stored[person])
                change = FieldChange(
                    person, column_label(person), old or None, new, ref.issue(key, "")
                )
                changes.append(change)
                values[key] = new
                continue
            if key in ("sort_order", "code") or key not in stored.values:
                continue
            old = stored[key]
            if getattr(old, "value", old) == getattr(new, "value", new):
                continue
            shown = (old, new)
            if key.removesuffix("_id") in PEOPLE_FIELDS:  # names, not ids, in the preview
                shown = (self.people.shown(old) or None, self.people.shown(new))
            changes.append(FieldChange(key, column_label(key), *shown, ref.issue(key, "")))
            values[key] = new
        checks = _checkable(values)
        if changes and self._check(ref, target, checks, dict(stored.values)):
            self.plan.updates.append(RowUpdate(ref, stored.version, tuple(changes), values))


PEOPLE_FIELDS = ("owner", "assignee")


def _checkable(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` without the names of people the import adds (they do not exist yet)."""
    return {k: v for k, v in values.items() if k.removesuffix("_name") not in PEOPLE_FIELDS}
