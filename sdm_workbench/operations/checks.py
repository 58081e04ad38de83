"""Validation that needs the database: references, unique values, cycles in plans."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import Table, UniqueConstraint
from sqlalchemy.orm import Session

from ..domain.errors import DomainError, Problem
from ..domain.graph import find_path
from ..domain.kinds import Kind, kind, kind_of_table
from ..domain.labels import column_label
from ..domain.validation import fmt
from ..store import queries, rows


def _referenced_kind(t: Table, column: str) -> Kind | None:
    for fk in t.c[column].foreign_keys:
        return kind_of_table(fk.column.table.name)
    return None


def _describe(k: Kind, row: Mapping[str, Any]) -> str:
    for column in (k.title_column, k.code_column):
        if column and row.get(column):
            return repr(str(row[column]))
    return f"{k.noun} #{row['id']}"


def resolve_references(
    session: Session, kind_name: str, values: Mapping[str, Any]
) -> dict[str, Any]:
    """Accept ``service_code='SVC-001'`` (or ``owner_name='Ana Ruiz'``) for ``service_id``."""
    t = kind(kind_name).table
    resolved = dict(values)
    problems: list[Problem] = []
    for key in list(values):
        for suffix, attribute in (("_code", "code_column"), ("_name", "title_column")):
            if not key.endswith(suffix):
                continue
            column = key.removesuffix(suffix) + "_id"
            target = _referenced_kind(t, column) if column in t.c else None
            lookup = getattr(target, attribute) if target else None
            if target is None or lookup is None:
                continue
            text = resolved.pop(key)
            if text is None or not str(text).strip():
                resolved[column] = None
                continue
            found = _find_unique(session, target, lookup, str(text).strip(), column, problems)
            if found is not None:
                resolved[column] = found
    if problems:
        raise DomainError(problems)
    return resolved


def _find_unique(
    session: Session, target: Kind, lookup: str, text: str, column: str, problems: list[Problem]
) -> int | None:
    matches = rows.fetch_many(session, target.table.name, lookup, [text])
    if len(matches) == 1:
        return int(matches[0]["id"])
    what = "code" if lookup == target.code_column else "name"
    if not matches:
        problems.append(Problem(column, f"Unknown {target.noun} {what} {text!r}."))
    else:
        problems.append(
            Problem(
                column,
                f"{len(matches)} {target.plural.lower()} are called {text!r}; "
                "pick one by its code.",
            )
        )
    return None


def check_references(session: Session, kind_name: str, row: Mapping[str, Any]) -> list[Problem]:
    """Every foreign key in ``row`` points at a row that exists."""
    t = kind(kind_name).table
    problems = []
    for fk in t.foreign_keys:
        value = row.get(fk.parent.name)
        if value is None:
            continue
        if rows.fetch(session, fk.column.table.name, int(value)) is None:
            target = kind_of_table(fk.column.table.name)
            problems.append(
                Problem(
                    fk.parent.name, f"{target.label} #{value} does not exist (deleted meanwhile?)."
                )
            )
    return problems


def check_unique(
    session: Session,
    kind_name: str,
    row: Mapping[str, Any],
    row_id: int | None,
    fields: Collection[str] | None = None,
) -> list[Problem]:
    """Codes and other unique combinations (touched by ``fields``) are not taken."""
    k = kind(kind_name)
    t = k.table
    problems = []
    for constraint in t.constraints:
        if not isinstance(constraint, UniqueConstraint):
            continue
        columns = [c.name for c in constraint.columns]
        if columns == ["uid"] or any(row.get(c) is None for c in columns):
            continue
        if fields is not None and not set(columns) & set(fields):
            continue
        other = rows.find_equal(session, t.name, {c: row[c] for c in columns}, row_id)
        if other is None:
            continue
        if len(columns) == 1:
            value = row[columns[0]]
            problems.append(
                Problem(
                    columns[0],
                    f"{column_label(columns[0])} {value} is already used by {_describe(k, other)}.",
                )
            )
        else:
            listed = ", ".join(f"{column_label(c).lower()} {fmt(row[c])}" for c in columns)
            problems.append(Problem(columns[-1], f"There is already a {k.noun} with {listed}."))
    return problems


PLAN_FIELDS = frozenset({"predecessor_id", "successor_id", "parent_id", "project_id"})


def check_plan(
    session: Session, kind_name: str, row: Mapping[str, Any], row_id: int | None
) -> list[Problem]:
    """Dependencies stay inside one project and acyclic; a WBS parent is not a descendant."""
    if kind_name == "dependency":
        return _check_dependency(session, row, row_id)
    if kind_name == "task" and row.get("parent_id") is not None:
        return _check_parent(session, row, row_id)
    return []


def _check_dependency(
    session: Session, row: Mapping[str, Any], row_id: int | None
) -> list[Problem]:
    pred = rows.fetch(session, "tasks", int(row["predecessor_id"]))
    succ = rows.fetch(session, "tasks", int(row["successor_id"]))
    if pred is None or succ is None:
        return []
    if pred["id"] == succ["id"]:
        return [Problem("successor_id", f"{pred['name']!r} cannot depend on itself.")]
    if pred["project_id"] != succ["project_id"]:
        return [
            Problem(
                "successor_id",
                f"{pred['name']!r} and {succ['name']!r} are in "
                "different projects; link tasks of one project.",
            )
        ]
    own = _edge_of(session, row_id) if row_id is not None else None
    if not queries.reaches(session, int(succ["id"]), int(pred["id"]), skip=own):
        return []  # no cycle: the common case, answered without loading the plan's links
    edges = [e for e in queries.dependency_edges(session, int(pred["project_id"])) if e != own]
    path = find_path(edges, int(succ["id"]), int(pred["id"]))
    if path is None:
        return []
    names = queries.task_names(session, path)
    chain = " → ".join(names[i] for i in path)
    return [
        Problem(
            "predecessor_id",
            f"{succ['name']!r} cannot depend on {pred['name']!r}: that would make a "
            f"cycle, because {chain} already leads back.",
        )
    ]


def _edge_of(session: Session, dependency_id: int) -> tuple[int, int] | None:
    current = rows.fetch(session, "dependencies", dependency_id)
    return None if current is None else (current["predecessor_id"], current["successor_id"])


def _check_parent(session: Session, row: Mapping[str, Any], row_id: int | None) -> list[Problem]:
    parent = rows.fetch(session, "tasks", int(row["parent_id"]))
    if parent is None:
        return []
    if parent["project_id"] != row.get("project_id"):
        return [Problem("parent_id", f"{parent['name']!r} is in another project.")]
    if row_id is not None:
        edges = queries.parent_edges(session, int(parent["project_id"]))
        edges = [e for e in edges if e[0] != row_id]
        if parent["id"] == row_id or find_path(edges, int(parent["id"]), row_id) is not None:
            return [
                Problem(
                    "parent_id",
                    f"{parent['name']!r} is inside this task; a task cannot contain "
                    "its own parent.",
                )
            ]
    return []


def check_row(
    session: Session,
    kind_name: str,
    row: Mapping[str, Any],
    row_id: int | None,
    changed: Collection[str] | None = None,
) -> None:
    """Raise DomainError with every database-level problem of a complete row.

    With ``changed`` (an edit), only the checks those fields can affect run: rescheduling
    hundreds of tasks must not re-walk each project's WBS once per task.
    """
    fields = set(row) if changed is None else set(changed)
    problems = check_references(session, kind_name, {c: row[c] for c in fields if c in row})
    if not problems:
        problems = check_unique(session, kind_name, row, row_id, fields)
        if fields & PLAN_FIELDS:
            problems += check_plan(session, kind_name, row, row_id)
    if problems:
        raise DomainError(problems)
