"""Which columns a kind's table shows, in what order, under which header, as what type."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto
from functools import cache

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Numeric, Text
from sqlalchemy import Column as SAColumn
from sqlalchemy import Enum as SAEnum

from .kinds import Kind, kind, kind_of_table

HIDDEN = frozenset({"id", "uid", "version"})

# Words that read better in capitals or spelled out; keys are lower-case name parts.
_WORDS = {
    "sla": "SLA",
    "kpi": "KPI",
    "raid": "RAID",
    "csat": "CSAT",
    "nps": "NPS",
    "ces": "CES",
    "exp": "Expected",
    "perc": "Perceived",
    "mon": "Mon",
    "tue": "Tue",
    "wed": "Wed",
    "thu": "Thu",
    "fri": "Fri",
    "sat": "Sat",
    "sun": "Sun",
}
_HEADERS = {
    "budget_at_completion": "Budget (BAC)",
    "is_milestone": "Milestone",
    "is_stakeholder": "Stakeholder",
    "external_id": "Ticket ID",
    "percent_complete": "% complete",
    "attainment_target": "Attainment %",
    "resolved_first_contact": "First contact",
    "reassignment_count": "Reassigned",
    "reopen_count": "Reopened",
    "holiday_subdivision": "Holiday region",
    "format_version": "Format",
    "duration_days": "Duration (days)",
    "lag_days": "Lag (days)",
}
# Kinds whose most telling columns are not their code/title columns.
_LEADING = {"ticket": ("external_id", "title")}
_LABELS = {"ticket": "external_id"}


class ColumnType(Enum):
    TEXT = auto()
    LONG_TEXT = auto()
    ENUM = auto()
    BOOL = auto()
    INT = auto()
    FLOAT = auto()
    MONEY = auto()
    DATE = auto()
    DATETIME = auto()
    REF = auto()

    @property
    def numeric(self) -> bool:
        return self in (ColumnType.INT, ColumnType.FLOAT, ColumnType.MONEY)


@dataclass(frozen=True)
class Column:
    """One visible column: the stored name, a header for people, and how to show it."""

    name: str
    header: str
    type: ColumnType
    ref_kind: str | None = None  # for REF: the kind whose code or title is shown
    derived: bool = False  # worked out from other values: shown, never stored or typed
    note: str | None = None  # how a derived value is worked out (header tooltip)

    @property
    def searchable(self) -> bool:
        return self.type in (ColumnType.TEXT, ColumnType.LONG_TEXT, ColumnType.ENUM) and (
            not self.derived
        )

    @property
    def read_only(self) -> bool:
        return self.derived


def header_for(name: str) -> str:
    """``first_response_at`` -> ``First response at``; ``sla_id`` -> ``SLA``."""
    if name in _HEADERS:
        return _HEADERS[name]
    parts = name.removesuffix("_id").removesuffix("_at").split("_")
    words = [_WORDS.get(part, part) for part in parts]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _type_of(column: SAColumn[object]) -> tuple[ColumnType, str | None]:
    foreign = next(iter(column.foreign_keys), None)
    if foreign is not None:
        return ColumnType.REF, kind_of_table(foreign.column.table.name).name
    sql_type = column.type
    if isinstance(sql_type, SAEnum):
        return ColumnType.ENUM, None
    if isinstance(sql_type, Boolean):
        return ColumnType.BOOL, None
    if isinstance(sql_type, DateTime):
        return ColumnType.DATETIME, None
    if isinstance(sql_type, Date):
        return ColumnType.DATE, None
    if isinstance(sql_type, Numeric) and not isinstance(sql_type, Float):
        return ColumnType.MONEY, None
    if isinstance(sql_type, Float):
        return ColumnType.FLOAT, None
    if isinstance(sql_type, Integer):
        return ColumnType.INT, None
    if isinstance(sql_type, Text):
        return ColumnType.LONG_TEXT, None
    return ColumnType.TEXT, None


@cache
def columns_for(kind_name: str) -> tuple[Column, ...]:
    """The columns shown for a kind: code and title first, then the rest in table order."""
    k = kind(kind_name)
    names = [c.name for c in k.table.columns if c.name not in HIDDEN]
    preferred = _LEADING.get(kind_name, (k.code_column, k.title_column))
    leading = [n for n in preferred if n and n in names]
    ordered = leading + [n for n in names if n not in leading]
    result = []
    for name in ordered:
        column_type, ref_kind = _type_of(k.table.c[name])
        result.append(Column(name, header_for(name), column_type, ref_kind))
    return tuple(result)


# Read-only columns the tables show after the stored ones (DOMAIN.md formulas); each kind
# also names the kinds whose changes can move its values (for live refresh).
_DERIVED: dict[str, tuple[Column, ...]] = {
    "raid_item": (
        Column("score", "Score", ColumnType.INT, derived=True,
               note="Probability x impact (1-25)"),
        Column("band", "Band", ColumnType.TEXT, derived=True,
               note="Low 1-4, medium 5-12, high 15-25"),
    ),
    "task": (
        Column("total_float", "Float (days)", ColumnType.INT, derived=True,
               note="Total float in working days; 0 = on the critical path"),
    ),
    "project": (
        Column("cpi", "CPI", ColumnType.FLOAT, derived=True,
               note="Cost performance index EV / AC at the status date; below 1 = over cost"),
    ),
}  # fmt: skip
DERIVED_DEPENDS: dict[str, frozenset[str]] = {
    "raid_item": frozenset(),
    "task": frozenset({"task", "dependency", "project", "calendar", "closed_day"}),
    "project": frozenset({"project", "task", "budget_line", "budget_month"}),
}


def derived_columns(kind_name: str) -> tuple[Column, ...]:
    """The read-only, worked-out columns of a kind (none for most kinds)."""
    return _DERIVED.get(kind_name, ())


# The stored column each kind's derived columns follow, so they sit where people look.
_DERIVED_AFTER = {"raid_item": "type", "task": "percent_complete", "project": "status"}


@cache
def table_columns(kind_name: str) -> tuple[Column, ...]:
    """What a kind's table shows: the stored columns with the derived ones after their
    anchor (a risk's score and band after its type), else at the end."""
    stored, derived = columns_for(kind_name), derived_columns(kind_name)
    anchor = _DERIVED_AFTER.get(kind_name)
    names = [c.name for c in stored]
    if not derived or anchor not in names:
        return stored + derived
    at = names.index(anchor) + 1
    return stored[:at] + derived + stored[at:]


def label_column(k: Kind) -> str | None:
    """The column that names a row of ``k`` for people: its code, else its title."""
    return _LABELS.get(k.name) or k.code_column or k.title_column
