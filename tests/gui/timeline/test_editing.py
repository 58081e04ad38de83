"""Editing on the timeline: progress and link drags, typed predecessors, details, slippage."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu
from pytestqt.qtbot import QtBot

from sdm_workbench.gui.history import EditHistory
from sdm_workbench.gui.timeline import TimelineView
from sdm_workbench.gui.timeline.data import slippage
from sdm_workbench.gui.timeline.drag import link_handle
from sdm_workbench.gui.timeline.model import PREDECESSORS, SLIP
from sdm_workbench.operations import Operation, run, undo
from sdm_workbench.operations.plan import LinkTasks, MoveTask, SetBaseline, SetProgress
from sdm_workbench.store import Store
from sdm_workbench.store import repository as repo

from .conftest import D

NO = Qt.KeyboardModifier.NoModifier


def percent(store: Store, task_id: int) -> float:
    with store.session() as session:
        row = repo.get(session, "task", task_id)
        assert row is not None
        return float(row["percent_complete"])


def links(store: Store) -> set[tuple[int, int, str, int]]:
    with store.session() as session:
        found = repo.list_rows(session, "dependency")
    return {(x["predecessor_id"], x["successor_id"], str(x["type"]), x["lag_days"]) for x in found}


def drag(
    qtbot: QtBot, view: TimelineView, start: QPoint, end: QPoint, modifier: Qt.KeyboardModifier = NO
) -> None:
    viewport = view.chart.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, modifier, start)
    for k in range(1, 5):
        at = start + (end - start) * (k / 4)
        qtbot.mouseMove(viewport, QPoint(round(at.x()), round(at.y())))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifier, end)


@pytest.fixture
def history_view(
    qtbot: QtBot, store: Store, plan: dict[str, int]
) -> Iterator[tuple[TimelineView, EditHistory]]:
    """A timeline whose edits go through the window's undo stack."""
    history = EditHistory(store)
    shown = TimelineView(store, apply_operation=history.perform, project_id=plan["prj"])
    qtbot.addWidget(shown)
    shown.resize(1200, 600)
    shown.show()
    qtbot.waitExposed(shown)
    shown.chart.set_px_per_day(24.0)
    yield shown, history
    shown.close()


# --- progress ------------------------------------------------------------------------------
def test_dragging_the_progress_grip_is_one_undo_step(
    qtbot: QtBot, store: Store, plan: dict[str, int], history_view: tuple[TimelineView, EditHistory]
) -> None:
    view, history = history_view
    chart = view.chart
    row = view.timeline.row_of[plan["B"]]  # 50 % over 9..12 Mar: 4 days, 96 px
    rect = chart.bar_rect(row)
    grip = QPoint(round(rect.left() + 48), round(rect.bottom()) - 1)
    assert chart.hit(QPointF(grip)) == (row, "progress")
    assert chart.hit(QPointF(grip.x(), rect.top() + 1)) == (row, "move")  # upper half moves
    drag(qtbot, view, grip, grip + QPoint(24, 0))
    assert percent(store, plan["B"]) == 75
    assert percent(store, plan["Phase"]) == pytest.approx(28.1, abs=0.05)  # 3 d at 75 of 8 d
    assert history.stack.count() == 1
    assert isinstance(history.stack.command(0).operation, SetProgress)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: view.timeline.percent[row] == 75)
    history.stack.undo()
    assert percent(store, plan["B"]) == 50
    assert percent(store, plan["Phase"]) == 0


