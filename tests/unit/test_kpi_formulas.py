"""KPI formulas against values computed by hand from DOMAIN.md."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest

from sdm_workbench.analytics.periods import Period, month_of, months_back, quarter_of
from sdm_workbench.analytics.rag import Rag, Thresholds, Trend, rag, trend
from sdm_workbench.analytics.service_kpis import ChangeRow, availability, dora, downtime_minutes
from sdm_workbench.analytics.sla_inputs import TicketColumns
from sdm_workbench.analytics.survey_kpis import ces, csat_mean, csat_percent, nps, servqual
from sdm_workbench.analytics.ticket_kpis import (
    TicketActivity,
    backlog,
    first_contact_resolution,
    mean_reassignments,
    priority_mix,
    reopen_rate,
    time_to_resolve,
    time_to_respond,
    volume,
)
from sdm_workbench.domain.enums import Direction


def test_nps_of_the_domain_example_is_zero() -> None:
    # promoters {10, 9} = 40 %, detractors {6, 0} = 40 %, passive {8}
    assert nps([10, 9, 8, 6, 0]) == 0.0
    assert nps([10, 10, 7]) == pytest.approx(66.6667, abs=1e-3)
    assert nps([0, 3]) == -100.0
    assert nps([]) is None


def test_csat_and_ces() -> None:
    assert csat_percent([5, 4, 3, 1, None]) == 50.0  # 2 of the 4 answers score 4-5
    assert csat_mean([5, 4, 3, 1]) == 3.25
    assert ces([2, 3, 7]) == 4.0


def test_servqual_gaps_per_dimension_and_overall() -> None:
    responses = [
        {"exp_reliability": 7, "perc_reliability": 5, "exp_empathy": 5, "perc_empathy": 6},
        {"exp_reliability": 6, "perc_reliability": 5, "exp_empathy": None, "perc_empathy": 4},
    ]
    gaps = servqual(responses)
    assert gaps.by_dimension["reliability"] == -1.5  # (-2 + -1) / 2
    assert gaps.by_dimension["empathy"] == 1.0  # only the complete pair counts
    assert gaps.by_dimension["tangibles"] is None
    assert gaps.overall == -0.25  # mean of -1.5 and 1.0
    weighted = servqual(responses, {"reliability": 3, "empathy": 1})
    assert weighted.overall == pytest.approx((-1.5 * 3 + 1.0) / 4)


def _tickets(
    rows: list[tuple[str, str | None, str | None, int, int, int, bool]],
) -> tuple[TicketColumns, TicketActivity]:
    columns = TicketColumns.build(
        ids=list(range(len(rows))),
        priority=[r[3] for r in rows],
        opened=[np.datetime64(r[0], "m") for r in rows],
        first_response=[np.datetime64(r[1], "m") if r[1] else None for r in rows],
        resolved=[np.datetime64(r[2], "m") if r[2] else None for r in rows],
        sla=[-1] * len(rows),
    )
    activity = TicketActivity(
        reassignments=np.array([r[4] for r in rows], dtype=np.int64),
        reopens=np.array([r[5] for r in rows], dtype=np.int64),
        first_contact=np.array([r[6] for r in rows], dtype=bool),
    )
    return columns, activity


TICKETS, ACTIVITY = _tickets(
    [
        # opened, first response, resolved, priority, reassignments, reopens, first contact
        ("2026-02-27T10:00", "2026-02-27T10:30", "2026-03-02T10:00", 2, 1, 0, False),  # 72 h
        ("2026-03-03T09:00", "2026-03-03T09:15", "2026-03-03T11:00", 1, 0, 0, True),  # 2 h
        ("2026-03-10T09:00", "2026-03-10T10:00", "2026-03-11T09:00", 3, 3, 1, False),  # 24 h
        ("2026-03-20T09:00", None, None, 4, 0, 0, False),  # still open
        ("2026-03-31T23:00", "2026-04-01T08:00", "2026-04-01T12:00", 3, 0, 0, True),  # 13 h, April
    ]
)
MARCH = month_of(date(2026, 3, 15))


def test_volume_and_backlog() -> None:
    assert volume(TICKETS, MARCH) == 4
    assert backlog(TICKETS, MARCH) == 2  # the open one and the one resolved in April
    assert backlog(TICKETS, month_of(date(2026, 2, 1))) == 1


def test_mttr_mean_median_and_p90_of_tickets_resolved_in_the_period() -> None:
    resolved = time_to_resolve(TICKETS, MARCH)
    assert resolved.count == 3
    assert resolved.mean == pytest.approx((72 + 2 + 24) / 3)
    assert resolved.median == 24.0
    assert resolved.p90 == pytest.approx(24 + 0.8 * (72 - 24))  # linear interpolation


def test_time_to_respond_counts_tickets_opened_in_the_period() -> None:
    respond = time_to_respond(TICKETS, MARCH)
    assert respond.count == 3  # 0.25 h, 1 h, 9 h; the open one has no response
    assert respond.mean == pytest.approx((0.25 + 1 + 9) / 3)


def test_fcr_reopens_reassignments_and_priority_mix() -> None:
    assert first_contact_resolution(TICKETS, ACTIVITY, MARCH) == pytest.approx(100 / 3)
    assert reopen_rate(TICKETS, ACTIVITY, MARCH) == pytest.approx(100 / 3)
    assert mean_reassignments(TICKETS, ACTIVITY, MARCH) == pytest.approx(4 / 3)
    assert priority_mix(TICKETS) == {1: 1, 2: 1, 3: 2, 4: 1}
    empty = month_of(date(2025, 1, 1))
    assert first_contact_resolution(TICKETS, ACTIVITY, empty) is None
    assert time_to_resolve(TICKETS, empty).mean is None


def test_availability_error_budget_and_burn_rate() -> None:
    april = month_of(date(2026, 4, 1))  # 30 days = 43,200 minutes
    outages = [
        (datetime(2026, 4, 2, 10, 0), datetime(2026, 4, 2, 10, 30)),
        (datetime(2026, 4, 2, 10, 20), datetime(2026, 4, 2, 10, 40)),  # overlaps: 40 min in all
        (datetime(2026, 3, 31, 23, 50), datetime(2026, 4, 1, 0, 10)),  # 10 min inside April
    ]
    result = availability(outages, april, 99.9, as_of=datetime(2026, 4, 16))
    assert result.downtime_minutes == 50
    assert result.uptime_percent == pytest.approx(100 * (43200 - 50) / 43200)
    assert result.allowed_downtime_minutes == pytest.approx(43.2)
    assert result.budget_remaining_minutes == pytest.approx(-6.8)
    # 15 days elapsed allow 21.6 minutes; 50 minutes burnt it 2.31 times over
    assert result.burn_rate == pytest.approx(50 / 21.6)
    assert (
        downtime_minutes(
            [(datetime(2026, 4, 30, 23, 0), None)], april.start_instant, april.end_instant
        )
        == 60
    )


def test_allowed_downtime_of_three_and_four_nines() -> None:
    month = Period(date(2026, 1, 1), date(2026, 1, 30), "custom")  # 30 days
    assert availability([], month, 99.9).allowed_downtime_minutes == pytest.approx(43.2)
    assert availability([], month, 99.99).allowed_downtime_minutes == pytest.approx(4.32)


def test_dora_measures() -> None:
    march = MARCH  # 31 days
    changes = [
        ChangeRow(datetime(2026, 3, 2, 10), False, committed_at=datetime(2026, 3, 1, 10)),
        ChangeRow(
            datetime(2026, 3, 9, 10),
            True,
            committed_at=datetime(2026, 3, 9, 6),
            restored_at=datetime(2026, 3, 9, 11, 30),
        ),
        ChangeRow(datetime(2026, 3, 16, 10), False),
        ChangeRow(datetime(2026, 3, 23, 10), True, restored_at=datetime(2026, 3, 23, 12)),
        ChangeRow(datetime(2026, 4, 2, 10), True),  # outside
    ]
    result = dora(changes, march)
    assert result.deployments == 4
    assert result.deployments_per_week == pytest.approx(4 / (31 / 7))
    assert result.change_failure_rate == 50.0
    assert result.lead_time_hours == 14.0  # median of 24 h and 4 h
    assert result.recovery_hours == 1.75  # median of 1.5 h and 2 h


@pytest.mark.parametrize(
    ("value", "direction", "expected"),
    [
        (99.95, Direction.HIGHER_IS_BETTER, Rag.GREEN),
        (99.7, Direction.HIGHER_IS_BETTER, Rag.AMBER),
        (98.0, Direction.HIGHER_IS_BETTER, Rag.RED),
        (3.0, Direction.LOWER_IS_BETTER, Rag.GREEN),
        (99.7, Direction.LOWER_IS_BETTER, Rag.RED),
        (None, Direction.LOWER_IS_BETTER, Rag.NONE),
    ],
)
def test_rag_follows_thresholds_and_direction(
    value: float | None, direction: Direction, expected: Rag
) -> None:
    limits = Thresholds(direction, target=99.9, amber=99.9, red=99.5)
    if direction is Direction.LOWER_IS_BETTER:
        limits = Thresholds(direction, target=4, amber=8, red=24)
    assert rag(value, limits) is expected


def test_rag_uses_the_target_when_there_is_no_amber_threshold() -> None:
    limits = Thresholds(Direction.LOWER_IS_BETTER, target=8)
    assert rag(9, limits) is Rag.AMBER
    assert rag(8, limits) is Rag.GREEN
    assert rag(9, Thresholds(Direction.LOWER_IS_BETTER)) is Rag.NONE


def test_trend_depends_on_direction() -> None:
    assert trend(5, 8, Direction.LOWER_IS_BETTER) == (Trend.BETTER, -3)
    assert trend(5, 8, Direction.HIGHER_IS_BETTER) == (Trend.WORSE, -3)
    assert trend(5, 5, Direction.HIGHER_IS_BETTER) == (Trend.SAME, 0.0)
    assert trend(5, None, Direction.HIGHER_IS_BETTER) == (Trend.NEW, None)


def test_periods() -> None:
    assert month_of(date(2024, 2, 10)) == Period(date(2024, 2, 1), date(2024, 2, 29), "month")
    assert quarter_of(date(2026, 11, 24)) == Period(
        date(2026, 10, 1), date(2026, 12, 31), "quarter"
    )
    assert quarter_of(date(2026, 1, 5)).previous().label == "Q4 2025"
    assert month_of(date(2026, 3, 1)).previous().label == "Feb 2026"
    assert [p.label for p in months_back(date(2026, 1, 15), 3)] == [
        "Nov 2025",
        "Dec 2025",
        "Jan 2026",
    ]
    custom = Period(date(2026, 3, 10), date(2026, 3, 16))
    assert custom.previous() == Period(date(2026, 3, 3), date(2026, 3, 9))
    with pytest.raises(ValueError):
        Period(date(2026, 3, 10), date(2026, 3, 9))
