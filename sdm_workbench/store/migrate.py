"""Schema versions: read the file's revision, refuse newer ones, upgrade older ones.

Alembic is imported only to upgrade or downgrade: opening an up-to-date file (every start of
the app) reads the revisions from the version scripts' headers, which is much cheaper.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
VERSION_TABLE = "alembic_version"
_ASSIGNED = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


class SchemaTooNewError(Exception):
    """The file was written by a newer SDM Workbench; we must not touch it."""


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


@cache
def _revision_graph() -> dict[str, str | None]:
    """Each shipped revision and the one it revises, read from the scripts' assignments."""
    graph: dict[str, str | None] = {}
    for script in sorted(VERSIONS_DIR.glob("*.py")):
        found = dict(_ASSIGNED.findall(script.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue
        down = found.get("down_revision", "None").strip()
        graph[found["revision"].strip().strip("'\"")] = (
            None if down == "None" else down.strip("'\"")
        )
    return graph


def head_revision() -> str:
    """The newest revision: the one no other revision revises (the history is linear)."""
    graph = _revision_graph()
    heads = set(graph) - {down for down in graph.values() if down is not None}
    if len(heads) != 1:
        raise RuntimeError(f"The shipped migrations must have one head, not {sorted(heads)}")
    return heads.pop()


def known_revisions() -> set[str]:
    return set(_revision_graph())


def current_revision(connection: Connection) -> str | None:
    if VERSION_TABLE not in inspect(connection).get_table_names():
        return None
    rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    return rows[0] if rows else None


def is_empty(connection: Connection) -> bool:
    return not inspect(connection).get_table_names()


def check_not_newer(revision: str | None, where: str) -> None:
    if revision is not None and revision not in known_revisions():
        raise SchemaTooNewError(
            f"{where} was saved by a newer version of SDM Workbench (schema {revision}). "
            "Update SDM Workbench to open it; the file was not changed."
        )


def upgrade(connection: Connection, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), revision)


def downgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(connection), revision)


def alembic_revisions() -> tuple[str | None, set[str]]:
    """The head and every revision as Alembic itself reads them (to check the fast path)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return script.get_current_head(), {rev.revision for rev in script.walk_revisions()}
