"""The data stamp moves with every commit that changes rows, from here or another Store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sdm_workbench.operations import CreateRow, DeleteRows, UpdateRow, run
from sdm_workbench.store import Store
from sdm_workbench.store.backup import copy_database, restore_backup

from .sample import build_sample


def test_the_stamp_stands_while_nothing_is_committed(store: Store) -> None:
    build_sample(store)
    first = store.data_stamp()
    with store.session() as session:  # reading never moves it
        session.connection()
    assert store.data_stamp() == first
    assert len(first) == 32


def test_an_edit_an_insert_and_a_delete_each_move_the_stamp(store: Store) -> None:
    build_sample(store)
    seen = [store.data_stamp()]
    create = CreateRow("person", {"name": "Cleo Marsh"})
    run(store, create)
    seen.append(store.data_stamp())
    run(store, CreateRow("person", {"name": "Cleo's deputy"}))
    seen.append(store.data_stamp())
    assert create.row_id is not None
    run(store, UpdateRow("person", create.row_id, {"name": "Cleo Marsh-Ito"}))
    seen.append(store.data_stamp())
    run(store, DeleteRows("person", [create.row_id]))
    seen.append(store.data_stamp())
    assert len(set(seen)) == len(seen), seen


def test_adding_a_row_and_deleting_it_again_moves_the_stamp(store: Store) -> None:
    """The data is as it was, but the stamp errs on the safe side: a cached result is
    recomputed rather than ever taken for current when it might not be."""
    build_sample(store)
    before = store.data_stamp()
    create = CreateRow("person", {"name": "Passing by"})
    run(store, create)
    assert create.row_id is not None and store.data_stamp() != before
    added = store.data_stamp()
    run(store, DeleteRows("person", [create.row_id]))
    assert store.data_stamp() not in (before, added)


def test_a_foreign_tool_editing_the_file_moves_the_stamp(store: Store) -> None:
    """Another program's UPDATE bumps no version counter; SQLite's triggers count it."""
    build_sample(store)
    path = store.path
    assert path is not None
    before = store.data_stamp()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE people SET name = name || ' (edited)' WHERE id = (SELECT min(id) FROM people)"
        )
    conn.close()
    assert store.data_stamp() != before


def test_undoing_an_edit_does_not_bring_the_old_stamp_back(store: Store) -> None:
    """Undo writes the old values back as a new version: results computed in between must
    not be taken for current, and the versions only grow."""
    build_sample(store)
    create = CreateRow("person", {"name": "Dana"})
    run(store, create)
    assert create.row_id is not None
    before = store.data_stamp()
    edit = UpdateRow("person", create.row_id, {"name": "Dana Lee"})
    run(store, edit)
    edited = store.data_stamp()
    with store.unit_of_work() as session:
        edit.revert(session)
    assert len({before, edited, store.data_stamp()}) == 3


def test_a_reused_id_still_moves_the_stamp(store: Store) -> None:
    """Deleting the newest row then adding one gives the new row the same id (SQLite), the
    same count and the same version sum: only its new uid tells the two apart."""
    build_sample(store)
    first = CreateRow("person", {"name": "Eve"})
    run(store, first)
    stamp = store.data_stamp()
    assert first.row_id is not None
    run(store, DeleteRows("person", [first.row_id]))
    second = CreateRow("person", {"name": "Eve"})
    run(store, second)
    assert second.row_id == first.row_id  # the premise: the id came back
    assert store.data_stamp() != stamp


def test_a_commit_from_another_store_moves_the_stamp(store: Store, tmp_path: Path) -> None:
    build_sample(store)
    path = store.path
    assert path is not None
    other = Store.open(path, backup_dir=None, scheduled_backup=False)
    try:
        assert other.data_stamp() == store.data_stamp()  # the same data, the same stamp
        before = store.data_stamp()
        run(other, CreateRow("person", {"name": "Frank from the CLI"}))
        assert store.data_stamp() != before
        assert other.data_stamp() == store.data_stamp()
    finally:
        other.close()


def test_an_empty_workbench_has_a_stamp(tmp_path: Path) -> None:
    empty = Store.open(tmp_path / "empty.sqlite", backup_dir=None)
    try:
        assert empty.data_stamp() == empty.data_stamp()
    finally:
        empty.close()


def test_a_restored_backup_never_repeats_a_stamp_from_before(tmp_path: Path) -> None:
    """The same rows come back, and later edits could walk the counter through the same
    values: a restore starts a new epoch, so results cached before it are never taken for
    current."""
    path = tmp_path / "w.sqlite"
    store = Store.open(path, backup_dir=None)
    build_sample(store)
    backup = copy_database(path, tmp_path / "copy.sqlite")
    before = store.data_stamp()
    store.close()
    restore_backup(backup, path)
    restored = Store.open(path, backup_dir=None)
    try:
        assert restored.data_stamp() != before
    finally:
        restored.close()
