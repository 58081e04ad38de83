"""RowTableModel: Qt's model contract, display types, SQL sorting and filtering, paging."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, Qt
from pytestqt.modeltest import ModelTester
from sqlalchemy import insert

from sdm_workbench.domain.kinds import KINDS
from sdm_workbench.gui.row_model import PAGE_SIZE, ROW_ID_ROLE, RowTableModel
from sdm_workbench.store import Store

from .conftest import seed

DISPLAY = Qt.ItemDataRole.DisplayRole


def column(model: RowTableModel, name: str) -> int:
    return [c.name for c in model.columns].index(name)


def cell(model: RowTableModel, row: int, name: str, role: int = DISPLAY) -> object:
    return model.data(model.index(row, column(model, name)), role)


def test_model_passes_qt_model_tester(qtmodeltester: ModelTester, seeded: Store) -> None:
    for kind_name in ("ticket", "service", "sla", "person"):
        model = RowTableModel(seeded, kind_name)
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_cells_show_dates_enums_booleans_and_references(seeded: Store) -> None:
    model = RowTableModel(seeded, "ticket")
    opened = cell(model, 0, "opened_at")
    assert isinstance(opened, QDateTime)
    assert opened.toUTC().time().hour() == 9  # stored naive UTC, shown in local time
    assert cell(model, 0, "state") == "resolved"
    assert cell(model, 0, "resolved_first_contact") == "No"
    assert cell(model, 1, "resolved_first_contact") == "Yes"
    assert cell(model, 0, "service_id") == "SVC-001"  # the referenced row's code, not an id
    assert cell(model, 0, "customer_id") is None
    assert cell(model, 0, "external_id", ROW_ID_ROLE) == model.row_id(0)

    slas = RowTableModel(seeded, "sla")
    assert cell(slas, 0, "start_date") == QDate(2025, 1, 1)
    assert cell(slas, 0, "end_date") is None

    services = RowTableModel(seeded, "service")
    assert cell(services, 0, "owner_id") == "Ann Owner"  # people have no code: their name
    assert cell(services, 0, "criticality") == "high"
    assert cell(services, 0, "description") == "Corporate e-mail…"
    assert "archiving" in str(cell(services, 0, "description", Qt.ItemDataRole.ToolTipRole))
    assert services.headerData(column(services, "owner_id"), Qt.Orientation.Horizontal) == "Owner"


def test_sorting_happens_in_sql(seeded: Store) -> None:
    model = RowTableModel(seeded, "service")
    model.sort(column(model, "name"), Qt.SortOrder.DescendingOrder)
    assert [cell(model, r, "name") for r in range(3)] == ["Web portal", "Service desk", "Mail"]
    # a reference column sorts by what it shows (the owner's name), not by the raw id
    model.sort(column(model, "owner_id"), Qt.SortOrder.AscendingOrder)
    assert [cell(model, r, "owner_id") for r in range(3)] == [None, "Ann Owner", "Bob Builder"]
    model.sort(-1)
    assert [cell(model, r, "code") for r in range(3)] == ["SVC-001", "SVC-002", "SVC-003"]


def test_filter_matches_text_enums_and_referenced_names(seeded: Store) -> None:
    model = RowTableModel(seeded, "service")
    model.set_filter("web")
    assert [cell(model, r, "code") for r in range(model.rowCount())] == ["SVC-002"]
    model.set_filter("bob")  # the owner's name, through the reference
    assert model.rowCount() == 1
    model.set_filter("high mail")  # every word must match somewhere
    assert model.rowCount() == 1
    model.set_filter("50%_")  # LIKE wildcards are taken literally
    assert model.rowCount() == 0
    model.set_filter("")
    assert model.rowCount() == 3


def test_big_tables_load_page_by_page(store: Store) -> None:
    seed(store, tickets=0)
    table = KINDS["ticket"].table
    start = datetime(2025, 1, 1)
    rows = [
        {
            "uid": str(uuid.uuid4()),
            "version": 1,
            "external_id": f"INC{n:07d}",
            "kind": "incident",
            "service_id": 1 + n % 3,
            "priority": 3,
            "state": "new",
            "opened_at": start + timedelta(minutes=n),
            "reassignment_count": 0,
            "reopen_count": 0,
            "resolved_first_contact": False,
        }
        for n in range(20_000)
    ]
    with store.engine.begin() as conn:
        conn.execute(insert(table), rows)
    model = RowTableModel(store, "ticket")
    assert model.rowCount() == 20_000
    assert model._pages == {}  # nothing read until a view asks
    assert cell(model, 19_999, "external_id") == "INC0019999"
    assert cell(model, 0, "external_id") == "INC0000000"
    assert len(model._pages) == 2
    assert all(len(page) <= PAGE_SIZE for page in model._pages.values())


def test_refresh_appends_updates_and_removes_rows(seeded: Store) -> None:
    from sdm_workbench.domain.services import Service

    model = RowTableModel(seeded, "service")
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    with seeded.unit_of_work() as session:
        session.add(Service(code="SVC-004", name="Backup"))
    model.refresh()
    assert inserted == [(3, 3)]  # an append keeps the view's place: no reset
    assert cell(model, 3, "name") == "Backup"

    with seeded.unit_of_work() as session:
        session.get_one(Service, model.row_id(3)).name = "Backup and restore"
    model.refresh({model.row_id(3)})
    assert cell(model, 3, "name") == "Backup and restore"

    with seeded.unit_of_work() as session:
        session.delete(session.get_one(Service, model.row_id(3)))
    model.refresh()
    assert model.rowCount() == 3
