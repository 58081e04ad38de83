"""The Summary sheet's month table and the native charts drawn over it."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from sdm_workbench.exchange import export_workbook
from sdm_workbench.exchange.summary_charts import HEADERS, month_window
from sdm_workbench.store import Store
from tests.store.sample import build_sample

NOW = datetime(2026, 3, 16, 12, 0)


def _trend_table(path: Path) -> tuple[int, dict[date, dict[str, object]]]:
    ws = openpyxl.load_workbook(path)["Summary"]
    rows = list(ws.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[: len(HEADERS)] == HEADERS) + 1
    table = {}
    for row in rows[header:]:
        if not isinstance(row[0], datetime):
            break
        table[row[0].date()] = dict(zip(HEADERS, row, strict=False))
    return header, table


@pytest.fixture
def sample_xlsx(tmp_path: Path) -> Path:
    store = Store.open(tmp_path / "s.sqlite", backup_dir=None, scheduled_backup=False)
    try:
        build_sample(store)
        path = tmp_path / "sample.xlsx"
        export_workbook(store, path, now=NOW)
    finally:
        store.close()
    return path


def test_month_table_holds_the_budget_burn_and_earned_value(sample_xlsx: Path) -> None:
    _header, table = _trend_table(sample_xlsx)
    assert list(table) == month_window(NOW.date())
    months = list(table)
    assert months[0] == date(2025, 4, 1) and months[-1] == date(2026, 9, 1)
    jan, feb, mar, apr = (table[date(2026, m, 1)] for m in (1, 2, 3, 4))
    # One line: 20,000 planned and 21,000 spent in February 2026, BAC 120,000.
    assert jan["Planned (cumulative)"] == 0 and feb["Planned (cumulative)"] == 20000
    assert feb["Actual (cumulative)"] == 21000 and mar["Actual (cumulative)"] == 21000
    assert apr["Actual (cumulative)"] is None  # the future has no actuals
    assert feb["Forecast (cumulative)"] is None  # the forecast starts at the current month
    assert mar["Forecast (cumulative)"] == 21000 and apr["Forecast (cumulative)"] == 21000
    assert feb["PV"] == 20000 and feb["AC"] == 21000
    assert feb["EV"] == 0  # no task has progress
    assert apr["EV"] is None and apr["PV"] == 20000


def test_charts_are_native_and_read_the_table(sample_xlsx: Path) -> None:
    header, table = _trend_table(sample_xlsx)
    first, last = header + 1, header + len(table)
    with zipfile.ZipFile(sample_xlsx) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        xml = [archive.read(n).decode() for n in charts]
    assert len(charts) == 3
    titles = [re.search(r"<a:t>([^<]+)</a:t>", x).group(1) for x in xml]  # type: ignore[union-attr]
    assert titles == ["SLA attainment by month", "Budget burn (cumulative)", "Earned value S-curve"]
    for chart in xml:
        assert f"'Summary'!$A${first}:$A${last}" in chart
    assert f"'Summary'!$G${first}:$G${last}" in xml[2]  # PV
    assert f"'Summary'!$D${first}:$D${last}" in xml[1]  # planned as columns
    assert "<c:barChart>" in xml[1] or "<barChart>" in xml[1]


def test_timeline_sheet_draws_the_plan_by_week(sample_xlsx: Path) -> None:
    from sdm_workbench.exchange.timeline_sheet import DONE, LATE, MILESTONE, SUMMARY, TODO

    ws = openpyxl.load_workbook(sample_xlsx)["Timeline"]
    header = [c.value for c in ws[1]]
    weeks = {v.date(): k + 1 for k, v in enumerate(header) if isinstance(v, datetime)}
    # The project runs Sun 1 Feb to 30 Jun: weeks from Monday 26 Jan.
    assert min(weeks) == date(2026, 1, 26) and max(weeks) == date(2026, 6, 29)
    names = [ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)]
    assert [n.strip() for n in names] == ["Mail migration", "Phase 1", "Design", "Go live"]

    def colour(row: int, week: date) -> str | None:
        fill = ws.cell(row=row, column=weeks[week]).fill
        return fill.fgColor.rgb[-6:] if fill.fill_type == "solid" else None

    design = names.index("    " * 2 + "Design") + 2
    # Design ran 2-13 Feb with no progress, and the export is dated 16 Mar: late.
    assert colour(design, date(2026, 2, 2)) == LATE.fgColor.rgb[-6:]
    assert colour(design, date(2026, 2, 9)) == LATE.fgColor.rgb[-6:]
    assert colour(design, date(2026, 2, 16)) is None
    phase = names.index("    Phase 1") + 2
    assert colour(phase, date(2026, 2, 16)) == SUMMARY.fgColor.rgb[-6:]
    go_live = names.index("    " * 2 + "Go live") + 2
    assert ws.cell(row=go_live, column=weeks[date(2026, 3, 9)]).value == MILESTONE
    assert {DONE.fgColor.rgb, TODO.fgColor.rgb}.isdisjoint({LATE.fgColor.rgb})


def test_reimport_skips_the_drawn_sheets_silently(tmp_path: Path) -> None:
    from sdm_workbench.exchange import plan_import

    store = Store.open(tmp_path / "s.sqlite", backup_dir=None, scheduled_backup=False)
    try:
        build_sample(store)
        path = tmp_path / "sample.xlsx"
        export_workbook(store, path, now=NOW)
        plan = plan_import(store, path)
    finally:
        store.close()
    assert plan.is_empty
    assert not any("Timeline" in note for note in plan.notes)
