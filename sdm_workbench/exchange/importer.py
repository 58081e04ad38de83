"""Plan the import of a workbook we exported and someone edited; nothing is written here.

Sheets are found by title and columns by header (any order; missing sheets and columns are
fine). Each row finds its stored row by ``uid``, else by code. A row whose cells still have
the fingerprint recorded in ``_meta`` was not edited and is skipped whatever happened in the
workbench since. An edited row becomes an update of the fields that differ (a conflict when
the stored row's version moved since the export); a row without a match is an add; with
``delete_missing``, an exported row missing from its (present) sheet is a delete. Every
cell is checked by the domain's validation: one bad cell refuses the whole workbook.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store import Store
from ..store import rows as stored_rows
from . import meta as meta_sheet
from .errors import Cancelled, CellIssue, ExchangeError
from .labels import Labels
from .meta import Meta
from .plan import ImportPlan
from .reader import HEADER_SEARCH_ROWS, WorkbookReader
from .rowplan import Pending, RowPlanner
from .schema import (
    FORMAT_VERSION,
    META_SHEET,
    SHEET_TITLES,
    SUMMARY_SHEET,
    SheetColumn,
    SheetSpec,
    header_aliases,
    sheet_by_title,
)
from .timeline_sheet import TIMELINE_SHEET
from .values import cell_value, fingerprint

MAX_ISSUES = 50
Progress = Callable[[str, int], bool]


def plan_import(
    store: Store,
    path: str | Path,
    *,
    delete_missing: bool = False,
    progress: Progress | None = None,
) -> ImportPlan:
    """Read ``path`` and plan its import into ``store``; raise ExchangeError when refused."""
    reader = WorkbookReader(path)
    try:
        plan = ImportPlan(reader.path)
        found_meta = _read_meta(reader, store, plan, delete_missing)
        specs = _sheets(reader, plan)
        issues: list[CellIssue] = []
        with store.session() as session, session.begin():
            context = Context(
                session, Labels(session), found_meta, plan, issues, delete_missing, {}
            )
            for spec, title in specs:
                SheetPlanner(context, spec, title, reader.rows(title)).plan()
                plan.sheets.append(title)
                if len(issues) >= MAX_ISSUES:
                    break
                if progress is not None and not progress(title, len(plan.sheets)):
                    raise Cancelled()
        if issues:
            raise ExchangeError(issues[:MAX_ISSUES])
        return plan
    finally:
        reader.close()


def _read_meta(
    reader: WorkbookReader, store: Store, plan: ImportPlan, deletes: bool
) -> Meta | None:
    if not reader.has(META_SHEET):
        plan.notes.append(
            "The workbook has no _meta sheet: edits cannot be told apart from changes made in "
            "the workbench since the export" + (", and no rows are deleted." if deletes else ".")
        )
        return None
    found = meta_sheet.parse(reader.rows(META_SHEET))
    if found.format > FORMAT_VERSION:
        raise ExchangeError(
            f"{reader.path.name} was exported by a newer SDM Workbench (workbook format "
            f"{found.format}); update SDM Workbench to import it."
        )
    if found.source_id and found.source_id != meta_sheet.source_id(store.describe()):
        plan.notes.append(
            f"The workbook was exported from another workbench ({found.source_file}); "
            "rows are matched by uid and code all the same."
        )
    return found


def _sheets(reader: WorkbookReader, plan: ImportPlan) -> list[tuple[SheetSpec, str]]:
    found: dict[str, tuple[SheetSpec, str]] = {}
    for info in reader.sheets:
        if info.title in (SUMMARY_SHEET, META_SHEET, TIMELINE_SHEET):  # drawn, not data
            continue
        spec = sheet_by_title(info.title)
        if spec is None or spec.kind in found:
            plan.notes.append(f"Sheet {info.title!r} is not one the workbench imports; skipped.")
            continue
        found[spec.kind] = (spec, info.title)
    if not found:
        examples = ", ".join(list(SHEET_TITLES.values())[:5])
        raise ExchangeError(
            f"{reader.path.name} has no sheet the workbench imports (such as {examples})."
        )
    order = list(SHEET_TITLES)
    return [found[k] for k in sorted(found, key=order.index)]


@dataclass
class Context:
    """What every sheet's planning shares."""

    session: Session
    labels: Labels
    meta: Meta | None
    plan: ImportPlan
    issues: list[CellIssue]
    delete_missing: bool
    pending: Pending  # codes and names of rows added by this import, by kind


@dataclass(frozen=True)
class Stored:
    id: int
    uid: str
    version: int
    label: str


