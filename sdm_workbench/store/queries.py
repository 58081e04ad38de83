"""Purpose-built reads: what validation, the check report and a few views need."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ..domain.kinds import kind
from ..domain.projects import Dependency, Task


def dependency_edges(session: Session, project_id: int) -> list[tuple[int, int]]:
    """(predecessor, successor) task ids of every dependency within a project."""
    deps = Dependency.__table__
    tasks = Task.__table__
    query = (
        select(deps.c.predecessor_id, deps.c.successor_id)
        .join(tasks, tasks.c.id == deps.c.predecessor_id)
        .where(tasks.c.project_id == project_id)
    )
    return [(int(a), int(b)) for a, b in session.execute(query)]


_REACHES = text(
    "WITH RECURSIVE reach(id) AS ("
    " SELECT successor_id FROM dependencies WHERE predecessor_id = :start"
    " AND NOT (predecessor_id = :skip_from AND successor_id = :skip_to)"
    " UNION SELECT d.successor_id FROM dependencies d JOIN reach r ON d.predecessor_id = r.id"
    " WHERE NOT (d.predecessor_id = :skip_from AND d.successor_id = :skip_to)"
    ") SELECT 1 FROM reach WHERE id = :target LIMIT 1"
)


def reaches(session: Session, start: int, target: int, skip: tuple[int, int] | None = None) -> bool:
    """Whether dependencies lead from task ``start`` to task ``target`` (leaving out the
    edge ``skip``). The database walks only what follows ``start``: adding links one by one
    to a large plan stays linear, where loading every edge each time was quadratic."""
    skip_from, skip_to = skip if skip is not None else (-1, -1)
    found = session.execute(
        _REACHES,
        {"start": start, "target": target, "skip_from": skip_from, "skip_to": skip_to},
    ).first()
    return found is not None


def parent_edges(session: Session, project_id: int) -> list[tuple[int, int]]:
    """(child, parent) task ids of a project's WBS."""
    tasks = Task.__table__
    query = select(tasks.c.id, tasks.c.parent_id).where(
        tasks.c.project_id == project_id, tasks.c.parent_id.is_not(None)
    )
    return [(int(a), int(b)) for a, b in session.execute(query)]


def task_names(session: Session, ids: list[int]) -> dict[int, str]:
    tasks = Task.__table__
    query = select(tasks.c.id, tasks.c.name).where(tasks.c.id.in_(ids))
    return {int(i): str(n) for i, n in session.execute(query)}


def labelled(session: Session, kind_name: str) -> list[tuple[int, str]]:
    """(id, "CODE name") of every row of a small kind, by code then name."""
    k = kind(kind_name)
    table = k.table
    wanted = [c for c in (k.code_column, k.title_column) if c]
    statement = select(table.c.id, *(table.c[c] for c in wanted)).order_by(
        *(table.c[c] for c in wanted), table.c.id
    )
    return [
        (int(r[0]), " ".join(str(v) for v in r[1:] if v) or f"#{r[0]}")
        for r in session.execute(statement)
    ]


def tasks_named(session: Session, words: Sequence[str], limit: int) -> list[int]:
    """Ids of the first ``limit`` tasks whose name holds every word (any case)."""
    tasks = Task.__table__
    statement = select(tasks.c.id)
    for word in words:
        statement = statement.where(tasks.c.name.ilike(f"%{word}%"))
    return list(session.execute(statement.order_by(tasks.c.id).limit(limit)).scalars())


def task_counts(session: Session) -> dict[int, int]:
    """How many tasks each project has, by project id."""
    tasks = Task.__table__
    statement = select(tasks.c.project_id, func.count()).group_by(tasks.c.project_id)
    return {int(p): int(n) for p, n in session.execute(statement)}
