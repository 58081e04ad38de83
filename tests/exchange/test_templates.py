"""Foreign templates (RAID logs, risk registers, budgets, plans): the corpus, matching, scales,
saved mappings, re-import, undo and the ``import`` command's template mode."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from sdm_workbench.exchange.errors import ExchangeError
from sdm_workbench.exchange.templates import (
    apply_template,
    find_parent,
    load_mapping,
    mapping_dir,
    plan_template,
    save_mapping,
)
from sdm_workbench.exchange.templates.matching import best_field, normalise
from sdm_workbench.exchange.templates.scales import (
    detect_scale,
    to_date,
    to_money,
    to_percent,
    to_scale,
)
from sdm_workbench.operations import CreateRow, run, undo
from sdm_workbench.store import Store
from sdm_workbench.store.rows import table

from .conftest import run_cli as _run

# file -> (kind, rows imported, people added) or the reason it is refused
EXPECTED: dict[str, tuple[str, int, int] | str] = {
    "accionlabs_issue-register.xlsx": ("raid_item", 5, 3),  # Kamel, Cathy, Jim (Julie known)
    "accionlabs_project-estimation-template.xlsx": ("budget_line", 25, 0),
    "accionlabs_raid-log.xlsx": "is an empty template",
    "accionlabs_risk-register.xlsx": "is an empty template",
    "lakshmi_Project_Budget_googlesheets.xlsx": ("budget_line", 15, 0),
    "packt_tpm_Project_Plan.xlsx": ("task", 39, 5),  # "Arun, Bex", "Charley,Bex", ...
    "packt_tpm_Risk_Log.xlsx": "is an empty template",
    "pmo-toolkit_Project_KPI_Dashboard.xlsx": ("task", 4, 1),  # the Milestone Tracker sheet
    "saisreyat_Project_Budget.xlsx": ("budget_line", 26, 0),
    "ssvr30_ITSM_SLA_matrix.xlsx": "holds no rows the workbench imports",
}


@pytest.fixture
def project(store: Store) -> Store:
    run(store, CreateRow("project", {"name": "Template target"}))
    run(store, CreateRow("person", {"name": "Julie"}))
    return store


def _rows(store: Store, name: str) -> list[dict[str, Any]]:
    t = table(name)
    with store.session() as session:
        return [dict(r._mapping) for r in session.execute(select(t).order_by(t.c.id))]


def test_every_corpus_template_is_covered(corpus: Path) -> None:
    names = {p.name for p in (corpus / "xlsx" / "templates").glob("*.xlsx")}
    assert names == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_template_imports_or_is_refused(project: Store, corpus: Path, name: str) -> None:
    path = corpus / "xlsx" / "templates" / name
    parent = find_parent(project, "PRJ-001", None)
    expected = EXPECTED[name]
    if isinstance(expected, str):
        with pytest.raises(ExchangeError, match=expected):
            plan_template(project, path, parent)
        return
    kind_name, count, people = expected
    plan = plan_template(project, path, parent)
    assert not plan.updates
    assert [a.ref.kind for a in plan.adds] == ["person"] * people + [kind_name] * count
    macro = apply_template(project, plan)
    stored = {"raid_item": "raid_items", "budget_line": "budget_lines", "task": "tasks"}
    assert len(_rows(project, stored[kind_name])) == count
    assert len(_rows(project, "people")) == 1 + people
    again = plan_template(project, path, parent)  # the same template again changes nothing
    assert again.is_empty, again.summary()
    undo(project, macro)  # one undo step takes the whole import back
    assert _rows(project, stored[kind_name]) == []
    assert [p["name"] for p in _rows(project, "people")] == ["Julie"]


def test_estimate_in_thousands_and_dollar_budget(project: Store, corpus: Path) -> None:
    templates = corpus / "xlsx" / "templates"
    parent = find_parent(project, "PRJ-001", None)
    apply_template(
        project,
        plan_template(project, templates / "accionlabs_project-estimation-template.xlsx", parent),
    )
    lines = {r["name"]: r for r in _rows(project, "budget_lines")}
    assert lines["Feasibility Study"]["budget_at_completion"] == 2500.0  # "Cost (000s)" 2.5
    assert lines["Project Charter"]["notes"] == "Remarks: Project manager"
    assert sum(r["budget_at_completion"] for r in lines.values()) == 658_000.0
    apply_template(
        project, plan_template(project, templates / "saisreyat_Project_Budget.xlsx", parent)
    )
    dollars = [r for r in _rows(project, "budget_lines") if r["currency"] == "USD"]
    assert len(dollars) == 26 and sum(r["budget_at_completion"] for r in dollars) == 74_800.0
    procure = next(r for r in dollars if r["name"] == "Procure Hardware")
    assert procure["category"] == "hardware"


def test_project_plan_hierarchy_predecessors_and_undo(project: Store, corpus: Path) -> None:
    path = corpus / "xlsx" / "templates" / "packt_tpm_Project_Plan.xlsx"
    plan = plan_template(project, path, find_parent(project, "PRJ-001", None))
    macro = apply_template(project, plan)
    tasks = {t["name"]: t for t in _rows(project, "tasks")}
    summary = tasks["Create P2P Network"]  # no dates in the sheet: spans its sub-tasks
    assert (summary["start_date"], summary["finish_date"]) == (date(2023, 1, 2), date(2023, 4, 19))
    assert tasks["Design Network"]["parent_id"] == summary["id"]
    assert tasks["Setup Relay Servers"]["parent_id"] == tasks["Relay Servers"]["id"]
    assert len(_rows(project, "dependencies")) == 13  # "2fs", "7fs", ...
    undo(project, macro)
    assert _rows(project, "tasks") == [] and _rows(project, "dependencies") == []
    run(project, macro)  # redo brings the same rows and links back
    assert len(_rows(project, "dependencies")) == 13


def test_issue_register_values(project: Store, corpus: Path) -> None:
    path = corpus / "xlsx" / "templates" / "accionlabs_issue-register.xlsx"
    apply_template(project, plan_template(project, path, find_parent(project, "PRJ-001", None)))
    issues = {r["title"]: r for r in _rows(project, "raid_items")}
    first = issues["Code Module Issue"]
    assert first["type"] == "issue" and first["code"] == "ISS-0001"
    assert first["raised_on"] == date(2015, 2, 25)
    assert first["impact"] == 2 and first["probability"] == 5  # Low of 4 levels; it happened
    assert issues["Spelling Error"]["impact"] == 5  # Critical
    assert issues["Server Memory Issue"]["status"] == "closed"
    assert issues["User Interface Issue"]["status"] == "monitoring"  # OnHold
    people = {p["name"]: p["id"] for p in _rows(project, "people")}
    assert first["owner_id"] == people["Julie"]  # a known person is linked ...
    assert issues["User Access Issue"]["owner_id"] == people["Kamel"]  # ... others added
    assert "Owner" not in issues["User Access Issue"]["description"]


def _risk_log(path: Path, rows: list[list[Any]]) -> Path:
    """A risk register as people make them: a title block, the header in row 4 from column B."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Risk Register"
    ws["B1"] = "Project risk register"
    ws["B2"] = "Project: Apollo"
    header = ["Ref", "Risk", "Likelhood", "Impact\n1=low 2=med 3=high", "Date raised", "Status"]
    ws.append([])
    ws.append([None, *header])
    for row in rows:
        ws.append([None, *row])
    book.save(path)
    return path


