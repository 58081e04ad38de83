"""The export figure's second baseline (XlsxWriter constant-memory): same values, or null."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from sdm_workbench.bench import workbook
from sdm_workbench.store import Store

VALUES = {
    "Services": [
        ["code", "name", "opened", "share"],
        ["SVC-001", "=1+1", datetime(2025, 3, 5, 10, 30), 0.25],
        ["SVC-002", None, None, 3],
    ],
    "Tasks": [["uid"], ["t-1"]],
}


def test_xlsxwriter_writes_the_same_values(tmp_path: Path) -> None:
    pytest.importorskip("xlsxwriter")
    path = tmp_path / "x.xlsx"
    workbook.write_xlsxwriter(VALUES, path)
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["Services", "Tasks"]
    for name, rows in VALUES.items():
        read = [
            [None if v == "" else v for v in r] for r in book.get_sheet_by_name(name).to_python()
        ]
        assert read == rows  # user text stays text: "=1+1" is not a formula


def test_figure_fields_with_and_without_xlsxwriter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("xlsxwriter")
    found = workbook.xlsxwriter_figure(VALUES, tmp_path / "x.xlsx", 2.0, memory=True)
    assert found["xlsxwriter_s"] > 0 and found["xlsxwriter_peak_mb"] > 0
    assert found["xlsxwriter_ratio"] == pytest.approx(2.0 / found["xlsxwriter_s"], rel=1e-2)
    monkeypatch.setattr(workbook, "has_xlsxwriter", lambda: False)
    absent = workbook.xlsxwriter_figure(VALUES, tmp_path / "y.xlsx", 2.0, memory=False)
    assert absent == {"xlsxwriter_s": None, "xlsxwriter_ratio": None}
    assert not (tmp_path / "y.xlsx").exists()


def test_export_figure_reports_both_baselines(store: Store, tmp_path: Path) -> None:
    figure = workbook.export_figure(store, tmp_path, kinds=("service",), name="export_tiny")
    assert figure["name"] == "export_tiny" and figure["goal"] == "<= 1.3"
    assert "xlsxwriter_s" in figure and "xlsxwriter_ratio" in figure
    if workbook.has_xlsxwriter():
        assert figure["xlsxwriter_s"] > 0 and figure["xlsxwriter_ratio"] > 0
