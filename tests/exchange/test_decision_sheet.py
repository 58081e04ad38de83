"""The stakeholder workbook's Decisions sheet names the service and project by code."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook

from sdm_workbench.exchange import apply_plan, export_workbook, plan_import
from sdm_workbench.operations import run
from sdm_workbench.operations.reviews import record_decision
from sdm_workbench.store import Store
from sdm_workbench.store.repository import find_by_code, get

from .conftest import column, edited, row_of


def test_decisions_round_trip_their_service_and_project_by_code(
    small: Store, tmp_path: Path
) -> None:
    with small.session() as session:
        review = find_by_code(session, "review", "REV-001")
        svc = find_by_code(session, "service", "SVC-002")
        prj = find_by_code(session, "project", "PRJ-001")
    assert review is not None and svc is not None and prj is not None
    made = run(
        small,
        record_decision(review.id, "Move the help desk", review["held_on"], service_id=svc.id),
    )
    assert made.row_id is not None
    path = tmp_path / "decisions.xlsx"
    export_workbook(small, path, kinds=("review", "decision", "service", "project"))

    sheet = openpyxl.load_workbook(path)["Decisions"]
    headers = [c.value for c in sheet[1]]
    assert headers.index("Service") < headers.index("Project") < headers.index("Decided on")
    row = row_of(sheet, "Text", "Move the help desk")
    assert sheet.cell(row, column(sheet, "Service")).value == "SVC-002"
    assert sheet.cell(row, column(sheet, "Project")).value is None

    def relink(book: Workbook) -> None:
        ws = book["Decisions"]
        at = row_of(ws, "Text", "Move the help desk")
        ws.cell(at, column(ws, "Service")).value = None
        ws.cell(at, column(ws, "Project")).value = "PRJ-001"

    plan = plan_import(small, edited(path, relink))
    assert len(plan.updates) == 1, plan.summary(limit=5)
    apply_plan(small, plan)
    with small.session() as session:
        stored = get(session, "decision", made.row_id)
    assert stored is not None
    assert (stored["service_id"], stored["project_id"]) == (None, prj.id)
