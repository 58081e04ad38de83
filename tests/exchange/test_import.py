"""Importing edited workbooks: adds, deletes, refusals, conflicts, reordered and missing parts."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from sdm_workbench.exchange import ExchangeError, apply_plan, plan_import
from sdm_workbench.operations import UpdateRow, run, undo
from sdm_workbench.store import Store
from sdm_workbench.store.repository import count, find_by_code, get, list_rows

from .conftest import column, edited, row_of


def _set(book: Workbook, sheet: str, header: str, row: int, value: object) -> str:
    ws = book[sheet]
    cell = ws.cell(row, column(ws, header))
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return f"{sheet}!{get_column_letter(cell.column)}{row}"


def _append(book: Workbook, sheet: str, values: dict[str, object]) -> int:
    ws = book[sheet]
    row = ws.max_row + 1
    for header, value in values.items():
        ws.cell(row, column(ws, header)).value = value
    return row


def test_added_row_and_deleted_row(small: Store, small_xlsx: Path) -> None:
    with small.session() as session:
        actions = count(session, "action")
        doomed = list_rows(session, "action", limit=1)[0]

    def edit(book: Workbook) -> None:
        _append(
            book,
            "Services",
            {"Name": "Payroll hotline", "Delivery model": "support", "Criticality": "high"},
        )
        book["Actions"].delete_rows(row_of(book["Actions"], "uid", doomed.uid))

    path = edited(small_xlsx, edit)
    kept = plan_import(small, path)
    assert [a.ref.label for a in kept.adds] == ["Payroll hotline"]
    assert not kept.deletes  # deletes only when asked

    plan = plan_import(small, path, delete_missing=True)
    assert len(plan.adds) == 1 and not plan.updates and not plan.conflicts
    assert [d.ref.row_id for d in plan.deletes] == [doomed.id]

    macro = apply_plan(small, plan)
    with small.session() as session:
        added = [s for s in list_rows(session, "service") if s["name"] == "Payroll hotline"]
        assert len(added) == 1 and str(added[0]["code"]).startswith("SVC-")
        assert str(added[0]["criticality"]) == "high"
        assert get(session, "action", doomed.id) is None
        assert count(session, "action") == actions - 1

    undo(small, macro)  # one step takes back the whole import
    with small.session() as session:
        assert get(session, "action", doomed.id) is not None
        assert not [s for s in list_rows(session, "service") if s["name"] == "Payroll hotline"]


def test_new_rows_may_refer_to_each_other(small: Store, small_xlsx: Path) -> None:
    def edit(book: Workbook) -> None:
        _append(book, "Customers", {"Code": "CUS-900", "Name": "Harbour Authority"})
        _append(book, "People", {"Name": "Noor Haddad", "Email": "noor@example.org"})
        _append(
            book,
            "SLAs",
            {
                "Code": "SLA-900",
                "Name": "Harbour support",
                "Service": "SVC-001",
                "Customer": "CUS-900",
            },
        )
        _append(
            book, "Services", {"Code": "SVC-900", "Name": "Harbour desk", "Owner": "Noor Haddad"}
        )

    plan = plan_import(small, edited(small_xlsx, edit))
    assert sorted(a.ref.label for a in plan.adds) == [
        "CUS-900",
        "Noor Haddad",
        "SLA-900",
        "SVC-900",
    ]
    apply_plan(small, plan)
    with small.session() as session:
        sla = find_by_code(session, "sla", "SLA-900")
        customer = find_by_code(session, "customer", "CUS-900")
        service = find_by_code(session, "service", "SVC-900")
        assert sla is not None and customer is not None and service is not None
        assert sla["customer_id"] == customer.id
        owner = get(session, "person", service["owner_id"])
        assert owner is not None and owner["name"] == "Noor Haddad"


def test_one_invalid_cell_refuses_everything_and_names_the_cell(
    small: Store, small_xlsx: Path
) -> None:
    where: dict[str, str] = {}

    def edit(book: Workbook) -> None:
        _set(book, "Services", "Name", 2, "A perfectly good new name")
        where["bad"] = _set(book, "Tasks", "% complete", 5, "lots")

    path = edited(small_xlsx, edit)
    with pytest.raises(ExchangeError) as caught:
        plan_import(small, path)
    message = str(caught.value)
    assert message.startswith(f"{where['bad']}: ")
    assert "% complete must be a number, not 'lots'." in message
    assert caught.value.issues[0].line("x.xlsx").startswith("x.xlsx:Tasks:5:")
    with small.session() as session:
        assert all(s["name"] != "A perfectly good new name" for s in list_rows(session, "service"))


def test_a_row_rule_names_the_cell_it_is_about(small: Store, small_xlsx: Path) -> None:
    where: dict[str, str] = {}

    def edit(book: Workbook) -> None:
        ws = book["Tasks"]
        start = ws.cell(3, column(ws, "Start")).value
        where["finish"] = _set(book, "Tasks", "Finish", 3, start.replace(year=start.year - 1))

    with pytest.raises(ExchangeError) as caught:
        plan_import(small, edited(small_xlsx, edit))
    assert str(caught.value).startswith(f"{where['finish']}: Finish (")
    assert "is before start" in str(caught.value)


def test_refusal_while_applying_changes_nothing(small: Store, small_xlsx: Path) -> None:
    """A dependency that closes a cycle is found by the operation; the message names its row."""
    with small.session() as session:
        link = list_rows(session, "dependency", limit=1)[0]
        before = count(session, "dependency")
        pred = get(session, "task", link["predecessor_id"])
        succ = get(session, "task", link["successor_id"])
    assert pred is not None and succ is not None
    rows: dict[str, int] = {}

    def edit(book: Workbook) -> None:
        _set(book, "Services", "Name", 2, "Renamed in the same workbook")
        rows["new"] = _append(
            book, "Dependencies", {"Predecessor": succ.uid, "Successor": pred.uid, "Type": "FS"}
        )

    path = edited(small_xlsx, edit)
    plan = plan_import(small, path)
    assert len(plan.adds) == 1 and len(plan.updates) == 1
    with pytest.raises(ExchangeError) as caught:
        apply_plan(small, plan)
    assert str(caught.value).startswith(f"Dependencies!B{rows['new']}: ")
    assert "cycle" in str(caught.value)
    with small.session() as session:
        assert count(session, "dependency") == before
        assert all(
            s["name"] != "Renamed in the same workbook" for s in list_rows(session, "service")
        )


def test_conflicts_with_changes_made_since_the_export(small: Store, small_xlsx: Path) -> None:
    with small.session() as session:
        first, second, third, fourth = list_rows(session, "service", limit=4)
    run(small, UpdateRow("service", first.id, {"notes": "changed in the workbench"}, first.version))
    run(small, UpdateRow("service", second.id, {"notes": "changed too"}, second.version))
    run(small, UpdateRow("service", fourth.id, {"notes": "and this one"}, fourth.version))

    def edit(book: Workbook) -> None:
        ws = book["Services"]
        _set(book, "Services", "Criticality", row_of(ws, "uid", first.uid), "critical")
        _set(book, "Services", "Name", row_of(ws, "uid", third.uid), "Edited in the workbook")
        ws.delete_rows(row_of(ws, "uid", fourth.uid))  # deleted there, changed here
        # ``second`` is untouched in the workbook: stale, but not a conflict

    plan = plan_import(small, edited(small_xlsx, edit), delete_missing=True)
    assert sorted(c.ref.row_id for c in plan.conflicts) == sorted([first.id, fourth.id])
    assert [u.ref.row_id for u in plan.updates] == [third.id]
    assert not plan.deletes
    assert "changed in the workbench since the export" in plan.summary()

    apply_plan(small, plan)
    with small.session() as session:
        kept = get(session, "service", first.id)
        assert kept is not None and str(kept["criticality"]) != "critical"
        assert kept["notes"] == "changed in the workbench"
        renamed = get(session, "service", third.id)
        assert renamed is not None and renamed["name"] == "Edited in the workbook"
        assert get(session, "service", second.id)["notes"] == "changed too"  # type: ignore[index]


def test_reordered_columns_removed_sheet_and_no_uid_column(small: Store, small_xlsx: Path) -> None:
    def edit(book: Workbook) -> None:
        ws = book["Services"]
        rows = [[c.value for c in row] for row in ws.iter_rows()]
        for r, values in enumerate(rows, 1):  # columns in reverse order
            for c, value in enumerate(reversed(values), 1):
                ws.cell(r, c).value = value
        _set(book, "Services", "Name", 3, "Reordered but found")
        del book["Tasks"]
        projects = book["Projects"]
        projects.delete_cols(column(projects, "uid"))  # matched by code instead

    plan = plan_import(small, edited(small_xlsx, edit), delete_missing=True)
    assert [str(c) for u in plan.updates for c in u.changes] == [
        f"Name {_quoted(small, 3)} -> 'Reordered but found'"
    ]
    assert not plan.adds and not plan.deletes and not plan.conflicts
    assert "Tasks" not in plan.sheets


def _quoted(store: Store, row: int) -> str:
    with store.session() as session:
        return repr(list_rows(session, "service")[row - 2]["name"])


def test_a_workbook_without_meta_compares_with_the_database(small: Store, small_xlsx: Path) -> None:
    def edit(book: Workbook) -> None:
        del book["_meta"]
        _set(book, "Risks", "Probability", 2, 1)

    plan = plan_import(small, edited(small_xlsx, edit), delete_missing=True)
    assert any("no _meta sheet" in note for note in plan.notes)
    changes = [c for u in plan.updates for c in u.changes]
    if changes:  # unless row 2 was already rated 1
        assert [(c.column, c.new) for c in changes] == [("probability", 1)]
    assert not plan.deletes and not plan.adds


def test_emptying_a_required_cell_is_refused(small: Store, small_xlsx: Path) -> None:
    where: dict[str, str] = {}

    def edit(book: Workbook) -> None:
        where["finish"] = _set(book, "Tasks", "Finish", 4, None)
        where["start"] = _set(book, "Tasks", "Start", 5, 0.75)  # a time of day, not a date

    with pytest.raises(ExchangeError) as caught:
        plan_import(small, edited(small_xlsx, edit))
    assert [str(i) for i in caught.value.issues] == [
        f"{where['finish']}: Finish may not be empty.",
        f"{where['start']}: Start must be a date (YYYY-MM-DD), not '18:00'.",
    ]
