"""The workbook export figure: ours against openpyxl writing the same values plainly.

Ours: :func:`export_workbook` of the whole portfolio (database read, styles, Summary,
``_meta``, atomic rename). Baseline: openpyxl write-only mode writing the same cell values
of the kind sheets, unstyled, from lists already in memory (read back from our file with
python-calamine, untimed) - a strict baseline that does no database work at all. A second
baseline, XlsxWriter's constant-memory mode writing the same values, is reported as
``xlsxwriter_s`` / ``xlsxwriter_ratio`` (null when XlsxWriter is not installed: it is a
test extra, not a dependency of the application).
"""

from __future__ import annotations

import importlib.util
import time
import tracemalloc
from collections.abc import Callable, Collection
from datetime import date, datetime
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from ..exchange.export import export_workbook
from ..exchange.schema import META_SHEET, SUMMARY_SHEET
from ..store import Store
from .common import make_figure


def _timed(work: Callable[[], object], memory: bool) -> tuple[float, float | None]:
    """Seconds (and peak traced megabytes when ``memory``; tracing slows the work ~3x)."""
    if memory:
        tracemalloc.start()
    start = time.perf_counter()
    try:
        work()
        return time.perf_counter() - start, (
            tracemalloc.get_traced_memory()[1] / 1e6 if memory else None
        )
    finally:
        if memory:
            tracemalloc.stop()


def same_values(path: Path) -> dict[str, list[list[Any]]]:
    """The kind sheets' cell values of an exported workbook (empty cells as None)."""
    book = CalamineWorkbook.from_path(str(path))
    return {
        name: [
            [None if v == "" else v for v in row]
            for row in book.get_sheet_by_name(name).to_python()
        ]
        for name in book.sheet_names
        if name not in (SUMMARY_SHEET, META_SHEET)
    }


def write_plain(values: dict[str, list[list[Any]]], path: Path) -> None:
    """The baseline: openpyxl write-only, no styles, the same values."""
    book = Workbook(write_only=True)
    for name, rows in values.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)


def write_xlsxwriter(values: dict[str, list[list[Any]]], path: Path) -> None:
    """The second baseline: XlsxWriter in constant-memory mode, no styles, the same values.

    Dates get the one format Excel needs to show them as dates (XlsxWriter would refuse a
    datetime cell without one); everything else is written by type.
    """
    import xlsxwriter  # type: ignore[import-untyped, unused-ignore]  # a test extra

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "remove_timezone": True})
    try:
        date_format = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        for name, rows in values.items():
            sheet = book.add_worksheet(name)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if value is None:
                        continue
                    if isinstance(value, datetime | date | clock_time):
                        sheet.write_datetime(r, c, value, date_format)
                    elif isinstance(value, str):
                        sheet.write_string(r, c, value)  # text stays text, as in ours
                    else:
                        sheet.write(r, c, value)
    finally:
        book.close()


def has_xlsxwriter() -> bool:
    return importlib.util.find_spec("xlsxwriter") is not None


def export_figure(
    store: Store,
    folder: Path,
    *,
    memory: bool = False,
    kinds: Collection[str] | None = None,
    name: str = "export_workbook",
) -> dict[str, Any]:
    """One benchmark figure: our export against the plain write of the same values."""
    ours_path, plain_path = folder / "export.xlsx", folder / "baseline.xlsx"
    ours, ours_mb = _timed(lambda: export_workbook(store, ours_path, kinds=kinds), memory)
    values = same_values(ours_path)
    base, base_mb = _timed(lambda: write_plain(values, plain_path), memory)
    figure = make_figure(name, ours, "openpyxl write-only, same values, no styles", base, "<= 1.3")
    figure["cells"] = sum(len(r) for rows in values.values() for r in rows)
    if memory:
        figure.update(ours_peak_mb=round(ours_mb or 0, 1), baseline_peak_mb=round(base_mb or 0, 1))
    figure.update(xlsxwriter_figure(values, folder / "xlsxwriter.xlsx", ours, memory))
    return figure


def xlsxwriter_figure(
    values: dict[str, list[list[Any]]], path: Path, ours: float, memory: bool
) -> dict[str, Any]:
    """``xlsxwriter_s``, ``xlsxwriter_ratio`` (ours / it) and, with ``memory``, its peak."""
    if not has_xlsxwriter():
        found: dict[str, Any] = {"xlsxwriter_s": None, "xlsxwriter_ratio": None}
        if memory:
            found["xlsxwriter_peak_mb"] = None
        return found
    seconds, peak = _timed(lambda: write_xlsxwriter(values, path), memory)
    found = {
        "xlsxwriter_s": round(seconds, 6),
        "xlsxwriter_ratio": round(ours / max(seconds, 1e-9), 3),
    }
    if memory:
        found["xlsxwriter_peak_mb"] = round(peak or 0, 1)
    return found
