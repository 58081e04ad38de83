"""KPIs of a small, hand-computed portfolio, read from a real workbench file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sdm_workbench.analytics.kpi_inputs import load
from sdm_workbench.analytics.kpis import KpiResult, compute_kpis
from sdm_workbench.analytics.rag import Rag, Trend
from sdm_workbench.cli import main
from sdm_workbench.operations import CreateRow, run
from sdm_workbench.store import Store

ALL_DAY = {f"{d}_hours": "00:00-24:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def _add(store: Store, kind: str, **values: Any) -> int:
    row_id = run(store, CreateRow(kind, values)).row_id
    assert row_id is not None
    return row_id


def _ticket(store: Store, number: str, opened: str, response: str | None, resolved: str | None,
            **extra: Any) -> None:  # fmt: skip
    _add(store, "ticket", external_id=number, service_code="SVC-001", customer_code="CUS-001",
         opened_at=opened, first_response_at=response, resolved_at=resolved, priority=3,
         **extra)  # fmt: skip


@pytest.fixture
def portfolio(store: Store) -> Store:
    _add(store, "calendar", name="Round the clock", timezone="UTC", **ALL_DAY)
    _add(store, "customer", name="Northwind")
    _add(store, "service", name="Email", calendar_code="CAL-001")
    sla = _add(store, "sla", name="Email gold", service_code="SVC-001", customer_code="CUS-001")
    _add(store, "sla_target", sla_id=sla, metric="resolution time", target=4, unit="hours")
    _add(store, "sla_target", sla_id=sla, metric="response time", target=30, unit="minutes")
    _add(store, "sla_target", sla_id=sla, metric="availability", target=99.9, unit="percent",
         comparator=">=")  # fmt: skip
    # March: 2 h (met), 6 h (breached; response 45 min breached), 3 h (met), one still open.
    _ticket(store, "INC1", "2026-03-02 09:00", "2026-03-02 09:10", "2026-03-02 11:00",
            resolved_first_contact=True)  # fmt: skip
    _ticket(store, "INC2", "2026-03-03 09:00", "2026-03-03 09:45", "2026-03-03 15:00",
            reassignment_count=2)  # fmt: skip
    _ticket(store, "INC3", "2026-03-04 09:00", "2026-03-04 09:20", "2026-03-04 12:00",
            reopen_count=1)  # fmt: skip
    _ticket(store, "INC4", "2026-03-30 09:00", None, None)
    # February: one ticket resolved in an hour.
    _ticket(store, "INC0", "2026-02-10 09:00", "2026-02-10 09:05", "2026-02-10 10:00")
    _add(store, "outage", service_code="SVC-001", start_at="2026-03-05 10:00",
         end_at="2026-03-05 10:30")  # fmt: skip
    for csat, nps in ((5, 10), (4, 9), (2, 3)):
        _add(store, "survey", service_code="SVC-001", responded_on="2026-03-20", csat=csat,
             nps=nps)  # fmt: skip
    project = _add(store, "project", name="Mail migration", start_date="2026-02-02")
    _add(store, "task", project_id=project, name="Build", start_date="2026-02-02",
         finish_date="2026-02-13", duration_days=10, percent_complete=50)  # fmt: skip
    line = _add(store, "budget_line", project_id=project, category="labour", name="Team",
                budget_at_completion=1000)  # fmt: skip
    _add(store, "budget_month", line_id=line, month="2026-02-01", planned=500, actual=600)
    _add(store, "budget_month", line_id=line, month="2026-03-01", planned=500, actual=300)
    _add(store, "kpi", key="mttr", name="MTTR", unit="hours", direction="lower is better",
         target=2, amber_threshold=3, red_threshold=5)  # fmt: skip
    return store


def _by_key(results: list[KpiResult], scope: str) -> dict[str, KpiResult]:
    return {r.key: r for r in results if r.scope == scope}


def test_service_kpis_match_hand_computed_values(portfolio: Store) -> None:
    service = _by_key(compute_kpis(load(portfolio), date(2026, 3, 31)), "service")
    assert service["volume"].value == 4
    assert service["backlog"].value == 1
    assert service["mttr"].value == pytest.approx((2 + 6 + 3) / 3, abs=1e-3)
    assert service["mttr_median"].value == 3
    assert service["mtta"].value == pytest.approx((10 + 45 + 20) / 3, abs=1e-3)
    assert service["sla_attainment"].value == pytest.approx(200 / 3, abs=1e-3)
    assert service["sla_attainment"].breakdown == {"P3": pytest.approx(200 / 3, abs=1e-3)}
    assert service["sla_response_attainment"].value == pytest.approx(200 / 3, abs=1e-3)
    assert service["fcr"].value == pytest.approx(100 / 3, abs=1e-3)
    assert service["reopen_rate"].value == pytest.approx(100 / 3, abs=1e-3)
    assert service["reassignments"].value == pytest.approx(2 / 3, abs=1e-3)
    assert service["csat"].value == pytest.approx(200 / 3, abs=1e-3)
    assert service["nps"].value == pytest.approx(100 / 3, abs=1e-3)
    minutes = 31 * 1440
    assert service["availability"].value == pytest.approx(100 * (minutes - 30) / minutes, abs=1e-4)
    allowed = 0.001 * minutes
    assert service["error_budget_remaining"].value == pytest.approx(
        100 * (allowed - 30) / allowed, abs=1e-3
    )


def test_rag_follows_the_stored_definition_and_trend_the_previous_month(portfolio: Store) -> None:
    service = _by_key(compute_kpis(load(portfolio), date(2026, 3, 31)), "service")
    mttr = service["mttr"]
    assert (mttr.name, mttr.target, mttr.rag) == ("MTTR", 2, Rag.AMBER)  # 3.67 h: amber up to 5
    assert mttr.previous == 1.0 and mttr.trend is Trend.WORSE
    assert service["sla_attainment"].previous == 100.0
    assert service["sla_attainment"].rag is Rag.RED  # 66.7 % < 90 %


def test_project_earned_value(portfolio: Store) -> None:
    project = _by_key(compute_kpis(load(portfolio), date(2026, 3, 31)), "project")
    # BAC 1000 x 50 % = EV 500; PV 1000; AC 900.
    assert project["cpi"].value == pytest.approx(500 / 900, abs=1e-4)
    assert project["spi"].value == pytest.approx(0.5)
    assert project["percent_complete"].value == 50


def test_customer_and_portfolio_scopes(portfolio: Store) -> None:
    results = compute_kpis(load(portfolio), date(2026, 3, 31))
    assert _by_key(results, "customer")["volume"].value == 4
    assert _by_key(results, "portfolio")["volume"].value == 4
    assert _by_key(results, "sla")["sla_attainment"].value == pytest.approx(200 / 3, abs=1e-3)


def test_kpi_command_prints_json_and_csv(
    portfolio: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(portfolio.path)
    assert main(["--db", db, "kpi", "--as-of", "2026-03-31", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["as_of"] == "2026-03-31" and payload["period"] == "Mar 2026"
    service = {k["key"]: k for k in payload["kpis"] if k["scope"] == "service"}
    assert service["sla_attainment"]["rag"] == "red"
    assert set(service["mttr"]) >= {"value", "unit", "direction", "target", "rag", "previous",
                                    "delta", "trend", "breakdown", "scope_code"}  # fmt: skip
    assert main(["--db", db, "kpi", "--as-of", "2026-03-31", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("scope,scope_code,key,value")
    assert any(line.startswith("service,SVC-001,volume,4.0,") for line in lines)


def test_a_custom_range_compares_with_the_range_before_it(
    portfolio: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(portfolio.path)
    args = ["--db", db, "kpi", "--from", "2026-03-02", "--to", "2026-03-03", "--format", "json"]
    assert main(args) == 0
    payload = json.loads(capsys.readouterr().out)
    volume = next(k for k in payload["kpis"] if k["scope"] == "service" and k["key"] == "volume")
    assert payload["period"] == "2026-03-02..2026-03-03"
    assert volume["value"] == 2 and volume["previous"] == 0  # 28 Feb - 1 Mar: nothing opened
    assert main(["--db", db, "kpi", "--from", "2026-03-02"]) == 2


def test_a_series_matches_one_computation_per_period(portfolio: Store) -> None:
    from sdm_workbench.analytics.kpis import compute_kpi_series
    from sdm_workbench.analytics.periods import months_back

    inputs = load(portfolio)
    months = months_back(date(2026, 3, 31), 3)
    series = compute_kpi_series(inputs, date(2026, 3, 31), months)
    assert series == [compute_kpis(inputs, date(2026, 3, 31), period=m) for m in months]
    assert [r.value for r in series[2] if r.key == "volume" and r.scope == "service"] == [4]


def test_kpis_of_the_small_demo_cover_every_service(tmp_path: Path) -> None:
    from sdm_workbench import demo

    store = Store.open(tmp_path / "demo.sqlite")
    demo.create_demo(store, "small", seed=2, today=date(2026, 6, 15))
    inputs = load(store)
    store.close()
    results = compute_kpis(inputs, date(2026, 6, 15))
    measured = {r.scope_code for r in results if r.scope == "service" and r.key == "volume"}
    assert len(measured) == len(inputs.services)
    # Services whose only SLA is for one customer have no attainment for other customers' tickets.
    attained = {r.scope_code for r in results if r.scope == "service" and r.key == "sla_attainment"}
    assert len(attained) >= 0.75 * len(inputs.services)
    rags = {r.rag for r in results if r.key == "sla_attainment"}
    assert Rag.NONE not in rags and len(rags) >= 2  # a plausible mix, not all one colour


def _same_inputs(a: Any, b: Any) -> None:
    import numpy as np

    for name in ("ids", "priority", "opened", "first_response", "resolved", "sla"):
        np.testing.assert_array_equal(getattr(a.tickets, name), getattr(b.tickets, name))
    for name in ("reassignments", "reopens", "first_contact"):
        np.testing.assert_array_equal(getattr(a.activity, name), getattr(b.activity, name))
    np.testing.assert_array_equal(a.ticket_service, b.ticket_service)
    np.testing.assert_array_equal(a.ticket_customer, b.ticket_customer)
    for name in ("ticket", "start", "end"):
        np.testing.assert_array_equal(getattr(a.pauses, name), getattr(b.pauses, name))


def test_refreshing_after_ticket_edits_equals_a_full_load(portfolio: Store) -> None:
    from sdm_workbench.analytics.kpi_inputs import refresh
    from sdm_workbench.operations import DeleteRows, UpdateRow
    from sdm_workbench.store import repository as repo

    inputs = load(portfolio)
    with portfolio.session() as session:
        first, second = [t.id for t in repo.list_rows(session, "ticket")][:2]
    run(portfolio, UpdateRow("ticket", first, {"resolved_at": "2026-03-02 16:00",
                                               "priority": 1}))  # fmt: skip
    run(portfolio, DeleteRows("ticket", [second]))
    added = _add(portfolio, "ticket", external_id="INC9", service_code="SVC-001",
                 opened_at="2026-03-25 08:00")  # fmt: skip
    pause = _add(portfolio, "ticket_pause", ticket_id=added, start_at="2026-03-25 09:00")
    changes = {"ticket": {first, second, added}, "ticket_pause": {pause}}
    refreshed = refresh(inputs, portfolio, changes)
    _same_inputs(refreshed, load(portfolio))
    assert compute_kpis(refreshed, date(2026, 3, 31)) == compute_kpis(
        load(portfolio), date(2026, 3, 31)
    )
    run(portfolio, UpdateRow("service", 1, {"name": "Mail"}))  # other kinds: a full load
    assert refresh(refreshed, portfolio, {"service": {1}}).services[0]["name"] == "Mail"
