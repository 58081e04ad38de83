"""KPI definitions edited from the dashboard: one undo step, and the RAG follows."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from sdm_workbench.analytics.kpi_catalogue import CATALOGUE
from sdm_workbench.analytics.rag import Rag
from sdm_workbench.domain.enums import Direction
from sdm_workbench.gui.dashboard import DashboardView
from sdm_workbench.gui.dashboard.kpi_editor import (
    KpiDefinitionDialog,
    Limits,
    definition_operation,
)
from sdm_workbench.gui.history import EditHistory
from sdm_workbench.operations import CreateRow, UpdateRow
from sdm_workbench.store import Store
from sdm_workbench.store import repository as repo

View = Callable[..., DashboardView]
LOWER = Direction.LOWER_IS_BETTER


def test_definition_operation_creates_updates_or_does_nothing() -> None:
    spec = CATALOGUE["mttr"]
    assert definition_operation(spec, Limits.of(spec), None) is None
    create = definition_operation(spec, Limits(LOWER, 1.0, 1.0, 1.5), None)
    assert isinstance(create, CreateRow)
    assert create.values["key"] == "mttr" and create.values["red_threshold"] == 1.5
    stored = {"id": 4, "version": 2, "direction": LOWER, "target": 1.0,
              "amber_threshold": 1.0, "red_threshold": 1.5}  # fmt: skip
    update = definition_operation(spec, Limits(LOWER, 1.0, 1.0, 3.0), stored)
    assert isinstance(update, UpdateRow)
    assert (update.row_id, update.changes, update.expected_version) == (
        4, {"red_threshold": 3.0}, 2,
    )  # fmt: skip
    assert definition_operation(spec, Limits(LOWER, 1.0, 1.0, 1.5), stored) is None


def test_editing_thresholds_is_one_undo_step_and_recolours(
    seeded: Store, make_dashboard: View, qtbot: QtBot
) -> None:
    history = EditHistory(seeded)
    view = make_dashboard(seeded, apply_operation=history.perform)
    assert view.tiles["mttr"].rag is Rag.GREEN  # 2 h against 36 h
    assert view.edit_definition("mttr", Limits(LOWER, 1.0, 1.0, 1.5))
    qtbot.waitUntil(lambda: view.tiles["mttr"].rag is Rag.RED, timeout=5000)
    assert history.stack.count() == 1
    assert view.edit_definition("mttr", Limits(LOWER, 1.0, 1.0, 3.0))  # now an UpdateRow
    qtbot.waitUntil(lambda: view.tiles["mttr"].rag is Rag.AMBER, timeout=5000)
    assert history.stack.count() == 2
    with seeded.session() as session:
        (row,) = repo.list_rows(session, "kpi", where={"key": "mttr"})
    assert row["red_threshold"] == 3.0
    history.stack.undo()
    qtbot.waitUntil(lambda: view.tiles["mttr"].rag is Rag.RED, timeout=5000)
    history.stack.undo()
    qtbot.waitUntil(lambda: view.tiles["mttr"].rag is Rag.GREEN, timeout=5000)
    assert not view.edit_definition("mttr", Limits.of(CATALOGUE["mttr"]))  # nothing to change


def test_dialog_previews_the_rag(qtbot: QtBot) -> None:
    dialog = KpiDefinitionDialog(CATALOGUE["mttr"], 50.0)
    qtbot.addWidget(dialog)
    assert dialog.preview_rag() is Rag.AMBER  # 50 h: past 36, within 72
    assert dialog.preview.text() == "The current value 50.0 h would be: Watch"
    dialog.red.setText("40")
    assert dialog.preview_rag() is Rag.RED
    dialog.target.setText("")
    dialog.amber.setText("")
    assert dialog.limits() == Limits(LOWER, None, None, 40.0)


def test_the_window_undoes_a_definition_edit(window: object, qtbot: QtBot) -> None:
    from sdm_workbench.gui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    window.show_view("overview")
    view = window.current_widget()
    assert isinstance(view, DashboardView)
    qtbot.waitUntil(lambda: view.refresher.data is not None, timeout=10_000)
    before = window.history.stack.count()
    assert view.edit_definition("mttr", Limits(LOWER, 1.0, 1.0, 1.5))
    assert window.history.stack.count() == before + 1  # one step on the window's undo stack
    window.history.stack.undo()
    with window.store.session() as session:
        assert repo.list_rows(session, "kpi", where={"key": "mttr"}) == []
