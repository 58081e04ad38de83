"""Purpose-built reads that validation and the check report need."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

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
