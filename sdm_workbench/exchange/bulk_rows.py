"""Many new rows and field changes of one kind as ONE reversible operation (a file import).

A ticket export holds up to hundreds of thousands of rows: one ``CreateRow`` each (a
statement, a read-back and checks per row) takes minutes, so imports plan and validate their
rows first and then write them here with one executemany per shape. Undo deletes the added
rows (capturing them, so redo puts back the very same rows) and restores the old values of
the changed ones; a row someone else changed meanwhile (its version moved) refuses the step.

:class:`QuickCheck` is a fast pre-check derived from the domain's own rules (required
columns, text lengths, ranges, order of dates): only the rows it flags pay for the full
:func:`validate`, whose message is the one the user sees.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Enum, String, bindparam, event, update
from sqlalchemy.orm import Session

from ..domain.errors import ConflictError
from ..domain.kinds import kind
from ..domain.validation import NOT_NEGATIVE, ORDERED_PAIRS, RANGES, required_columns
from ..operations import Operation
from ..store import rows as store_rows
from ..store.events import ChangeKind, record
from ..store.rows import DeletedRows
from .bulk_insert import NewRows, defaults_of, gather, insert_rows

__all__ = ["ImportRows", "NewRows", "QuickCheck", "RowChange"]


@dataclass(frozen=True)
class RowChange:
    """New values for some fields of a stored row; ``old`` and ``version`` as planned."""

    row_id: int
    version: int
    old: dict[str, Any]
    new: dict[str, Any]


class QuickCheck:
    """Flags rows that may break a domain rule, cheaply (a few comparisons per row)."""

    def __init__(self, kind_name: str, columns: Sequence[str]) -> None:
        t = kind(kind_name).table
        present = [c for c in columns if c in t.c]
        self.required = [c for c in required_columns(kind_name) if c in present]
        self.lengths = [
            (c, int(getattr(t.c[c].type, "length", 0)))
            for c in present
            if isinstance(t.c[c].type, String)
            and not isinstance(t.c[c].type, Enum)  # enums are checked by their parsers
            and getattr(t.c[c].type, "length", None)
        ]
        self.ranges = [(c, *RANGES[c]) for c in present if c in RANGES]
        self.not_negative = [c for c in present if c in NOT_NEGATIVE]
        self.pairs = [(a, b) for a, b in ORDERED_PAIRS if a in present and b in present]

    def suspect(self, values: Mapping[str, Any]) -> bool:
        """True when ``values`` might be refused (then run the full validation)."""
        get = values.get
        for c in self.required:
            if get(c) is None:
                return True
        for c, length in self.lengths:
            v = get(c)
            if v is not None and (len(v) > length or not v.strip()):
                return True
        for c, low, high in self.ranges:
            v = get(c)
            if v is not None and not low <= v <= high:
                return True
        for c in self.not_negative:
            v = get(c)
            if v is not None and v < 0:
                return True
        for a, b in self.pairs:
            first, second = get(a), get(b)
            if first is not None and second is not None and second < first:
                return True
        return False

    def suspects(self, columns: Mapping[str, Sequence[Any]], rows: Sequence[int]) -> list[int]:
        """The indices among ``rows`` that :meth:`suspect` would flag, column by column.

        ``columns`` holds one value per row of the file (None: empty); a column left out
        is empty on every row. Each rule first looks at the whole column with built-ins
        (the longest text, the smallest number) and goes row by row only when it fails.
        """
        picked: dict[str, Sequence[Any]] = {}

        def column(c: str) -> Sequence[Any] | None:
            if c not in picked:
                col = columns.get(c)
                if col is None:
                    return None
                picked[c] = col if len(rows) == len(col) else gather(col, rows)
            return picked[c]

        def flag(
            col: Sequence[Any], bad: Callable[[Any], bool], fine: Callable[[set[Any]], bool]
        ) -> None:
            """Flag the rows holding a value ``bad`` says is bad, unless the distinct values
            are ``fine`` as a whole (one pass of built-ins, no Python call per value)."""
            distinct = set(col)
            distinct.discard(None)
            if not distinct or fine(distinct):
                return
            wrong = {v for v in distinct if bad(v)}
            if wrong:
                flagged.update(rows[k] for k, v in enumerate(col) if v in wrong)

        flagged: set[int] = set()
        for c in self.required:
            col = column(c)
            if col is None:
                return list(rows)
            if None in col:
                flagged.update(rows[k] for k, v in enumerate(col) if v is None)
        for c, length in self.lengths:
            if (col := column(c)) is not None:
                flag(col, *_text_rule(length))
        for c, low, high in self.ranges:
            if (col := column(c)) is not None:
                flag(col, *_range_rule(low, high))
        for c in self.not_negative:
            if (col := column(c)) is not None:
                flag(col, lambda v: v < 0, lambda d: min(d) >= 0)
        for a, b in self.pairs:
            first, second = column(a), column(b)
            if first is not None and second is not None:
                flagged.update(
                    rows[k]
                    for k, (x, y) in enumerate(zip(first, second, strict=True))
                    if x is not None and y is not None and y < x
                )
        return sorted(flagged)


Rule = tuple[Callable[[Any], bool], Callable[[set[Any]], bool]]  # (bad value, all fine)


def _text_rule(length: int) -> Rule:
    """Text longer than ``length`` or blank is bad; a whole set is fine by built-ins."""

    def bad(v: Any) -> bool:
        return len(v) > length or not v.strip()

    def fine(d: set[Any]) -> bool:
        return max(map(len, d)) <= length and all(map(str.strip, d))

    return bad, fine


def _range_rule(low: Any, high: Any) -> Rule:
    def bad(v: Any) -> bool:
        return not low <= v <= high

    def fine(d: set[Any]) -> bool:
        return bool(low <= min(d) and max(d) <= high)

    return bad, fine


class ImportRows(Operation):
    """Add ``new_rows`` and apply ``changes`` to one kind's table as one step."""

    def __init__(
        self,
        kind_name: str,
        label: str,
        new_rows: Sequence[dict[str, Any]] | NewRows,
        changes: Sequence[RowChange] = (),
    ) -> None:
        self.kind = kind(kind_name)
        self.label = label
        if not isinstance(new_rows, NewRows):
            new_rows = NewRows.from_dicts(new_rows, defaults_of(self.kind.table))
        self.new_rows = new_rows
        self.changes = list(changes)
        self.added_ids: list[int] = []
        self._removed: DeletedRows | None = None
        self._steps = 0  # applies + reverts so far: each one bumped the changed rows' version

    @property
    def table_name(self) -> str:
        return self.kind.table.name

    def _keep_state_on_rollback(self, session: Session) -> None:
        """Put this operation's bookkeeping back if the transaction it runs in rolls back:
        the database returns to where it was, so must the counts the next undo relies on."""
        state = (self._steps, self._removed, list(self.added_ids))

        def restore(_session: Session) -> None:
            self._steps, self._removed, self.added_ids = state[0], state[1], list(state[2])

        event.listen(session, "after_rollback", restore, once=True)

    def apply(self, session: Session) -> None:
        self._keep_state_on_rollback(session)
        if self._removed is not None:  # redo: the very same rows come back
            store_rows.restore_deleted(session, self._removed)
            self._removed = None
        else:
            self._insert(session)
        self._update(session, "new")
        self._steps += 1

    def revert(self, session: Session) -> None:
        self._keep_state_on_rollback(session)
        self._update(session, "old")
        if self.added_ids:
            self._removed = store_rows.delete_rows(session, self.table_name, self.added_ids)
        self._steps += 1

    def _insert(self, session: Session) -> None:
        if not self.new_rows.count:
            return
        self.added_ids = insert_rows(session, self.kind.table, self.new_rows)
        record(session, self.table_name, self.added_ids, ChangeKind.INSERT)

    def _update(self, session: Session, side: str) -> None:
        t = self.kind.table
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for change in self.changes:
            values = change.new if side == "new" else change.old
            row: dict[str, Any] = {"_id": change.row_id, "_version": change.version + self._steps}
            row.update({f"v_{c}": v for c, v in values.items()})
            groups.setdefault(tuple(sorted(values)), []).append(row)
        for columns, params in groups.items():
            statement = (
                update(t)
                .where(t.c.id == bindparam("_id"), t.c.version == bindparam("_version"))
                .values({**{c: bindparam(f"v_{c}") for c in columns}, "version": t.c.version + 1})
            )
            result = session.connection().execute(statement, params)
            if result.rowcount != len(params):
                raise ConflictError(
                    f"Someone else changed some of these {self.kind.plural.lower()} in the "
                    "meantime; nothing was changed. Plan the import again."
                )
        if self.changes:
            record(session, self.table_name, [c.row_id for c in self.changes], ChangeKind.UPDATE)
