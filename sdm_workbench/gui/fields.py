"""What an editor needs to know about one column: may it be empty, its range, its choices.

Read from the schema and the domain's validation tables, so editors offer only what the
domain would accept (a 1-5 picker for probability, 0-100 for percent complete); the domain
still has the last word.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any

from sqlalchemy import Enum as SAEnum
from sqlalchemy import String

from ..domain.columns import Column, ColumnType, columns_for
from ..domain.kinds import kind
from ..domain.validation import NOT_NEGATIVE, RANGES

INT_LIMIT = 2_000_000_000  # QSpinBox holds a C int
FLOAT_LIMIT = 1e15


@dataclass(frozen=True)
class FieldSpec:
    """Editing facts of one column of one kind."""

    column: Column
    nullable: bool  # may be empty once stored
    required: bool  # a new row must be given a value (no default, not automatic)
    minimum: float
    maximum: float
    decimals: int
    choices: tuple[str, ...]  # enum values, in declaration order
    max_length: int | None
    default: Any  # the schema's default for a new row (None when it has none)

    @property
    def name(self) -> str:
        return self.column.name

    @property
    def header(self) -> str:
        return self.column.header


def _default(sa_default: Any) -> Any:
    if sa_default is None or not getattr(sa_default, "is_scalar", False):
        return None
    value = sa_default.arg
    return value.value if isinstance(value, Enum) else value


def _automatic(kind_name: str, column_name: str) -> bool:
    """Codes get the next free number when left empty (SVC-013, RSK-0043)."""
    k = kind(kind_name)
    if column_name != k.code_column:
        return False
    return k.code_prefix is not None or kind_name == "raid_item"  # RAID: prefix by type


def _range(column: Column) -> tuple[float, float]:
    if column.name in RANGES:
        low, high = RANGES[column.name]
        return float(low), float(high)
    limit = INT_LIMIT if column.type is ColumnType.INT else FLOAT_LIMIT
    low = 0.0 if column.name in NOT_NEGATIVE else -float(limit)
    return low, float(limit)


@cache
def field_spec(kind_name: str, column_name: str) -> FieldSpec:
    """The editing facts of ``column_name`` in ``kind_name`` (a shown, editable column)."""
    column = next(c for c in columns_for(kind_name) if c.name == column_name)
    sa_column = kind(kind_name).table.c[column_name]
    sa_type = sa_column.type
    choices: tuple[str, ...] = ()
    if isinstance(sa_type, SAEnum) and sa_type.enum_class is not None:
        choices = tuple(str(m.value) for m in sa_type.enum_class)
    max_length = None
    if isinstance(sa_type, String) and not isinstance(sa_type, SAEnum):
        max_length = sa_type.length
    default = _default(sa_column.default)
    low, high = _range(column)
    required = (
        not sa_column.nullable
        and sa_column.default is None
        and not _automatic(kind_name, column_name)
    )
    return FieldSpec(
        column=column,
        nullable=bool(sa_column.nullable),
        required=required,
        minimum=low,
        maximum=high,
        decimals=2 if column.type in (ColumnType.FLOAT, ColumnType.MONEY) else 0,
        choices=choices,
        max_length=max_length,
        default=default,
    )


def field_specs(kind_name: str) -> tuple[FieldSpec, ...]:
    """Every shown column of a kind, in table order."""
    return tuple(field_spec(kind_name, c.name) for c in columns_for(kind_name))
