"""Detect a workbook's mapping sheet by sheet, or fit a saved mapping to it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..errors import ExchangeError
from ..reader import HEADER_SEARCH_ROWS, WorkbookReader
from ..schema import META_SHEET, sheet_by_title
from .fields import RAID
from .header import Header, filled_counts, find_header, refusal
from .mapping import ColumnMapping, SheetMapping, TemplateMapping
from .matching import match_headers, normalise
from .readings import default_reading, field_kind, readings_for
from .scales import decided_order
from .words import raid_type_of_title


def column_values(rows: Sequence[Sequence[Any]], header_row: int, column: int) -> list[Any]:
    return [
        r[column] for r in rows[header_row + 1 :] if column < len(r) and r[column] not in (None, "")
    ]


def with_readings(sheet: SheetMapping, rows: Sequence[Sequence[Any]]) -> SheetMapping:
    """``sheet`` with a detected reading for each mapped column that has none (or one its
    field cannot have: a saved mapping edited by hand)."""
    columns = tuple(
        replace(c, reading=default_reading(
            sheet.target, c.field, c.header,
            column_values(rows, sheet.header_row, c.column), sheet.date_order,
        ))
        if c.reading not in readings_for(sheet.target, c.field) else c
        for c in sheet.columns
    )  # fmt: skip
    return replace(sheet, columns=columns)


def remap_column(
    sheet: SheetMapping, rows: Sequence[Sequence[Any]], column: int, key: str | None
) -> SheetMapping:
    """``sheet`` with ``column`` feeding ``key``, read the way its values suggest."""
    header = next((c.header for c in sheet.columns if c.column == column), "")
    values = column_values(rows, sheet.header_row, column)
    reading = default_reading(sheet.target, key, header, values, sheet.date_order)
    return sheet.with_field(column, key, reading)


def _sheet_mapping(title: str, rows: Sequence[Sequence[Any]], found: Header) -> SheetMapping:
    header = rows[found.row]
    columns: list[ColumnMapping] = []
    for i, value in enumerate(header):
        text = "" if value is None else str(value)
        match = found.matches.get(i)
        key = match.field if match else None
        if i == found.unnamed_name:
            key, text = ("title" if found.target == RAID else "name"), text or "(no header)"
        elif not text.strip():
            continue
        columns.append(ColumnMapping(i, text, key, None, match.score if match else 1.0))
    # The sheet's date order: the first date column whose legend or text values tell.
    # A column that does not tell itself is read the sheet's way (see with_readings).
    orders = (
        decided_order(c.header, column_values(rows, found.row, c.column))
        for c in columns
        if field_kind(found.target, c.field) == "date"
    )
    order = next((o for o in orders if o), "dmy")
    raid_type = None
    if found.target == RAID:
        titled = raid_type_of_title(title) or next(
            (raid_type_of_title(c.header) for c in columns if raid_type_of_title(c.header)), None
        )
        raid_type = titled.value if titled else "risk"
    sheet = SheetMapping(title, found.row, found.target, tuple(columns), raid_type, order)
    return with_readings(sheet, rows)


def remap_sheet(
    title: str, rows: Sequence[Sequence[Any]], header_row: int, target: str
) -> SheetMapping:
    """The mapping of ``title`` when the user says where its header is and what its rows are."""
    row = list(rows[header_row]) if header_row < len(rows) else []
    filled = filled_counts(rows[: header_row + 200], header_row)
    matches = match_headers(target, row, filled)
    return _sheet_mapping(title, rows, Header(header_row, target, matches))


def _refused(title: str, rows: Sequence[Sequence[Any]], reason: str = "") -> SheetMapping:
    return SheetMapping(title, 0, None, reason=reason or refusal(rows))


def detect_sheet(title: str, rows: Sequence[Sequence[Any]], visible: bool = True) -> SheetMapping:
    """The detected mapping of one sheet (target None, with the reason, when it is skipped)."""
    if not visible:
        return _refused(title, rows, "a hidden sheet (lookup lists, not rows to import)")
    found = find_header(rows)
    if found is None:
        return _refused(title, rows)
    mapping = _sheet_mapping(title, rows, found)
    if found.target == "budget_line" and "actual" in title.casefold():
        reason = (
            "its amounts are actual spending; the workbench books actuals per month on a "
            "budget line, so import the budget (estimates) and enter actuals in Budgets"
        )
        return _refused(title, rows, reason)
    return mapping


def fit_saved(saved: SheetMapping, rows: Sequence[Sequence[Any]]) -> SheetMapping:
    """A saved sheet mapping placed on this workbook: columns found again by header text."""
    if saved.target is None:
        return saved
    at = saved.header_row
    wanted = {normalise(c.header): c for c in saved.columns}
    for candidate in list(range(at, min(len(rows), at + 20))) + list(range(0, at)):
        row = rows[candidate] if candidate < len(rows) else []
        texts = [normalise(v) for v in row]
        if sum(1 for t in texts if t and t in wanted) >= max(1, len(wanted) // 2):
            at = candidate
            break
    else:
        raise ExchangeError(
            f"Sheet {saved.sheet!r} no longer has the headers of the saved mapping "
            f"({', '.join(c.header for c in saved.columns[:4])}...)."
        )
    columns: list[ColumnMapping] = []
    for i, value in enumerate(rows[at]):
        found = wanted.get(normalise(value))
        if found is None:
            continue
        columns.append(ColumnMapping(i, str(value), found.field, found.reading, 1.0))
    unnamed = next((c for c in saved.columns if c.header == "(no header)"), None)
    if unnamed is not None:
        header = rows[at]
        for i, value in enumerate(header):
            if value in (None, "") and column_values(rows, at, i):
                columns.insert(0, ColumnMapping(i, "(no header)", unnamed.field, None, 1.0))
                break
    sheet = SheetMapping(
        saved.sheet, at, saved.target, tuple(columns), saved.raid_type, saved.date_order
    )
    return with_readings(sheet, rows)  # a column saved without a reading: detected again


def is_foreign(reader: WorkbookReader) -> bool:
    """True unless the workbook is one of our exports (a ``_meta`` sheet, or our sheet titles
    with a ``uid`` column): then the round-trip import reads it."""
    if reader.has(META_SHEET):
        return False
    for info in reader.sheets:
        if sheet_by_title(info.title) is None:
            continue
        for row in reader.rows(info.title)[:HEADER_SEARCH_ROWS]:
            if any(str(v).strip().casefold() == "uid" for v in row):
                return False
    return True


def detect_mapping(
    reader: WorkbookReader, saved: TemplateMapping | None = None, sheet: str | None = None
) -> TemplateMapping:
    """Every sheet's mapping (only ``sheet`` when given), from ``saved`` where it has one."""
    infos = reader.sheets
    if sheet is not None:
        infos = [i for i in infos if i.title.casefold() == sheet.strip().casefold()]
        if not infos:
            names = ", ".join(repr(i.title) for i in reader.sheets)
            raise ExchangeError(f"{reader.path.name} has no sheet {sheet!r} (it has {names}).")
    result = TemplateMapping(name=saved.name if saved else "")
    for info in infos:
        rows = reader.rows(info.title)
        known = saved.sheet(info.title) if saved else None
        if known is not None:
            result.sheets.append(fit_saved(known, rows))
        elif saved is not None:
            result.sheets.append(_refused(info.title, rows, "not in the saved mapping"))
        else:
            result.sheets.append(detect_sheet(info.title, rows, info.visible or sheet is not None))
    return result