RISKS = [
    ["R1", "Supplier late", "High", 3, 45000, "Open"],
    ["R2", "Key engineer leaves", "Medium", 2, "03/04/2025", "Closed"],
    ["R3", "Licence costs rise", "Low", 1, "", "monitor"],
]


def test_misspelt_header_scales_and_serial_dates(project: Store, tmp_path: Path) -> None:
    assert best_field("raid_item", "Likelhood").field == "probability"
    assert normalise("Prob-ability\n1=low 2=med 3=high") == "probability"
    path = _risk_log(tmp_path / "risks.xlsx", RISKS)
    plan = plan_template(project, path, find_parent(project, "PRJ-001", None))
    sheet = plan.mapping.sheets[0]
    assert sheet.header_row == 3
    assert sheet.column_of("probability") is not None
    impact = sheet.column_of("impact")
    assert impact is not None and impact.reading == "1-3"
    apply_template(project, plan)
    risks = {r["title"]: r for r in _rows(project, "raid_items")}
    assert [r["code"] for r in risks.values()] == ["RSK-0001", "RSK-0002", "RSK-0003"]
    first = risks["Supplier late"]
    assert (first["probability"], first["impact"]) == (5, 5)  # High; 3 of 1-3
    assert first["raised_on"] == date(2023, 3, 15)  # Excel serial 45000
    second = risks["Key engineer leaves"]
    assert (second["probability"], second["impact"], second["status"]) == (3, 3, "closed")
    assert second["raised_on"] == date(2025, 4, 3)  # day-first text
    assert risks["Licence costs rise"]["status"] == "monitoring"


def test_one_bad_cell_refuses_the_workbook_naming_it(project: Store, tmp_path: Path) -> None:
    rows = [*RISKS[:2], ["R3", "Scope creep", "Sometimes", 2, "", "Open"]]
    path = _risk_log(tmp_path / "bad.xlsx", rows)
    with pytest.raises(ExchangeError) as caught:
        plan_template(project, path, find_parent(project, "PRJ-001", None))
    (issue,) = caught.value.issues
    assert issue.where == "Risk Register!D7" and "'Sometimes' is not a level" in issue.message
    assert _rows(project, "raid_items") == []


def test_row_with_our_code_updates_that_row(project: Store, tmp_path: Path) -> None:
    parent = find_parent(project, "PRJ-001", None)
    apply_template(project, plan_template(project, _risk_log(tmp_path / "a.xlsx", RISKS), parent))
    edited = [["RSK-0002", "Key engineer resigns", "High", 3, "03/04/2025", "Open"]]
    plan = plan_template(project, _risk_log(tmp_path / "b.xlsx", edited), parent)
    assert not plan.adds
    (update,) = plan.updates
    assert update.ref.label == "RSK-0002"
    assert {c.column for c in update.changes} == {"title", "probability", "impact", "status"}
    apply_template(project, plan)
    stored = next(r for r in _rows(project, "raid_items") if r["code"] == "RSK-0002")
    assert stored["title"] == "Key engineer resigns" and stored["probability"] == 5


