"""Drill-down: a tile opens its chart and the records behind its number."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from sdm_workbench.gui.dashboard import PORTFOLIO, DashboardView
from sdm_workbench.gui.dashboard.computation import compute
from sdm_workbench.gui.dashboard.data import ScopeRef
from sdm_workbench.gui.dashboard.records import records_for
from sdm_workbench.operations import CreateRow, run
from sdm_workbench.store import Store
from sdm_workbench.store import repository as repo

from .conftest import AS_OF, known_data
from .test_charts import months_of, risk

View = Callable[..., DashboardView]


def one_hour_resolution_target(store: Store) -> None:
    """Mail's SLA: resolve within one hour (24x7); both Mail tickets took two hours."""
    with store.session() as session:
        sla = repo.list_rows(session, "sla")[0].id
    run(store, CreateRow("sla_target", {"sla_id": sla, "metric": "resolution time",
                                        "target": 1.0, "unit": "hours"}))  # fmt: skip


def table_rows(view: DashboardView) -> list[list[str]]:
    model = view.drill.model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_sla_tile_lists_the_breached_tickets(
    seeded: Store, make_dashboard: View, qtbot: QtBot, qtmodeltester: object
) -> None:
    one_hour_resolution_target(seeded)
    view = make_dashboard(seeded)
    assert view.tiles["sla_attainment"].value_text == "0.0 %"
    qtbot.mouseClick(view.tiles["sla_attainment"], Qt.MouseButton.LeftButton)
    assert view.chart_tabs.currentWidget() is view.charts["sla"]
    assert view.drill.isVisibleTo(view)
    assert view.drill.caption.text() == "Tickets that breached their resolution SLA: 2"
    model = view.drill.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Ticket", "Title", "Priority", "Opened", "Resolved", "Over target by (h)"]
    rows = table_rows(view)
    assert sorted(r[0] for r in rows) == ["INC00000", "INC00002"]
    assert {r[5] for r in rows} == {"1.00"}  # two hours against a one-hour target
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [r[0] for r in table_rows(view)] == ["INC00002", "INC00000"]


def test_records_follow_the_scope_and_the_panel_closes(
    seeded: Store, make_dashboard: View, qtbot: QtBot
) -> None:
    view = make_dashboard(seeded)
    view.drill_down("backlog")
    assert [r[0] for r in table_rows(view)] == ["INC00001"]  # the one still open
    view.drill_down("mttr")
    assert sorted(r[0] for r in table_rows(view)) == ["INC00000", "INC00002"]
    web = view.scope_box.findText("Service SVC-002 Web portal")
    view.scope_box.setCurrentIndex(web)
    assert table_rows(view) == []  # Web's only ticket is unresolved
    assert "SVC-002" in view.drill.heading.text()
    view.drill.findChild(QToolButton, "closeDrill").click()
    assert view.drill.isHidden()


def test_risk_records_are_the_active_red_risks(seeded: Store) -> None:
    items = [risk(1, 5, 5, 2, 3), risk(2, 4, 4), risk(3, 1, 2), risk(4, 5, 4, status="closed")]
    data = known_data(seeded, months_of({"volume": [1.0] * 6}), raid_items=items)
    found = records_for(seeded, data, PORTFOLIO, "high_risks")
    assert [row[:5] for row in found.rows] == [
        ("RSK-0001", "Risk 1", 5, 5, 25), ("RSK-0002", "Risk 2", 4, 4, 16),
    ]  # fmt: skip
    assert found.rows[0][5] == 6 and found.rows[1][5] is None  # residual 2 x 3; none


def test_budget_records_are_the_lines_over_budget(seeded: Store) -> None:
    project = CreateRow("project", {"code": "PRJ-001", "name": "Move"})
    run(seeded, project)
    lines = []
    for name, actual in (("Labour", 150.0), ("Licences", 80.0)):
        line = CreateRow("budget_line", {"project_id": project.row_id, "category": "labour",
                                         "name": name, "budget_at_completion": 300.0})  # fmt: skip
        run(seeded, line)
        lines.append(line.row_id)
        run(seeded, CreateRow("budget_month", {"line_id": line.row_id, "month": date(2025, 2, 1),
                                               "planned": 100.0, "actual": actual}))  # fmt: skip
    data = compute(seeded, AS_OF, months=2)
    scope = ScopeRef("project", "PRJ-001", "Move")
    found = records_for(seeded, data, scope, "cpi")
    assert found.title == "Budget lines over budget"
    assert found.rows == [("PRJ-001", "Labour", "labour", 100.0, 150.0, 50.0)]
    assert records_for(seeded, data, PORTFOLIO, "cpi").rows == found.rows
