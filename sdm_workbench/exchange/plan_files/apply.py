"""Applying a planned plan file as ONE step: the project (and its calendar), new people, tasks
(parents before children) and dependencies in one transaction, undone in one step. Any
refusal at apply time rolls everything back, naming the row it stopped at.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...domain.errors import DomainError
from ...operations import CreateRow, Operation, UpdateRow
from ...operations.plan import PlanOperation
from ...store import Store
from ...store.repository import get, list_rows
from ..errors import CellIssue, ExchangeError
from ..plan import apply_refusing
from .calendar_rows import calendar_values, closed_day_values
from .importer import PlanImport


class ImportPlanFile(PlanOperation):
    """The whole plan as one step: project, people, tasks and dependencies; undone at once."""

    def __init__(self, plan: PlanImport) -> None:
        super().__init__()
        self.plan = plan
        self.label = f"Import plan {plan.source.name}"
        self.project_id: int | None = plan.project_id
        self.project_code: str | None = plan.project.get("code")

    def _build(self, session: Session) -> list[Operation]:
        plan = self.plan
        steps: list[Operation] = []

        def step(operation: CreateRow | UpdateRow, what: str) -> int:
            try:
                operation.apply(session)
            except DomainError as exc:
                raise ExchangeError(
                    [CellIssue("", 0, 0, f"{what}: {p.message}") for p in exc.problems]
                ) from exc
            steps.append(operation)
            assert operation.row_id is not None
            return operation.row_id

        calendar_id: int | None = None
        if plan.calendar is not None:  # first, so a new project is created linked to it
            values = calendar_values(plan.calendar, plan.project["name"])
            calendar_id = step(CreateRow("calendar", values), "Calendar")
            for closed in closed_day_values(plan.calendar, calendar_id):
                step(CreateRow("closed_day", closed), f"Holiday {closed['day']}")
        if self.project_id is None:
            project = {**plan.project, "calendar_id": calendar_id}
            self.project_id = step(CreateRow("project", project), "Project")
            created = get(session, "project", self.project_id)
            self.project_code = None if created is None else created["code"]
        elif list_rows(session, "task", where={"project_id": self.project_id}, limit=1):
            raise ExchangeError(f"Project {self.project_code} got tasks in the meantime.")
        elif calendar_id is not None:
            step(UpdateRow("project", self.project_id, {"calendar_id": calendar_id}), "Project")
        people = {
            name: step(CreateRow("person", {"name": name}), f"New person {name!r}")
            for name in plan.new_people
        }
        ids: dict[str, int] = {}
        names = {t.key: t.name for t in plan.plan.tasks}
        for order, row in enumerate(plan.tasks, start=1):
            values = {
                **row.values, "project_id": self.project_id, "sort_order": order,
                "parent_id": ids.get(row.parent) if row.parent else None,
                "assignee_id": people[row.new_assignee] if row.new_assignee else row.assignee_id,
            }  # fmt: skip
            ids[row.key] = step(CreateRow("task", values), f"Task {names[row.key]!r}")
        for pred, succ, kind_text, lag in plan.links:
            link = {"predecessor_id": ids[pred], "successor_id": ids[succ], "type": kind_text,
                    "lag_days": lag}  # fmt: skip
            step(CreateRow("dependency", link), f"Link {names[pred]!r} → {names[succ]!r}")
        return steps


def apply_plan_file(store: Store, plan: PlanImport) -> ImportPlanFile:
    """Apply ``plan`` in one transaction (one undo step); ExchangeError, nothing changed."""
    operation = ImportPlanFile(plan)
    return apply_refusing(store, operation)
