"""Survey responses (CSAT, NPS, CES, SERVQUAL) from csv and xlsx: mapping, scales, re-import."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from sdm_workbench.exchange.errors import ExchangeError
from sdm_workbench.exchange.surveys import import_surveys, plan_surveys
from sdm_workbench.operations import CreateRow, run, undo
from sdm_workbench.store import Store
from sdm_workbench.store.rows import table

from .conftest import run_cli as _run

SERVICE = "SVC-001"


@pytest.fixture
def desk(store: Store) -> Store:
    run(store, CreateRow("service", {"name": "Service Desk"}))
    run(store, CreateRow("service", {"name": "Network"}))
    run(store, CreateRow("customer", {"name": "Acme Ltd"}))
    return store


def _responses(store: Store) -> list[dict[str, Any]]:
    t = table("survey_responses")
    with store.session() as session:
        return [dict(r._mapping) for r in session.execute(select(t).order_by(t.c.id))]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


CSV = (
    "Response ID,Customer,Submitted,Satisfaction,Likelihood to recommend,Customer effort,"
    "Comments\n"
    "R1,Acme Ltd,14/03/2026,5,10,2,Quick fix\n"
    "R2,Someone Else,15/03/2026,3,6,5,\n"
    "R3,acme ltd,16/03/2026,4,9,,Fine\n"
)


def test_csv_maps_synonyms_links_customers_and_reimports(desk: Store, tmp_path: Path) -> None:
    path = _write(tmp_path / "csat.csv", CSV)
    plan = import_surveys(desk, path, SERVICE)
    assert (plan.added, plan.updated, plan.refused) == (3, 0, [])
    assert plan.columns == {
        "response_id": "Response ID", "respondent": "Customer", "date": "Submitted",
        "csat": "Satisfaction", "nps": "Likelihood to recommend", "ces": "Customer effort",
        "comment": "Comments",
    }  # fmt: skip
    assert plan.date_order.order == "dmy" and plan.date_order.decided
    rows = _responses(desk)
    assert [(r["csat"], r["nps"], r["ces"]) for r in rows] == [(5, 10, 2), (3, 6, 5), (4, 9, None)]
    assert rows[0]["responded_on"] == date(2026, 3, 14)
    assert rows[0]["customer_id"] == rows[2]["customer_id"] is not None  # by name, any case
    assert rows[1]["customer_id"] is None
    assert any("not customers" in n for n in plan.notes)
    again = import_surveys(desk, path, SERVICE)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    changed = _write(
        tmp_path / "csat.csv",
        CSV.replace("R2,Someone Else,15/03/2026,3,", "R2,Someone Else,15/03/2026,1,"),
    )
    third = import_surveys(desk, changed, SERVICE)
    assert (third.added, third.updated, third.unchanged) == (0, 1, 2)
    assert [r["csat"] for r in _responses(desk)] == [5, 1, 4]
    assert third.macro is not None
    undo(desk, third.macro)  # one undo step puts the old score back
    assert [r["csat"] for r in _responses(desk)] == [5, 3, 4]
    assert plan.macro is not None
    undo(desk, plan.macro)
    assert _responses(desk) == []


def test_xlsx_servqual_dimensions_and_date_cells(desk: Store, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Quarterly SERVQUAL survey"])  # a title above the header
    sheet.append([])
    dims = ("Reliability", "Assurance", "Tangibles", "Empathy", "Responsiveness")
    sheet.append(
        ["Respondent", "Date", *(f"{d} (E)" for d in dims), *(f"Perception - {d}" for d in dims)]
    )
    sheet.append(["Acme Ltd", datetime(2026, 2, 1), 7, 6, 5, 6, 7, 5, 6, 5, 4, 6])
    sheet.append(["Bob", datetime(2026, 2, 2), 6, 6, 6, 6, 6, 6, 6, 6, 6, 6])
    path = tmp_path / "servqual.xlsx"
    book.save(path)
    plan = import_surveys(desk, path, SERVICE)
    assert plan.added == 2 and plan.date_order.order is None
    first = _responses(desk)[0]
    assert (first["exp_reliability"], first["perc_reliability"]) == (7, 5)
    assert (first["exp_responsiveness"], first["perc_responsiveness"]) == (7, 6)
    assert first["responded_on"] == date(2026, 2, 1)
    # No response id: the respondent and the date name a response, so a re-import updates.
    sheet.cell(row=5, column=3, value=2)
    book.save(path)
    again = import_surveys(desk, path, SERVICE)
    assert (again.added, again.updated, again.unchanged) == (0, 1, 1)
    assert len(_responses(desk)) == 2


def test_out_of_range_scores_are_refused_with_row_and_column(
    desk: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "id,date,csat,nps,ces\n"
        "A,2026-03-01,6,5,3\n"  # CSAT is 1-5
        "B,2026-03-01,4,11,3\n"  # NPS is 0-10
        "C,2026-03-01,4,7,0\n"  # CES is 1-7
        "D,2026-03-01,4.5,7,2\n"
        "E,2026-03-01,4,7,2\n"
    )
    path = _write(tmp_path / "bad.csv", text)
    plan = plan_surveys(desk, path, SERVICE)
    assert [r.where("bad.csv") for r in plan.refused] == [
        "bad.csv:2:C: CSAT must be between 1 and 5, not 6.",
        "bad.csv:3:D: NPS must be between 0 and 10, not 11.",
        "bad.csv:4:E: CES must be between 1 and 7, not 0.",
        "bad.csv:5:C: CSAT must be a whole number, not 4.5.",
    ]
    assert plan.added == 1 and _responses(desk) == []  # planning changes nothing
    db = str(desk.path)
    assert _run("import-surveys", "--db", db, "--service", SERVICE, str(path)) == 0
    captured = capsys.readouterr()
    assert "bad.csv:3:D: NPS must be between 0 and 10, not 11." in captured.err
    assert "1 added, 0 updated, 0 unchanged, 4 refused." in captured.out
    assert len(_responses(desk)) == 1


def test_service_column_unknown_service_and_nothing_importable(
    desk: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Service,Date,NPS\nSVC-002,2026-03-01,9\nNetwork,2026-03-02,3\nSVC-009,2026-03-02,3\n"
    plan = import_surveys(desk, _write(tmp_path / "s.csv", text), SERVICE)
    assert plan.added == 2
    assert [r.where("s.csv") for r in plan.refused] == ["s.csv:4:A: Unknown service 'SVC-009'."]
    assert {r["service_id"] for r in _responses(desk)} == {2}
    db = str(desk.path)
    bad = _write(tmp_path / "none.csv", "Date,CSAT\n2026-03-01,9\n")
    assert _run("import-surveys", "--db", db, "--service", SERVICE, str(bad)) == 1
    assert "none.csv" in capsys.readouterr().err
    no_header = _write(tmp_path / "plain.csv", "a,b\n1,2\n")
    with pytest.raises(ExchangeError, match="no header row names a date and a score"):
        plan_surveys(desk, no_header, SERVICE)
    assert _run("import-surveys", "--db", db, "--service", "SVC-404", str(no_header)) == 1
    assert "Unknown service code 'SVC-404'" in capsys.readouterr().err


def test_ambiguous_dates_need_an_order(desk: Store, tmp_path: Path) -> None:
    path = _write(tmp_path / "amb.csv", "Response,Date,CSAT\nA,1/2/2026,4\nB,3/4/2026,5\n")
    with pytest.raises(ExchangeError, match="--dates dmy or --dates mdy"):
        plan_surveys(desk, path, SERVICE)
    guessed = plan_surveys(desk, path, SERVICE, guess_dates=True)
    assert guessed.date_order.needs_choice and guessed.date_order.ambiguous == (
        "1/2/2026",
        "3/4/2026",
    )
    import_surveys(desk, path, SERVICE, dates="mdy")
    assert _responses(desk)[0]["responded_on"] == date(2026, 1, 2)
