"""A task double-clicked on the timeline opens in the Tasks table with its editable details
(not the timeline's read-only dialog, which stays for a timeline outside a window)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.gui.timeline import TimelineView
from sdm_workbench.operations import CreateRow, run
from sdm_workbench.store import Store
from sdm_workbench.store.column_filters import ColumnFilter, FilterMode


def create(store: Store, kind: str, **values: object) -> int:
    op = run(store, CreateRow(kind, values))
    assert op.row_id is not None
    return op.row_id


def small_plan(store: Store) -> dict[str, int]:
    prj = create(store, "project", name="Mail migration", start_date=date(2026, 3, 2))
    ids = {"prj": prj}
    for n, name in enumerate(("Plan", "Build", "Test")):
        ids[name] = create(store, "task", project_id=prj, name=name, sort_order=n,
                           start_date=date(2026, 3, 2 + 2 * n), duration_days=2,
                           finish_date=date(2026, 3, 3 + 2 * n))  # fmt: skip
    return ids


def open_timeline(qtbot: QtBot, store: Store) -> tuple[MainWindow, TimelineView]:
    window = MainWindow(store, settings=None)
    qtbot.addWidget(window)
    window.resize(1200, 700)
    window.show()
    qtbot.waitExposed(window)
    window.show_view("timeline")
    view = window.current_widget()
    assert isinstance(view, TimelineView)
    return window, view


def test_double_click_shows_the_task_in_the_tasks_table(qtbot: QtBot, store: Store) -> None:
    ids = small_plan(store)
    window, view = open_timeline(qtbot, store)
    row = view.timeline.row_of[ids["Build"]]
    name = view.model.index_of_row(row, 1)
    with qtbot.waitSignal(view.task_opened):
        view.tree.doubleClicked.emit(name)  # as a double-click on the task's name does
    assert window.current_widget() is window.pane
    assert window.current_kind() == "task"
    assert window.navigator.current_kind() == "task"
    assert window.pane.current_row_id() == ids["Build"]
    qtbot.waitUntil(lambda: window.pane.details.isVisible())
    assert view.details is None  # no read-only dialog on top of the editable form
    assert not [w for w in window.findChildren(QDialog) if w.isVisible()]
    window.close()


def test_a_filter_that_hides_the_task_is_cleared(qtbot: QtBot, store: Store) -> None:
    ids = small_plan(store)
    window, view = open_timeline(qtbot, store)
    window.show_kind("task")
    model = window.pane.model
    assert model is not None
    model.set_column_filter("name", ColumnFilter("name", FilterMode.CONTAINS, text="Plan"))
    window.pane.filter.setText("Plan")
    model.set_filter("Plan")
    assert model.row_of(ids["Test"]) is None
    window.show_view("timeline")
    view.open_row(view.timeline.row_of[ids["Test"]])
    assert window.current_kind() == "task"
    assert window.pane.current_row_id() == ids["Test"]
    assert model.column_filters == {} and window.pane.filter.text() == ""
    assert window.statusBar().currentMessage() == "Filters cleared to show the task."
    window.close()


def test_a_timeline_on_its_own_still_opens_its_dialog(qtbot: QtBot, store: Store) -> None:
    ids = small_plan(store)
    view = TimelineView(store, project_id=ids["prj"])
    qtbot.addWidget(view)
    view.show()
    view.open_row(view.timeline.row_of[ids["Plan"]])
    assert view.details is not None and view.details.isVisible()
    view.details.close()
