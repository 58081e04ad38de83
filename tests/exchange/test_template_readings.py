"""Correcting how a template column is read (scale, date order, fractions): the planning uses
the choice, a saved mapping keeps it, the ``import`` command honours it, and a choice the
values cannot bear is refused naming the cell."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from sdm_workbench.exchange.errors import ExchangeError
from sdm_workbench.exchange.templates import (
    TemplateMapping,
    apply_template,
    find_parent,
    load_mapping,
    mapping_dir,
    plan_template,
    save_mapping,
)
from sdm_workbench.exchange.templates.readings import default_reading, preview, readings_for
from sdm_workbench.exchange.templates.scales import to_percent, to_scale
from sdm_workbench.operations import CreateRow, run
from sdm_workbench.store import Store
from sdm_workbench.store.rows import table

from .conftest import run_cli

HEADER = ["Ref", "Risk", "Likelihood", "Impact", "Date raised"]
ROWS = [
    ["R1", "Supplier late", 1, "High", "03/04/2025"],
    ["R2", "Key engineer leaves", 2, "Medium", "05/06/2025"],
    ["R3", "Licence costs rise", 3, "Low", "11/12/2025"],
]


@pytest.fixture
def project(store: Store) -> Store:
    run(store, CreateRow("project", {"name": "Readings"}))
    return store


def _register(path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Risk Register"
    ws.append(header)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def _risks(store: Store) -> dict[str, dict[str, Any]]:
    t = table("raid_items")
    with store.session() as session:
        found = session.execute(select(t).order_by(t.c.id))
        return {r.title: dict(r._mapping) for r in found}


def _corrected(mapping: TemplateMapping, **readings: str) -> TemplateMapping:
    """``mapping`` with the columns feeding each keyword's field read as its value."""
    sheet = mapping.sheets[0]
    for key, reading in readings.items():
        column = sheet.column_of(key)
        assert column is not None, key
        sheet = sheet.with_reading(column.column, reading)
    return TemplateMapping([sheet], mapping.name)


def test_detected_readings(project: Store, tmp_path: Path) -> None:
    plan = plan_template(
        project, _register(tmp_path / "r.xlsx", ROWS), find_parent(project, "PRJ-001", None)
    )
    sheet = plan.mapping.sheets[0]
    readings = {c.field: c.reading for c in sheet.columns}
    assert readings == {
        "ref": None,
        "title": None,
        "probability": "1-5",
        "impact": "words",
        "raised_on": "dmy",
    }
    assert {a.values["probability"] for a in plan.adds} == {1, 2, 3}  # read on 1-5


def test_corrected_scale_date_order_and_words_change_the_values(
    project: Store, tmp_path: Path
) -> None:
    path = _register(tmp_path / "r.xlsx", ROWS)
    parent = find_parent(project, "PRJ-001", None)
    detected = plan_template(project, path, parent).mapping
    mapping = _corrected(detected, probability="1-3", impact="words-5", raised_on="mdy")
    plan = plan_template(project, path, parent, mapping=mapping)
    apply_template(project, plan)
    risks = _risks(project)
    got = {t: (r["probability"], r["impact"], r["raised_on"]) for t, r in risks.items()}
    assert got == {
        "Supplier late": (1, 4, date(2025, 3, 4)),  # 1 of 1-3; High of five levels; March 4
        "Key engineer leaves": (3, 3, date(2025, 5, 6)),
        "Licence costs rise": (5, 2, date(2025, 11, 12)),  # 3 is the top of 1-3
    }


def test_impossible_reading_is_refused_naming_the_cell(project: Store, tmp_path: Path) -> None:
    rows = [*ROWS, ["R4", "Data centre flood", 5, "Low", "25/12/2025"]]
    path = _register(tmp_path / "r.xlsx", rows)
    parent = find_parent(project, "PRJ-001", None)
    detected = plan_template(project, path, parent).mapping  # 1-5 reads them all
    with pytest.raises(ExchangeError) as caught:
        plan_template(project, path, parent, mapping=_corrected(detected, probability="1-3"))
    assert [str(i) for i in caught.value.issues] == [
        "Risk Register!C5: Likelihood: 5 is outside the scale 1-3."
    ]
    with pytest.raises(ExchangeError) as caught:  # a day-first date read month-first
        plan_template(project, path, parent, mapping=_corrected(detected, raised_on="mdy"))
    assert [str(i) for i in caught.value.issues] == [
        "Risk Register!E5: Date raised: '25/12/2025' is not a date."
    ]
    assert _risks(project) == {}


