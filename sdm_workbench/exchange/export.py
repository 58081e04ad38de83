"""Export the portfolio to a stakeholder workbook (.xlsx), streamed in openpyxl's write-only mode.

One sheet per kind (see :mod:`.schema`) with a styled, frozen header row, autofilter, widths,
number formats, drop-downs for enums and conditional formats for RAG and risk scores; a
Summary sheet first and a hidden ``_meta`` sheet last. The kind sheets' rows go out as
ready-made XML (:mod:`.sheet_xml`), several times faster than openpyxl's cell objects. The
file is written beside the target under a temporary name and renamed into place, so a
reader never sees half a workbook.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from ..analytics.rag import Rag, rag
from ..domain.columns import ColumnType
from ..domain.kinds import kind
from ..store import Store
from ..store.migrate import head_revision
from . import meta, styles
from .errors import Cancelled, ExchangeError
from .labels import Labels
from .schema import (
    META_SHEET,
    SUMMARY_SHEET,
    RefBy,
    Role,
    SheetColumn,
    SheetSpec,
    sheets,
)
from .selection import Selection, resolve
from .sheet_xml import XmlRows, style_id
from .summary import KpiColumn, kpi_thresholds, read_summary, write_summary
from .summary_charts import read_trends
from .timeline_sheet import TIMELINE_SHEET, read_bars, write_timeline
from .values import clean_text, fingerprint, to_second

Progress = Callable[[str, int], bool]
"""Called every few thousand rows with (sheet title, rows written); False cancels."""

Getter = Callable[[Any], Any]
PROGRESS_EVERY = 5000
# openpyxl gives date and datetime cells these formats itself; other formats cost a styled cell.
_BUILT_IN_FORMATS = {ColumnType.DATE, ColumnType.DATETIME}


@dataclass(frozen=True)
class ExportResult:
    """What was written: the file and the rows per sheet."""

    path: Path
    rows: dict[str, int]
    seconds: float


def export_workbook(
    store: Store,
    path: str | Path,
    *,
    kinds: Collection[str] | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    selection: Selection | None = None,
) -> ExportResult:
    """Write the portfolio (or only the sheets of ``kinds``, or only the rows of
    ``selection``) to ``path``; raise ExchangeError."""
    started = time.perf_counter()
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ExchangeError(f"{target.name}: a workbook's name must end in .xlsx.")
    if not target.parent.is_dir():
        raise ExchangeError(f"{target.parent}: no such folder.")
    selected = [s for s in sheets() if kinds is None or s.kind in kinds]
    workbook = Workbook(write_only=True)
    try:
        counts = _fill(workbook, store, selected, progress, now, selection or Selection())
        save_atomically(workbook, target)
    except BaseException:
        _discard(workbook)
        raise
    return ExportResult(target, dict(counts), time.perf_counter() - started)


def _fill(
    workbook: Workbook,
    store: Store,
    selected: list[SheetSpec],
    progress: Progress | None,
    now: datetime | None,
    selection: Selection,
) -> list[tuple[str, int]]:
    summary_ws = workbook.create_sheet(SUMMARY_SHEET)
    meta_ws = workbook.create_sheet(META_SHEET)
    meta_ws.sheet_state = "hidden"
    source = store.describe()
    name = store.path.name if store.path else source  # no folder names leave the machine
    head = meta.header_rows(head_revision(), source, name, now)
    for row in head:
        meta_ws.append(row)
    meta_ws.append([meta.SELECTION_KEY, selection.describe()])
    meta_ws.append([meta.ROWS_MARKER])
    counts: list[tuple[str, int]] = []
    with store.session() as session, session.begin():  # one consistent read
        scope = resolve(session, selection)
        labels = Labels(session)
        kpis = kpi_thresholds(session)
        for spec in selected:
            writer = SheetWriter(workbook.create_sheet(spec.title), spec, labels, kpis)
            where = scope.condition(spec.kind)
            counts.append((spec.title, writer.write(session, meta_ws, progress, where)))
        today = (now or datetime.now(UTC)).date()
        if any(spec.kind == "task" for spec in selected):
            timeline = workbook.create_sheet(TIMELINE_SHEET)
            write_timeline(timeline, read_bars(session, scope.projects), today)
        data = read_summary(session, kpis, scope)
        trends = read_trends(session, today, scope)
    write_summary(
        summary_ws, data, counts, head[3][1], name, trends=trends, selection=selection.describe()
    )
    # openpyxl finds write-only sheets by title only
    workbook.move_sheet(META_SHEET, len(workbook.worksheets) - 1 - workbook.index(meta_ws))
    return counts


class SheetWriter:
    """Streams one kind's rows into its sheet, and each row's stamp into ``_meta``."""

    def __init__(
        self, ws: WriteOnlyWorksheet, spec: SheetSpec, labels: Labels, kpis: dict[int, KpiColumn]
    ) -> None:
        self.ws = ws
        self.spec = spec
        self.labels = labels
        self.kpis = kpis
        table = kind(spec.kind).table
        stored = spec.importable
        self.select: list[Any] = [table.c.id, table.c.uid, table.c.version] + [
            type_coerce(table.c[c.key], String) if c.type is ColumnType.ENUM else table.c[c.key]
            for c in stored
        ]
        self.order = table.c.id
        self.position = {c.key: 3 + i for i, c in enumerate(stored)}
        self.getters = [self._getter(c) for c in spec.columns]
        self.stored_index = [i for i, c in enumerate(spec.columns) if c.importable]
        self.rows = XmlRows(ws, len(spec.columns))
        # one tuple for every row: the row writer renders its attributes once
        self.styles = tuple(
            style_id(ws, number_format=c.number_format)
            if c.number_format and c.type not in _BUILT_IN_FORMATS
            else 0
            for c in spec.columns
        )

    def _getter(self, column: SheetColumn) -> Getter:
        if column.role is Role.UID:
            return itemgetter(1)
        if column.role is Role.DERIVED:
            return self._derived(column)
        i = self.position[column.key]
        if column.role is Role.REF:
            assert column.ref_kind is not None and column.ref_by is not None
            names = self.labels.by_id(column.ref_kind, column.ref_by)
            return lambda row: names.get(row[i])
        if column.type in (ColumnType.TEXT, ColumnType.LONG_TEXT):
            return lambda row: None if row[i] is None else clean_text(row[i])
        if column.percent:
            return lambda row: None if row[i] is None else row[i] / 100.0
        if column.type is ColumnType.DATETIME:
            return lambda row: row[i] if row[i] is None else to_second(row[i])
        if column.type in (ColumnType.FLOAT, ColumnType.MONEY):
            return lambda row: None if row[i] is None else float(row[i])
        return itemgetter(i)

    def _derived(self, column: SheetColumn) -> Getter:
        if column.key.endswith(":name"):
            stored = self.spec.column(column.key.removesuffix(":name"))
            assert stored.ref_kind is not None
            names = self.labels.names(stored.ref_kind)
            i = self.position[stored.key]
            return lambda row: names.get(row[i])
        p, s = self.position.get("probability"), self.position.get("impact")
        if column.key == "score" and p is not None and s is not None:
            return lambda row: None if row[p] is None or row[s] is None else row[p] * row[s]
        rp, ri = self.position.get("residual_probability"), self.position.get("residual_impact")
        if column.key == "residual_score" and None not in (p, s, rp, ri):
            return _residual_score(p or 0, s or 0, rp or 0, ri or 0)
        if column.key == "rag":
            return _rag_of(self.kpis, self.position["kpi_id"], self.position["value"])
        raise AssertionError(f"no value for derived column {column.key}")

    def prepare(self) -> None:
        """Widths, frozen header, filters, drop-downs and rules: all before the first row."""
        ws = self.ws
        for number, column in enumerate(self.spec.columns, 1):
            ws.column_dimensions[get_column_letter(number)].width = column.width
            letter = get_column_letter(number)
            cells = f"{letter}2:{letter}{styles.LAST_ROW}"
            if column.choices:
                validation = styles.choice_list(column.choices)
                if validation is not None:
                    validation.add(cells)
                    ws.data_validations.append(validation)
            if column.key in ("score", "residual_score"):
                for rule in styles.score_rules():
                    ws.conditional_formatting.add(cells, rule)
            if column.key == "rag":
                for rule in styles.rag_rules():
                    ws.conditional_formatting.add(cells, rule)
        ws.freeze_panes = "A2"  # the header row stays in view
        field = style_id(ws, font=styles.HEADER_FONT, fill=styles.HEADER_FILL)
        derived = style_id(ws, font=styles.DERIVED_FONT, fill=styles.DERIVED_FILL)
        self.rows.append(
            [c.header for c in self.spec.columns],
            [derived if c.role is Role.DERIVED else field for c in self.spec.columns],
        )

    def write(
        self,
        session: Session,
        meta_ws: WriteOnlyWorksheet,
        progress: Progress | None,
        where: ColumnElement[bool] | None = None,
    ) -> int:
        """Write every row of the kind (or those ``where`` keeps); returns how many."""
        self.prepare()
        ws, getters, kind_name = self.ws, self.getters, self.spec.kind
        stored_index, append, row_styles = self.stored_index, self.rows.append, self.styles
        count = 0
        stamps: list[str] = []
        query = select(*self.select).order_by(self.order).execution_options(yield_per=2000)
        if where is not None:
            query = query.where(where)
        result = session.execute(query)  # fetched in batches, never all at once
        for row in result:
            values = [get(row) for get in getters]
            stamp = fingerprint([values[i] for i in stored_index])
            stamps.append(f"{row[1]} {row[2]} {stamp}")
            if len(stamps) == meta.STAMPS_PER_CELL:
                meta_ws.append([kind_name, ";".join(stamps)])
                stamps.clear()
            append(values, row_styles)  # text stays text, whatever it starts with
            count += 1
            if (
                progress is not None
                and count % PROGRESS_EVERY == 0
                and not progress(self.spec.title, count)
            ):
                raise Cancelled()
        if stamps:
            meta_ws.append([kind_name, ";".join(stamps)])
        last = get_column_letter(len(self.spec.columns))
        ws.auto_filter.ref = f"A1:{last}{count + 1}"
        if progress is not None and not progress(self.spec.title, count):
            raise Cancelled()
        return count


def _residual_score(p: int, i: int, rp: int, ri: int) -> Getter:
    def value(row: Any) -> int | None:
        probability = row[p] if row[rp] is None else row[rp]
        impact = row[i] if row[ri] is None else row[ri]
        return None if probability is None or impact is None else int(probability * impact)

    return value


def _rag_of(kpis: dict[int, KpiColumn], kpi: int, value: int) -> Getter:
    def status(row: Any) -> str | None:
        definition = kpis.get(row[kpi])
        if definition is None:
            return None
        found = rag(row[value], definition.limits)
        return None if found is Rag.NONE else found.value

    return status


def save_atomically(workbook: Workbook, target: Path) -> None:
    # Created like any new file (the user's umask applies), hidden, beside the target.
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        with open(temporary, "xb"):
            pass
        workbook.save(temporary)
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        raise ExchangeError(f"{target}: could not be written ({exc.strerror or exc}).") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _discard(workbook: Workbook) -> None:
    """Remove the temporary files of a write-only workbook that will not be saved."""
    for ws in workbook.worksheets:
        if getattr(ws, "_writer", None) is None:
            continue
        with contextlib.suppress(Exception):
            ws.close()  # ends the row stream cleanly, then the file can go
        with contextlib.suppress(Exception):
            ws._writer.cleanup()


__all__ = ["ExportResult", "Progress", "RefBy", "export_workbook"]