def test_shift_drag_sets_progress_where_the_mouse_is(
    qtbot: QtBot, view: TimelineView, store: Store, plan: dict[str, int], applied: list[Operation]
) -> None:
    chart = view.chart
    chart.set_px_per_day(24.0)
    row = view.timeline.row_of[plan["C"]]  # 0 % over 2..4 Mar: 72 px
    rect = chart.bar_rect(row)
    grab = QPoint(round(rect.left() + 60), round(rect.top()) + 2)
    shift = Qt.KeyboardModifier.ShiftModifier
    assert chart.hit(QPointF(grab), shift) == (row, "progress")
    drag(qtbot, view, grab, QPoint(round(rect.left() + 36), grab.y()), shift)
    assert [type(op).__name__ for op in applied] == ["SetProgress"]
    assert percent(store, plan["C"]) == 50
    undo(store, applied[0])
    assert percent(store, plan["C"]) == 0


# --- linking by drag -----------------------------------------------------------------------
def test_dragging_the_link_handle_onto_a_bar_links_the_tasks(
    qtbot: QtBot, view: TimelineView, store: Store, plan: dict[str, int], applied: list[Operation]
) -> None:
    chart = view.chart
    chart.set_px_per_day(24.0)
    data = view.timeline
    c, e = data.row_of[plan["C"]], data.row_of[plan["E"]]
    asked: list[tuple[int, int]] = []

    def choose(pred: int, succ: int, _where: QPoint) -> str:
        asked.append((pred, succ))
        return "FF"

    chart.choose_link_type = choose
    handle = link_handle(chart, c).center().toPoint()
    assert chart.hit(QPointF(handle)) == (c, "link")
    drag(qtbot, view, handle, chart.bar_rect(e).center().toPoint())
    assert asked == [(c, e)]
    assert isinstance(applied[-1], LinkTasks)
    assert (plan["C"], plan["E"], "FF", 0) in links(store)
    qtbot.waitUntil(lambda: view.timeline.predecessors[e] == "2SS+2d, 6FF")
    undo(store, applied[-1])
    assert (plan["C"], plan["E"], "FF", 0) not in links(store)


# the offscreen platform cannot grab the keyboard for a pop-up menu (with the usual noise)
@pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)"
)
def test_the_link_menu_offers_the_four_types(
    qtbot: QtBot, view: TimelineView, store: Store, plan: dict[str, int]
) -> None:
    chart = view.chart
    chart.set_px_per_day(24.0)
    data = view.timeline
    c, b = data.row_of[plan["C"]], data.row_of[plan["B"]]
    seen: list[str] = []

    def pick() -> None:  # runs inside the menu's own event loop
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(10, pick)
            return
        seen.extend(a.text() for a in menu.actions() if a.isEnabled() and a.text())
        assert menu.activeAction() is not None and "(FS)" in menu.activeAction().text()
        menu.setActiveAction(next(a for a in menu.actions() if "(SS)" in a.text()))
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(0, pick)
    handle = link_handle(chart, c).center().toPoint()
    drag(qtbot, view, handle, chart.bar_rect(b).center().toPoint())
    assert [s[-3:-1] for s in seen] == ["FS", "SS", "FF", "SF"]
    assert (plan["C"], plan["B"], "SS", 0) in links(store)


def test_a_link_that_would_make_a_cycle_is_refused_with_its_message(
    qtbot: QtBot, store: Store, plan: dict[str, int], history_view: tuple[TimelineView, EditHistory]
) -> None:
    view, history = history_view
    chart = view.chart
    data = view.timeline
    m, a = data.row_of[plan["M"]], data.row_of[plan["A"]]
    chart.choose_link_type = lambda *_: "FS"
    before = links(store)
    drag(
        qtbot, view, link_handle(chart, m).center().toPoint(), chart.bar_rect(a).center().toPoint()
    )
    assert links(store) == before
    assert history.stack.count() == 0
    assert view.notice.isVisibleTo(view)
    assert "'A' cannot depend on 'M': that would make a cycle" in view.notice.text()


