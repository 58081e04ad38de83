"""The exported workbook's shape, its safety (text stays text), and how it reaches the disk."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet._writer import ALL_TEMP_FILES

from sdm_workbench.analytics.risk import DEFAULT_BANDS
from sdm_workbench.exchange import Cancelled, ExchangeError, export_workbook, plan_import
from sdm_workbench.exchange.schema import DATETIME_FORMAT, SHEET_TITLES, sheet_for, sheets
from sdm_workbench.exchange.styles import AMBER, GREEN, RED
from sdm_workbench.operations import UpdateRow, run
from sdm_workbench.store import Store
from sdm_workbench.store.repository import list_rows

from .conftest import EDIT_KINDS, column, row_of


@pytest.fixture
def whole(small: Store, tmp_path: Path) -> Path:
    path = tmp_path / "whole.xlsx"
    export_workbook(small, path)
    return path


def test_sheets_headers_formats_and_validation(small: Store, whole: Path) -> None:
    book = openpyxl.load_workbook(whole)
    assert book.sheetnames == ["Summary", *SHEET_TITLES.values(), "Timeline", "_meta"]
    assert book["_meta"].sheet_state == "hidden"
    assert book.active.title == "Summary"

    tasks = book["Tasks"]
    assert [c.value for c in tasks[1]] == [c.header for c in sheet_for("task").columns]
    assert tasks.freeze_panes == "A2"
    last = tasks.cell(1, tasks.max_column).column_letter
    assert tasks.auto_filter.ref == f"A1:{last}{tasks.max_row}"
    start = tasks.cell(2, column(tasks, "Start"))
    assert isinstance(start.value, date) and start.number_format == "yyyy-mm-dd"
    assert tasks.cell(2, column(tasks, "% complete")).number_format == "0.0%"
    assert tasks.column_dimensions[tasks.cell(1, column(tasks, "Name")).column_letter].width > 20

    tickets = book["Tickets"]
    opened = tickets.cell(2, column(tickets, "Opened (UTC)"))
    assert opened.number_format == DATETIME_FORMAT and opened.value.second is not None

    budget = book["Budget"]
    assert budget.cell(2, column(budget, "Budget at completion")).number_format == "#,##0.00"

    risks = book["Risks"]
    status = risks.cell(1, column(risks, "Status")).column_letter
    lists = {
        str(dv.sqref).split(":")[0]: dv.formula1 for dv in risks.data_validations.dataValidation
    }
    assert lists[f"{status}2"] == '"open,monitoring,closed,occurred"'
    score = risks.cell(1, column(risks, "Score")).column_letter
    rules = [
        r
        for cf in risks.conditional_formatting
        if str(cf.sqref).startswith(score)
        for r in cf.rules
    ]
    assert sorted(r.formula for r in rules) == [["1", "4"], ["13", "25"], ["5", "12"]]
    row = 2
    p, i = (risks.cell(row, column(risks, h)).value for h in ("Probability", "Impact"))
    if p is not None and i is not None:
        assert risks.cell(row, column(risks, "Score")).value == p * i


def test_summary_has_counts_and_a_coloured_heat_map(small: Store, whole: Path) -> None:
    ws = openpyxl.load_workbook(whole)["Summary"]
    rows = {r[0].value: r for r in ws.iter_rows() if r and r[0].value is not None}
    assert rows["Tasks"][1].value == len(_all(small, "task"))
    header = next(r for r in ws.iter_rows() if r[0].value == "Probability \\ Impact")
    top = header[0].row + 1  # probability 5
    colours = {
        (6 - (r - top + 1) + 0, c): ws.cell(r, c + 1).fill.fgColor.rgb[-6:]
        for r in range(top, top + 5)
        for c in range(1, 6)
    }
    for (probability, impact), colour in colours.items():
        score = probability * impact
        expected = GREEN if score <= DEFAULT_BANDS.low_max else AMBER
        expected = RED if score > DEFAULT_BANDS.medium_max else expected
        assert colour == expected, (probability, impact)
    counted = sum(int(ws.cell(r, c + 1).value) for r in range(top, top + 5) for c in range(1, 6))
    active = [
        r
        for r in _all(small, "raid_item")
        if str(r["type"]) == "risk"
        and str(r["status"]) in ("open", "monitoring")
        and r["probability"] is not None
        and r["impact"] is not None
    ]
    assert counted == len(active)


def _all(store: Store, kind: str) -> list:  # type: ignore[type-arg]
    with store.session() as session:
        return list_rows(session, kind)


TRICKY = ['=HYPERLINK("http://x","y")', "+1+2", "-3", "@SUM(A1:A2)", "#N/A", "=1"]


def test_user_text_is_never_a_formula(small: Store, tmp_path: Path) -> None:
    services = _all(small, "service")[: len(TRICKY)]
    for service, text in zip(services, TRICKY, strict=True):
        run(small, UpdateRow("service", service.id, {"name": text, "notes": text}))
    path = tmp_path / "tricky.xlsx"
    export_workbook(small, path, kinds=["service", "project"])

    ws = openpyxl.load_workbook(path)["Services"]
    for service, text in zip(services, TRICKY, strict=True):
        row = row_of(ws, "uid", service.uid)
        for header in ("Name", "Notes"):
            cell = ws.cell(row, column(ws, header))
            assert cell.value == text and cell.data_type == "s", (header, text)
    with zipfile.ZipFile(path) as archive:
        xml = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in part or b"<f " in part for part in xml)
    assert plan_import(small, path).is_empty  # and they come back unchanged


def test_written_beside_the_target_then_renamed(small: Store, tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"the previous export")

    def cancel(sheet: str, rows: int) -> bool:
        return sheet != "Tasks"

    streams = len(ALL_TEMP_FILES)
    with pytest.raises(Cancelled):
        export_workbook(small, target, progress=cancel)
    assert target.read_bytes() == b"the previous export"
    assert _files(tmp_path) == ["out.xlsx"]
    assert len(ALL_TEMP_FILES) == streams  # openpyxl's per-sheet streams are gone too

    result = export_workbook(small, target, kinds=["service"])
    assert result.rows == {"Services": len(_all(small, "service"))}
    assert zipfile.is_zipfile(target)
    assert _files(tmp_path) == ["out.xlsx"]


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("small.sqlite"))


def test_bad_targets_are_refused(small: Store, tmp_path: Path) -> None:
    with pytest.raises(ExchangeError, match=r"must end in \.xlsx"):
        export_workbook(small, tmp_path / "out.csv")
    with pytest.raises(ExchangeError, match="no such folder"):
        export_workbook(small, tmp_path / "missing" / "out.xlsx")


def test_every_sheet_comes_after_the_kinds_it_refers_to() -> None:
    seen: set[str] = set()
    for spec in sheets():
        for c in spec.columns:
            if c.ref_kind and c.ref_kind != spec.kind:
                assert c.ref_kind in seen, (spec.kind, c.ref_kind)
        seen.add(spec.kind)


def test_the_benchmark_figure_measures_both_sides(small: Store, tmp_path: Path) -> None:
    from sdm_workbench.bench.workbook import export_figure

    figure = export_figure(small, tmp_path, memory=True, kinds=EDIT_KINDS)
    assert figure["ours_s"] > 0 and figure["baseline_s"] > 0 and figure["cells"] > 5_000
    assert figure["ours_peak_mb"] > 0 and figure["baseline_peak_mb"] > 0
    assert figure["ratio"] == pytest.approx(figure["ours_s"] / figure["baseline_s"], rel=0.01)


def test_headers_are_told_apart_on_import() -> None:
    from sdm_workbench.exchange.schema import header_aliases

    for spec in sheets():
        seen: dict[str, str] = {}
        for c in spec.columns:
            for alias in header_aliases(spec.kind, c):
                assert seen.setdefault(alias, c.key) == c.key, (spec.title, alias)


def test_meta_records_schema_time_and_source(small: Store, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from sdm_workbench.exchange.meta import parse, source_id
    from sdm_workbench.exchange.reader import WorkbookReader
    from sdm_workbench.store.migrate import head_revision

    path = tmp_path / "meta.xlsx"
    export_workbook(small, path, kinds=["service"], now=datetime(2026, 3, 16, 9, 30, tzinfo=UTC))
    reader = WorkbookReader(path)
    meta = parse(reader.rows("_meta"))
    reader.close()
    assert meta.schema_version == head_revision()
    assert meta.exported_at == "2026-03-16T09:30:00Z"
    assert meta.source_file == "small.sqlite"  # the name only: no folders leave the machine
    assert meta.source_id == source_id(small.describe())
    services = _all(small, "service")
    assert {uid: s.version for uid, s in meta.rows["service"].items()} == {
        s.uid: s.version for s in services
    }
