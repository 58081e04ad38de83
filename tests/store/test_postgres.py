"""Team mode: the same schema, operations and conflict detection on a real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from sdm_workbench.domain import Base, ConflictError, DomainError
from sdm_workbench.operations import CreateRow, DeleteRows, UpdateRow, run, undo
from sdm_workbench.store import Store
from sdm_workbench.store import repository as repo
from sdm_workbench.store.invariants import check
from sdm_workbench.store.watch import ExternalChangeWatcher

from ..pg_server import postgres_server
from .sample import build_sample, table_contents


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    store = Store.open(pg_url)
    yield store
    with store.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    store.close()


def test_migrations_give_the_models_on_postgresql(pg_store: Store) -> None:
    with pg_store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_operations_revert_exactly_on_postgresql(pg_store: Store) -> None:
    ids = build_sample(pg_store)
    before = table_contents(pg_store)
    operation = run(pg_store, DeleteRows("project", [ids["prj"]]))
    undo(pg_store, operation)
    assert table_contents(pg_store) == before
    assert check(pg_store) == []


def test_a_teammates_edit_is_not_overwritten(pg_store: Store, pg_url: str) -> None:
    ids = build_sample(pg_store)
    teammate = Store.open(pg_url)
    run(teammate, UpdateRow("service", ids["svc"], {"name": "Email (teammate)"}))
    teammate.close()
    with pytest.raises(ConflictError):
        run(pg_store, UpdateRow("service", ids["svc"], {"name": "Email (me)"}, expected_version=1))


def test_a_teammates_commit_is_noticed(pg_store: Store, pg_url: str) -> None:
    watcher = ExternalChangeWatcher(pg_store)
    assert watcher.poll() is False
    with pg_store.session() as session:  # reading changes nothing
        repo.counts(session)
    assert watcher.poll() is False
    teammate = Store.open(pg_url)
    run(teammate, CreateRow("service", {"name": "Teammate's service"}))
    teammate.close()
    assert watcher.poll() is True
    assert watcher.poll() is False
    watcher.close()


def test_postgresql_enforces_the_same_checks(pg_store: Store) -> None:
    build_sample(pg_store)
    with pytest.raises(IntegrityError), pg_store.engine.begin() as conn:
        conn.execute(text("UPDATE raid_items SET probability = 7"))
    with pytest.raises(IntegrityError), pg_store.engine.begin() as conn:
        conn.execute(text("UPDATE tasks SET is_milestone = true, duration_days = 4"))


def test_the_data_stamp_moves_with_a_teammates_edit(pg_store: Store, pg_url: str) -> None:
    """No change counter on PostgreSQL: the stamp sums the versions (see store/stamp.py)."""
    ids = build_sample(pg_store)
    before = pg_store.data_stamp()
    assert pg_store.data_stamp() == before
    teammate = Store.open(pg_url)
    run(teammate, UpdateRow("service", ids["svc"], {"name": "Email (teammate)"}))
    teammate.close()
    assert pg_store.data_stamp() != before


def test_a_dependency_cycle_is_refused_on_postgresql(pg_store: Store) -> None:
    """The cycle check walks the links in SQL (a recursive query): the same on the server."""
    ids = build_sample(pg_store)  # t1 → t2
    with pytest.raises(DomainError, match="cycle"):
        run(pg_store, CreateRow("dependency", {"predecessor_id": ids["t2"],
                                               "successor_id": ids["t1"]}))  # fmt: skip
    run(pg_store, CreateRow("dependency", {"predecessor_id": ids["phase"],
                                           "successor_id": ids["t2"]}))  # fmt: skip
