"""Change events: published once after commit, never after a rollback."""

from __future__ import annotations

import pytest

from sdm_workbench.domain import DomainError
from sdm_workbench.domain.services import Service
from sdm_workbench.operations import CreateRow, DeleteRows, UpdateRow, run, undo
from sdm_workbench.store import Change, ChangeKind, Store
from sdm_workbench.store.watch import ExternalChangeWatcher

from .sample import build_sample


@pytest.fixture
def published(store: Store) -> list[tuple[Change, ...]]:
    batches: list[tuple[Change, ...]] = []
    store.bus.subscribe(batches.append)
    return batches


def test_an_orm_commit_is_published_once(store: Store, published: list[tuple[Change, ...]]) -> None:
    with store.unit_of_work() as session:
        session.add(Service(code="SVC-100", name="Payroll"))
    assert published == [(Change("services", frozenset({1}), ChangeKind.INSERT),)]


def test_an_operation_is_published_once_with_its_rows(
    store: Store, published: list[tuple[Change, ...]]
) -> None:
    created = run(store, CreateRow("service", {"name": "Payroll"}))
    run(store, UpdateRow("service", created.row_id or 0, {"name": "Payroll EU"}))
    assert [b[0].kind for b in published] == [ChangeKind.INSERT, ChangeKind.UPDATE]
    assert all(b[0].ids == frozenset({created.row_id}) for b in published)


def test_a_rolled_back_change_is_never_published(
    store: Store, published: list[tuple[Change, ...]]
) -> None:
    with pytest.raises(RuntimeError), store.unit_of_work() as session:
        session.add(Service(code="SVC-100", name="Payroll"))
        session.flush()
        raise RuntimeError("user cancelled")
    with pytest.raises(DomainError):
        run(
            store,
            CreateRow("raid_item", {"type": "risk", "title": "x", "impact": 9, "probability": 1}),
        )
    assert published == []
    with store.unit_of_work() as session:  # a later commit does not carry the dropped changes
        session.add(Service(code="SVC-101", name="Travel"))
    assert published == [(Change("services", frozenset({1}), ChangeKind.INSERT),)]


def test_a_cascading_delete_reports_every_table(
    store: Store, published: list[tuple[Change, ...]]
) -> None:
    ids = build_sample(store)
    published.clear()
    operation = run(store, DeleteRows("project", [ids["prj"]]))
    tables = {c.table: c.kind for c in published[0]}
    assert tables["projects"] == ChangeKind.DELETE
    assert tables["tasks"] == ChangeKind.DELETE
    assert tables["dependencies"] == ChangeKind.DELETE
    assert tables["action_items"] == ChangeKind.UPDATE  # detached, not deleted
    undo(store, operation)
    assert {c.table for c in published[1]} >= {"projects", "tasks", "dependencies"}


def test_commits_from_another_connection_are_noticed(store: Store) -> None:
    watcher = ExternalChangeWatcher(store)
    assert watcher.poll() is False
    other = Store.open(store.path)  # type: ignore[arg-type]
    run(other, CreateRow("service", {"name": "From the CLI"}))
    other.close()
    assert watcher.poll() is True
    assert watcher.poll() is False
    run(store, CreateRow("service", {"name": "Ours"}))
    watcher.absorb()
    assert watcher.poll() is False
    watcher.close()
