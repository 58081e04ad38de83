"""Round trips of the medium demo: unchanged comes back empty; 20 edited cells are 20 changes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from sdm_workbench import demo
from sdm_workbench.exchange import apply_plan, export_workbook, plan_import
from sdm_workbench.operations import undo
from sdm_workbench.store import Store
from sdm_workbench.store.repository import find_by_code, get

from .conftest import TODAY, column, edited, open_quietly

PLANNING = ("person", "customer", "service", "sla", "project", "task", "budget_line", "raid_item")


@pytest.fixture(scope="module")
def medium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path]]:
    """The medium demo and its whole export (made once: the export takes seconds)."""
    folder = tmp_path_factory.mktemp("medium")
    store = open_quietly(folder / "medium.sqlite")
    demo.create_demo(store, "medium", seed=1, today=TODAY)
    path = folder / "medium.xlsx"
    export_workbook(store, path)
    yield store, path
    store.close()


def test_unchanged_medium_export_plans_nothing(medium: tuple[Store, Path]) -> None:
    store, path = medium
    plan = plan_import(store, path, delete_missing=True)
    assert plan.is_empty, plan.summary(limit=5)
    assert not plan.conflicts
    assert "Tickets" in plan.sheets and "Measurements" in plan.sheets


def _different(value: Any) -> Any:
    """A plausible, valid edit of a cell value."""
    if isinstance(value, datetime):
        return value + timedelta(days=7)
    if isinstance(value, date):
        return value + timedelta(days=7)
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return 1 if value != 1 else 2
    if isinstance(value, float):
        return round(value * 1.1 + 1, 2)
    return f"{value or ''} (edited)".strip()


# (sheet, header, data row, new value; None: "something different"; a tuple: the first that is)
EDITS: list[tuple[str, str, int, Any]] = [
    ("Services", "Name", 2, None),
    ("Services", "Criticality", 3, ("critical", "low")),
    ("Services", "Notes", 4, "Watch the batch window"),
    ("Services", "Stage", 5, ("improvement", "design")),
    ("SLAs", "Name", 2, None),
    ("SLAs", "Status", 3, ("suspended", "draft")),
    ("Projects", "Name", 2, None),
    ("Projects", "Status", 4, ("on hold", "proposed")),
    ("Projects", "Description", 5, "=SUM(A1:A3) is text, not a formula"),
    ("Tasks", "Name", 10, None),
    ("Tasks", "% complete", 11, 0.55),
    ("Tasks", "Notes", 12, "+ needs a second reviewer"),
    ("Budget", "Budget at completion", 2, 123456.78),
    ("Budget", "Name", 3, None),
    ("Risks", "Title", 2, None),
    ("Risks", "Mitigation", 3, "Weekly check-in with the vendor"),
    ("Risks", "Cost impact", 4, 25000.0),
    ("Risks", "Status", 5, ("monitoring", "closed")),
    ("Customers", "Sector", 2, "Public sector (edited)"),
    ("People", "Job title", 5, "Head of service delivery"),
]


def _edit_twenty(book: Workbook) -> dict[str, Any]:
    """Make the 20 edits; returns what each cell (``Sheet!B7``) now holds."""
    done = {}
    for sheet, header, row, value in EDITS:
        ws = book[sheet]
        cell = ws.cell(row, column(ws, header))
        if value is None:
            new = _different(cell.value)
        elif isinstance(value, tuple):
            new = next(v for v in value if v != cell.value)
        else:
            new = value
        assert new != cell.value, (sheet, header, row)
        cell.value = new
        if isinstance(new, str):
            cell.data_type = "s"  # typed as text, as Excel keeps a leading apostrophe's text
        done[f"{sheet}!{get_column_letter(cell.column)}{row}"] = new
    return done


def _project(book_path: Path, row: int) -> tuple[str, str]:
    """(code, status) of a Projects row as the edited workbook holds it."""
    import openpyxl

    ws = openpyxl.load_workbook(book_path, read_only=True)["Projects"]
    values = [c.value for c in next(ws.iter_rows(min_row=row, max_row=row))]
    headers = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]
    return str(values[headers.index("Code")]), str(values[headers.index("Status")])


def test_twenty_edited_cells_are_exactly_twenty_changes(
    medium: tuple[Store, Path], tmp_path: Path
) -> None:
    original, _ = medium
    store = open_quietly(original.save_as(tmp_path / "copy.sqlite"))
    try:
        exported = tmp_path / "planning.xlsx"
        export_workbook(store, exported, kinds=PLANNING)
        cells: dict[str, Any] = {}
        path = edited(exported, lambda book: cells.update(_edit_twenty(book)))

        plan = plan_import(store, path, delete_missing=True)
        changes = [c for u in plan.updates for c in u.changes]
        assert sorted(c.cell.where for c in changes) == sorted(cells)
        assert not plan.adds and not plan.deletes and not plan.conflicts
        assert plan.changed_fields == 20

        code, status = _project(path, 4)
        described, _ = _project(path, 5)
        macro = apply_plan(store, plan)
        with store.session() as session:
            project = find_by_code(session, "project", code)
            assert project is not None and str(project["status"]) == status
            other = find_by_code(session, "project", described)
            assert other is not None
            assert other["description"] == "=SUM(A1:A3) is text, not a formula"
        assert plan_import(store, path).is_empty  # applied: the workbook now matches

        undo(store, macro)
        with store.session() as session:
            project = find_by_code(session, "project", code)
            assert project is not None and str(project["status"]) != status
        # Apply and undo moved the rows' versions: the same edits now meet changed rows.
        again = plan_import(store, path)
        assert again.is_empty
        assert sum(len(c.update.changes) for c in again.conflicts if c.update) == 20
    finally:
        store.close()


def test_version_of_every_row_is_recorded(medium: tuple[Store, Path]) -> None:
    from sdm_workbench.exchange.meta import parse
    from sdm_workbench.exchange.reader import WorkbookReader

    store, path = medium
    reader = WorkbookReader(path)
    meta = parse(reader.rows("_meta"))
    reader.close()
    with store.session() as session:
        first = get(session, "ticket", 1)
    assert first is not None
    assert meta.stamp("ticket", first.uid) is not None
    assert len(meta.rows["ticket"]) == 50_000