def test_dropping_a_link_on_its_own_bar_or_cancelling_changes_nothing(
    qtbot: QtBot, view: TimelineView, plan: dict[str, int], applied: list[Operation]
) -> None:
    chart = view.chart
    chart.set_px_per_day(24.0)
    c = view.timeline.row_of[plan["C"]]
    b = view.timeline.row_of[plan["B"]]
    chart.choose_link_type = lambda *_: None  # the menu closed without a choice
    handle = link_handle(chart, c).center().toPoint()
    drag(qtbot, view, handle, chart.bar_rect(c).center().toPoint())
    drag(qtbot, view, handle, chart.bar_rect(b).center().toPoint())
    assert applied == []


# --- typed predecessors --------------------------------------------------------------------
def test_typing_predecessors_replaces_the_links_in_one_step(
    qtbot: QtBot, store: Store, plan: dict[str, int], history_view: tuple[TimelineView, EditHistory]
) -> None:
    view, history = history_view
    tree, model = view.tree, view.model
    b = view.timeline.row_of[plan["B"]]
    index = model.index_of_row(b, PREDECESSORS)
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(index.siblingAtColumn(1)) & Qt.ItemFlag.ItemIsEditable
    tree.setCurrentIndex(index)
    tree.edit(index)
    editor = tree.viewport().findChild(QLineEdit)
    assert editor is not None and editor.text() == "2"
    editor.setText("2FS+2d, 6SS")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: history.stack.count() == 1)  # the delegate commits queued
    assert {x for x in links(store) if x[1] == plan["B"]} == {
        (plan["A"], plan["B"], "FS", 2),
        (plan["C"], plan["B"], "SS", 0),
    }
    qtbot.waitUntil(lambda: index.data() == "2FS+2d, 6SS")
    assert view.timeline.start[b] == D("2026-03-12").toordinal()  # A's finish + 2 working days
    history.stack.undo()
    assert {x for x in links(store) if x[1] == plan["B"]} == {(plan["A"], plan["B"], "FS", 0)}
    qtbot.waitUntil(lambda: index.data() == "2")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2FS+2x", "'2FS+2x' is not a dependency like 12FS+2d"),
        ("42", "There is no task 42 in 'Mail migration' (it has 6 tasks)."),
        ("4", "'A' cannot depend on 'M': that would make a cycle"),
    ],
)
def test_typed_predecessors_that_are_refused_change_nothing(
    store: Store, plan: dict[str, int], history_view: tuple[TimelineView, EditHistory], text: str,
    message: str,
) -> None:  # fmt: skip
    view, history = history_view
    before = links(store)
    index = view.model.index_of_row(view.timeline.row_of[plan["A"]], PREDECESSORS)
    assert not view.model.setData(index, text)
    assert links(store) == before
    assert history.stack.count() == 0
    assert message in view.notice.text()
    assert index.data() == ""  # the cell shows what is stored
    assert not view.model.setData(index, "")  # unchanged text: no step at all
    assert history.stack.count() == 0


# --- slippage and baselines ----------------------------------------------------------------
def test_slippage_counts_working_days_against_the_baseline() -> None:
    days = np.array([D(s).toordinal() for s in ("2026-03-09", "2026-03-06", "2026-03-06")])
    base = np.array([D("2026-03-06").toordinal(), D("2026-03-09").toordinal(), -1])
    assert slippage(days, base, np.busdaycalendar()) == [1, -1, None]  # Fri -> Mon is one day


def test_slip_column_and_baseline_bars(
    view: TimelineView, store: Store, plan: dict[str, int]
) -> None:
    model = view.model
    row = view.timeline.row_of
    assert model.index_of_row(row[plan["A"]], SLIP).data() == ""  # no baseline yet
    view.set_baseline_action.trigger()
    run(store, MoveTask(plan["A"], D("2026-03-05")))  # three working days later (10th closed)
    view.reload()
    data = view.timeline
    assert data.slip[row[plan["A"]]] == 3  # finish 12 Mar against 6 Mar: 9, 11, 12
    assert data.slip[row[plan["B"]]] == 3  # followed A: 17 Mar against 12 Mar: 13, 16, 17
    assert model.index_of_row(row[plan["A"]], SLIP).data() == "+3 d"
    assert model.index_of_row(row[plan["C"]], SLIP).data() == "0 d"
    late = model.index_of_row(row[plan["A"]], SLIP).data(Qt.ItemDataRole.ForegroundRole)
    assert late is not None and late.color().name() == "#c2352d"
    baseline = view.chart.gantt.baseline_rect(row[plan["A"]])
    bar = view.chart.gantt.bar_rect(row[plan["A"]])
    assert baseline is not None and baseline.top() >= bar.bottom()  # beneath the bar
    assert baseline.left() == pytest.approx(view.chart.scale.x(D("2026-03-02").toordinal()))