class SheetPlanner:
    """Plans one sheet: header, matching, untouched rows, then edited and new rows."""

    def __init__(
        self, context: Context, spec: SheetSpec, title: str, rows: list[list[Any]]
    ) -> None:
        self.context = context
        self.spec = spec
        self.title = title
        self.rows = rows
        self.rowplan = RowPlanner(
            context.session,
            context.labels,
            spec,
            title,
            context.plan,
            context.pending,
            context.issues,
        )

    def issue(self, row: int, column: int, message: str) -> None:
        self.context.issues.append(CellIssue(self.title, row, column, message))

    def plan(self) -> None:
        header = self._header()
        if header is None:
            return
        header_row, columns = header
        self.rowplan.columns = {c.key: i + 1 for i, c in columns.items()}
        by_key = {c.key: i for i, c in columns.items()}
        stored = self.spec.importable
        self.uid_at = by_key.get("uid")
        self.code_at = by_key.get(self.rowplan.kind.code_column or "")
        if self.uid_at is None and self.code_at is None:
            if any(_filled(r) for r in self.rows[header_row + 1 :]):
                message = "The uid column is missing, so rows cannot be matched."
                self.issue(header_row + 1, 0, message)
            return
        self.complete = all(c.key in by_key for c in stored)  # fingerprints can be compared
        self.positions = [(c, by_key[c.key]) for c in stored if c.key in by_key]
        self.by_uid, self.by_code = self._index()
        meta = self.context.meta
        self.stamps = meta.rows.get(self.spec.kind, {}) if meta else {}
        self.seen: dict[int, int] = {}  # stored id -> sheet row
        self.uids: dict[str, int] = {}  # uid -> sheet row
        self.edited: list[tuple[int, list[Any], Stored]] = []
        for number, raw in enumerate(self.rows[header_row + 1 :], start=header_row + 2):
            if _filled(raw):
                self._row(number, raw)
        self._plan_edits()
        if self.context.delete_missing and meta is not None:
            self._plan_deletes()

    def _row(self, number: int, raw: list[Any]) -> None:
        """Match one filled row; skip it if untouched, else plan it as an edit or an add."""
        uid, code = _text(raw, self.uid_at), _text(raw, self.code_at)
        if uid in self.uids:
            message = f"This uid is also on row {self.uids[uid]}; clear it on a copied row."
            self.issue(number, _column(self.uid_at), message)
            return
        if uid:
            self.uids[uid] = number
        match = self.by_uid.get(uid) if uid else self.by_code.get(code) if code else None
        cells = [cell_value(c, raw[i] if i < len(raw) else None) for c, i in self.positions]
        stamp = self.stamps.get(match.uid if match else uid)
        if stamp is not None and self.complete and fingerprint(cells) == stamp.fingerprint:
            if match is not None:
                self.seen[match.id] = number
            return  # not edited in the workbook, whatever happened in the workbench since
        if match is None:
            if uid and stamp is not None:
                self.rowplan.deleted_since(number, uid, stamp.version)
            elif uid and not _is_uid(uid):
                message = f"{uid!r} is not a uid; leave the uid empty on a new row."
                self.issue(number, _column(self.uid_at), message)
            else:
                self.rowplan.add(number, self._named(cells), uid)
            return
        if match.id in self.seen:
            message = f"Row {self.seen[match.id]} is the same {self.rowplan.kind.noun}."
            self.issue(number, _column(self.uid_at if uid else self.code_at), message)
            return
        self.seen[match.id] = number
        self.edited.append((number, cells, match))

    def _named(self, cells: list[Any]) -> dict[str, Any]:
        return {c.key: value for (c, _), value in zip(self.positions, cells, strict=True)}

    def _plan_edits(self) -> None:
        table = self.rowplan.kind.table.name
        ids = [match.id for *_, match in self.edited]
        current = {
            int(r["id"]): r for r in stored_rows.fetch_many(self.context.session, table, "id", ids)
        }
        for number, cells, match in self.edited:
            stamp = self.stamps.get(match.uid)
            version = stamp.version if stamp else None
            self.rowplan.update(number, self._named(cells), current[match.id], match.label, version)

    def _plan_deletes(self) -> None:
        for uid, stamp in self.stamps.items():
            match = self.by_uid.get(uid)
            if match is not None and match.id not in self.seen:
                self.rowplan.delete(match.id, match.label, stamp.version, match.version)

    def _header(self) -> tuple[int, dict[int, SheetColumn]] | None:
        aliases = {c.key: header_aliases(self.spec.kind, c) for c in self.spec.columns}
        best: tuple[int, dict[int, SheetColumn]] | None = None
        for at, raw in enumerate(self.rows[:HEADER_SEARCH_ROWS]):
            columns: dict[int, SheetColumn] = {}
            for i, value in enumerate(raw):
                text = str(value).strip().casefold() if value not in (None, "") else ""
                column = next((c for c in self.spec.columns if text in aliases[c.key]), None)
                if not text or column is None:
                    continue
                if any(c.key == column.key for c in columns.values()):
                    self.issue(at + 1, i + 1, f"Column {column.header!r} appears twice.")
                    return None
                columns[i] = column
            if sum(1 for c in columns.values() if c.importable) >= 1 and (
                best is None or len(columns) > len(best[1])
            ):
                best = (at, columns)
        if best is None and any(_filled(r) for r in self.rows):
            expected = ", ".join(c.header for c in self.spec.columns[:4])
            self.issue(1, 0, f"No header row found (expected headers such as {expected}).")
        return best

    def _index(self) -> tuple[dict[str, Stored], dict[str, Stored]]:
        k = self.rowplan.kind
        table = k.table
        label = k.code_column or k.title_column
        columns = [table.c.id, table.c.uid, table.c.version]
        if label:
            columns.append(table.c[label])
        by_uid: dict[str, Stored] = {}
        by_code: dict[str, Stored] = {}
        for row in self.context.session.execute(select(*columns)):
            text = str(row[3]) if label and row[3] is not None else str(row[1])[:8]
            found = Stored(int(row[0]), str(row[1]), int(row[2]), text)
            by_uid[found.uid] = found
            if k.code_column:
                by_code[text] = found
        return by_uid, by_code


def _column(at: int | None) -> int:
    """A 0-based list position as a 1-based sheet column (0: not in the sheet)."""
    return 0 if at is None else at + 1


def _filled(raw: list[Any]) -> bool:
    return any(v not in (None, "") for v in raw)


def _text(raw: list[Any], at: int | None) -> str:
    if at is None or at >= len(raw) or raw[at] in (None, ""):
        return ""
    return str(raw[at]).strip()


def _is_uid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
