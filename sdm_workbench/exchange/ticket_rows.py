"""Reading ServiceNow / Jira ticket exports (csv, xlsx) into ticket values, before any writing.

The built-in mapping covers the usual list-export columns. Cells are parsed column by
column (a repeated priority or state is parsed once): a 100k-row export is read in about
the time python-calamine takes to open it. Text dates are read day-first or month-first
as the values show (see ``flat_files``) unless the caller says which.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain.enums import TicketState
from .errors import ExchangeError
from .flat_files import (
    DateOrder,
    Progress,
    blank,
    inspect_dates,
    parse_datetime,
    read_table,
    settle_order,
    step,
)

# Normalised header (lower case, spaces and dashes as "_") -> our field.
COLUMNS: dict[str, str] = {
    **dict.fromkeys(
        ("number", "issue_key", "key", "incident_number", "ticket_number"), "external_id"
    ),
    **dict.fromkeys(("opened_at", "opened", "created", "sys_created_on"), "opened_at"),
    **dict.fromkeys(("resolved_at", "resolved", "resolution_date"), "resolved_at"),
    **dict.fromkeys(("closed_at", "closed"), "closed_at"),
    **dict.fromkeys(("sys_updated_on", "updated", "sys_updated_at"), "updated_at"),
    **dict.fromkeys(("priority",), "priority"),
    **dict.fromkeys(("state", "incident_state", "status"), "state"),
    **dict.fromkeys(("short_description", "summary", "title"), "title"),
    **dict.fromkeys(("category",), "category"),
    **dict.fromkeys(("assignment_group",), "assignment_group"),
    **dict.fromkeys(("reassignment_count",), "reassignment_count"),
    **dict.fromkeys(("reopen_count",), "reopen_count"),
    **dict.fromkeys(("sys_mod_count", "mod_count"), "sys_mod_count"),
}
NUMBER_HEADERS = frozenset(h for h, f in COLUMNS.items() if f == "external_id")
DATE_FIELDS = ("opened_at", "resolved_at", "closed_at", "updated_at")

STATES: dict[str, TicketState] = {
    "new": TicketState.NEW,
    "open": TicketState.NEW,
    "to do": TicketState.NEW,
    "in progress": TicketState.IN_PROGRESS,
    "active": TicketState.IN_PROGRESS,
    "work in progress": TicketState.IN_PROGRESS,
    "on hold": TicketState.ON_HOLD,
    "pending": TicketState.ON_HOLD,
    "resolved": TicketState.RESOLVED,
    "done": TicketState.RESOLVED,
    "closed": TicketState.CLOSED,
    "canceled": TicketState.CANCELLED,
    "cancelled": TicketState.CANCELLED,
}
PRIORITY_WORDS = {
    "critical": 1,
    "highest": 1,
    "high": 2,
    "moderate": 3,
    "medium": 3,
    "low": 4,
    "lowest": 5,
    "planning": 5,
}


@dataclass
class SourceRow:
    """One ticket as read: ``line`` is its 1-based row in the file, ``values`` our fields."""

    line: int
    values: dict[str, Any]


@dataclass
class TicketSource:
    rows: list[SourceRow]
    columns: dict[str, str]  # our field -> header in the file
    notes: list[str] = field(default_factory=list)
    read_rows: int = 0
    date_order: DateOrder = field(default_factory=lambda: DateOrder(None, True))


def normalise(header: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(header or "").strip().lower())


def find_header(table: list[list[Any]], name: str) -> int:
    """Index of the first row holding a recognised ticket-number column."""
    for index, row in enumerate(table[:50]):
        if any(normalise(cell) in NUMBER_HEADERS for cell in row):
            return index
    raise ExchangeError(
        f"{name}: no ticket number column found (looked for Number, number, Issue key)."
    )


def parse_priority(value: Any) -> int | None:
    if blank(value):
        return None
    text = str(value).strip().lower()
    match = re.match(r"^p?(\d+)", text)
    if match:
        return min(5, max(1, int(match.group(1))))
    for word, number in PRIORITY_WORDS.items():
        if word in text:
            return number
    raise ValueError(f"priority {value!r} is not understood")


def parse_state(value: Any) -> TicketState | None:
    if blank(value):
        return None
    text = str(value).strip().lower()
    if text.startswith(("awaiting", "pending")):
        return TicketState.ON_HOLD
    if text in STATES:
        return STATES[text]
    raise ValueError(f"state {value!r} is not understood")


def _count(value: Any) -> int | None:
    return None if blank(value) else int(float(str(value).strip()))


def _text(value: Any) -> str | None:
    if blank(value):
        return None
    if isinstance(value, float) and value.is_integer():  # a number cell: 1042, not 1042.0
        value = int(value)
    return str(value).strip()


PARSERS: dict[str, Callable[[Any], Any]] = {
    "priority": parse_priority,
    "state": parse_state,
    "reassignment_count": _count,
    "reopen_count": _count,
    "sys_mod_count": _count,
}


def _parse_column(
    cells: list[Any], parse: Callable[[Any], Any], errors: dict[int, str]
) -> list[Any]:
    """Parse one column; a repeated value is parsed once; failures noted by row index."""
    cache: dict[Any, Any] = {}
    out: list[Any] = []
    for n, cell in enumerate(cells):
        try:
            value = cache[cell]
        except KeyError:
            try:
                value = cache[cell] = parse(cell)
            except ValueError as exc:
                errors.setdefault(n, str(exc))
                value = None
        except TypeError:  # an unhashable cell: parse it every time
            value = parse(cell)
        out.append(value)
    return out


def _parse_dates(cells: list[Any], order: str | None, errors: dict[int, str]) -> list[Any]:
    out: list[Any] = []
    for n, cell in enumerate(cells):
        if type(cell) is datetime:  # the common case in xlsx exports: nothing to parse
            out.append(cell)
            continue
        try:
            out.append(parse_datetime(cell, order))
        except ValueError as exc:
            errors.setdefault(n, str(exc))
            out.append(None)
    return out


def _body(table: list[list[Any]], header_at: int) -> tuple[list[int], list[list[Any]]]:
    """The non-empty rows below the header, with their 1-based lines."""
    lines: list[int] = []
    rows: list[list[Any]] = []
    for line, row in enumerate(table[header_at + 1 :], start=header_at + 2):
        if any(row) and any(not blank(c) for c in row):
            lines.append(line)
            rows.append(row)
    return lines, rows


def _cells(rows: list[list[Any]], index: int) -> list[Any]:
    return [row[index] if index < len(row) else None for row in rows]


def read_tickets(
    path: Path,
    dates: str | None = None,
    *,
    guess: bool = False,
    progress: Progress | None = None,
) -> TicketSource:
    """The tickets of an export, mapped and parsed; rows that cannot be read carry an error.

    ``dates`` ('dmy'/'mdy') settles text dates; without it the values decide, and when they
    cannot, ``guess`` reads day-first (the preview shows it for the user to confirm) instead
    of refusing the file.
    """
    name = path.name
    table = read_table(path, "tickets")
    step(progress, 0.3)
    header_at = find_header(table, name)
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    for index, cell in enumerate(table[header_at]):
        target = COLUMNS.get(normalise(cell))
        if target and target not in columns:
            columns[target] = index
            headers[target] = str(cell)
    if "opened_at" not in columns:
        raise ExchangeError(f"{name}: no opened date column found (Opened, opened_at, Created).")
    lines, rows = _body(table, header_at)
    del table  # the parsed columns replace it
    raw = {f: _cells(rows, i) for f, i in columns.items()}
    del rows
    texts = [c for f in DATE_FIELDS if f in raw for c in raw[f] if isinstance(c, str)]
    order = settle_order(inspect_dates(texts), dates, name, guess=guess)
    step(progress, 0.4)
    errors: dict[int, str] = {}
    parsed: dict[str, list[Any]] = {}
    for f, cells in raw.items():
        if f in DATE_FIELDS:
            parsed[f] = _parse_dates(cells, order.order, errors)
        else:
            parsed[f] = _parse_column(cells, PARSERS.get(f, _text), errors)
    fields = list(parsed)
    source = TicketSource([], headers, read_rows=len(lines), date_order=order)
    ids = parsed.get("external_id", [None] * len(lines))
    for n, (line, values) in enumerate(zip(lines, zip(*parsed.values(), strict=True), strict=True)):
        if n in errors:
            source.rows.append(SourceRow(line, {"external_id": ids[n], "_error": errors[n]}))
        else:
            pairs = zip(fields, values, strict=True)  # empty cells left out: they change nothing
            source.rows.append(SourceRow(line, {f: v for f, v in pairs if v is not None}))
    step(progress, 0.55)
    if "resolved_at" not in columns and "updated_at" in columns and "state" in columns:
        source.notes.append(
            f"No resolved column: the last update ({headers['updated_at']}) stands in for "
            "the resolution time of resolved and closed tickets."
        )
        for r in source.rows:
            if r.values.get("state") in (TicketState.RESOLVED, TicketState.CLOSED):
                r.values["resolved_at"] = r.values.get("updated_at")
    return source


def collapse(source: TicketSource) -> None:
    """One row per external id: the highest ``sys_mod_count``, else the last (event logs)."""
    best: dict[Any, SourceRow] = {}
    for r in source.rows:
        key = r.values.get("external_id")
        if key is None:
            best[("line", r.line)] = r
            continue
        held = best.get(key)
        mod = r.values.get("sys_mod_count")
        if held is None or mod is None or mod >= (held.values.get("sys_mod_count") or 0):
            best[key] = r
    if len(best) < len(source.rows):
        source.notes.append(
            f"{len(source.rows)} rows hold {len(best)} tickets (an event log): "
            "each ticket is taken from its latest update."
        )
        source.rows = sorted(best.values(), key=lambda r: r.line)
