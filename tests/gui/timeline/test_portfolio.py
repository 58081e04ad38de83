"""The portfolio timeline: every project under a collapsible project row."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot

from sdm_workbench.gui.timeline import TimelineView
from sdm_workbench.gui.timeline.model import ID, NAME, PREDECESSORS
from sdm_workbench.gui.timeline.portfolio import ALL_PROJECTS, load_portfolio
from sdm_workbench.operations import Operation
from sdm_workbench.operations.plan import MoveTask
from sdm_workbench.store import Store

from .conftest import D, create


@pytest.fixture
def second(store: Store, plan: dict[str, int]) -> dict[str, int]:
    """A second project: X (2 d from Mon 9 Mar) then Y (1 d, FS after X)."""
    prj = create(store, "project", name="Data centre exit")
    x = create(store, "task", project_id=prj, name="X", start_date=D("2026-03-09"),
               finish_date=D("2026-03-10"), duration_days=2, sort_order=1)  # fmt: skip
    y = create(store, "task", project_id=prj, name="Y", start_date=D("2026-03-11"),
               finish_date=D("2026-03-11"), duration_days=1, sort_order=2)  # fmt: skip
    create(store, "dependency", predecessor_id=x, successor_id=y)
    create(store, "project", name="Empty project")  # no tasks: no row
    return {"prj": prj, "X": x, "Y": y}


def test_portfolio_rows_stack_projects_with_their_own_numbers(
    store: Store, plan: dict[str, int], second: dict[str, int]
) -> None:
    data = load_portfolio(store, collapsed=())
    assert len(data) == 2 + 6 + 2
    assert data.group.tolist() == [True] + [False] * 6 + [True, False, False]
    assert [t.id for t in data.tasks[:1] + data.tasks[7:8]] == [-plan["prj"], -second["prj"]]
    assert data.numbers.tolist() == [0, 1, 2, 3, 4, 5, 6, 0, 1, 2]  # per project
    assert data.predecessors[data.row_of[second["Y"]]] == "1"
    first = data.row_of[-plan["prj"]]
    assert (data.start[first], data.finish[first]) == (
        D("2026-03-02").toordinal(),
        D("2026-03-17").toordinal(),
    )
    assert data.parent[data.row_of[plan["E"]]] == first  # top-level tasks hang under it
    assert data.depth[data.row_of[plan["A"]]] == 2
    folded = load_portfolio(store)  # by default every project starts folded
    assert folded.visible.tolist() == [0, 7]


def test_portfolio_rows_collapse_and_expand(
    qtbot: QtBot, view: TimelineView, plan: dict[str, int], second: dict[str, int]
) -> None:
    view.refresh_projects()
    assert view.projects.itemText(0) == "All projects"
    view.show_project(ALL_PROJECTS)
    data, model, tree, chart = view.timeline, view.model, view.tree, view.chart
    assert model.rowCount() == 2 and len(data.visible) == 2
    first = model.index(0, 0)
    assert first.data() == "PRJ-001" and first.siblingAtColumn(NAME).data() == "Mail migration"
    assert not model.flags(first.siblingAtColumn(PREDECESSORS)) & Qt.ItemFlag.ItemIsEditable
    second_row = data.row_of[-second["prj"]]
    assert chart.row_y(second_row) == chart.row_y(0) + view.row_height
    tree.expand(first)
    assert len(view.timeline.visible) == 8
    assert chart.row_y(second_row) == chart.row_y(0) + 7 * view.row_height
    assert model.index_of_row(data.row_of[plan["B"]], ID).data() == 3
    tree.collapse(first)
    assert len(view.timeline.visible) == 2
    tree.expand(model.index(1, 0))
    view.reload()  # a refresh keeps what the user unfolded
    assert view.timeline.visible.tolist() == [0, 7, 8, 9]


def test_portfolio_model_passes_qtmodeltester(
    qtmodeltester: object, view: TimelineView, second: dict[str, int]
) -> None:
    view.show_project(ALL_PROJECTS)
    view.tree.expandAll()
    qtmodeltester.check(view.model)  # type: ignore[attr-defined]


def test_portfolio_bars_drag_and_project_rows_open_their_project(
    qtbot: QtBot,
    view: TimelineView,
    plan: dict[str, int],
    second: dict[str, int],
    applied: list[Operation],
) -> None:
    view.show_project(ALL_PROJECTS)
    view.tree.expand(view.model.index(1, 0))
    chart = view.chart
    chart.set_px_per_day(24.0)
    data = view.timeline
    group = data.row_of[-second["prj"]]
    assert chart.hit(chart.bar_rect(group).center()) is None  # a project row is not dragged
    x = data.row_of[second["X"]]
    grab = chart.bar_rect(x).center().toPoint() - QPoint(6, 0)
    viewport = chart.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=grab)
    qtbot.mouseMove(viewport, pos=grab + QPoint(24, 0))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=grab + QPoint(24, 0))
    assert isinstance(applied[-1], MoveTask) and applied[-1].task_id == second["X"]
    qtbot.waitUntil(lambda: view.timeline.start[x] == D("2026-03-10").toordinal())
    assert "Data centre exit" in chart.tooltip_at(QPointF(chart.bar_rect(group).center()))
    view.open_row(view.timeline.row_of[-second["prj"]])  # as a double-click does
    assert view.project_id == second["prj"]
