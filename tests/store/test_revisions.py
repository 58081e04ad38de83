"""The fast revision reading used on every open agrees with Alembic's own."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine

from sdm_workbench.store import migrate


def test_head_and_known_revisions_match_alembic() -> None:
    head, known = migrate.alembic_revisions()
    assert migrate.head_revision() == head
    assert migrate.known_revisions() == known


def test_current_revision_of_empty_and_upgraded_files(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'w.sqlite'}")
    with engine.begin() as conn:
        assert migrate.current_revision(conn) is None
        migrate.upgrade(conn)
        assert migrate.current_revision(conn) == migrate.head_revision()
    engine.dispose()
