"""The store: opens a workbench database safely and hands out short sessions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from . import backup, events, migrate, stamp
from .engine import is_sqlite, make_engine, sqlite_path, to_url
from .events import ChangeBus


class DamagedDatabaseError(Exception):
    """The file failed SQLite's integrity check (or is not a database at all)."""

    def __init__(self, path: Path, details: str, newest_backup: Path | None) -> None:
        self.path = path
        self.details = details
        self.newest_backup = newest_backup
        hint = (
            f" The newest backup is {newest_backup}."
            if newest_backup
            else " No backup of it was found."
        )
        super().__init__(f"{path} is damaged: {details}.{hint}")


class NotAWorkbenchError(Exception):
    """A SQLite file with tables, but not an SDM Workbench database."""


@dataclass(frozen=True)
class FileState:
    exists: bool
    revision: str | None
    has_tables: bool


def inspect_file(path: Path) -> FileState:
    """Read a file's schema revision and integrity without writing a byte to it."""
    if not path.exists() or path.stat().st_size == 0:
        return FileState(False, None, False)
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            tables = {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
            migrate.check_not_newer(revision, str(path))
            # quick_check reads every page but skips matching indexes to their tables: about a
            # third of integrity_check's time on a large file, paid at every open. The full
            # check runs in `sdm-workbench check`.
            problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        raise DamagedDatabaseError(path, str(exc), None) from exc
    if problems != ["ok"]:
        raise DamagedDatabaseError(path, "; ".join(problems[:5]), None)
    return FileState(True, revision, bool(tables - {"alembic_version"}))


@dataclass
class Store:
    """One open workbench database: engine, session factory and the change bus."""

    engine: Engine
    url: URL
    backup_dir: Path | None
    bus: ChangeBus = field(default_factory=ChangeBus)
    session_factory: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)
        events.install(self.session_factory, self.bus)

    @classmethod
    def open(
        cls,
        target: str | Path | URL,
        *,
        backup_dir: Path | None = None,
        migrate_schema: bool = True,
        scheduled_backup: bool = True,
    ) -> Store:
        """Open (creating if needed) a workbench: check, back up, upgrade, then serve."""
        url = target if isinstance(target, URL) else to_url(target)
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                state = inspect_file(path)
            except DamagedDatabaseError as exc:
                found = backup.backups_of(path, backup_dir) if backup_dir else []
                raise DamagedDatabaseError(path, exc.details, found[0] if found else None) from exc
            if state.has_tables and state.revision is None:
                raise NotAWorkbenchError(
                    f"{path} is a SQLite database, but not an SDM Workbench file; "
                    "it was not changed."
                )
        store = cls(make_engine(url), url, backup_dir)
        try:
            store._prepare(migrate_schema, scheduled_backup)
        except BaseException:
            store.close()
            raise
        return store

    def _prepare(self, migrate_schema: bool, scheduled_backup: bool) -> None:
        path = self.path
        with self.engine.connect() as conn:
            revision = migrate.current_revision(conn)
            migrate.check_not_newer(revision, str(path or self.url))
            empty = migrate.is_empty(conn)
        if migrate_schema and revision != migrate.head_revision():
            if path is not None and not empty and self.backup_dir is not None:
                backup.make_backup(path, self.backup_dir, f"before-upgrade-from-{revision}")
            with self.engine.begin() as conn:
                migrate.upgrade(conn)
        if scheduled_backup and path is not None and not empty and self.backup_dir is not None:
            backup.backup_if_due(path, self.backup_dir)

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a server database."""
        return sqlite_path(self.url)

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    def describe(self) -> str:
        """Where the data lives, for title bars and messages (no password)."""
        return str(self.path) if self.path else self.url.render_as_string(hide_password=True)

    def session(self) -> Session:
        """A short-lived session; use as a context manager and let it go."""
        return self.session_factory()

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: commits whole and publishes its changes, or rolls back whole."""
        with self.session_factory() as session, session.begin():
            yield session

    def data_stamp(self) -> str:
        """A short text that changes with every commit changing the data (from any process):
        key caches of derived results by it. One query; see :mod:`.stamp` for the recipe."""
        return stamp.data_stamp(self.engine)

    def backup_now(self, reason: str = "manual") -> Path:
        if self.path is None or self.backup_dir is None:
            raise ValueError("Backups are made of local workbench files only.")
        return backup.make_backup(self.path, self.backup_dir, reason)

    def save_as(self, target: Path) -> Path:
        """Copy the whole workbench to ``target`` (SQLite backup API: consistent while open)."""
        if self.path is None:
            raise ValueError("Save As copies local workbench files only.")
        return backup.copy_database(self.path, target)

    def integrity_problems(self) -> list[str]:
        """SQLite's own integrity and foreign-key checks; empty when all is well."""
        if not self.is_sqlite:
            return []
        with self.engine.connect() as conn:
            problems = [str(r[0]) for r in conn.execute(text("PRAGMA integrity_check"))]
            problems = [] if problems == ["ok"] else problems
            for table, rowid, parent, _fk in conn.execute(text("PRAGMA foreign_key_check")):
                problems.append(f"{table} row {rowid} points to a missing {parent} row")
        return problems

    def close(self) -> None:
        self.engine.dispose()
