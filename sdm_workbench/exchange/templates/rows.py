"""Read a mapped sheet's rows into our values (not yet checked against the database).

Rows without a name are placeholders (a template's pre-numbered R1..R8) and skipped, so
are total and subtotal rows, budget rows without an amount (group headings) and task rows
without dates that have no sub-tasks. Indented task names ("   Design") make a hierarchy;
a summary task without dates spans its sub-tasks. A cell that cannot be read is a
:class:`CellIssue` naming it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import CellIssue
from .detect import column_values
from .fields import BUDGET, RAID, TASK
from .mapping import ColumnMapping, SheetMapping
from .people import People
from .readings import field_kind, read_value
from .scales import currency_of, five_levels, money_factor, to_money
from .words import cost_category, raid_status, raid_type, response_strategy, task_percent

TITLE_LIMIT = 200
NAME_LIMITS = {RAID: 200, BUDGET: 160, TASK: 200}
_TOTAL = re.compile(r"^(sub\s*totals?|totals?|grand total|estimated total)\b", re.IGNORECASE)
_PREDECESSOR = re.compile(r"^\s*([\w.]+?)\s*(fs|ss|ff|sf)?\s*(?:([+-]\s*\d+)\s*d?)?\s*$", re.I)


@dataclass
class SourceRow:
    """One row as read: 1-based ``line``, our values, and what steers planning."""

    line: int
    values: dict[str, Any]
    ref: str = ""  # the template's own ID
    level: int = 0  # task indentation
    predecessors: list[tuple[str, str, int]] = field(default_factory=list)  # (ref, type, lag)
    children: list[int] = field(default_factory=list)  # indices of sub-task rows
    parent: int | None = None
    cells: dict[str, int] = field(default_factory=dict)  # our field -> 1-based column


@dataclass
class SheetRows:
    rows: list[SourceRow] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count
    issues: list[CellIssue] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class SheetReader:
    """Turns one sheet's rows into :class:`SourceRow` values for one target kind."""

    def __init__(
        self, mapping: SheetMapping, rows: Sequence[Sequence[Any]], people: People
    ) -> None:
        assert mapping.target is not None
        self.mapping = mapping
        self.target = mapping.target
        self.rows = rows
        self.people = people
        self.out = SheetRows()
        self.currency = next(
            (currency_of(c.header) for c in mapping.columns if currency_of(c.header)), None
        )  # "LABOR COST ($)" beside "TOTAL PER TASK": the sheet is in dollars
        self.five = {  # words in a numeric scale column: five levels when any is five-only
            c.column: five_levels(column_values(rows, mapping.header_row, c.column))
            for c in mapping.columns
            if field_kind(self.target, c.field) == "scale"
        }

    def read(self) -> SheetRows:
        start = self.mapping.header_row + 1
        for index, raw in enumerate(self.rows[start:], start=start + 1):
            if any(_text(v) for v in raw):
                self._row(index, raw)
        if self.target == TASK:
            self._hierarchy()
        return self.out

    def _skip(self, reason: str) -> None:
        self.out.skipped[reason] = self.out.skipped.get(reason, 0) + 1

    def _issue(self, line: int, column: ColumnMapping, message: str) -> None:
        self.out.issues.append(CellIssue(self.mapping.sheet, line, column.column + 1, message))

    def _row(self, line: int, raw: Sequence[Any]) -> None:
        cells: dict[str, tuple[ColumnMapping, Any]] = {}
        for c in self.mapping.columns:
            if c.field and c.column < len(raw) and _text(raw[c.column]):
                cells[c.field] = (c, raw[c.column])
        name_key = "title" if self.target == RAID else "name"
        name = _text(cells[name_key][1]) if name_key in cells else ""
        if not name:
            self._skip("no name (placeholder rows)" if cells else "nothing we read")
            return
        if _TOTAL.match(name.strip()):
            self._skip("totals")
            return
        row = SourceRow(line, {}, cells={k: c.column + 1 for k, (c, _) in cells.items()})
        notes: list[str] = []
        failed = False
        for key, (column, value) in cells.items():
            try:
                self._read(row, key, column, value, notes)
            except ValueError as exc:
                self._issue(line, column, f"{column.header.splitlines()[0].strip()}: {exc}.")
                failed = True
        if failed:
            return
        if self.target == BUDGET and row.values.get("budget_at_completion") is None:
            self._skip("no amount (group headings)")
            return
        self._finish(row, name, notes)
        self.out.rows.append(row)

    def _read(
        self, row: SourceRow, key: str, column: ColumnMapping, value: Any, notes: list[str]
    ) -> None:
        header = " ".join(column.header.split())
        if key == "ref":
            row.ref = _text(value)
        elif key == "notes":
            notes.append(f"{header}: {_text(value)}")
        elif key in ("owner", "assignee"):
            self._person(row, key, column, _text(value), notes)
        elif (kind := field_kind(self.target, key)) in ("scale", "date", "percent"):
            # The very reading the mapping dialog previews (readings.preview).
            reading = column.reading or (self.mapping.date_order if kind == "date" else None)
            five = self.five.get(column.column, False)
            row.values[key] = read_value(kind, reading, value, five)
        elif key in ("budget_at_completion", "cost_impact"):
            row.values[key] = to_money(value, money_factor(column.header))
            currency = currency_of(column.header)
            if currency and key == "budget_at_completion":
                row.values["currency"] = currency
        elif key == "duration":
            row.values["_duration"] = to_money(value)
        elif key == "status" and self.target == TASK:
            row.values["_status_percent"] = task_percent(value)
        elif key == "status":
            row.values[key] = raid_status(value)
        elif key == "type":
            row.values[key] = raid_type(value)
        elif key == "response_strategy":
            row.values[key] = response_strategy(value)
        elif key == "predecessors":
            row.predecessors = _predecessors(_text(value))
        elif key == "name" and self.target == TASK:
            text = str(value)
            row.level = len(text) - len(text.lstrip(" \t"))
            row.values[key] = text.strip()
        else:
            row.values[key] = _text(value) if isinstance(value, str | float | int) else value

    def _person(
        self, row: SourceRow, key: str, column: ColumnMapping, text: str, notes: list[str]
    ) -> None:
        """Link the row to the person the cell names (a new person when unknown)."""
        link = self.people.link(text, self.mapping.sheet, row.line, column.column + 1)
        if link is None or not link.whole:  # nobody usable, or more than one: keep the text
            notes.append(f"{' '.join(column.header.split())}: {text}")
        if link is None:
            return
        prefix = "owner" if key == "owner" else "assignee"
        if link.person_id is not None:
            row.values[f"{prefix}_id"] = link.person_id
        else:  # resolved by name when applied: the person is added first, same transaction
            row.values[f"{prefix}_name"] = link.new_name
        row.cells[f"{prefix}_id"] = row.cells[f"{prefix}_name"] = column.column + 1

    def _finish(self, row: SourceRow, name: str, notes: list[str]) -> None:
        values = row.values
        limit = NAME_LIMITS[self.target]
        key = "title" if self.target == RAID else "name"
        full = " ".join(name.split()) if self.target != TASK else values[key]
        if len(full) > limit:  # a long description used as the title: keep all of it
            values[key] = full[: limit - 1].rstrip() + "\u2026"
            notes.insert(0, full)
        else:
            values[key] = full
        if self.target == RAID:
            values.setdefault("type", self.mapping.raid_type or "risk")
            _text_into(values, "description", notes)
            if (
                values.get("type") == "issue"
                and values.get("impact")
                and not values.get("probability")
            ):
                values["probability"] = 5  # an issue has happened: certain
        elif self.target == BUDGET:
            if self.currency and "currency" not in values:
                values["currency"] = self.currency
            values["category"] = cost_category(values.get("category"), values["name"])
            _text_into(values, "notes", notes)
        else:
            status_percent = values.pop("_status_percent", None)
            if values.get("percent_complete") is None and status_percent is not None:
                values["percent_complete"] = status_percent
            _text_into(values, "notes", notes)
            header = self.mapping.column_of("name")
            if header is not None and header.header.strip().casefold().startswith("milestone"):
                values["is_milestone"] = True

    def _hierarchy(self) -> None:
        """Parents by indentation; a parent without dates spans its children."""
        rows = self.out.rows
        stack: list[int] = []
        for i, row in enumerate(rows):
            while stack and rows[stack[-1]].level >= row.level:
                stack.pop()
            if stack:
                row.parent = stack[-1]
                rows[stack[-1]].children.append(i)
            stack.append(i)
        keep: list[SourceRow] = []
        for i in reversed(range(len(rows))):
            row = rows[i]
            _span(row, [rows[c] for c in row.children])
            if "start_date" not in row.values and "finish_date" not in row.values:
                self._skip("no dates and no sub-tasks")
                continue
            keep.append(row)
        kept = {id(r) for r in keep}
        for row in rows:  # a child of a skipped parent hangs on the nearest kept ancestor
            while row.parent is not None and id(rows[row.parent]) not in kept:
                row.parent = rows[row.parent].parent
        positions = {id(r): n for n, r in enumerate(reversed(keep))}
        ordered = list(reversed(keep))
        for row in ordered:
            row.parent = None if row.parent is None else positions[id(rows[row.parent])]
        self.out.rows = ordered


def _span(row: SourceRow, children: list[SourceRow]) -> None:
    if "start_date" in row.values or "finish_date" in row.values:
        return
    starts = [c.values["start_date"] for c in children if c.values.get("start_date")]
    finishes = [c.values["finish_date"] for c in children if c.values.get("finish_date")]
    if starts or finishes:
        row.values["start_date"] = min(starts or finishes)
        row.values["finish_date"] = max(finishes or starts)


def _text_into(values: dict[str, Any], key: str, notes: list[str]) -> None:
    if notes:
        values[key] = "\n".join([values[key], *notes] if values.get(key) else notes)


def _predecessors(text: str) -> list[tuple[str, str, int]]:
    """ "2fs, 7ss+2" as (ref, type, lag days); unreadable parts are left out."""
    found = []
    for part in re.split(r"[;,]", text):
        match = _PREDECESSOR.match(part)
        if match and part.strip():
            lag = int(match.group(3).replace(" ", "")) if match.group(3) else 0
            found.append((match.group(1), (match.group(2) or "FS").upper(), lag))
    return found
