"""The Reviews screen: the live list, Start review (one undo step), compare, close and share."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from sdm_workbench.analytics.review_history import stored_snapshot
from sdm_workbench.analytics.review_model import (
    BudgetFigures,
    EarnedValueFigures,
    KpiValue,
    Milestone,
    ProjectStatus,
    ReviewScope,
    ServiceStatus,
    Snapshot,
)
from sdm_workbench.exchange.review_pack import SHEETS
from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.gui.review.screen import ReviewsScreen
from sdm_workbench.operations import CreateRow, run
from sdm_workbench.store import Store
from sdm_workbench.store import repository as repo
from tests.exchange.pdf_text import page_count, pages, squeeze
from tests.store.sample import build_sample

HELD = date(2026, 3, 25)  # after the sample's March review; its "Call vendor" is overdue


@pytest.fixture
def sample(store: Store) -> dict[str, int]:
    return build_sample(store)


@pytest.fixture
def window(qtbot: QtBot, store: Store, sample: dict[str, int]) -> Iterator[MainWindow]:
    main = MainWindow(store, settings=None)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()


def _screen(window: MainWindow) -> ReviewsScreen:
    window.show_view("reviews")
    screen = window.current_widget()
    assert isinstance(screen, ReviewsScreen)
    return screen


def _codes(screen: ReviewsScreen) -> list[str]:
    return [str(screen.model.index(r, 0).data()) for r in range(screen.model.rowCount())]


def _kpi(rag: str, value: float) -> KpiValue:
    return KpiValue("csat", "Customer satisfaction (CSAT)", "%", "higher is better", value, 85, rag)


def _snapshot(as_of: date, csat: KpiValue, go_live: date) -> Snapshot:
    project = ProjectStatus(
        id=20,
        code="PRJ-020",
        name="Mail migration",
        status="active",
        rag="green",
        percent_complete=40.0,
        evm=EarnedValueFigures(100_000, 50_000, 40_000, 42_000, 0.95, 0.8, 105_263.16),
        budget=BudgetFigures(100_000, 42_000, 100_000, 0, 0.0),
        milestones=(Milestone(7, "Go live", go_live, date(2026, 4, 1), False),),
    )
    service = ServiceStatus(10, "SVC-010", "Mail", csat.rag, 97.0, kpis=(csat,))
    return Snapshot(
        as_of, as_of.strftime("%b %Y"), ReviewScope((10,), (20,)), (service,), (project,)
    )


def _crafted_review(store: Store, code: str, snapshot: Snapshot) -> int:
    review = run(store, CreateRow("review", {"code": code, "title": f"Crafted {code}",
                                             "held_on": snapshot.as_of}))  # fmt: skip
    assert review.row_id is not None
    payload = {"review_id": review.row_id, "taken_at": "2026-01-01 09:00",
               "payload": snapshot.to_json()}  # fmt: skip
    run(store, CreateRow("snapshot", payload))
    return review.row_id


def test_the_list_shows_the_reviews_and_follows_another_process(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    screen = _screen(window)
    ModelTester(qtbot).check(screen.model)
    assert _codes(screen) == ["REV-001"]
    # The sample's snapshot is not readable (an old format): said, not crashed.
    assert "cannot be shown" in screen.agenda.toPlainText()
    assert store.path is not None
    other = Store.open(store.path)
    try:
        run(other, CreateRow("review", {"title": "April review", "held_on": "2026-04-14"}))
    finally:
        other.close()
    qtbot.waitUntil(lambda: window.live.poll() or _codes(screen) == ["REV-002", "REV-001"])
    assert screen.model.index(0, 2).data() == "April review"  # newest first
    screen.filter.setText("march")
    assert _codes(screen) == ["REV-001"]
    qtbot.mouseClick(screen.table_button, Qt.MouseButton.LeftButton)
    assert window.current_kind() == "review"  # the plain table stays one click away


def test_start_review_takes_a_snapshot_and_undo_removes_it(
    qtbot: QtBot, window: MainWindow, store: Store, sample: dict[str, int]
) -> None:
    screen = _screen(window)
    dialog = screen.open_start_dialog()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    # The selected review's scope (the March review: the Email service) comes ticked.
    assert dialog.scope() == ReviewScope((sample["svc"],)) and ok.isEnabled()
    dialog.services.set_checked([])
    assert not ok.isEnabled()  # nothing in scope
    dialog.services.filter.setText("no such service")
    assert dialog.services.list.item(0).isHidden()
    dialog.services.filter.setText("email")
    assert not dialog.services.list.item(0).isHidden()
    dialog.services.list.item(0).setCheckState(Qt.CheckState.Checked)
    assert dialog.scope() == ReviewScope((sample["svc"],)) and ok.isEnabled()
    dialog.date.setDate(HELD)
    assert dialog.title.text() == "Review 25 Mar 2026"  # the default follows the date
    steps = window.history.stack.count()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: "REV-002" in _codes(screen))
    assert window.history.stack.count() == steps + 1
    with store.session() as session:
        review = repo.find_by_code(session, "review", "REV-002")
        assert review is not None and review["held_on"] == HELD
        snapshot = stored_snapshot(session, review.id)
    assert snapshot is not None and [s.code for s in snapshot.services] == ["SVC-001"]
    assert screen.current_id() == review.id
    # The previous review's open action leads the new agenda: it is overdue by then.
    assert screen.agenda.titles()[0] == "Overdue actions (1)"
    assert "Call vendor" in screen.agenda.toPlainText()

    window.history.stack.undo()
    qtbot.waitUntil(lambda: _codes(screen) == ["REV-001"])
    with store.session() as session:
        assert repo.count(session, "snapshot", where={"review_id": review.id}) == 0


def test_compare_shows_what_changed_between_two_crafted_snapshots(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    older = _crafted_review(
        store, "REV-101", _snapshot(date(2026, 2, 10), _kpi("green", 90), date(2026, 4, 1))
    )
    newer = _crafted_review(
        store, "REV-102", _snapshot(date(2026, 3, 10), _kpi("red", 70), date(2026, 4, 8))
    )
    screen = _screen(window)
    qtbot.waitUntil(lambda: "REV-102" in _codes(screen))
    screen._select([newer, older])
    screen.compare_selected()
    assert screen.tabs.currentWidget() is screen.compare
    model = screen.compare.model
    ModelTester(qtbot).check(model)
    sentences = model.sentences()
    assert sentences == [
        "Customer satisfaction (CSAT) of SVC-010 Mail went from green to red (90 % \u2192 70 %).",
        "Milestone \u201cGo live\u201d of PRJ-020 Mail migration slipped 7 days "
        "(2026-04-01 \u2192 2026-04-08); now 7 days after its baseline.",
    ]
    assert model.index(1, 1).data() == "PRJ-020 Mail migration"
    assert "2 changes, 2 worse" in screen.compare.summary.text()
    screen.compare.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # Kind
    assert [model.index(r, 0).data() for r in range(2)] == ["KPI threshold", "Milestone"]
    screen.compare.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, 0).data() for r in range(2)] == ["Milestone", "KPI threshold"]
    # Swapping the combos changes nothing: the older review is always "before".
    screen.compare.compare(newer, older)
    assert sorted(model.sentences()) == sorted(sentences)


def test_close_and_share_closes_the_review_and_writes_both_files(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    review_id = _crafted_review(store, "REV-101", _snapshot(HELD, _kpi("amber", 84), HELD))
    screen = _screen(window)
    qtbot.waitUntil(lambda: "REV-101" in _codes(screen))
    screen._select([review_id])
    screen._show_selected()
    steps = window.history.stack.count()
    result = screen.share(tmp_path / "pack")

    assert result is not None and result.error is None, result
    assert result.xlsx == tmp_path / "pack" / "REV-101-review-pack.xlsx"
    assert result.pdf == tmp_path / "pack" / "REV-101-review-pack.pdf"
    assert sorted(p.name for p in (tmp_path / "pack").iterdir()) == [
        "REV-101-review-pack.pdf",
        "REV-101-review-pack.xlsx",
    ]  # no temporary file left behind
    book = openpyxl.load_workbook(result.xlsx)
    assert tuple(book.sheetnames) == SHEETS
    summary = [c for row in book["Summary"].iter_rows(values_only=True) for c in row if c]
    assert any("REV-101" in str(c) for c in summary)
    assert page_count(result.pdf) >= 1
    assert squeeze("REV-101 Crafted REV-101") in squeeze(pages(result.pdf)[0])
    with store.session() as session:
        row = repo.get(session, "review", review_id)
    assert row is not None and str(getattr(row["status"], "value", row["status"])) == "closed"
    assert window.history.stack.count() == steps + 1  # the close is one undo step
    box = screen.findChild(QMessageBox, "packResult")
    assert box is not None and str(result.pdf) in box.informativeText()
    box.close()

    window.history.stack.undo()  # reopens it; the files stay where they were written
    with store.session() as session:
        row = repo.get(session, "review", review_id)
    assert row is not None and str(getattr(row["status"], "value", row["status"])) != "closed"


def test_close_and_share_into_an_unwritable_place_says_why(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    review_id = _crafted_review(store, "REV-101", _snapshot(HELD, _kpi("amber", 84), HELD))
    screen = _screen(window)
    qtbot.waitUntil(lambda: "REV-101" in _codes(screen))
    screen._select([review_id])
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = screen.share(blocker / "pack")
    assert result is not None and result.error is not None and result.xlsx is None
    box = screen.findChild(QMessageBox, "packResult")
    assert box is not None and "could not be written" in box.text()
    box.close()
