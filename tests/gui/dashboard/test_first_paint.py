"""First paint: charts are built when shown; the last results paint at once on a warm start."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from sdm_workbench.gui.dashboard import DashboardView
from sdm_workbench.gui.dashboard import refresher as refresher_module
from sdm_workbench.gui.dashboard.results_cache import ResultsCache
from sdm_workbench.gui.dashboard.warm_start import identity
from sdm_workbench.operations import UpdateRow, run
from sdm_workbench.paths import user_paths
from sdm_workbench.store import Store

from .conftest import AS_OF
from .test_live import first_ticket

View = Callable[..., DashboardView]


def cache_path(store: Store) -> Path:
    return ResultsCache(user_paths().cache_dir / "dashboard").path(identity(store))


def tile_texts(view: DashboardView) -> dict[str, str]:
    return {key: tile.value_text for key, tile in view.tiles.items()}


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Open at first; once cleared, dashboard computations wait until it is set again (what
    shows meanwhile came from the cache)."""
    opened = threading.Event()
    opened.set()
    real = refresher_module.compute

    def held(*args: Any, **kwargs: Any) -> Any:
        opened.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(refresher_module, "compute", held)
    yield opened
    opened.set()  # never leave a worker waiting


@pytest.fixture
def held_view(qtbot: QtBot, gate: threading.Event) -> Iterator[Callable[[Store], DashboardView]]:
    """A shown dashboard whose computation waits for ``gate``; closed before the store."""
    made: list[DashboardView] = []

    def make(store: Store) -> DashboardView:
        gate.clear()
        view = DashboardView(store, as_of=AS_OF)
        qtbot.addWidget(view)
        view.resize(1366, 768)
        view.show()
        made.append(view)
        return view

    yield make
    gate.set()
    for view in made:
        view.close_view()


def warm_up(store: Store, make_dashboard: View) -> DashboardView:
    """A first start: compute, show, close (which leaves the results in the cache)."""
    first = make_dashboard(store)
    first.close_view()
    assert cache_path(store).is_file()
    return first


def test_only_the_chart_on_show_is_built(seeded: Store, make_dashboard: View) -> None:
    view = make_dashboard(seeded)
    assert set(view.chart_tabs.built) == {"sla"}  # the first tab; ten more wait
    assert len(view.charts) == view.chart_tabs.count() == 11
    view.chart_tabs.setCurrentIndex(view.chart_tabs.shown().index("mttr"))
    assert set(view.chart_tabs.built) == {"sla", "mttr"}
    mttr = view.chart_tabs.currentWidget()
    assert mttr is view.chart_tabs.built["mttr"]
    assert mttr.plot.values["Mean"][-1] == 2.0  # type: ignore[attr-defined]


def test_a_warm_start_paints_the_cached_tiles_before_any_computation(
    seeded: Store, make_dashboard: View, held_view: Callable[[Store], DashboardView],
    gate: threading.Event, qtbot: QtBot,
) -> None:  # fmt: skip
    first = warm_up(seeded, make_dashboard)
    expected = tile_texts(first)
    resolution = first.charts["sla"].plot.values["Resolution"]  # type: ignore[attr-defined]
    view = held_view(seeded)
    applied: list[object] = []
    view.refresher.computed.connect(applied.append)
    assert view.cached and view.refresher.data is None  # nothing computed yet
    assert tile_texts(view) == expected and "mttr" in expected
    cached_curve = view.charts["sla"].plot.values["Resolution"]  # type: ignore[attr-defined]
    assert cached_curve.tolist() == pytest.approx(resolution.tolist(), nan_ok=True)
    assert "as of" in view.status_label.text()
    tile = view.tiles["mttr"]
    gate.set()
    qtbot.waitUntil(
        lambda: view.data is not None and view.data is view.refresher.data, timeout=10_000
    )
    assert not view.cached and "updated" in view.status_label.text()
    assert tile_texts(view) == expected
    assert view.tiles["mttr"] is tile  # the same widgets repaint: no flicker
    assert len(applied) == 1  # no half-computed months in between


def test_the_charts_that_need_inputs_wait_for_the_fresh_results(
    seeded: Store, make_dashboard: View, held_view: Callable[[Store], DashboardView],
    gate: threading.Event, qtbot: QtBot,
) -> None:  # fmt: skip
    warm_up(seeded, make_dashboard)
    view = held_view(seeded)
    assert view.cached
    view.drill_down("mttr")
    assert view.drill.model.rowCount() == 0  # the records come with the fresh results
    budget = view.open_chart("cost_per_delivery")  # the budget burn: needs the budget lines
    assert budget is view.chart_tabs.built["budget"]
    assert budget.plot.curves == {}  # type: ignore[attr-defined]
    gate.set()
    qtbot.waitUntil(lambda: not view.cached and view.refresher.data is not None, timeout=10_000)
    assert set(budget.plot.curves) == {"Planned", "Actual", "Forecast"}  # type: ignore[attr-defined]
    assert view.drill.model.rowCount() == 2  # the two tickets resolved in March