def test_saved_mapping_is_reused_with_moved_columns(project: Store, tmp_path: Path) -> None:
    parent = find_parent(project, "PRJ-001", None)
    path = _risk_log(tmp_path / "risks.xlsx", RISKS)
    plan = plan_template(project, path, parent)
    sheet = plan.mapping.sheets[0]
    status_column = sheet.column_of("status")
    assert status_column is not None
    plan.mapping.sheets[0] = sheet.with_field(status_column.column, None)  # the user says: ignore
    saved_at = save_mapping(plan.mapping, "apollo risks")
    assert saved_at.parent == mapping_dir() and saved_at.is_file()
    # Next month's copy: the same headers in another order, one row more above the header.
    book = openpyxl.load_workbook(path)
    ws = book.active
    assert ws is not None
    ws.move_range("G4:G7", cols=-5)  # Status from column G to column B
    ws.insert_rows(1)
    moved = tmp_path / "moved.xlsx"
    book.save(moved)
    again = plan_template(project, moved, parent, saved=load_mapping("apollo risks"))
    assert again.mapping.sheets[0].header_row == 4
    assert len(again.adds) == 3
    assert all("status" not in a.values for a in again.adds)  # the correction was kept
    assert {a.values["probability"] for a in again.adds} == {5, 3, 1}


def test_scales_dates_and_amounts() -> None:
    assert [to_scale(w, "words") for w in ("Low", "Medium", "High")] == [1, 3, 5]
    assert to_scale("High", "words", five=True) == 4
    assert [to_scale(w, "words") for w in ("Unlikely", "Possible", "Almost certain")] == [2, 3, 5]
    assert [to_scale(n, "1-3") for n in (1, 2, 3)] == [1, 3, 5]
    assert [to_scale(n, "1-10") for n in (1, 10)] == [1, 5]
    assert [to_scale(f, "percent") for f in (0.05, 0.3, 0.95)] == [1, 2, 5]
    assert detect_scale("Probability", [0.1, 0.5]) == "percent"
    assert detect_scale("Impact (1-3)", [1, 2]) == "1-3"
    assert detect_scale("Impact", ["High", "Low"]) == "words"
    with pytest.raises(ValueError, match="outside the scale 1-5"):
        to_scale(7, "1-5")
    assert to_percent(0.85) == 85.0 and to_percent("40%") == 40.0
    assert to_date(45000.0) == date(2023, 3, 15)
    assert to_date("2025-04-03") == date(2025, 4, 3)
    assert to_date("04/03/2025", "mdy") == date(2025, 4, 3)
    assert to_money("$1,200") == 1200.0 and to_money(2.5, 1000.0) == 2500.0


def test_cli_template_mode(
    project: Store, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(project.path)
    project.close()
    templates = corpus / "xlsx" / "templates"
    plan = str(templates / "packt_tpm_Project_Plan.xlsx")
    assert _run("import", "--db", db, plan) == 2  # a template needs a home
    assert "--project CODE" in capsys.readouterr().err
    code = _run("import", "--db", db, "--project", "PRJ-001", "--dry-run",
                "--save-mapping", "packt plan", plan)  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert "'Task' -> name" in out and "44 to add" in out and "Dry run" in out
    assert (mapping_dir() / "packt plan.json").is_file()
    assert _run("import", "--db", db, "--project", "PRJ-001", "--mapping", "packt plan", plan) == 0
    assert "one undo step" in capsys.readouterr().out
    sla = str(templates / "ssvr30_ITSM_SLA_matrix.xlsx")
    assert _run("import", "--db", db, "--service", "SVC-404", sla) == 1
    assert "Unknown service code" in capsys.readouterr().err
    reopened = Store.open(Path(db), backup_dir=None, scheduled_backup=False)
    try:
        assert len(_rows(reopened, "tasks")) == 39
    finally:
        reopened.close()


def test_filled_packt_risk_log_imports(project: Store, corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "risk_log.xlsx"
    shutil.copyfile(corpus / "xlsx" / "templates" / "packt_tpm_Risk_Log.xlsx", path)
    book = openpyxl.load_workbook(path)
    ws = book["Risk Log"]
    ws.append([1, "Vendor API changes", "Likely", "Major", "Mitigate", "Phase 2", "Technical"])
    ws.append([2, "Budget cut", "Unlikely", "Severe", "Accept", "", "Financial"])
    book.save(path)
    apply_template(project, plan_template(project, path, find_parent(project, "PRJ-001", None)))
    risks = {r["title"]: r for r in _rows(project, "raid_items")}
    api = risks["Vendor API changes"]
    assert (api["probability"], api["impact"], api["response_strategy"]) == (4, 4, "reduce")
    assert risks["Budget cut"]["category"] == "Financial"
