"""Coloured status cells (both themes) and the read-only derived columns of the tables."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from sdm_workbench.analytics.rag import Rag
from sdm_workbench.domain.errors import DomainError
from sdm_workbench.gui.edit_model import EditableRowModel
from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.gui.palette import cell_background, cell_foreground
from sdm_workbench.operations import CreateRow, UpdateRow, run
from sdm_workbench.store import Store
from sdm_workbench.store.repository import list_rows

BG = Qt.ItemDataRole.BackgroundRole
FG = Qt.ItemDataRole.ForegroundRole


def _luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(x) for x in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.fixture
def portfolio(seeded: Store) -> Store:
    """Risks of each band, a project with a budget and two unlinked tasks of 10 and 5 days."""
    for code, p, i in (("RSK-0001", 5, 4), ("RSK-0002", 2, 3), ("RSK-0003", 1, 2)):
        values = {"code": code, "type": "risk", "title": f"Risk {code}", "probability": p,
                  "impact": i}  # fmt: skip
        run(seeded, CreateRow("raid_item", values))
    project = run(seeded, CreateRow("project", {"code": "PRJ-001", "name": "Move",
                                                "status_date": "2026-03-31"})).row_id  # fmt: skip
    for name, finish, done in (("Long", "2026-03-13", 50), ("Short", "2026-03-06", 50)):
        values = {"project_id": project, "name": name, "start_date": "2026-03-02",
                  "finish_date": finish, "percent_complete": done}  # fmt: skip
        run(seeded, CreateRow("task", values))
    line = run(seeded, CreateRow("budget_line", {"project_id": project, "category": "labour",
                                                 "name": "Team",
                                                 "budget_at_completion": 1000})).row_id  # fmt: skip
    month = {"line_id": line, "month": "2026-03-01", "planned": 1000, "actual": 1000}
    run(seeded, CreateRow("budget_month", month))
    return seeded


@pytest.fixture
def window(qtbot: QtBot, portfolio: Store) -> Iterator[MainWindow]:
    main = MainWindow(portfolio, settings=None)
    qtbot.addWidget(main)
    main.resize(1200, 700)
    main.show()
    yield main
    main.close()


def table(window: MainWindow, kind: str) -> EditableRowModel:
    window.show_kind(kind)
    model = window.pane.model
    assert isinstance(model, EditableRowModel)
    return model


def at(model: EditableRowModel, title_column: str, title: str, column: str) -> QModelIndex:
    names = [c.name for c in model.columns]
    row = next(
        r
        for r in range(model.rowCount())
        if model.index(r, names.index(title_column)).data() == title
    )
    return model.index(row, names.index(column))


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_risk_score_and_band_cells_are_coloured_and_readable(
    window: MainWindow, theme: str
) -> None:
    window.set_theme(theme)
    dark = theme == "dark"
    model = table(window, "raid_item")
    for code, score, band, status in (
        ("RSK-0001", 20, "High", Rag.RED),
        ("RSK-0002", 6, "Medium", Rag.AMBER),
        ("RSK-0003", 2, "Low", Rag.GREEN),
    ):
        score_cell = at(model, "code", code, "score")
        band_cell = at(model, "code", code, "band")
        assert score_cell.data() == score
        assert band_cell.data() == band  # a word, so colour is not the only cue
        expected = cell_background(status, dark)
        assert expected is not None
        for index in (score_cell, band_cell):
            background = index.data(BG)
            foreground = index.data(FG)
            assert isinstance(background, QBrush) and isinstance(foreground, QBrush)
            assert background.color() == expected.color()
            assert contrast(background.color(), foreground.color()) >= 7
            assert index.data(Qt.ItemDataRole.DecorationRole) is not None  # a shape
        assert str(score) in score_cell.data(Qt.ItemDataRole.ToolTipRole)
    assert at(model, "code", "RSK-0001", "title").data(BG) is None  # stored cells: plain


def test_light_and_dark_tints_differ_and_stay_readable() -> None:
    for status in (Rag.RED, Rag.AMBER, Rag.GREEN):
        light_bg, dark_bg = cell_background(status, False), cell_background(status, True)
        light_fg, dark_fg = cell_foreground(status, False), cell_foreground(status, True)
        assert light_bg and dark_bg and light_fg and dark_fg
        assert light_bg.color().lightness() > 200 > 100 > dark_bg.color().lightness()
        assert contrast(light_bg.color(), light_fg.color()) >= 7
        assert contrast(dark_bg.color(), dark_fg.color()) >= 7
    assert cell_background(Rag.NONE, False) is None


def test_derived_columns_are_read_only_and_follow_an_edit(
    qtbot: QtBot, window: MainWindow, qtmodeltester: ModelTester
) -> None:
    model = table(window, "raid_item")
    qtmodeltester.check(model, force_py=True)
    score_cell = at(model, "code", "RSK-0002", "score")
    assert not model.flags(score_cell) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(at(model, "code", "RSK-0002", "probability")) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(score_cell, 25)
    with pytest.raises(DomainError, match="worked out"):  # what a paste into it is told
        model.changes_for(model.columns[score_cell.column()], "25")
    assert model.headerData(score_cell.column(), Qt.Orientation.Horizontal,
                            Qt.ItemDataRole.ToolTipRole)  # fmt: skip

    assert model.setData(at(model, "code", "RSK-0002", "probability"), 5)  # 5 x 3
    qtbot.waitUntil(lambda: at(model, "code", "RSK-0002", "score").data() == 15)
    assert at(model, "code", "RSK-0002", "band").data() == "High"
    high = cell_background(Rag.RED, False)
    assert high is not None
    window.set_theme("light")
    assert at(model, "code", "RSK-0002", "band").data(BG).color() == high.color()
    window.history.stack.undo()
    qtbot.waitUntil(lambda: at(model, "code", "RSK-0002", "score").data() == 6)


def test_task_float_is_derived_and_refreshes_when_another_task_moves(
    qtbot: QtBot, window: MainWindow
) -> None:
    model = table(window, "task")
    assert at(model, "name", "Long", "total_float").data() == 0
    assert at(model, "name", "Short", "total_float").data() == 5
    critical = at(model, "name", "Long", "total_float")
    assert not model.flags(critical) & Qt.ItemFlag.ItemIsEditable
    assert critical.data(BG) is not None  # zero float: critical, tinted amber
    assert "Critical" in critical.data(Qt.ItemDataRole.ToolTipRole)
    long_id = model.row_id(critical.row())
    assert window.history.perform(UpdateRow("task", long_id, {"finish_date": "2026-03-04"}))
    qtbot.waitUntil(lambda: at(model, "name", "Short", "total_float").data() == 0)
    assert at(model, "name", "Long", "total_float").data() == 2


def test_project_cpi_is_derived_and_coloured(qtbot: QtBot, window: MainWindow) -> None:
    model = table(window, "project")
    cpi = at(model, "code", "PRJ-001", "cpi")
    assert cpi.data() == pytest.approx(0.5)  # EV 500 (50 % of 1000) / AC 1000
    red = cell_background(Rag.RED, False)
    window.set_theme("light")
    assert red is not None and cpi.data(BG).color() == red.color()
    assert "Over cost" in cpi.data(Qt.ItemDataRole.ToolTipRole)
    assert not model.flags(cpi) & Qt.ItemFlag.ItemIsEditable
    with window.store.session() as session:  # actual cost falls to 500: CPI 1.0, green
        month_id = list_rows(session, "budget_month")[0].id
    assert window.history.perform(UpdateRow("budget_month", month_id, {"actual": 500}))
    qtbot.waitUntil(lambda: at(model, "code", "PRJ-001", "cpi").data() == pytest.approx(1.0))


def test_sorting_by_score_sorts_in_the_model(window: MainWindow) -> None:
    model = table(window, "raid_item")
    column = [c.name for c in model.columns].index("score")
    model.sort(column, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, column).data() for r in range(3)] == [20, 6, 2]
    model.sort(column, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, column).data() for r in range(3)] == [2, 6, 20]
