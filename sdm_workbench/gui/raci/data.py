"""What the RACI matrix shows, read in one session as plain data (Qt-free).

Rows are activities: services, then projects, each followed by its tasks only when the
project is expanded, or when a filter picks some of them (the large demo has 30k tasks; they
are never all read). Columns are teams, then people: those with at least one assignment,
or everyone. Flags are worked out from every assignment, so the count covers the tasks of
collapsed projects too.

Flag rule: a service or a project needs exactly one Accountable; a task needs at most one,
and exactly one once it has any RACI entry (a task without entries falls under its
project's Accountable, the usual practice for work packages).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ...store import queries, rows
from ...store.repository import read_columns

ROLES = ("R", "A", "C", "I")
ROLE_NAMES = {"R": "Responsible", "A": "Accountable", "C": "Consulted", "I": "Informed"}
ACTIVITY_KINDS = ("service", "project", "task")
ASSIGNEE_KINDS = ("team", "person")
MATCHING_TASKS_LIMIT = 2000  # a filter shows at most this many tasks of collapsed projects

Key = tuple[str, int]  # ("service" | "project" | "task" | "team" | "person", id)


@dataclass(frozen=True, slots=True)
class Activity:
    """One row: a service, a project or a task (``depth`` > 0 under its project)."""

    kind: str
    id: int
    label: str
    depth: int = 0
    project_id: int | None = None
    task_count: int = 0  # for a project: how many tasks it has

    @property
    def key(self) -> Key:
        return (self.kind, self.id)


@dataclass(frozen=True, slots=True)
class Assignee:
    """One column: a team or a person."""

    kind: str
    id: int
    label: str
    short: str = ""  # for the column header: a team's name without its code

    @property
    def key(self) -> Key:
        return (self.kind, self.id)


@dataclass(frozen=True, slots=True)
class Entry:
    """One stored assignment (a row of ``raci_assignments``)."""

    id: int
    role: str
    version: int


@dataclass
class Matrix:
    """Everything one refresh read: rows, columns, cells and the flags of every activity."""

    activities: list[Activity]
    assignees: list[Assignee]
    cells: dict[tuple[Key, Key], list[Entry]]
    accountable: dict[Key, list[Key]]  # activity -> assignees holding its A
    flagged: set[Key] = field(default_factory=set)  # every flagged activity, shown or not

    def entries(self, activity: Key, assignee: Key) -> list[Entry]:
        return self.cells.get((activity, assignee), [])


def roles_text(roles: Collection[str]) -> str:
    """``{"A", "R"}`` -> ``"R/A"``: always in R, A, C, I order."""
    return "/".join(r for r in ROLES if r in roles)


def _role(value: Any) -> str:
    return str(getattr(value, "value", value))


def _flags(
    assignments: dict[str, list[Any]], services: Sequence[int], projects: Sequence[int]
) -> tuple[dict[Key, list[Key]], set[Key], set[Key]]:
    accountable: dict[Key, list[Key]] = defaultdict(list)
    with_entries: set[Key] = set()
    for row in zip(*assignments.values(), strict=True):
        values = dict(zip(assignments.keys(), row, strict=True))
        activity = _activity_key(values)
        with_entries.add(activity)
        if _role(values["role"]) == "A":
            accountable[activity].append(_assignee_key(values))
    flagged = {k for k, holders in accountable.items() if len(holders) > 1}
    flagged |= {("service", i) for i in services if not accountable.get(("service", i))}
    flagged |= {("project", i) for i in projects if not accountable.get(("project", i))}
    flagged |= {k for k in with_entries if k[0] == "task" and not accountable.get(k)}
    return dict(accountable), flagged, with_entries


def _activity_key(values: dict[str, Any]) -> Key:
    for name in ACTIVITY_KINDS:
        if values[f"{name}_id"] is not None:
            return (name, int(values[f"{name}_id"]))
    raise ValueError("A RACI entry without an activity")


def _assignee_key(values: dict[str, Any]) -> Key:
    if values["team_id"] is not None:
        return ("team", int(values["team_id"]))
    return ("person", int(values["person_id"]))


def _task_rows(
    session: Session, expanded: Collection[int], extra: Collection[int]
) -> dict[int, list[dict[str, Any]]]:
    """Tasks of the expanded projects plus the ``extra`` tasks, by project id."""
    found = rows.fetch_many(session, "tasks", "project_id", expanded) if expanded else []
    have = {t["id"] for t in found}
    missing = [i for i in extra if i not in have]
    if missing:
        found += rows.fetch_many(session, "tasks", "id", missing)
    by_project: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for task in found:
        by_project[task["project_id"]].append(task)
    return by_project


def _outline(tasks: list[dict[str, Any]], project_id: int) -> list[Activity]:
    """Tasks parents first, siblings by sort order; depth from the parent chain."""
    ids = {t["id"] for t in tasks}
    kids: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for task in tasks:
        kids[task["parent_id"] if task["parent_id"] in ids else None].append(task)
    for siblings in kids.values():
        siblings.sort(key=lambda t: (t["sort_order"], t["id"]))
    result: list[Activity] = []
    stack = [(t, 1) for t in reversed(kids[None])]
    while stack:
        task, depth = stack.pop()
        result.append(Activity("task", task["id"], task["name"], depth, project_id))
        stack.extend((k, depth + 1) for k in reversed(kids[task["id"]]))
    return result


def _matches(label: str, words: Sequence[str]) -> bool:
    text = label.casefold()
    return all(w in text for w in words)


def load_matrix(
    session: Session,
    expanded: Collection[int] = (),
    text: str = "",
    flagged_only: bool = False,
    everyone: bool = False,
) -> Matrix:
    """Read the matrix: ``expanded`` project ids show their tasks; ``text`` filters rows by
    words (tasks of collapsed projects included); ``everyone`` shows people without entries."""
    names = ["id", "role", "version", "person_id", "team_id", "service_id", "project_id",
             "task_id"]  # fmt: skip
    assignments = read_columns(session, "raci", names)
    services = queries.labelled(session, "service")
    projects = queries.labelled(session, "project")
    accountable, flagged, _ = _flags(
        assignments, [i for i, _ in services], [i for i, _ in projects]
    )

    words = text.casefold().split()
    extra: set[int] = set()
    if words:
        extra.update(queries.tasks_named(session, words, MATCHING_TASKS_LIMIT))
    if flagged_only:
        extra.update(i for k, i in flagged if k == "task")
    tasks = _task_rows(session, expanded, extra)
    counts = queries.task_counts(session)

    def keep(activity: Activity) -> bool:
        if flagged_only and activity.key not in flagged:
            return False
        return _matches(activity.label, words)

    activities = [a for a in (Activity("service", i, label) for i, label in services) if keep(a)]
    for project_id, label in projects:
        project = Activity("project", project_id, label, task_count=counts.get(project_id, 0))
        outline = _outline(tasks.get(project_id, []), project_id)
        if words or flagged_only:
            outline = [t for t in outline if keep(t)]
        if keep(project) or outline:
            activities.append(project)
            activities.extend(outline)

    cells: dict[tuple[Key, Key], list[Entry]] = defaultdict(list)
    used: set[Key] = set()
    for row in zip(*assignments.values(), strict=True):
        values = dict(zip(names, row, strict=True))
        assignee = _assignee_key(values)
        used.add(assignee)
        cells[(_activity_key(values), assignee)].append(
            Entry(int(values["id"]), _role(values["role"]), int(values["version"]))
        )
    assignees = [
        Assignee(kind_name, i, label, label.split(" ", 1)[-1] if kind_name == "team" else label)
        for kind_name in ASSIGNEE_KINDS
        for i, label in queries.labelled(session, kind_name)
        if everyone or (kind_name, i) in used
    ]
    return Matrix(activities, assignees, dict(cells), accountable, flagged)
