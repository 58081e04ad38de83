"""The `check` report: integrity and the invariants every workbench file must keep."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.graph import find_cycle
from ..domain.kinds import KINDS, RAID_PREFIXES
from ..domain.projects import Dependency, Task
from ..domain.raid import RaidItem
from ..domain.validation import row_problems
from .repository import iter_rows
from .store import Store


def _row_rules(session: Session) -> Iterator[str]:
    """Every stored row passes the same validation an edit would."""
    for name, k in KINDS.items():
        for row in iter_rows(session, name):
            for problem in row_problems(name, row.values, new=True):
                label = row.code() or f"#{row.id}"
                yield f"{k.label} {label}: {problem.message}"


def _plans(session: Session) -> Iterator[str]:
    tasks = Task.__table__
    deps = Dependency.__table__
    project_of = {i: p for i, p in session.execute(select(tasks.c.id, tasks.c.project_id))}
    names = {i: n for i, n in session.execute(select(tasks.c.id, tasks.c.name))}
    edges: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pred, succ in session.execute(select(deps.c.predecessor_id, deps.c.successor_id)):
        if project_of[pred] != project_of[succ]:
            yield (
                f"Dependency {names[pred]!r} -> {names[succ]!r} links tasks of different projects."
            )
        else:
            edges[project_of[pred]].append((pred, succ))
    for project_id, project_edges in edges.items():
        cycle = find_cycle(project_edges)
        if cycle:
            chain = " -> ".join(names[t] for t in cycle)
            yield f"Project #{project_id} has a dependency cycle: {chain}."
    parent_query = select(tasks.c.id, tasks.c.parent_id).where(tasks.c.parent_id.is_not(None))
    parents = [(int(c), int(p)) for c, p in session.execute(parent_query)]
    for child, parent in parents:
        if project_of[child] != project_of[parent]:
            yield f"Task {names[child]!r} sits under {names[parent]!r} of another project."
    cycle = find_cycle([(c, p) for c, p in parents])
    if cycle:
        yield "The WBS loops: " + " -> ".join(names[t] for t in cycle) + "."


def _raid_codes(session: Session) -> Iterator[str]:
    raid = RaidItem.__table__
    for code, raid_type in session.execute(select(raid.c.code, raid.c.type)):
        prefix = RAID_PREFIXES[raid_type.value]
        if not str(code).startswith(prefix):
            yield f"RAID item {code} is a {raid_type.value} but its code does not start {prefix}."


CHECKS: tuple[Callable[[Session], Iterator[str]], ...] = (_row_rules, _plans, _raid_codes)


def check(store: Store) -> list[str]:
    """Every violation found, as sentences; an empty list means the file is sound."""
    problems = store.integrity_problems()
    with store.session() as session:
        for run_check in CHECKS:
            problems.extend(run_check(session))
    return problems
