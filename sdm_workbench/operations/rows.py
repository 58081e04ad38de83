"""Create, update and delete for every kind, each reversible and validated in one place."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from ..domain.errors import ConflictError, DomainError, NotFoundError
from ..domain.kinds import RAID_PREFIXES, Kind, kind
from ..domain.labels import column_label
from ..domain.validation import row_problems, validate
from ..store import rows
from ..store.rows import DeletedRows
from .base import Operation
from .checks import check_row, resolve_references

CODE_WIDTH = {"raid_item": 4, "action": 4}


def _name_of(k: Kind, row: Mapping[str, Any]) -> str:
    for column in (k.code_column, k.title_column):
        if column and row.get(column):
            return str(row[column])
    return f"#{row.get('id')}"


def next_code(session: Session, kind_name: str, values: Mapping[str, Any]) -> str | None:
    """The next free human code for a new row (SVC-013, RSK-0043), or None for code-less kinds."""
    k = kind(kind_name)
    prefix = k.code_prefix
    if kind_name == "raid_item":
        raid_type = values.get("type")
        prefix = RAID_PREFIXES.get(str(getattr(raid_type, "value", raid_type)).strip().lower())
    if k.code_column is None or prefix is None:
        return None
    number = rows.max_code_number(session, k.table.name, k.code_column, prefix) + 1
    return f"{prefix}{number:0{CODE_WIDTH.get(kind_name, 3)}d}"


class CreateRow(Operation):
    """Add one row; ``values`` may name references by code (``service_code``)."""

    def __init__(self, kind_name: str, values: Mapping[str, Any]) -> None:
        self.kind = kind(kind_name)
        self.values = dict(values)
        self.label = f"Add {self.kind.noun}"
        self.row_id: int | None = None
        self._removed: DeletedRows | None = None

    def apply(self, session: Session) -> None:
        if self._removed is not None:  # redo: the very same row (and anything with it) comes back
            rows.restore_deleted(session, self._removed)
            self._removed = None
            return
        values = resolve_references(session, self.kind.name, self.values)
        code_column = self.kind.code_column
        if code_column and not str(values.get(code_column) or "").strip():
            values[code_column] = next_code(session, self.kind.name, values)
        clean = validate(self.kind.name, values)
        check_row(session, self.kind.name, clean, None)
        stored = rows.insert_row(session, self.kind.table.name, clean)
        self.row_id = int(stored["id"])
        self.label = f"Add {self.kind.noun} {_name_of(self.kind, stored)}"

    def revert(self, session: Session) -> None:
        assert self.row_id is not None, "revert before apply"
        self._removed = rows.delete_rows(session, self.kind.table.name, [self.row_id])


class UpdateRow(Operation):
    """Change some fields of one row; refuses when someone else changed it meanwhile.

    The first apply checks the row's version (``expected_version``, when given). Undo and
    redo check the *fields* instead: they must still hold what this step left there, so a
    stack of edits to one row undoes cleanly, while a teammate's change to those fields is
    never overwritten.
    """

    def __init__(
        self,
        kind_name: str,
        row_id: int,
        changes: Mapping[str, Any],
        expected_version: int | None = None,
    ) -> None:
        self.kind = kind(kind_name)
        self.row_id = row_id
        self.changes = dict(changes)
        self.expected_version = expected_version
        self.label = f"Edit {self.kind.noun}"
        self._old: dict[str, Any] = {}
        self._new: dict[str, Any] = {}
        self._applied_once = False

    def _current(self, session: Session) -> dict[str, Any]:
        current = rows.fetch(session, self.kind.table.name, self.row_id)
        if current is None:
            raise NotFoundError(f"This {self.kind.noun} no longer exists.")
        return current

    def apply(self, session: Session) -> None:
        current = self._current(session)
        if not self._applied_once:
            values = resolve_references(session, self.kind.name, self.changes)
            clean = validate(self.kind.name, values, current)
            self._new = {c: v for c, v in clean.items() if current[c] != v}
            self._old = {c: current[c] for c in self._new}
            fields = ", ".join(column_label(c) for c in self._new) or "nothing"
            self.label = f"Edit {self.kind.noun} {_name_of(self.kind, current)}: {fields}"
            expected = self.expected_version
        else:
            self._require(current, self._old)
            expected = current["version"]
        if self._new:
            merged = {**current, **self._new}
            check_row(session, self.kind.name, merged, self.row_id, self._new.keys())
            self._write(session, self._new, expected)
        self._applied_once = True

    def revert(self, session: Session) -> None:
        if not self._new:
            return
        current = self._current(session)
        self._require(current, self._new)
        restored = {**current, **self._old}
        problems = row_problems(self.kind.name, restored, new=False)
        if problems:
            raise DomainError(problems)
        check_row(session, self.kind.name, restored, self.row_id, self._old.keys())
        self._write(session, self._old, current["version"])

    def _require(self, current: Mapping[str, Any], expected: Mapping[str, Any]) -> None:
        changed = [c for c, v in expected.items() if current[c] != v]
        if changed:
            fields = ", ".join(column_label(c) for c in changed)
            raise ConflictError(
                f"Someone else changed this {self.kind.noun} ({fields}) in the meantime; "
                "this step cannot be undone or redone."
            )

    def _write(self, session: Session, values: dict[str, Any], expected: int | None) -> None:
        if rows.update_row(session, self.kind.table.name, self.row_id, values, expected) is None:
            raise ConflictError(
                f"Someone else changed this {self.kind.noun} in the meantime; "
                "reload it and try again."
            )


class DeleteRows(Operation):
    """Delete rows of one kind with everything that belongs to them; revert restores all."""

    def __init__(self, kind_name: str, row_ids: Sequence[int]) -> None:
        self.kind = kind(kind_name)
        self.row_ids = list(dict.fromkeys(row_ids))
        self.label = f"Delete {len(self.row_ids)} {self.kind.plural.lower()}"
        self._removed: DeletedRows | None = None

    def apply(self, session: Session) -> None:
        found = rows.fetch_many(session, self.kind.table.name, "id", self.row_ids)
        if len(found) != len(self.row_ids):
            raise NotFoundError(f"Some of these {self.kind.plural.lower()} no longer exist.")
        if len(found) == 1:
            self.label = f"Delete {self.kind.noun} {_name_of(self.kind, found[0])}"
        self._removed = rows.delete_rows(session, self.kind.table.name, self.row_ids)

    def revert(self, session: Session) -> None:
        assert self._removed is not None, "revert before apply"
        rows.restore_deleted(session, self._removed)
        self._removed = None

    @property
    def removed_count(self) -> int:
        """Rows removed by the last apply, children included."""
        return 0 if self._removed is None else self._removed.count()
