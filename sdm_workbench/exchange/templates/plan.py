"""A foreign template into the same import plan our round-trip import uses.

Rows go to one project or service. A row whose ID is one of our codes updates that row; a
row with the same name as a stored row of the same parent (RAID items: same type and
title) updates it too, so importing the same template twice changes nothing. Everything
else is an add, and so is each person an owner or assignee cell names whom the workbench
does not know (once, see ``people.py``). Applying is one Macro (one transaction, one undo
step): the new people, the plan's adds and updates, then :class:`LinkTasks` for sub-task
parents and predecessors among the new tasks. Every value is checked by the domain's
validation while planning; one bad cell refuses the whole workbook, naming the cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from ...operations import CreateRow, Macro, Operation, UpdateRow
from ...store import Store
from ...store.repository import find_by_code
from ..errors import CellIssue, ExchangeError
from ..plan import ImportPlan, LocatedOperation, RowRef, apply_refusing, build_macro
from ..reader import WorkbookReader
from .detect import detect_mapping, is_foreign
from .fields import RAID, TARGET_LABELS, TASK
from .mapping import TemplateMapping
from .people import PERSON, People
from .planner import Planner
from .rows import SheetReader

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

    @property
    def new_people(self) -> list[str]:
        """The names of the people this import adds."""
        return [str(a.values["name"]) for a in self.adds if a.ref.kind == PERSON]

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
            people = People.load(session)
            planner = Planner(session, parent, plan, issues, people)
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
            planner.add_people()
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
    return apply_refusing(store, macro)