# --- details and markers -------------------------------------------------------------------
def test_double_click_opens_the_details(
    qtbot: QtBot, view: TimelineView, plan: dict[str, int]
) -> None:
    row = view.timeline.row_of[plan["B"]]
    with qtbot.waitSignal(view.task_opened) as opened:
        qtbot.mouseDClick(
            view.chart.viewport(), Qt.MouseButton.LeftButton, NO,
            view.chart.bar_rect(row).center().toPoint(),
        )  # fmt: skip
    assert opened.args == [plan["B"]]
    details = view.details
    assert details is not None and details.isVisible()
    assert details.values["Predecessors"].text() == "2"
    assert details.values["Successors"].text() == "4"
    assert details.values["% complete"].text() == "50 %"
    details.close()
    name = view.model.index_of_row(view.timeline.row_of[plan["E"]], 1)
    view.tree.doubleClicked.emit(name)
    assert view.details is not None and view.details.task_id == plan["E"]


def test_review_dates_show_as_markers_that_can_be_hidden(
    qtbot: QtBot, store: Store, plan: dict[str, int]
) -> None:
    from sdm_workbench.operations import CreateRow, UpdateRow

    service = run(store, CreateRow("service", {"name": "Mail"})).row_id
    run(store, UpdateRow("project", plan["prj"], {"service_id": service}))
    run(store, CreateRow("sla", {"service_id": service, "name": "Mail availability",
                                 "review_date": D("2026-03-11")}))  # fmt: skip
    run(store, CreateRow("raid_item", {"type": "risk", "title": "Supplier late",
                                       "project_id": plan["prj"],
                                       "review_date": D("2026-03-05")}))  # fmt: skip
    run(store, CreateRow("raid_item", {"type": "risk", "title": "Elsewhere",
                                       "review_date": D("2026-03-06")}))  # fmt: skip
    view = TimelineView(store, project_id=plan["prj"])
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    qtbot.waitExposed(view)
    chart = view.chart
    chart.set_px_per_day(24.0)
    kinds = [(m.kind, m.day) for m in view.timeline.markers]
    assert kinds == [("raid", D("2026-03-05").toordinal()), ("sla", D("2026-03-11").toordinal())]
    x = chart.x_of(D("2026-03-05").toordinal() + 0.5)
    tip = chart.tooltip_at(QPointF(x, chart.header_height - 3))
    assert tip.startswith("RAID review RSK-") and tip.endswith("Supplier late")
    assert chart.markers_at(chart.x_of(D("2026-03-11").toordinal() + 0.5))[0].startswith("SLA")
    view.markers_action.trigger()
    assert not chart.gantt.show_markers and chart.markers_at(x) == []
    view.close()


def test_set_baseline_in_the_portfolio_uses_the_selected_project(
    qtbot: QtBot, view: TimelineView, store: Store, plan: dict[str, int], applied: list[Operation]
) -> None:
    view.show_project(0)
    view.set_baseline_action.trigger()
    assert applied == [] and "Select a project" in view.notice.text()
    view.tree.setCurrentIndex(view.model.index_of_row(0))  # the project row
    view.set_baseline_action.trigger()
    assert isinstance(applied[-1], SetBaseline) and applied[-1].project_id == plan["prj"]
