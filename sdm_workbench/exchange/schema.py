"""The workbook's shape, declared once: sheets, columns, formats; export and import both read it.

Every exported kind gets one sheet. Its first column is ``uid`` (how edited rows find their
way back), then the kind's visible columns in the order the tables show them, under the
domain's human labels. References appear as the referenced row's code (``SVC-012``), a
person's name, or, for rows without a code (tasks, budget lines), the referenced row's uid
followed by a read-only "(name)" column for people to read. Read-only (derived) columns are
written for people and ignored on import.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum
from functools import cache

from ..domain.columns import ColumnType, columns_for
from ..domain.kinds import kind
from ..domain.labels import column_label

FORMAT_VERSION = 1  # of the workbook layout (the database schema is recorded beside it)
META_SHEET = "_meta"
SUMMARY_SHEET = "Summary"

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd h:mm:ss"  # openpyxl's own: no styled cell needed
MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"
INTEGER_FORMAT = "0"

# Columns stored as 0..100 that Excel shows as a percentage (written as a 0..1 fraction).
PERCENT_COLUMNS = frozenset({"percent_complete", "attainment_target"})


class RefBy(StrEnum):
    """How a reference cell names the row it points at."""

    CODE = "code"
    NAME = "name"
    UID = "uid"


class Role(Enum):
    UID = "uid"
    FIELD = "field"  # a stored value of the row itself
    REF = "ref"  # a stored reference, shown by code, name or uid
    DERIVED = "derived"  # computed for reading; ignored on import


@dataclass(frozen=True)
class SheetColumn:
    """One column of a sheet: where its value comes from, its header, format and width."""

    key: str  # the stored column name, "uid", or the derived value's key
    header: str
    role: Role
    type: ColumnType
    ref_kind: str | None = None
    ref_by: RefBy | None = None
    number_format: str | None = None
    width: float = 14.0
    choices: tuple[str, ...] = ()  # drop-down values for enums
    percent: bool = False

    @property
    def importable(self) -> bool:
        return self.role in (Role.FIELD, Role.REF)

    @property
    def is_text(self) -> bool:
        return self.type in (ColumnType.TEXT, ColumnType.LONG_TEXT, ColumnType.ENUM)


@dataclass(frozen=True)
class SheetSpec:
    """One kind's sheet: its title and columns (``uid`` first)."""

    kind: str
    title: str
    columns: tuple[SheetColumn, ...]
    derived: tuple[str, ...] = ()

    @property
    def importable(self) -> tuple[SheetColumn, ...]:
        """The stored columns, in declaration order (the order fingerprints use)."""
        return tuple(c for c in self.columns if c.importable)

    def column(self, key: str) -> SheetColumn:
        return next(c for c in self.columns if c.key == key)


# Sheet title per kind, in workbook order, which is also the order rows are added on import:
# every kind comes after the kinds it refers to.
SHEET_TITLES: dict[str, str] = {
    "person": "People",
    "team": "Teams",
    "customer": "Customers",
    "calendar": "Calendars",
    "closed_day": "Closed Days",
    "service": "Services",
    "sla": "SLAs",
    "sla_target": "SLO Targets",
    "project": "Projects",
    "task": "Tasks",
    "dependency": "Dependencies",
    "budget_line": "Budget",
    "budget_month": "Budget Months",
    "kpi": "KPIs",
    "measurement": "Measurements",
    "raid_item": "Risks",
    "risk_score": "Risk History",
    "review": "Reviews",
    "decision": "Decisions",
    "action": "Actions",
    "raci": "RACI",
    "ticket": "Tickets",
    "outage": "Outages",
    "change": "Changes",
    "survey": "Surveys",
}
# Not exported: link rows without fields of their own (team members, attendees, review
# scope), ticket pauses (imported with tickets) and frozen review snapshots.

# Read-only columns added after the stored ones: (key, header, after-which-column).
DERIVED: dict[str, tuple[tuple[str, str, str], ...]] = {
    "raid_item": (
        ("score", "Score", "impact"),
        ("residual_score", "Residual score", "residual_impact"),
    ),
    "measurement": (("rag", "RAG", "value"),),
}
DERIVED_TYPES = {"score": ColumnType.INT, "residual_score": ColumnType.INT}

