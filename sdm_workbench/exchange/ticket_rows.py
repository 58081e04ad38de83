"""Reading ServiceNow / Jira ticket exports (csv, xlsx) into ticket values, before any writing.

The built-in mapping covers the usual list-export columns; dates given as text are read
day-first or month-first as the values show (a first field above 12 means day-first, a
second field above 12 means month-first) unless the caller says which.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ..domain.enums import TicketState
from .errors import ExchangeError

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
MISSING = frozenset({"", "null", "?", "none", "n/a", "nan"})

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
_SLASHED = re.compile(
    r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_EXCEL_EPOCH = datetime(1899, 12, 30)


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


def normalise(header: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(header or "").strip().lower())


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in MISSING)


def read_table(path: Path) -> list[list[Any]]:
    """All rows of the first sheet (xlsx) or of the csv file, as lists of cell values."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ExchangeError(f"{path.name}: no such file.")
    if suffix in (".xlsx", ".xlsm", ".xls"):
        from python_calamine import CalamineWorkbook

        try:
            return list(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python())
        except Exception as exc:  # calamine raises its own errors for broken files
            raise ExchangeError(f"{path.name}: not a readable workbook ({exc}).") from exc
    if suffix not in (".csv", ".txt"):
        raise ExchangeError(f"{path.name}: tickets are read from .csv or .xlsx files.")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            sample = handle.read(65536)
            handle.seek(0)
            try:
                dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
            except csv.Error:
                dialect = csv.excel
            return [list(r) for r in csv.reader(handle, dialect)]
    except UnicodeDecodeError as exc:
        raise ExchangeError(f"{path.name}: not a UTF-8 text file ({exc.reason}).") from exc


def find_header(table: list[list[Any]], name: str) -> int:
    """Index of the first row holding a recognised ticket-number column."""
    for index, row in enumerate(table[:50]):
        if any(normalise(cell) in NUMBER_HEADERS for cell in row):
            return index
    raise ExchangeError(
        f"{name}: no ticket number column found (looked for Number, number, Issue key)."
    )


def detect_date_order(texts: list[str], name: str) -> str | None:
    """'dmy' or 'mdy' from slashed dates; None when no value needs it; refuse when unsure."""
    firsts = seconds = seen = 0
    for text in texts:
        match = _SLASHED.match(text)
        if match:
            seen += 1
            firsts += int(match.group(1)) > 12
            seconds += int(match.group(2)) > 12
    if not seen:
        return None
    if firsts and not seconds:
        return "dmy"
    if seconds and not firsts:
        return "mdy"
    why = "both orders appear" if firsts else "no day is above 12"
    raise ExchangeError(
        f"{name}: cannot tell whether dates are day-first or month-first ({why}); "
        "say which with --dates dmy or --dates mdy."
    )


def parse_datetime(value: Any, order: str | None) -> datetime | None:
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _EXCEL_EPOCH + timedelta(days=float(value))
    text = str(value)
    if match := _ISO.match(text):
        y, m, d, hh, mm, ss = match.groups()
    elif match := _SLASHED.match(text):
        a, b, y, hh, mm, ss = match.groups()
        d, m = (a, b) if order == "dmy" else (b, a)
    else:
        raise ValueError(f"{text!r} is not a date")
    return datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0))


def parse_priority(value: Any) -> int | None:
    if _blank(value):
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
    if _blank(value):
        return None
    text = str(value).strip().lower()
    if text.startswith(("awaiting", "pending")):
        return TicketState.ON_HOLD
    if text in STATES:
        return STATES[text]
    raise ValueError(f"state {value!r} is not understood")


def _count(value: Any) -> int | None:
    return None if _blank(value) else int(float(str(value).strip()))


def _text(value: Any) -> str | None:
    return None if _blank(value) else str(value).strip()


PARSERS = {
    "priority": parse_priority,
    "state": parse_state,
    "reassignment_count": _count,
    "reopen_count": _count,
    "sys_mod_count": _count,
}


def read_tickets(path: Path, dates: str | None = None) -> TicketSource:
    """The tickets of an export, mapped and parsed; rows that cannot be read carry an error."""
    name = path.name
    table = read_table(path)
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
    body = [(header_at + 2 + i, row) for i, row in enumerate(table[header_at + 1 :])]
    body = [(line, row) for line, row in body if any(not _blank(c) for c in row)]
    if dates is None:
        texts = [
            str(row[columns[f]])
            for _, row in body
            for f in DATE_FIELDS
            if f in columns and columns[f] < len(row) and isinstance(row[columns[f]], str)
        ]
        dates = detect_date_order(texts, name)
    source = TicketSource([], headers, read_rows=len(body))
    for line, row in body:
        raw = {f: (row[i] if i < len(row) else None) for f, i in columns.items()}
        values: dict[str, Any] = {}
        try:
            for f, cell in raw.items():
                if f in DATE_FIELDS:
                    values[f] = parse_datetime(cell, dates)
                else:
                    values[f] = PARSERS.get(f, _text)(cell)
        except ValueError as exc:
            values = {"external_id": _text(raw.get("external_id")), "_error": str(exc)}
        source.rows.append(SourceRow(line, values))
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
