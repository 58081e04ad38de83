"""Exporting part of the portfolio: services, projects, customers and a date range."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from sdm_workbench.domain.kinds import kind
from sdm_workbench.exchange import ExchangeError, export_workbook, plan_import
from sdm_workbench.exchange.selection import Selection, resolve
from sdm_workbench.store import Store


def _codes(path: Path, sheet: str, header: str) -> set[str]:
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    rows = ws.iter_rows(values_only=True)
    column = list(next(rows)).index(header)
    return {str(row[column]) for row in rows if row[column] is not None}


def _ids(small: Store, kind_name: str, **where: object) -> set[int]:
    table = kind(kind_name).table
    query = select(table.c.id)
    for name, value in where.items():
        query = query.where(table.c[name] == value)
    with small.session() as session:
        return {int(v) for v in session.execute(query).scalars()}


def test_a_service_brings_its_slas_projects_tickets_and_risks(small: Store, tmp_path: Path) -> None:
    path = tmp_path / "one.xlsx"
    result = export_workbook(small, path, selection=Selection(services=("SVC-001",)))
    with small.session() as session:
        scope = resolve(session, Selection(services=("SVC-001",)))
    assert scope.services is not None and len(scope.services) == 1
    (service_id,) = scope.services
    assert _codes(path, "Services", "Code") == {"SVC-001"}
    slas = kind("sla").table
    with small.session() as session:
        expected = set(
            session.execute(select(slas.c.code).where(slas.c.service_id == service_id)).scalars()
        )
    assert _codes(path, "SLAs", "Code") == expected and expected
    tickets = _ids(small, "ticket", service_id=service_id)
    assert result.rows["Tickets"] == len(tickets) > 0
    assert result.rows["People"] == len(_ids(small, "person"))  # reference data goes whole
    projects = _ids(small, "project", service_id=service_id)
    assert result.rows["Projects"] == len(projects)
    tasks = kind("task").table
    with small.session() as session:
        task_count = len(
            session.execute(select(tasks.c.id).where(tasks.c.project_id.in_(projects))).all()
        )
    assert result.rows["Tasks"] == task_count
    summary = openpyxl.load_workbook(path, read_only=True)["Summary"]
    labels = {row[0]: row[1] for row in summary.iter_rows(max_col=2, values_only=True) if row[0]}
    assert labels["Selection"] == "services SVC-001"


def test_a_date_range_keeps_the_events_inside_it(small: Store, tmp_path: Path) -> None:
    path = tmp_path / "range.xlsx"
    selection = Selection(start=date(2026, 1, 1), end=date(2026, 1, 31))
    result = export_workbook(small, path, selection=selection)
    ws = openpyxl.load_workbook(path, read_only=True)["Tickets"]
    rows = ws.iter_rows(values_only=True)
    opened = list(next(rows)).index("Opened (UTC)")
    days = [row[opened].date() for row in rows if row[opened] is not None]
    assert days and all(date(2026, 1, 1) <= d <= date(2026, 1, 31) for d in days)
    assert result.rows["Tickets"] == len(days)
    assert result.rows["Tasks"] == len(_ids(small, "task"))  # plans are kept whole


def test_a_partial_export_comes_back_without_deleting_the_rest(
    small: Store, tmp_path: Path
) -> None:
    path = tmp_path / "part.xlsx"
    export_workbook(small, path, selection=Selection(projects=("PRJ-001",)))
    plan = plan_import(small, path, delete_missing=True)
    assert plan.is_empty


def test_unknown_codes_and_backward_ranges_are_refused(small: Store, tmp_path: Path) -> None:
    with pytest.raises(ExchangeError, match="Unknown service code 'SVC-999'"):
        export_workbook(small, tmp_path / "x.xlsx", selection=Selection(services=("SVC-999",)))
    with pytest.raises(ExchangeError, match=r"ends .* before it starts"):
        export_workbook(
            small,
            tmp_path / "y.xlsx",
            selection=Selection(start=date(2026, 2, 1), end=date(2026, 1, 1)),
        )
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "y.xlsx").exists()


def test_cli_export_of_a_selection(
    small: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sdm_workbench.cli import main

    db, out = str(small.path), tmp_path / "june.xlsx"
    argv = ["export", "--db", db, "--services", "SVC-001", "--from", "2026-02-01"]
    assert main([*argv, "--to", "2026-02-28", str(out)]) == 0
    assert _codes(out, "Services", "Code") == {"SVC-001"}
    assert main(["export", "--db", db, "--projects", "PRJ-404", str(tmp_path / "x.xlsx")]) == 1
    assert "Unknown project code 'PRJ-404'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["export", "--db", db, "--from", "31/01/2026", str(tmp_path / "y.xlsx")])
    assert usage.value.code == 2


def test_a_customer_export_names_no_other_customer(small: Store, tmp_path: Path) -> None:
    """Another customer's project on a shared service, its tasks and name stay out."""
    slas, projects = kind("sla").table, kind("project").table
    customers = kind("customer").table
    with small.session() as session:
        sla = session.execute(
            select(slas.c.service_id, slas.c.customer_id).where(slas.c.customer_id.is_not(None))
        ).first()
        assert sla is not None
        service_id, mine = int(sla[0]), int(sla[1])
        other = session.execute(
            select(projects.c.id, projects.c.code, projects.c.customer_id).where(
                projects.c.customer_id.is_not(None), projects.c.customer_id != mine
            )
        ).first()
        assert other is not None
        code = session.execute(select(customers.c.code).where(customers.c.id == mine)).scalar_one()
        theirs = session.execute(
            select(customers.c.code).where(customers.c.id == other[2])
        ).scalar_one()
    from sdm_workbench.operations import UpdateRow, run

    run(small, UpdateRow("project", int(other[0]), {"service_id": service_id}))  # now shared
    path = tmp_path / "customer.xlsx"
    export_workbook(small, path, selection=Selection(customers=(code,)))
    assert other[1] not in _codes(path, "Projects", "Code")
    assert _codes(path, "Customers", "Code") == {code} and theirs != code
    tasks = _codes(path, "Tasks", "Project")
    assert other[1] not in tasks
    book = openpyxl.load_workbook(path, read_only=True)
    shown = {str(c) for row in book["Dependencies"].iter_rows(values_only=True) for c in row}
    assert not any(str(other[1]) in cell for cell in shown)