def test_a_stale_cache_is_not_used(
    seeded: Store, make_dashboard: View, held_view: Callable[[Store], DashboardView]
) -> None:
    warm_up(seeded, make_dashboard)
    ticket = first_ticket(seeded)
    with seeded.session() as session:
        from sdm_workbench.store import repository as repo

        resolved = repo.get(session, "ticket", ticket)["resolved_at"]
    run(seeded, UpdateRow("ticket", ticket, {"resolved_at": resolved + timedelta(hours=4)}))
    view = held_view(seeded)
    assert view.data is None and not view.tiles
    assert view.status_label.text() == "Computing KPIs…"


def test_a_cache_of_another_day_is_not_used(
    seeded: Store, make_dashboard: View, qtbot: QtBot, gate: threading.Event
) -> None:
    warm_up(seeded, make_dashboard)
    gate.clear()
    view = DashboardView(seeded, as_of=AS_OF + timedelta(days=1))
    qtbot.addWidget(view)
    try:
        assert view.data is None
    finally:
        gate.set()
        view.close_view()


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # cut short
        lambda raw: _damage_block(raw, "portfolio\tPORTFOLIO"),  # the scope on show
        lambda raw: b"not json at all\n" + raw,
        lambda raw: b"",
        lambda raw: b'{"format": 1, "identity": 5}\n',
    ],
)
def test_a_damaged_cache_file_is_ignored(
    seeded: Store, make_dashboard: View, held_view: Callable[[Store], DashboardView],
    gate: threading.Event, qtbot: QtBot, damage: Callable[[bytes], bytes],
) -> None:  # fmt: skip
    warm_up(seeded, make_dashboard)
    path = cache_path(seeded)
    path.write_bytes(damage(path.read_bytes()))
    view = held_view(seeded)
    assert view.data is None
    gate.set()
    qtbot.waitUntil(lambda: view.refresher.data is not None, timeout=10_000)
    assert view.tiles["mttr"].value_text == "2.0 h"
    view.close_view()  # a fresh file replaces the damaged one
    assert held_view(seeded).cached


def _damage_block(raw: bytes, name: str) -> bytes:
    """``raw`` with one digit changed inside the block of scope ``name`` (its checksum stays)."""
    cut = raw.index(b"\n")
    start, length, _crc = json.loads(raw[:cut])["blocks"][name]
    body = bytearray(raw[cut + 1 :])
    digit = next(i for i in range(start, start + length) if chr(body[i]).isdigit())
    body[digit] = ord("7") if body[digit] != ord("7") else ord("3")
    return raw[: cut + 1] + bytes(body)


def test_a_damaged_scope_in_the_cache_shows_nothing_rather_than_wrong_values(
    seeded: Store, make_dashboard: View, held_view: Callable[[Store], DashboardView],
    gate: threading.Event,
) -> None:  # fmt: skip
    first = warm_up(seeded, make_dashboard)
    expected = tile_texts(first)
    service = next(s for s in first.data.scopes if s.scope == "service")  # type: ignore[union-attr]
    path = cache_path(seeded)
    path.write_bytes(_damage_block(path.read_bytes(), f"service\t{service.code}"))
    view = held_view(seeded)
    assert view.cached and tile_texts(view) == expected  # the portfolio's block is sound
    view.set_scope(service)
    assert view.data is not None and view.data.tiles(service) == []


def test_edits_keep_the_cache_current(
    seeded: Store, make_dashboard: View, held_view: Callable[[Store], DashboardView],
    qtbot: QtBot,
) -> None:  # fmt: skip
    view = make_dashboard(seeded)
    ticket = first_ticket(seeded)
    with seeded.session() as session:
        from sdm_workbench.store import repository as repo

        resolved = repo.get(session, "ticket", ticket)["resolved_at"]
    run(seeded, UpdateRow("ticket", ticket, {"resolved_at": resolved + timedelta(hours=4)}))
    qtbot.waitUntil(lambda: view.tiles["mttr"].value_text == "4.0 h", timeout=10_000)
    qtbot.waitUntil(lambda: not view.refresher.busy, timeout=10_000)
    view.close_view()  # saves the edited results (the first save was before the edit)
    again = held_view(seeded)
    assert again.cached and again.tiles["mttr"].value_text == "4.0 h"