def test_saved_reading_round_trip_and_the_cli_honours_it(
    project: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _register(tmp_path / "r.xlsx", ROWS)
    parent = find_parent(project, "PRJ-001", None)
    detected = plan_template(project, path, parent).mapping
    saved_at = save_mapping(_corrected(detected, probability="1-3", raised_on="mdy"), "apollo")
    columns = json.loads(saved_at.read_text())["sheets"][0]["columns"]
    assert {c["header"]: c["reading"] for c in columns}["Likelihood"] == "1-3"
    again = load_mapping("apollo")
    assert again.sheets[0].column_of("probability").reading == "1-3"  # type: ignore[union-attr]
    plan = plan_template(project, path, parent, saved=again)
    assert [a.values["probability"] for a in plan.adds] == [1, 3, 5]
    assert plan.adds[0].values["raised_on"] == date(2025, 3, 4)
    db = str(project.path)
    project.close()
    assert run_cli("import", "--db", db, "--project", "PRJ-001", "--mapping", "apollo",
                   "--dry-run", str(path)) == 0  # fmt: skip
    assert "'Likelihood' -> probability [1-3]" in capsys.readouterr().out
    assert run_cli("import", "--db", db, "--project", "PRJ-001", "--mapping", "apollo",
                   str(path)) == 0  # fmt: skip
    reopened = Store.open(Path(db), backup_dir=None, scheduled_backup=False)
    try:
        risks = _risks(reopened)
    finally:
        reopened.close()
    assert [r["probability"] for r in risks.values()] == [1, 3, 5]
    assert risks["Supplier late"]["raised_on"] == date(2025, 3, 4)


def test_cli_refuses_an_impossible_saved_reading(
    project: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _register(tmp_path / "r.xlsx", [*ROWS, ["R4", "Flood", 5, "Low", ""]])
    parent = find_parent(project, "PRJ-001", None)
    save_mapping(_corrected(plan_template(project, path, parent).mapping, probability="1-3"), "x")
    db = str(project.path)
    project.close()
    assert run_cli("import", "--db", db, "--project", "PRJ-001", "--mapping", "x", str(path)) == 1
    assert "r.xlsx:Risk Register:5:C: Likelihood: 5 is outside the scale 1-3." in (
        capsys.readouterr().err
    )


def test_mapping_saved_before_readings_still_loads(project: Store, tmp_path: Path) -> None:
    mapping_dir().mkdir(parents=True, exist_ok=True)
    columns = [
        {"header": "Risk", "field": "title", "scale": None},
        {"header": "Likelihood", "field": "probability", "scale": "1-3"},
        {"header": "Impact", "field": "impact", "scale": None},
        {"header": "Date raised", "field": "raised_on", "scale": None},
    ]
    sheet = {"sheet": "Risk Register", "header_row": 0, "target": "raid_item",
             "columns": columns, "raid_type": "risk", "date_order": "mdy"}  # fmt: skip
    text = json.dumps({"format": 1, "name": "old", "sheets": [sheet]})
    (mapping_dir() / "old.json").write_text(text)
    path = _register(tmp_path / "r.xlsx", ROWS)
    plan = plan_template(
        project, path, find_parent(project, "PRJ-001", None), saved=load_mapping("old")
    )
    fitted = plan.mapping.sheets[0]
    assert fitted.column_of("raised_on").reading == "mdy"  # type: ignore[union-attr]
    assert [a.values["probability"] for a in plan.adds] == [1, 3, 5]


def test_readings_on_offer_and_preview() -> None:
    assert list(readings_for("raid_item", "impact")) == [
        "1-5", "1-3", "1-4", "1-10", "words", "words-5", "percent",
    ]  # fmt: skip
    assert list(readings_for("task", "start_date")) == ["dmy", "mdy"]
    assert list(readings_for("task", "percent_complete")) == ["fraction", "percent"]
    assert readings_for("raid_item", "title") == {}
    values = [1, 2, 3, 2, 5]
    shown = [str(s) for s in preview("raid_item", "probability", "1-3", values)]
    assert shown == ["1 \u2192 1", "2 \u2192 3", "5 \u2192 5 is outside the scale 1-3"]
    words = ["Low", "High", "Very high"]
    assert default_reading("raid_item", "impact", "Impact", words) == "words-5"
    assert [s.after for s in preview("raid_item", "impact", "words-5", words)] == ["2", "4", "5"]
    refused = preview("raid_item", "impact", "words", words)[2]
    assert refused.error and "five levels" in refused.error
    dates = ["03/04/2025", 45000]
    assert [s.after for s in preview("task", "start_date", "mdy", dates)] == [
        "4 Mar 2025", "15 Mar 2023",
    ]  # fmt: skip
    assert default_reading("task", "start_date", "Start", ["03/04/2025", "04/13/2025"]) == "mdy"
    assert default_reading("task", "start_date", "Start", ["03/04/2025"], "mdy") == "mdy"
    assert default_reading("task", "percent_complete", "Done", [0.5, 1]) == "fraction"
    assert default_reading("task", "percent_complete", "Done", [0.5, 50]) == "percent"


def test_fraction_or_percent_and_word_scales() -> None:
    assert to_percent(1, "fraction") == 100.0 and to_percent(1, "percent") == 1.0
    assert to_percent("40%", "fraction") == 40.0 and to_percent(0.5) == 50.0
    with pytest.raises(ValueError, match="not a fraction between 0 and 1"):
        to_percent(50, "fraction")
    assert [to_scale(w, "words") for w in ("Low", "Medium", "High")] == [1, 3, 5]
    assert [to_scale(w, "words-5") for w in ("Low", "Medium", "High")] == [2, 3, 4]
    assert to_scale(0.3, "percent") == 2 and to_scale(30, "percent") == 2
    with pytest.raises(ValueError, match="not one of Low, Medium, High"):
        to_scale("Very high", "words")


def test_a_written_percent_sign_is_read_as_a_percentage() -> None:
    """ "1 %" is a one percent chance (the lowest level), never 100 %; 0.3 and 30 % agree."""
    from sdm_workbench.exchange.templates.scales import to_scale

    assert [to_scale(v, "percent") for v in ("1 %", "1%", "0.5%", "85 %")] == [1, 1, 1, 5]
    assert to_scale(0.3, "percent") == to_scale("30%", "percent") == to_scale(30, "percent") == 2
    # halves go up (Python's round() would take 2.5 down to 2 and 3.5 up to 4)
    assert [to_scale(n, "1-5") for n in (2.5, 3.5)] == [3, 4]
    assert [to_scale(n, "1-3") for n in (1, 2, 3)] == [1, 3, 5]
