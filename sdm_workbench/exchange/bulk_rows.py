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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Enum, String, Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from ..domain.base import new_uid
from ..domain.errors import ConflictError
from ..domain.kinds import kind
from ..domain.validation import NOT_NEGATIVE, ORDERED_PAIRS, RANGES, required_columns
from ..operations import Operation
from ..store import rows as store_rows
from ..store.events import ChangeKind, record
from ..store.rows import DeletedRows

CHUNK = 5000  # rows per executemany: bounded memory for the statement's parameters


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


def _defaults(table_name: str, keys: set[str]) -> dict[str, Any]:
    """Scalar column defaults (priority 3, state new) for keys a row leaves out."""
    t = store_rows.table(table_name)
    found: dict[str, Any] = {}
    for c in keys:
        default = t.c[c].default
        arg = getattr(default, "arg", None) if default is not None else None
        found[c] = None if callable(arg) or arg is None else arg
    return found


def _insert_many(
    session: Session, t: Table, fill: dict[str, Any], rows: list[dict[str, Any]]
) -> None:
    """One executemany of ``rows`` (``fill`` holds every key, with its default).

    On SQLite the rows go to the driver as tuples, each value through its column type's
    bind processor (as SQLAlchemy would do): SQLAlchemy's own per-row parameter handling
    cost more than SQLite's insert itself. Other databases take the Core path.
    """
    connection = session.connection()
    dialect = connection.dialect
    defaults = [c for c in t.c if c.name != "id" and c.name not in fill]
    if dialect.paramstyle != "qmark" or any(
        callable(getattr(c.default, "arg", None)) for c in defaults
    ):
        session.execute(insert(t), [{**fill, **r} for r in rows])
        return
    extra = {c.name: getattr(c.default, "arg", None) for c in defaults if c.default is not None}
    names = [*fill, *extra]
    compiled = insert(t).compile(dialect=dialect, column_keys=names)
    order = list(compiled.positiontup or ())
    start = {**fill, **extra}
    spec = [(n, start[n], t.c[n].type.dialect_impl(dialect).bind_processor(dialect)) for n in order]
    plain = [(n, d) for n, d, p in spec if p is None]
    if len(plain) == len(spec):
        params = [tuple(r.get(n, d) for n, d in plain) for r in rows]
    else:
        params = [
            tuple(v if (v := r.get(n, d)) is None or p is None else p(v) for n, d, p in spec)
            for r in rows
        ]
    connection.exec_driver_sql(str(compiled), params)


class ImportRows(Operation):
    """Add ``new_rows`` and apply ``changes`` to one kind's table as one step."""

    def __init__(
        self,
        kind_name: str,
        label: str,
        new_rows: Sequence[dict[str, Any]],
        changes: Sequence[RowChange] = (),
    ) -> None:
        self.kind = kind(kind_name)
        self.label = label
        self.new_rows = list(new_rows)
        self.changes = list(changes)
        self.added_ids: list[int] = []
        self._removed: DeletedRows | None = None
        self._steps = 0  # applies + reverts so far: each one bumped the changed rows' version

    @property
    def table_name(self) -> str:
        return self.kind.table.name

    def apply(self, session: Session) -> None:
        if self._removed is not None:  # redo: the very same rows come back
            store_rows.restore_deleted(session, self._removed)
            self._removed = None
        else:
            self._insert(session)
        self._update(session, "new")
        self._steps += 1

    def revert(self, session: Session) -> None:
        self._update(session, "old")
        if self.added_ids:
            self._removed = store_rows.delete_rows(session, self.table_name, self.added_ids)
        self._steps += 1

    def _insert(self, session: Session) -> None:
        if not self.new_rows:
            return
        keys = set().union(*(r.keys() for r in self.new_rows)) | {"uid"}
        fill = _defaults(self.table_name, keys)
        t = self.kind.table
        # A plain executemany: RETURNING would send one statement per row on SQLite. The new
        # ids are read back by uid among the ids above the highest one before the insert.
        before = session.execute(select(func.max(t.c.id))).scalar() or 0
        for start in range(0, len(self.new_rows), CHUNK):
            chunk = self.new_rows[start : start + CHUNK]
            for r in chunk:
                if "uid" not in r:
                    r["uid"] = new_uid()
            _insert_many(session, t, fill, chunk)
        query = select(t.c.uid, t.c.id).where(t.c.id > before)
        stored: dict[str, int] = {uid: id_ for uid, id_ in session.execute(query)}
        self.added_ids = [int(stored[r["uid"]]) for r in self.new_rows]
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
