"""Find a sheet's header row and what its rows are (RAID items, budget lines or tasks).

Templates put titles, "Project name: <Please complete>" blocks and guidance above the real
header (row 10 of the Accion RAID log), start in column B, and break header cells over
several lines. The header is the row among the first :data:`SEARCH_ROWS` whose cells match
the most fields of one target that has its required fields; the earliest row wins a tie.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .fields import BUDGET, MIN_FIELDS, REQUIRED, TARGET_LABELS, TARGETS
from .matching import Match, match_headers

SEARCH_ROWS = 30
NAME_FIELDS = {"raid_item": "title", "budget_line": "name", "task": "name"}


@dataclass(frozen=True)
class Header:
    row: int  # 0-based
    target: str
    matches: dict[int, Match]  # 0-based column -> match (field None: ignored)
    unnamed_name: int | None = None  # a header-less column read as the rows' names


def _blank(value: Any) -> bool:
    return value is None or str(value).strip() == ""


def filled_counts(rows: Sequence[Sequence[Any]], start: int) -> dict[int, int]:
    """Per 0-based column: how many rows below ``start`` have a value there."""
    counts: dict[int, int] = {}
    for row in rows[start + 1 :]:
        for i, value in enumerate(row):
            if not _blank(value):
                counts[i] = counts.get(i, 0) + 1
    return counts


def _has(fields: set[str], target: str) -> bool:
    return all(any(f in fields for f in group) for group in REQUIRED[target])


def _unnamed_text_column(
    rows: Sequence[Sequence[Any]], at: int, matches: dict[int, Match]
) -> int | None:
    """A column left of the matched ones with no header but text below (a WBS item list)."""
    matched = [i for i, m in matches.items() if m.field is not None]
    if not matched:
        return None
    header = rows[at]
    for i in range(min(matched)):
        if i < len(header) and not _blank(header[i]):
            continue
        below = [r[i] for r in rows[at + 1 :] if i < len(r) and not _blank(r[i])]
        texts = [v for v in below if isinstance(v, str)]
        if len(below) >= 2 and len(texts) >= 0.8 * len(below):
            return i
    return None


def find_header(rows: Sequence[Sequence[Any]], target: str | None = None) -> Header | None:
    """The best header row (of ``target`` when given), or None."""
    best: Header | None = None
    best_count = 0
    for at, row in enumerate(rows[:SEARCH_ROWS]):
        if sum(1 for v in row if not _blank(v)) < 2:
            continue
        filled = filled_counts(rows[: at + 200], at)
        for candidate in (target,) if target else TARGETS:
            matches = match_headers(candidate, list(row), filled)
            fields = {m.field for m in matches.values() if m.field}
            unnamed = None
            name_missing = NAME_FIELDS[candidate] not in fields
            if candidate == BUDGET and name_missing:  # a WBS list often has no header
                unnamed = _unnamed_text_column(rows, at, matches)
                if unnamed is not None:
                    fields.add(NAME_FIELDS[candidate])
            if not _has(fields, candidate) or len(fields) < MIN_FIELDS[candidate]:
                continue
            if len(fields) > best_count:
                best, best_count = Header(at, candidate, matches, unnamed), len(fields)
    return best


def headers_seen(rows: Sequence[Sequence[Any]]) -> list[str]:
    """The texts of the fullest of the first rows (to say what a refused sheet holds)."""
    fullest: list[str] = []
    for row in rows[:SEARCH_ROWS]:
        texts = [" ".join(str(v).split()) for v in row if isinstance(v, str) and v.strip()]
        if len(texts) > len(fullest):
            fullest = texts
    return fullest


def refusal(rows: Sequence[Sequence[Any]]) -> str:
    """Why a sheet holds nothing we import, in a manager's words."""
    seen = headers_seen(rows)
    labels = list(TARGET_LABELS.values())
    wanted = ", ".join(labels[:-1]) + " or " + labels[-1]
    if not seen:
        return f"no header row; nothing that reads as {wanted}"
    shown = ", ".join(repr(s[:30]) for s in seen[:6]) + (", ..." if len(seen) > 6 else "")
    return f"no header row names {wanted} (it has {shown})"
