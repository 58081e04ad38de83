"""Per-column filters of the kind tables, as SQL conditions.

A table shows the rows that match its filter words *and* every column filter: a text or a
reference column contains some text; an enum or a flag is one of some values; a number or a
date lies in a range; or a column is (not) empty. Like sorting, this runs in the database:
filtering 250k rows in Python would freeze the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, String, and_, false, or_, select, type_coerce
from sqlalchemy import Enum as SAEnum

from ..domain.columns import Column, ColumnType, columns_for, label_column
from ..domain.kinds import kind


class FilterMode(Enum):
    """How a column filter compares the column's value."""

    CONTAINS = "contains"  # text (or a referenced row's code/title) holds the text
    ONE_OF = "one of"  # the value is one of ``values`` (None in them: or empty)
    RANGE = "range"  # low <= value <= high; either end may be open (None)
    EMPTY = "empty"
    NOT_EMPTY = "not empty"


@dataclass(frozen=True)
class ColumnFilter:
    """One condition on one stored column of a kind."""

    column: str
    mode: FilterMode
    text: str = ""
    values: tuple[Any, ...] = ()
    low: Any = None
    high: Any = None


def escape_like(word: str) -> str:
    """``word`` with LIKE's wildcards taken literally (escape character ``\\``)."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def label_expression(column: Column, source: Any) -> ColumnElement[Any]:
    """For a reference column: the referenced row's code or title, as a scalar subquery."""
    assert column.ref_kind is not None
    target = kind(column.ref_kind)
    name = label_column(target)
    if name is None:
        plain: ColumnElement[Any] = source.c[column.name]
        return plain
    table = target.table
    return select(table.c[name]).where(table.c.id == source.c[column.name]).scalar_subquery()


def contains(expr: ColumnElement[Any], text: str, sqlite: bool) -> ColumnElement[bool]:
    """``expr`` holds ``text``, ignoring case (SQLite's LIKE already ignores ASCII case and
    keeps its fast path; other databases need ILIKE)."""
    pattern = f"%{escape_like(text)}%"
    as_text = type_coerce(expr, String)
    if sqlite:
        return as_text.like(pattern, escape="\\")
    return as_text.ilike(pattern, escape="\\")


def _stored(kind_name: str, column: str, values: tuple[Any, ...]) -> list[Any]:
    """Enum values as given by people ("open") turned into the members the column stores."""
    sa_type = kind(kind_name).table.c[column].type
    enum_class = sa_type.enum_class if isinstance(sa_type, SAEnum) else None
    if enum_class is None:
        return list(values)
    return [v if isinstance(v, enum_class) else enum_class(v) for v in values]


def _reference_contains(
    stored: ColumnElement[Any], ref_kind: str, text: str, sqlite: bool
) -> ColumnElement[bool]:
    """The referenced row's code or title (a service's "SVC-002" or "Web portal") holds
    ``text``: people know rows by either."""
    target = kind(ref_kind)
    names = [n for n in dict.fromkeys((label_column(target), target.code_column,
                                       target.title_column)) if n]  # fmt: skip
    if not names:
        return contains(stored, text, sqlite)
    table = target.table
    found = select(table.c.id).where(or_(*(contains(table.c[n], text, sqlite) for n in names)))
    return stored.in_(found)


def filter_condition(kind_name: str, spec: ColumnFilter, sqlite: bool) -> ColumnElement[bool]:
    """The SQL condition of one column filter on ``kind_name``'s table.

    Raises ``ValueError`` for a column the kind does not store (derived columns are
    worked out in Python and cannot be filtered in SQL).
    """
    column = next((c for c in columns_for(kind_name) if c.name == spec.column), None)
    if column is None:
        raise ValueError(f"{kind(kind_name).plural} have no stored column {spec.column!r}")
    table = kind(kind_name).table
    stored: ColumnElement[Any] = table.c[column.name]
    texty = column.type in (ColumnType.TEXT, ColumnType.LONG_TEXT)
    if spec.mode is FilterMode.EMPTY:
        return or_(stored.is_(None), stored == "") if texty else stored.is_(None)
    if spec.mode is FilterMode.NOT_EMPTY:
        return and_(stored.is_not(None), stored != "") if texty else stored.is_not(None)
    if spec.mode is FilterMode.CONTAINS:
        if column.type is ColumnType.REF and column.ref_kind is not None:
            return _reference_contains(stored, column.ref_kind, spec.text.strip(), sqlite)
        return contains(stored, spec.text.strip(), sqlite)
    if spec.mode is FilterMode.ONE_OF:
        given = [v for v in spec.values if v is not None]
        options: list[ColumnElement[bool]] = []
        if given:
            options.append(stored.in_(_stored(kind_name, column.name, tuple(given))))
        if len(given) < len(spec.values):  # None among them: empty cells match too
            options.append(stored.is_(None))
        return or_(*options) if options else false()  # nothing ticked: no row
    bounds: list[ColumnElement[bool]] = []
    if spec.low is not None:
        bounds.append(stored >= spec.low)
    if spec.high is not None:
        bounds.append(stored <= spec.high)
    return and_(*bounds) if bounds else stored.is_not(None)