_WIDTHS = {
    ColumnType.TEXT: 22.0,
    ColumnType.LONG_TEXT: 40.0,
    ColumnType.ENUM: 16.0,
    ColumnType.BOOL: 10.0,
    ColumnType.INT: 10.0,
    ColumnType.FLOAT: 12.0,
    ColumnType.MONEY: 14.0,
    ColumnType.DATE: 12.0,
    ColumnType.DATETIME: 17.0,
    ColumnType.REF: 14.0,
}
_FORMATS = {
    ColumnType.DATE: DATE_FORMAT,
    ColumnType.DATETIME: DATETIME_FORMAT,
    ColumnType.MONEY: MONEY_FORMAT,
}
_NAMED_WIDTHS = {"code": 11.0, "key": 18.0, "name": 30.0, "title": 40.0, "email": 28.0}


def ref_by(target: str) -> RefBy:
    """Code where the target has one, a person's name, else the target row's uid."""
    k = kind(target)
    if k.code_column:
        return RefBy.CODE
    return RefBy.NAME if target == "person" else RefBy.UID


def _header(name: str, column_type: ColumnType) -> str:
    label = column_label(name)
    return f"{label} (UTC)" if column_type is ColumnType.DATETIME else label


def _stored_column(
    kind_name: str, name: str, column_type: ColumnType, ref: str | None
) -> list[SheetColumn]:
    header = _header(name, column_type)
    if column_type is ColumnType.REF:
        assert ref is not None
        by = ref_by(ref)
        width = 38.0 if by is RefBy.UID else (22.0 if by is RefBy.NAME else 12.0)
        stored = SheetColumn(name, header, Role.REF, column_type, ref, by, width=width)
        if by is not RefBy.UID:
            return [stored]
        readable = SheetColumn(f"{name}:name", f"{header} (name)", Role.DERIVED, ColumnType.TEXT)
        return [stored, readable]
    table_column = kind(kind_name).table.c[name]
    choices: tuple[str, ...] = ()
    if column_type is ColumnType.ENUM:
        enum_class = getattr(table_column.type, "enum_class", None)
        choices = tuple(str(m.value) for m in enum_class) if enum_class else ()
    percent = name in PERCENT_COLUMNS
    number_format = PERCENT_FORMAT if percent else _FORMATS.get(column_type)
    width = _NAMED_WIDTHS.get(name, _WIDTHS[column_type])
    return [
        SheetColumn(
            name,
            header,
            Role.FIELD,
            column_type,
            number_format=number_format,
            width=width,
            choices=choices,
            percent=percent,
        )
    ]


@cache
def sheet_for(kind_name: str) -> SheetSpec:
    """The sheet of one exported kind."""
    columns = [SheetColumn("uid", "uid", Role.UID, ColumnType.TEXT, width=12.0)]
    derived = DERIVED.get(kind_name, ())
    for column in columns_for(kind_name):
        columns += _stored_column(kind_name, column.name, column.type, column.ref_kind)
        for key, header, after in derived:
            if after == column.name:
                column_type = DERIVED_TYPES.get(key, ColumnType.TEXT)
                columns.append(SheetColumn(key, header, Role.DERIVED, column_type, width=10.0))
    headers = [c.header.casefold() for c in columns]
    duplicates = {h for h in headers if headers.count(h) > 1}
    assert not duplicates, f"{kind_name}: duplicate headers {duplicates}"
    return SheetSpec(
        kind_name, SHEET_TITLES[kind_name], tuple(columns), tuple(k for k, *_ in derived)
    )


def sheets() -> tuple[SheetSpec, ...]:
    """Every exported sheet, in workbook order."""
    return tuple(sheet_for(name) for name in SHEET_TITLES)


def sheet_by_title(title: str) -> SheetSpec | None:
    """The sheet called ``title`` (any case, surrounding spaces ignored)."""
    wanted = title.strip().casefold()
    for name, sheet_title in SHEET_TITLES.items():
        if sheet_title.casefold() == wanted:
            return sheet_for(name)
    return None


def header_aliases(kind_name: str, column: SheetColumn) -> set[str]:
    """Headers accepted on import for ``column``: ours, the stored name, the tables' header."""
    names = {column.header, column.key, column.header.removesuffix(" (UTC)")}
    if column.importable:
        names.add(column_label(column.key))
        names.update(c.header for c in columns_for(kind_name) if c.name == column.key)
    return {n.strip().casefold() for n in names}
