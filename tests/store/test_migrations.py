"""Schema migrations: head equals the models, round trips, newer files refused untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from sdm_workbench.domain import Base
from sdm_workbench.store import (
    DamagedDatabaseError,
    NotAWorkbenchError,
    SchemaTooNewError,
    Store,
    migrate,
)
from sdm_workbench.store.change_counter import COUNTER_METADATA, trigger_name
from sdm_workbench.store.engine import make_engine

from .sample import build_sample, table_contents


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_upgrading_an_empty_database_gives_exactly_the_models(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "empty.sqlite")
    with engine.begin() as conn:
        migrate.upgrade(conn)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), [Base.metadata, COUNTER_METADATA])
    engine.dispose()
    assert diff == []


def test_downgrade_then_upgrade_round_trip(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "trip.sqlite")
    with engine.begin() as conn:
        migrate.upgrade(conn)
        migrate.downgrade(conn, "base")
        assert migrate.current_revision(conn) is None
        assert migrate.is_empty(conn) or set(
            r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
        ) == {"alembic_version"}
        migrate.upgrade(conn)
        assert migrate.current_revision(conn) == migrate.head_revision()
    with engine.connect() as conn:
        assert (
            compare_metadata(MigrationContext.configure(conn), [Base.metadata, COUNTER_METADATA])
            == []
        )
    engine.dispose()


def test_a_file_from_a_newer_version_is_refused_and_left_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    store = Store.open(path)
    build_sample(store)
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.execute("PRAGMA journal_mode=DELETE")  # all in the main file, so its bytes say all
    conn.close()
    before = _digest(path)
    with pytest.raises(SchemaTooNewError, match="newer version of SDM Workbench"):
        Store.open(path, backup_dir=tmp_path / "backups")
    assert _digest(path) == before
    assert not (tmp_path / "backups").exists()


def test_reopening_keeps_data_and_makes_a_scheduled_backup(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite"
    store = Store.open(path, backup_dir=tmp_path / "backups")
    build_sample(store)
    before = table_contents(store, with_version=True)
    store.close()
    reopened = Store.open(path, backup_dir=tmp_path / "backups")
    assert table_contents(reopened, with_version=True) == before
    reopened.close()
    backups = list((tmp_path / "backups").glob("w-*-scheduled.sqlite"))
    assert len(backups) == 1
    copy = Store.open(backups[0], scheduled_backup=False)
    assert table_contents(copy, with_version=True) == before
    copy.close()


def test_a_damaged_file_is_refused_and_the_newest_backup_offered(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite"
    store = Store.open(path, backup_dir=tmp_path / "backups")
    build_sample(store)
    backup = store.backup_now()
    store.close()
    data = bytearray(path.read_bytes())
    data[:100] = b"\x00" * 100  # wipe the header
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedDatabaseError) as refused:
        Store.open(path, backup_dir=tmp_path / "backups")
    assert refused.value.newest_backup == backup


def test_a_foreign_sqlite_file_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    conn.close()
    before = _digest(path)
    with pytest.raises(NotAWorkbenchError):
        Store.open(path)
    assert _digest(path) == before


def test_backups_rotate(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "w.sqlite", backup_dir=tmp_path / "backups")
    build_sample(store)
    made = [store.backup_now() for _ in range(13)]
    store.close()
    kept = sorted((tmp_path / "backups").glob("w-*.sqlite"))
    assert len(kept) == 10
    assert made[-1] in kept and made[0] not in kept


def test_save_as_copies_everything(store: Store, tmp_path: Path) -> None:
    build_sample(store)
    copy_path = store.save_as(tmp_path / "copy.sqlite")
    copy = Store.open(copy_path)
    assert table_contents(copy, with_version=True) == table_contents(store, with_version=True)
    copy.close()


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def test_0002_adds_decision_links_and_agenda_edits_and_goes_back(tmp_path: Path) -> None:
    path = tmp_path / "steps.sqlite"
    store = Store.open(path, backup_dir=None, scheduled_backup=False)
    ids = build_sample(store)
    store.close()
    engine = make_engine(path)
    with engine.begin() as conn:
        migrate.downgrade(conn, "0001")
        assert migrate.current_revision(conn) == "0001"
    with sqlite3.connect(path) as raw:
        assert "review_agenda_items" not in {
            r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        assert {"service_id", "project_id"}.isdisjoint(_columns(raw, "decisions"))
        decisions = raw.execute("SELECT id, text, raid_item_id FROM decisions").fetchall()
    raw.close()
    assert decisions  # the sample's decision survived the way down
    with engine.begin() as conn:
        migrate.upgrade(conn)
        assert migrate.current_revision(conn) == migrate.head_revision()
    with engine.connect() as conn:
        assert (
            compare_metadata(MigrationContext.configure(conn), [Base.metadata, COUNTER_METADATA])
            == []
        )
    engine.dispose()
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA foreign_keys=ON")
        assert raw.execute("SELECT id, text, raid_item_id FROM decisions").fetchall() == decisions
        raw.execute("UPDATE decisions SET service_id = ?", (ids["svc"],))
        raw.execute("DELETE FROM services WHERE id = ?", (ids["svc"],))  # SET NULL, not refused
        assert raw.execute("SELECT DISTINCT service_id FROM decisions").fetchall() == [(None,)]
        with pytest.raises(sqlite3.IntegrityError):  # a free item needs a title
            raw.execute(
                "INSERT INTO review_agenda_items (review_id, hidden, uid, version)"
                " VALUES (?, 0, 'u-1', 1)",
                (ids["review"],),
            )
    raw.close()


def test_an_old_0001_file_is_backed_up_then_upgraded_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    store = Store.open(path, backup_dir=None, scheduled_backup=False)
    build_sample(store)
    store.close()
    engine = make_engine(path)
    with engine.begin() as conn:
        migrate.downgrade(conn, "0001")  # what SDM Workbench 0001 left on disk
    engine.dispose()
    old = {t: v for t, v in table_contents_raw(path).items() if t not in {"alembic_version"}}
    backups = tmp_path / "backups"
    reopened = Store.open(path, backup_dir=backups)
    with reopened.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
    after = table_contents(reopened)
    reopened.close()
    assert after["review_agenda_items"] == []
    assert len(after["decisions"]) == len(old["decisions"])
    (backup,) = backups.glob("old-*-before-upgrade-from-0001.sqlite")
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    assert "service_id" not in _columns(copy, "decisions")
    copy.close()


def table_contents_raw(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows as SQLite holds them (for a file at an older revision)."""
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    found = {n: conn.execute(f"SELECT * FROM {n} ORDER BY rowid").fetchall() for n in names}
    conn.close()
    return found


def test_every_table_counts_its_updates_and_deletes(tmp_path: Path) -> None:
    """The data stamp relies on these triggers: a migration that rebuilds a table (batch
    mode copies it) or adds one must give it its triggers again."""
    store = Store.open(tmp_path / "w.sqlite", backup_dir=None)
    build_sample(store)
    with store.engine.connect() as conn:
        triggers = set(conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars())  # fmt: skip
        before = conn.exec_driver_sql("SELECT changes FROM data_changes").scalar_one()
    store.close()
    wanted = {trigger_name(t, e) for t in Base.metadata.tables for e in ("UPDATE", "DELETE")}
    assert wanted <= triggers
    with sqlite3.connect(tmp_path / "w.sqlite") as conn:  # a foreign tool: one count per row
        tickets = conn.execute("UPDATE tickets SET title = title || '.'").rowcount
        conn.execute("DELETE FROM ticket_pauses")
        changed = conn.execute("SELECT changes FROM data_changes").fetchone()[0]
    conn.close()
    assert tickets > 0 and changed == before + tickets + 1
