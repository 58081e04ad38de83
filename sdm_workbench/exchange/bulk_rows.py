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

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import is_not, lt
from typing import Any

from sqlalchemy import Boolean, Enum, String, bindparam, case, event, update
from sqlalchemy.orm import Session

from ..domain.errors import ConflictError
from ..domain.kinds import kind
from ..domain.validation import NOT_NEGATIVE, ORDERED_PAIRS, RANGES, required_columns
from ..operations import Operation
from ..store import rows as store_rows
from ..store.events import ChangeKind, record
from ..store.gc_pause import paused_gc
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
        size = len(next(iter(columns.values()), ()))
        if not size or len(rows) * 2 < size:
            return self._suspects(columns, rows)
        # Most of the rows (all new tickets but a few stored ones): the whole columns are
        # cheaper to check than copies of the rows asked about.
        flagged = self._suspects(columns, range(size))
        if not flagged or len(rows) == size:
            return flagged
        wanted = set(rows)
        return [n for n in flagged if n in wanted]

    def _suspects(self, columns: Mapping[str, Sequence[Any]], rows: Sequence[int]) -> list[int]:
        picked: dict[str, Sequence[Any]] = {}

        def column(c: str) -> Sequence[Any] | None:
            if c not in picked:
                col = columns.get(c)
                if col is None:
                    return None
                picked[c] = col if len(rows) == len(col) else gather(col, rows)
            return picked[c]

        def flag(
            col: Sequence[Any], bad: Callable[[Any], bool], fine: Callable[[Collection[Any]], bool]
        ) -> None:
            """Flag the rows holding a value ``bad`` says is bad, unless the distinct values
            are ``fine`` as a whole (one pass of built-ins, no Python call per value)."""
            if _mostly_distinct(col) and None not in col and fine(col):
                return  # ids, say: the column itself, not a set of 100k texts
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
                flagged.update(rows[k] for k in _before(first, second))
        return sorted(flagged)


def _mostly_distinct(col: Sequence[Any], sample: int = 512) -> bool:
    """Whether the first values of ``col`` are mostly different (a set would not shrink it)."""
    head = col[:sample]
    return bool(head) and len(set(head)) * 2 > len(head)


def _before(first: Sequence[Any], second: Sequence[Any]) -> list[int]:
    """The positions where both are filled and ``second`` is before ``first`` (loops in C)."""
    filled = list(compress(range(len(second)), map(is_not, second, repeat(None))))
    later, earlier = gather(second, filled), gather(first, filled)
    if None in earlier:
        return [
            k for k, x, y in zip(filled, earlier, later, strict=True) if x is not None and y < x
        ]
    return list(compress(filled, map(lt, later, earlier)))


Rule = tuple[Callable[[Any], bool], Callable[[Collection[Any]], bool]]  # (bad value, all fine)


def _text_rule(length: int) -> Rule:
    """Text longer than ``length`` or blank is bad; a whole set is fine by built-ins."""

    def bad(v: Any) -> bool:
        return len(v) > length or not v.strip()

    def fine(d: Collection[Any]) -> bool:
        return max(map(len, d)) <= length and all(map(str.strip, d))

    return bad, fine


def _range_rule(low: Any, high: Any) -> Rule:
    def bad(v: Any) -> bool:
        return not low <= v <= high

    def fine(d: Collection[Any]) -> bool:
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
        with paused_gc():
            self._apply(session)

    def revert(self, session: Session) -> None:
        with paused_gc():
            self._revert(session)

    def _apply(self, session: Session) -> None:
        self._keep_state_on_rollback(session)
        if self._removed is not None:  # redo: the very same rows come back
            store_rows.restore_deleted(session, self._removed)
            self._removed = None
        else:
            self._insert(session)
        self._update(session, "new")
        self._steps += 1

    def _revert(self, session: Session) -> None:
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
        """Write each change's ``side`` values, all rows with ONE statement shape.

        A column a row does not change keeps its value (``CASE WHEN changes-it THEN new
        ELSE itself``): one compiled statement and one executemany, rather than one per
        combination of changed columns (34 for 148 re-imported demo tickets).
        """
        t = self.kind.table
        sides = [change.new if side == "new" else change.old for change in self.changes]
        columns = sorted({c for values in sides for c in values})
        params = [
            {
                "_id": change.row_id,
                "_version": change.version + self._steps,
                **{f"s_{c}": c in values for c in columns},
                **{f"v_{c}": values.get(c) for c in columns},
            }
            for change, values in zip(self.changes, sides, strict=True)
        ]
        if params:
            assigned: dict[Any, Any] = {
                c: case(
                    (bindparam(f"s_{c}", type_=Boolean()), bindparam(f"v_{c}", type_=t.c[c].type)),
                    else_=t.c[c],
                )
                for c in columns
            }
            statement = (
                update(t)
                .where(t.c.id == bindparam("_id"), t.c.version == bindparam("_version"))
                .values({**assigned, "version": t.c.version + 1})
            )
            result = session.connection().execute(statement, params)
            if result.rowcount != len(params):
                raise ConflictError(
                    f"Someone else changed some of these {self.kind.plural.lower()} in the "
                    "meantime; nothing was changed. Plan the import again."
                )
        if self.changes:
            record(session, self.table_name, [c.row_id for c in self.changes], ChangeKind.UPDATE)
