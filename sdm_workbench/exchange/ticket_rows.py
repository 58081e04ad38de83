"""Reading ServiceNow / Jira ticket exports (csv, xlsx) into ticket values, before any writing.

The built-in mapping covers the usual list-export columns. Cells are parsed column by
column (a repeated priority or state is parsed once): a 100k-row export is read in about
the time python-calamine takes to open it. Text dates are read day-first or month-first
as the values show (see ``flat_files``) unless the caller says which.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from itertools import chain, compress, repeat
from operator import is_, itemgetter
from pathlib import Path
from typing import Any

from ..domain.enums import TicketState
from .bulk_insert import gather
from .errors import ExchangeError
from .flat_files import (
    DateOrder,
    Progress,
    blank,
    inspect_dates,
    parse_dates,
    read_table,
    settle_order,
    step,
    text_column,
)
from .ticket_cells import PARSERS, parse_column

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
FIELDS = tuple(dict.fromkeys(COLUMNS.values()))  # every field a column can feed, in order


@dataclass
class TicketSource:
    """The tickets of a file, column by column (a 100k-row export is never 100k dicts).

    ``values`` holds one parsed list per field (None: empty cell); ``lines`` the 1-based
    line of each row in the file; ``errors`` why a row cannot be read, by row index.
    """

    lines: list[int]
    values: dict[str, list[Any]]
    columns: dict[str, str]  # our field -> header in the file
    errors: dict[int, str] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)  # every header of the file, in order
    notes: list[str] = field(default_factory=list)
    read_rows: int = 0
    date_order: DateOrder = field(default_factory=lambda: DateOrder(None, True))

    def __len__(self) -> int:
        return len(self.lines)

    def keep(self, rows: list[int]) -> None:
        """Keep only the rows at ``rows`` (indices, in order)."""
        where = {n: k for k, n in enumerate(rows)}
        self.lines = gather(self.lines, rows)
        self.values = {f: gather(col, rows) for f, col in self.values.items()}
        self.errors = {where[n]: e for n, e in self.errors.items() if n in where}


def normalise(header: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(header or "").strip().lower())


def find_header(table: list[list[Any]], name: str, extra: Collection[str] = ()) -> int:
    """Index of the first row holding a ticket-number column (built-in or ``extra`` names)."""
    names = NUMBER_HEADERS | set(extra)
    for index, row in enumerate(table[:50]):
        if any(normalise(cell) in names for cell in row):
            return index
    raise ExchangeError(
        f"{name}: no ticket number column found (looked for Number, number, Issue key)."
    )


def _kept(rows: list[list[Any]], ids: list[str | None]) -> list[int]:
    """Indices of the rows that are not empty ("null", "n/a" count as empty).

    A row with a ticket number is not empty; only the others are looked at cell by cell.
    """
    if None not in ids:
        return list(range(len(rows)))
    empty = {
        n
        for n, key in enumerate(ids)
        if key is None and not (any(rows[n]) and any(not blank(c) for c in rows[n]))
    }
    return [n for n in range(len(rows)) if n not in empty]


def _columns(rows: list[list[Any]], indices: Mapping[str, int]) -> dict[str, list[Any]]:
    """The columns at ``indices`` of ``rows`` (None where a short csv row ends before one).

    A sheet's rows are all as wide: they are laid end to end once and each column is a
    strided slice of that, rather than a look-up in every row per column.
    """
    widths = set(map(len, rows))
    width = widths.pop() if len(widths) == 1 else 0
    if width <= max(indices.values(), default=-1):  # ragged, or short of a column: one by one
        return {f: _column(rows, i) for f, i in indices.items()}
    cells = list(chain.from_iterable(rows))
    return {f: cells[i::width] for f, i in indices.items()}


def _column(rows: list[list[Any]], index: int) -> list[Any]:
    """One column of ``rows`` (None where a short csv row ends before it)."""
    try:
        return list(map(itemgetter(index), rows))
    except IndexError:
        return [row[index] if index < len(row) else None for row in rows]


def _texts(cells: list[Any]) -> list[str]:
    """The non-empty text cells of a column (none at all in an xlsx of real date cells)."""
    kinds = map(type, cells)
    return list(filter(None, compress(cells, map(is_, kinds, repeat(str)))))  # loops in C


def map_columns(
    header: list[Any], mapping: Mapping[str, str] | None = None
) -> tuple[dict[str, int], dict[str, str]]:
    """Our field -> column index and -> header text: built-in names, then ``mapping``.

    ``mapping`` (field -> header, as the user saved it) wins over the built-in names; a
    field mapped to "" is not read at all.
    """
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        target = COLUMNS.get(normalise(cell))
        if target and target not in columns:
            columns[target] = index
    if mapping:
        where = {normalise(cell): index for index, cell in reversed(list(enumerate(header)))}
        for target, name in mapping.items():
            if target not in FIELDS:
                continue
            if not name:
                columns.pop(target, None)
            elif normalise(name) in where:
                index = where[normalise(name)]
                for other in [f for f, i in columns.items() if i == index]:
                    del columns[other]  # a column feeds one field
                columns[target] = index
    return columns, {f: str(header[i]) for f, i in columns.items()}


def read_tickets(
    path: Path,
    dates: str | None = None,
    *,
    guess: bool = False,
    progress: Progress | None = None,
    mapping: Mapping[str, str] | None = None,
) -> TicketSource:
    """The tickets of an export, mapped and parsed column by column; bad rows carry an error.

    ``dates`` ('dmy'/'mdy') settles text dates; without it the values decide, and when they
    cannot, ``guess`` reads day-first (the preview shows it for the user to confirm) instead
    of refusing the file. ``mapping`` (field -> header) corrects the built-in column names.
    """
    name = path.name
    table = read_table(path, "tickets")
    step(progress, 0.3)
    extra = {normalise(h) for f, h in (mapping or {}).items() if f == "external_id" and h}
    header_at = find_header(table, name, extra)
    header = list(table[header_at])
    columns, headers = map_columns(header, mapping)
    if "opened_at" not in columns:
        raise ExchangeError(f"{name}: no opened date column found (Opened, opened_at, Created).")
    body = table[header_at + 1 :]
    del table  # the parsed columns replace it
    raw = _columns(body, columns)
    ids: list[str | None] = (
        text_column(raw.pop("external_id")) if "external_id" in raw else [None] * len(body)
    )
    kept = _kept(body, ids)
    del body
    if len(kept) < len(ids):
        raw = {f: gather(col, kept) for f, col in raw.items()}
        ids = gather(ids, kept)
    first = header_at + 2  # the 1-based line of the first row under the header
    lines = (
        list(range(first, first + len(kept)))
        if len(kept) == len(ids)
        else [n + first for n in kept]
    )
    texts = [c for f in DATE_FIELDS if f in raw for c in _texts(raw[f])]
    order = settle_order(inspect_dates(dict.fromkeys(texts)), dates, name, guess=guess)
    step(progress, 0.4)
    errors: dict[int, str] = {}
    values: dict[str, list[Any]] = {"external_id": ids} if "external_id" in columns else {}
    for f in list(raw):
        cells = raw.pop(f)
        if f in DATE_FIELDS:
            values[f], bad = parse_dates(cells, order.order)
        elif f in PARSERS:
            values[f], bad = parse_column(cells, PARSERS[f])
        else:
            values[f], bad = text_column(cells), {}
        for n, why in bad.items():
            errors.setdefault(n, why)
    source = TicketSource(
        lines, values, headers, errors, [" ".join(str(h or "").split()) for h in header],
        read_rows=len(lines), date_order=order,
    )  # fmt: skip
    step(progress, 0.55)
    if "resolved_at" not in columns and "updated_at" in columns and "state" in columns:
        source.notes.append(
            f"No resolved column: the last update ({headers['updated_at']}) stands in for "
            "the resolution time of resolved and closed tickets."
        )
        done = (TicketState.RESOLVED, TicketState.CLOSED)
        source.values["resolved_at"] = [
            u if s in done else None
            for s, u in zip(values["state"], values["updated_at"], strict=True)
        ]
    return source


def collapse(source: TicketSource) -> None:
    """One row per external id: the highest ``sys_mod_count``, else the last (event logs)."""
    ids = source.values.get("external_id")
    if ids is None:
        return
    filled = ids if None not in ids else [i for i in ids if i is not None]
    if len(set(filled)) == len(filled):  # an ordinary export: nothing to collapse
        return
    mods = source.values.get("sys_mod_count", [None] * len(ids))
    best: dict[Any, int] = {}
    for n, key in enumerate(ids):
        if key is None:
            best[("line", n)] = n
            continue
        held = best.get(key)
        mod = None if n in source.errors else mods[n]
        held_mod = None if held is None or held in source.errors else mods[held]
        if held is None or mod is None or mod >= (held_mod or 0):
            best[key] = n
    source.notes.append(
        f"{len(ids)} rows hold {len(best)} tickets (an event log): "
        "each ticket is taken from its latest update."
    )
    source.keep(sorted(best.values()))
