"""The timeline view: bar geometry per zoom, dragging bars, outline, live refresh, model."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sdm_workbench.domain import DomainError
from sdm_workbench.gui.timeline import TimelineView
from sdm_workbench.gui.timeline.scale import TimeScale, label, units
from sdm_workbench.operations import Operation, run, undo
from sdm_workbench.operations.plan import LinkTasks, MoveTask, ResizeTask
from sdm_workbench.store import Store
from sdm_workbench.store import repository as repo

from .conftest import D, build_plan


def task_dates(store: Store, task_id: int) -> tuple[date, date, int]:
    with store.session() as session:
        row = repo.get(session, "task", task_id)
        assert row is not None
        return row["start_date"], row["finish_date"], row["duration_days"]


def drag(qtbot: QtBot, view: TimelineView, start: QPoint, end: QPoint) -> None:
    viewport = view.chart.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    steps = 4
    for k in range(1, steps + 1):
        at = start + (end - start) * (k / steps)
        qtbot.mouseMove(viewport, pos=QPoint(round(at.x()), round(at.y())))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


# --- geometry --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("px_per_day", "tiers"),
    [
        (32.0, ("month", "day")),
        (8.0, ("month", "week")),
        (2.0, ("quarter", "month")),
        (0.5, ("year", "quarter")),
    ],
)
def test_bar_geometry_follows_dates_at_each_zoom(
    view: TimelineView, plan: dict[str, int], px_per_day: float, tiers: tuple[str, str]
) -> None:
    chart = view.chart
    chart.set_px_per_day(px_per_day)
    assert chart.scale.tiers == tiers
    data = view.timeline
    a = data.row_of[plan["A"]]
    rect = chart.bar_rect(a)
    monday = D("2026-03-02").toordinal()
    assert rect.left() == pytest.approx(chart.x_of(monday))
    assert rect.right() == pytest.approx(chart.x_of(monday + 5))  # Mon..Fri inclusive
    assert rect.width() == pytest.approx(5 * px_per_day)
    b = data.row_of[plan["B"]]  # 9..12 Mar: four calendar days, three working days
    assert chart.bar_rect(b).width() == pytest.approx(max(4 * px_per_day, 2.0))
    m = data.row_of[plan["M"]]
    assert chart.bar_rect(m).center().x() == pytest.approx(
        chart.x_of(D("2026-03-12").toordinal() + 0.5)
    )
    assert chart.bar_rect(b).top() > chart.bar_rect(a).bottom()  # one row each, in WBS order
    assert chart.row_y(b) - chart.row_y(a) == view.row_height


def test_scale_units_and_labels() -> None:
    first, last = D("2026-02-20").toordinal(), D("2026-04-02").toordinal()
    assert [date.fromordinal(u) for u in units(first, last, "month")] == [
        D("2026-02-01"),
        D("2026-03-01"),
        D("2026-04-01"),
    ]
    weeks = [date.fromordinal(u) for u in units(first, last, "week")]
    assert weeks[0] == D("2026-02-16") and all(w.weekday() == 0 for w in weeks)
    assert [date.fromordinal(u) for u in units(first, last, "quarter")] == [
        D("2026-01-01"),
        D("2026-04-01"),
    ]
    assert label(D("2026-04-01").toordinal(), "quarter", 100) == "Q2 2026"
    assert label(D("2026-03-01").toordinal(), "month", 40) == "Mar"
    assert label(D("2026-03-02").toordinal(), "day", 30) == "M 2"
    scale = TimeScale(first, 10.0)
    assert scale.day_at(scale.x(first + 7) + 9.9) == first + 7
    assert scale.zoomed(1) == pytest.approx(15.0)
    assert TimeScale(first, 60.0).zoomed(3) == 64.0  # clamped


def test_tree_and_chart_share_rows_and_scrolling(qtbot: QtBot, store: Store) -> None:

    ids = build_plan(store, extra_tasks=60)
    view = TimelineView(store, project_id=ids["prj"])
    qtbot.addWidget(view)
    view.resize(1000, 400)
    view.show()
    qtbot.waitExposed(view)
    tree, chart = view.tree, view.chart
    assert tree.header().height() == chart.header_height
    assert tree.viewport().height() == chart.rows_height()
    chart.verticalScrollBar().setValue(5 * view.row_height)
    assert tree.verticalScrollBar().value() == 5 * view.row_height
    row = view.timeline.row_of[ids["T10"]]
    index = view.model.index_of_row(row, 1)
    tree_top = tree.viewport().mapTo(view, QPoint(0, 0)).y()
    rows_top = chart.viewport().mapTo(view, QPoint(0, chart.header_height)).y()
    assert tree_top == rows_top  # the table's rows start where the chart's rows start
    assert tree.visualRect(index).top() == chart.row_y(row) - chart.header_height
    view.close()


# --- editing on the chart ------------------------------------------------------------------
def test_dragging_a_bar_moves_the_task_by_working_days_and_undo_restores(
    qtbot: QtBot, view: TimelineView, store: Store, plan: dict[str, int], applied: list[Operation]
) -> None:
    chart = view.chart
    chart.set_px_per_day(24.0)
    row = view.timeline.row_of[plan["A"]]
    rect = chart.bar_rect(row)
    grab = QPoint(round(rect.left() + 2.5 * 24), round(rect.center().y()))  # inside the bar
    drag(qtbot, view, grab, grab + QPoint(3 * 24, 0))  # three days to the right

    assert len(applied) == 1 and isinstance(applied[0], MoveTask)
    assert task_dates(store, plan["A"]) == (D("2026-03-05"), D("2026-03-12"), 5)  # Thu, 3 wd
    assert task_dates(store, plan["B"])[0] == D("2026-03-13")  # the dependent followed
    qtbot.waitUntil(lambda: view.timeline.start[row] == D("2026-03-05").toordinal())
    assert chart.bar_rect(row).left() == pytest.approx(chart.x_of(D("2026-03-05").toordinal()))

    undo(store, applied[0])
    assert task_dates(store, plan["A"]) == (D("2026-03-02"), D("2026-03-06"), 5)
    assert task_dates(store, plan["B"]) == (D("2026-03-09"), D("2026-03-12"), 3)
    qtbot.waitUntil(lambda: view.timeline.start[row] == D("2026-03-02").toordinal())


def test_dragging_across_a_weekend_counts_working_days(
    qtbot: QtBot, view: TimelineView, store: Store, plan: dict[str, int], applied: list[Operation]
) -> None:
    chart = view.chart
    chart.set_px_per_day(20.0)
    row = view.timeline.row_of[plan["C"]]  # Mon 2 .. Wed 4 Mar
    rect = chart.bar_rect(row)
    grab = QPoint(round(rect.center().x()), round(rect.center().y()))
    drag(qtbot, view, grab, grab + QPoint(5 * 20, 0))  # to Sat 7 Mar: snaps to Mon 9
    start, finish, days = task_dates(store, plan["C"])
    assert start == D("2026-03-09") and days == 3
    assert finish == D("2026-03-12")  # 9, 11, 12: the closed Tuesday is skipped


def test_dragging_the_right_end_resizes(
    qtbot: QtBot, view: TimelineView, store: Store, plan: dict[str, int], applied: list[Operation]
) -> None:
    chart = view.chart
    chart.set_px_per_day(24.0)
    row = view.timeline.row_of[plan["A"]]
    rect = chart.bar_rect(row)
    grip = QPoint(round(rect.right()) - 1, round(rect.center().y()))
    assert chart.hit(QPointF(grip)) == (row, "resize")
    drag(qtbot, view, grip, grip + QPoint(3 * 24, 0))  # Fri 6 -> Mon 9 Mar
    assert isinstance(applied[-1], ResizeTask)
    assert task_dates(store, plan["A"]) == (D("2026-03-02"), D("2026-03-09"), 6)
    assert task_dates(store, plan["B"]) == (D("2026-03-11"), D("2026-03-13"), 3)
    undo(store, applied[-1])
    assert task_dates(store, plan["A"]) == (D("2026-03-02"), D("2026-03-06"), 5)


def test_a_click_without_moving_changes_nothing(
    qtbot: QtBot, view: TimelineView, plan: dict[str, int], applied: list[Operation]
) -> None:
    row = view.timeline.row_of[plan["A"]]
    rect = view.chart.bar_rect(row)
    qtbot.mouseClick(view.chart.viewport(), Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert applied == []
    assert view.selected_task_id() == plan["A"]


def test_a_refused_change_shows_the_message(
    qtbot: QtBot, view: TimelineView, store: Store, plan: dict[str, int]
) -> None:
    assert not view.apply(LinkTasks(plan["M"], plan["A"], "FS", 0))
    assert view.notice.isVisibleTo(view)
    assert "cycle" in view.notice.text()

    def refuse(op: Operation) -> None:
        raise DomainError("Someone else changed this task in the meantime.")

    view.apply_operation = refuse
    row = view.timeline.row_of[plan["C"]]
    rect = view.chart.bar_rect(row)
    drag(qtbot, view, rect.center().toPoint(), rect.center().toPoint() + QPoint(80, 0))
    assert view.notice.text() == "Someone else changed this task in the meantime."

    view.apply_operation = lambda op: False  # EditHistory.perform's way of saying no
    assert not view.apply(MoveTask(plan["C"], D("2026-03-09")))


# --- outline, zoom, live ---------------------------------------------------------------------
def test_collapsing_a_summary_hides_its_rows_in_the_chart(
    qtbot: QtBot, view: TimelineView, plan: dict[str, int]
) -> None:
    data = view.timeline
    e = data.row_of[plan["E"]]
    below = view.chart.row_y(e)
    view.tree.collapse(view.model.index_of_row(data.row_of[plan["Phase"]]))
    assert view.chart.row_y(e) == below - 3 * view.row_height
    assert data.position[data.row_of[plan["A"]]] == -1
    view.reload()  # a refresh keeps the outline as the user left it
    assert view.timeline.position[view.timeline.row_of[plan["A"]]] == -1
    assert not view.tree.isExpanded(view.model.index_of_row(view.timeline.row_of[plan["Phase"]]))


def test_ctrl_wheel_zooms_and_fit_shows_the_plan(view: TimelineView) -> None:
    chart = view.chart
    chart.set_px_per_day(8.0)
    at = QPointF(300, 100)
    event = QWheelEvent(
        at,
        chart.viewport().mapToGlobal(at),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    day_before = chart.scale.day_at(chart.horizontalScrollBar().value() + 300)
    QApplication.sendEvent(chart.viewport(), event)
    assert chart.scale.px_per_day == pytest.approx(12.0)
    assert chart.scale.day_at(chart.horizontalScrollBar().value() + 300) == day_before
    view.zoom_out_action.trigger()
    assert chart.scale.px_per_day == pytest.approx(8.0)
    view.fit_action.trigger()
    first, last = view.timeline.date_range()
    assert chart.x_of(first) >= 0 and chart.x_of(last + 1) <= chart.viewport().width()


def test_live_refresh_after_a_change_elsewhere(
    qtbot: QtBot, view: TimelineView, store: Store, plan: dict[str, int]
) -> None:
    run(store, MoveTask(plan["E"], D("2026-03-18")))  # not through the view
    row = view.timeline.row_of[plan["E"]]
    qtbot.waitUntil(lambda: view.timeline.start[row] == D("2026-03-18").toordinal())
    run(store, LinkTasks(plan["C"], plan["E"], "FS", 0))
    qtbot.waitUntil(lambda: view.timeline.predecessors[row] == "2SS+2d, 6")


def test_table_shows_outline_numbers_predecessors_and_float(
    view: TimelineView, plan: dict[str, int]
) -> None:
    model = view.model
    data = view.timeline
    b = model.index_of_row(data.row_of[plan["B"]], 0)
    assert model.rowCount() == 3  # Phase, E, C at the top
    assert model.rowCount(model.index_of_row(data.row_of[plan["Phase"]])) == 3
    assert b.siblingAtColumn(0).data() == 3
    assert b.siblingAtColumn(1).data() == "B"
    assert b.siblingAtColumn(6).data() == "2"  # FS from task 2 (A)
    assert b.siblingAtColumn(2).data().toString("yyyy-MM-dd") == "2026-03-09"
    e = model.index_of_row(data.row_of[plan["E"]], 6)
    assert e.data() == "2SS+2d"
    a = model.index_of_row(data.row_of[plan["A"]], 9)  # Assignee (after Slip)
    assert a.data() == "Ana Ruiz"
    assert model.index_of_row(data.row_of[plan["M"]], 7).data() == "3 d"  # 13, 16, 17 Mar
    assert model.index_of_row(data.row_of[plan["E"]], 7).data() == "0 d"  # ends the plan
    assert data.critical[data.row_of[plan["E"]]] and not data.critical[data.row_of[plan["M"]]]


def test_model_passes_qtmodeltester(qtmodeltester: object, view: TimelineView) -> None:
    qtmodeltester.check(view.model)  # type: ignore[attr-defined]


def test_baseline_actions_are_one_step_each(
    view: TimelineView, store: Store, plan: dict[str, int], applied: list[Operation]
) -> None:
    view.set_baseline_action.trigger()
    view.clear_baseline_action.trigger()
    assert [type(op).__name__ for op in applied] == ["SetBaseline", "ClearBaseline"]
    undo(store, applied[1])
    view.reload()
    row = view.timeline.row_of[plan["A"]]
    assert view.timeline.base_start[row] == D("2026-03-02").toordinal()


def test_drags_go_through_the_windows_undo_stack(
    qtbot: QtBot, store: Store, plan: dict[str, int]
) -> None:
    from sdm_workbench.gui.history import EditHistory

    history = EditHistory(store)
    view = TimelineView(store, apply_operation=history.perform, project_id=plan["prj"])
    qtbot.addWidget(view)
    view.resize(1000, 500)
    view.show()
    qtbot.waitExposed(view)
    view.chart.set_px_per_day(24.0)
    for _ in range(2):  # two moves of one task: both undo, in order
        rect = view.chart.bar_rect(view.timeline.row_of[plan["A"]])
        grab = QPoint(round(rect.left() + 12), round(rect.center().y()))
        drag(qtbot, view, grab, grab + QPoint(24, 0))
    assert task_dates(store, plan["A"])[0] == D("2026-03-04")
    assert history.stack.count() == 2
    history.stack.undo()
    history.stack.undo()
    assert task_dates(store, plan["A"]) == (D("2026-03-02"), D("2026-03-06"), 5)
    assert task_dates(store, plan["B"]) == (D("2026-03-09"), D("2026-03-12"), 3)
    history.stack.redo()
    assert task_dates(store, plan["A"])[0] == D("2026-03-03")
    view.close()
