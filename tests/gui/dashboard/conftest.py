"""Dashboard fixtures: known monthly KPI results, and a live dashboard on the seeded store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from sdm_workbench.analytics.kpi_catalogue import CATALOGUE, definitions
from sdm_workbench.analytics.kpi_inputs import load
from sdm_workbench.analytics.kpis import KpiResult
from sdm_workbench.analytics.rag import Rag, Trend
from sdm_workbench.gui.dashboard import DashboardView
from sdm_workbench.gui.dashboard.computation import _risks, _scopes, month_axis
from sdm_workbench.gui.dashboard.data import DashboardData
from sdm_workbench.store import Store

AS_OF = date(2025, 3, 31)  # the seeded tickets are opened on 3 March 2025
KNOWN_AS_OF = date(2026, 6, 15)


def result(key: str, value: float | None, breakdown: dict[str, float | None] | None = None,
           scope: str = "portfolio", code: str = "PORTFOLIO") -> KpiResult:  # fmt: skip
    spec = CATALOGUE[key]
    return KpiResult(
        scope=scope, scope_code=code, scope_name="", key=key, name=spec.name, unit=spec.unit,
        direction=spec.direction.value, period="", value=value, target=spec.target,
        rag=Rag.NONE, previous=None, delta=None, trend=Trend.NEW, breakdown=breakdown or {},
    )  # fmt: skip


def known_data(store: Store, monthly: list[list[KpiResult]], **inputs: object) -> DashboardData:
    """Dashboard data holding exactly ``monthly`` (six months to ``KNOWN_AS_OF``)."""
    base = replace(load(store), **inputs)
    axis = month_axis(KNOWN_AS_OF, len(monthly))
    return DashboardData(
        as_of=KNOWN_AS_OF, months=axis, inputs=base, monthly=monthly,
        specs=definitions(base.definitions), scopes=_scopes(base), risks=_risks(base),
    )  # fmt: skip


@pytest.fixture
def make_dashboard(qtbot: QtBot) -> Iterator[Callable[..., DashboardView]]:
    """Build a shown dashboard and wait for its first data; closes it before the store."""
    made: list[DashboardView] = []

    def make(store: Store, **kwargs: object) -> DashboardView:
        kwargs.setdefault("as_of", AS_OF)
        view = DashboardView(store, **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(view)
        view.resize(1366, 768)
        view.show()
        # the latest month shows first; wait for all of them
        qtbot.waitUntil(
            lambda: view.refresher.data is not None and view.data is view.refresher.data,
            timeout=10_000,
        )
        made.append(view)
        return view

    yield make
    for view in made:
        view.close_view()
