"""Ticket export cells to values: priorities ("1 - Critical", "P2", "High"), states
("In Progress", "Awaiting user"), counts; a column parsed once per distinct cell."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..domain.enums import TicketState
from .flat_files import blank

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


PARSERS: dict[str, Callable[[Any], Any]] = {
    "priority": parse_priority,
    "state": parse_state,
    "reassignment_count": _count,
    "reopen_count": _count,
    "sys_mod_count": _count,
}


class _Parsed(dict[Any, Any]):
    """Cell -> parsed value, each distinct cell parsed when first met; failures by cell."""

    def __init__(self, parse: Callable[[Any], Any]) -> None:
        super().__init__()
        self.parse = parse
        self.failed: dict[Any, str] = {}

    def __missing__(self, cell: Any) -> Any:
        try:
            value = self.parse(cell)
        except ValueError as exc:
            value, self.failed[cell] = None, str(exc)
        self[cell] = value
        return value


def parse_column(cells: list[Any], parse: Callable[[Any], Any]) -> tuple[list[Any], dict[int, str]]:
    """Parse one column, each distinct value once; failures by row index."""
    parsed = _Parsed(parse)
    try:
        out = list(map(parsed.__getitem__, cells))  # a look-up per cell, in C
    except TypeError:  # an unhashable cell (never from calamine or csv): one by one
        out, bad = [], {}
        for n, cell in enumerate(cells):
            try:
                out.append(parse(cell))
            except ValueError as exc:
                out.append(None)
                bad[n] = str(exc)
        return out, bad
    failed = parsed.failed
    bad = {n: failed[c] for n, c in enumerate(cells) if c in failed} if failed else {}
    return out, bad
