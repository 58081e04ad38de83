"""The ticket import figure's shape, on a small sheet (the 100k one is for `bench` only)."""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from sdm_workbench.bench import tickets


def test_export_is_servicenow_like(tmp_path: Path) -> None:
    path = tickets.write_export(tmp_path / "t.xlsx", rows=20)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert tuple(rows[0]) == tickets.HEADERS and len(rows) == 21
    assert rows[1][0] == "INC0000001" and rows[1][4] in tickets.PRIORITIES


def test_import_figure_shape(tmp_path: Path) -> None:
    figure = tickets.import_figure(tmp_path, rows=300, name="import_tickets_300")
    assert figure["name"] == "import_tickets_300" and figure["goal"] is None
    assert figure["rows"] == 300 and figure["skipped"] == 0
    assert figure["added"] + figure["updated"] == 300
    for key in ("ours_s", "baseline_s", "ratio", "read_s"):
        assert figure[key] > 0, key
    assert figure["ours_peak_mib"] > 0 and figure["baseline_peak_mib"] > 0
    assert "calamine" in figure["baseline"]
