"""The SLA clock: hand-computed tickets, pauses, due instants, target choice, properties."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdm_workbench.analytics.calendar import BusinessCalendar, minute_of
from sdm_workbench.analytics.sla_clock import (
    ClockState,
    MetricClock,
    PauseColumns,
    SlaClockResult,
    TargetSpec,
    TicketColumns,
    evaluate,
    select_targets,
)
from sdm_workbench.analytics.sla_inputs import SlaRef, pick_sla, sla_calendars
from sdm_workbench.analytics.sla_pauses import merge_pauses, pushed_back
from sdm_workbench.domain.enums import Comparator, SlaMetric, SlaStatus, TargetUnit

RESPONSE, RESOLUTION = "response time", "resolution time"
OFFICE = BusinessCalendar.from_row(
    {
        "timezone": "UTC",
        **{f"{d}_hours": "09:00-18:00" for d in ("mon", "tue", "wed", "thu", "fri")},
        "sat_hours": "",
        "sun_hours": "",
    }
)
BERLIN = BusinessCalendar(timezone="Europe/Berlin", week=OFFICE.week, holiday_country="DE")
SLA = 7
# P1: respond in 15 minutes and resolve in 4 hours, round the clock; everyone else:
# respond within 1 business hour and resolve within 8 business hours.
TARGETS = [
    TargetSpec(SLA, RESPONSE, 1, "business hours"),
    TargetSpec(SLA, RESOLUTION, 8, "business hours"),
    TargetSpec(SLA, RESPONSE, 15, "minutes", priority=1),
    TargetSpec(SLA, RESOLUTION, 4, "hours", priority=1),
]


def ticket(
    opened: datetime,
    resolved: datetime | None = None,
    *,
    responded: datetime | None = None,
    priority: int = 3,
    sla: int = SLA,
) -> dict[str, Any]:
    return {
        "id": 0,
        "priority": priority,
        "opened_at": opened,
        "first_response_at": responded,
        "resolved_at": resolved,
        "sla_id": sla,
    }


def run(
    rows: Sequence[dict[str, Any]],
    as_of: datetime,
    pauses: Sequence[tuple[int, datetime, datetime | None]] = (),
    targets: Sequence[TargetSpec] = TARGETS,
    calendars: dict[int, BusinessCalendar] | None = None,
) -> SlaClockResult:
    rows = [{**r, "id": i + 1} for i, r in enumerate(rows)]
    pause_rows = [{"ticket_id": t + 1, "start_at": s, "end_at": e} for t, s, e in pauses]
    return evaluate(
        TicketColumns.from_rows(rows),
        targets,
        {SLA: OFFICE} if calendars is None else calendars,
        as_of=as_of,
        pauses=PauseColumns.from_rows(pause_rows, [r["id"] for r in rows]),
    )


def due(clock: MetricClock, i: int = 0) -> datetime | None:
    value = clock.due[i]
    return None if np.isnat(value) else value.astype("datetime64[m]").item()


FRI_1730 = datetime(2024, 3, 1, 17, 30)
MON_1000 = datetime(2024, 3, 4, 10)
LATER = datetime(2024, 6, 1)


def test_friday_evening_to_monday_morning_takes_90_business_minutes() -> None:
    result = run([ticket(FRI_1730, MON_1000)], LATER)
    clock = result.resolution
    assert clock.business[0] == clock.elapsed[0] == 90
    assert clock.budget[0] == 8 * 60
    assert clock.state[0] == ClockState.MET
    assert np.isnan(clock.remaining[0])
    # Due after 480 business minutes: 30 on Friday, 450 on Monday -> Mon 16:30.
    assert due(clock) == datetime(2024, 3, 4, 16, 30)
    # No response recorded: resolving the ticket responded to it; 90 > 60 -> breached.
    assert result.response.elapsed[0] == 90
    assert result.response.state[0] == ClockState.BREACHED
    assert due(result.response) == datetime(2024, 3, 4, 9, 30)


def test_a_holiday_on_the_monday_and_daylight_saving_in_evaluate() -> None:
    # Whit Monday 20 May 2024: Fri 17:30 -> Tue 10:00 Berlin (summer time, UTC+2).
    opened, resolved = datetime(2024, 5, 17, 15, 30), datetime(2024, 5, 21, 8)
    clock = run([ticket(opened, resolved)], LATER, calendars={SLA: BERLIN}).resolution
    assert clock.business[0] == 90
    # Fri 29 Mar 17:30 CET -> Tue 2 Apr 10:00 CEST: Good Friday... is the 29th, so the
    # clock starts on Tue 2 Apr, after Easter Monday: 60 minutes.
    clock = run(
        [ticket(datetime(2024, 3, 29, 16, 30), datetime(2024, 4, 2, 8))],
        LATER,
        calendars={SLA: BERLIN},
    ).resolution
    assert clock.business[0] == 60


def test_a_pause_across_a_weekend() -> None:
    # Opened Thu 7 Mar 10:00, resolved Tue 12 Mar 10:00; paused Fri 12:00 -> Mon 12:00.
    opened, resolved = datetime(2024, 3, 7, 10), datetime(2024, 3, 12, 10)
    pause = (0, datetime(2024, 3, 8, 12), datetime(2024, 3, 11, 12))
    plain = run([ticket(opened, resolved)], LATER).resolution
    paused = run([ticket(opened, resolved)], LATER, [pause]).resolution
    # Thu 480 + Fri 540 + Mon 540 + Tue 60 = 1620; the pause holds Fri 360 + Mon 180.
    assert plain.business[0] == 1620
    assert paused.business[0] == 1620 - 540
    # Due: 480 minutes run out at Thu 18:00 -- before the pause, so it does not move.
    assert due(paused) == datetime(2024, 3, 7, 18)
    # Round the clock (P1, 4 hours): 5 days minus the 3-day pause = 2 days.
    p1 = run([ticket(opened, resolved, priority=1)], LATER, [pause]).resolution
    assert p1.elapsed[0] == 2 * 24 * 60
    assert p1.business[0] == 1080
    assert due(p1) == datetime(2024, 3, 7, 14)


def test_overlapping_pauses_count_once_and_a_pause_pushes_the_due_instant() -> None:
    opened, as_of = datetime(2024, 3, 4, 14), datetime(2024, 3, 5, 10)  # Mon 14:00, Tue 10:00
    pauses = [
        (0, datetime(2024, 3, 4, 15), datetime(2024, 3, 4, 16)),
        (0, datetime(2024, 3, 4, 15, 30), datetime(2024, 3, 4, 16, 30)),
        (0, datetime(2024, 3, 1), datetime(2024, 3, 4, 14, 10)),  # before opening: clipped
    ]
    clock = run([ticket(opened)], as_of, pauses).resolution
    # Mon 14:00-18:00 = 240 + Tue 60 = 300, minus 15:00-16:30 and 14:00-14:10 = 100.
    assert clock.elapsed[0] == 200
    assert clock.state[0] == ClockState.RUNNING
    assert clock.remaining[0] == 480 - 200
    # 480 minutes from Mon 14:00 (240 on Monday) is Tue 13:00 without pauses; +100.
    assert due(clock) == datetime(2024, 3, 5, 14, 40)
    assert not clock.paused[0]
    assert not clock.completed[0]


def test_an_open_ticket_breached_or_paused_at_as_of() -> None:
    opened = datetime(2024, 3, 4, 14)  # Monday
    # Wed 10:00: 240 + 540 + 60 = 840 > 480 -> breached already, 360 overdue.
    clock = run([ticket(opened)], datetime(2024, 3, 6, 10)).resolution
    assert clock.state[0] == ClockState.BREACHED
    assert clock.remaining[0] == -360
    assert due(clock) == datetime(2024, 3, 5, 13)
    # Paused since Tue 09:30 and still paused: the clock stopped at 270; due unknown.
    pause = [(0, datetime(2024, 3, 5, 9, 30), None)]
    clock = run([ticket(opened)], datetime(2024, 3, 6, 10), pause).resolution
    assert clock.elapsed[0] == 270
    assert clock.state[0] == ClockState.RUNNING
    assert clock.remaining[0] == 210
    assert clock.paused[0]
    assert due(clock) is None
    # The same pause ended (after as_of) is not known yet: same answer.
    pause = [(0, datetime(2024, 3, 5, 9, 30), datetime(2024, 3, 7))]
    assert run([ticket(opened)], datetime(2024, 3, 6, 10), pause).resolution.elapsed[0] == 270


def test_as_of_hides_later_events() -> None:
    rows = [
        ticket(FRI_1730, MON_1000, responded=datetime(2024, 3, 4, 9, 15)),
        ticket(datetime(2024, 3, 5, 9)),  # opened after as_of
    ]
    result = run(rows, datetime(2024, 3, 4, 9, 30))
    assert result.response.completed.tolist() == [True, False]
    assert result.response.elapsed[0] == 45
    assert result.response.state[0] == ClockState.MET
    assert result.resolution.state[0] == ClockState.RUNNING
    assert result.resolution.elapsed[0] == 60
    assert result.resolution.remaining[0] == 420
    assert result.resolution.state[1] == ClockState.NOT_MEASURED
    assert np.isnan(result.resolution.elapsed[1])
    assert result.resolution.target[1] == -1


def test_wall_clock_targets_for_p1_and_business_days() -> None:
    targets = [
        *TARGETS,
        TargetSpec(SLA, RESOLUTION, 2, "business days", priority=4),
        TargetSpec(SLA, RESOLUTION, 1, "business hours", comparator="<", priority=5),
    ]
    rows = [
        ticket(FRI_1730, priority=1),
        ticket(FRI_1730, priority=4),
        ticket(FRI_1730, datetime(2024, 3, 4, 9, 30), priority=5),
    ]
    clock = run(rows, MON_1000, targets=targets).resolution
    # P1: 4 hours round the clock, Friday night; 64.5 h elapsed -> breached.
    assert due(clock, 0) == datetime(2024, 3, 1, 21, 30)
    assert clock.elapsed[0] == 64 * 60 + 30
    assert clock.business[0] == 90
    assert clock.state[0] == ClockState.BREACHED
    # P4: 2 business days = 1080 minutes: 30 Fri + 540 Mon + 510 Tue -> Tue 17:30.
    assert clock.budget[1] == 1080
    assert due(clock, 1) == datetime(2024, 3, 5, 17, 30)
    # P5: "< 60 business minutes" and exactly 60 taken: breached.
    assert clock.elapsed[2] == 60
    assert clock.state[2] == ClockState.BREACHED


def test_lower_bound_targets_have_no_due_instant() -> None:
    targets = [TargetSpec(SLA, RESOLUTION, 1, "business hours", comparator=">=")]
    rows = [
        ticket(FRI_1730, MON_1000),
        ticket(FRI_1730, datetime(2024, 3, 4, 9, 15)),
        ticket(FRI_1730),
    ]
    clock = run(rows, MON_1000, targets=targets).resolution
    assert clock.state.tolist() == [ClockState.MET, ClockState.BREACHED, ClockState.RUNNING]
    assert np.isnat(clock.due).all()
    assert np.isnan(clock.remaining).all()


def test_evaluate_leaves_its_inputs_alone() -> None:
    opened = np.array(["2024-03-01T17:30", "2024-03-04T09:00"], dtype="datetime64[m]")
    tickets = TicketColumns.build([1, 2], [1, 3], opened, [None, None], [None, None], [SLA, SLA])
    pauses = PauseColumns(
        np.array([0, 1]), opened + np.timedelta64(5, "m"), opened + np.timedelta64(50, "m")
    )
    before = [a.copy() for a in (tickets.opened, pauses.start, pauses.end)]
    for calendars in ({SLA: OFFICE}, {}):
        evaluate(tickets, TARGETS, calendars, as_of=LATER, pauses=pauses)
    after = (tickets.opened, pauses.start, pauses.end)
    assert all((a == b).all() for a, b in zip(before, after, strict=True))


def test_a_zero_target_is_due_when_the_ticket_opens() -> None:
    saturday = datetime(2024, 3, 2, 11)
    targets = [TargetSpec(SLA, RESOLUTION, 0, "business hours")]
    clock = run([ticket(saturday, datetime(2024, 3, 2, 12))], LATER, targets=targets).resolution
    assert due(clock) == saturday
    assert clock.elapsed[0] == 0
    assert clock.state[0] == ClockState.MET


def test_24x7_calendar_and_tickets_without_an_sla() -> None:
    rows = [ticket(FRI_1730, MON_1000), ticket(FRI_1730, MON_1000, sla=99)]
    result = run(rows, LATER, calendars={})
    assert result.resolution.business.tolist() == [3870, 3870]  # 64.5 h wall clock
    assert result.resolution.state.tolist() == [ClockState.BREACHED, ClockState.NOT_MEASURED]
    assert result.resolution.target.tolist() == [1, -1]
    assert np.isnan(result.resolution.budget[1])


def test_target_selection_by_priority() -> None:
    targets = [
        TargetSpec(1, RESOLUTION, 8, "hours"),
        TargetSpec(1, RESOLUTION, 2, "hours", priority=1),
        TargetSpec(1, RESOLUTION, 3, "hours", priority=1),  # a second P1: the first wins
        TargetSpec(1, RESPONSE, 1, "hours", priority=2),
        TargetSpec(1, "availability", 99.9, "percent"),
        TargetSpec(2, RESOLUTION, 5, "business days", priority=3),
    ]
    sla = [1, 1, 1, 2, 2, 3, -1]
    priority = [1, 2, 9, 3, 1, 1, 1]
    assert select_targets(sla, priority, targets, RESOLUTION).tolist() == [1, 0, 0, 5, -1, -1, -1]
    assert select_targets(sla, priority, targets, RESPONSE).tolist() == [-1, 3, -1, -1, -1, -1, -1]
    assert select_targets(sla, priority, targets, "availability").tolist() == [-1] * 7


def test_picking_the_sla_and_its_calendar() -> None:
    slas = [
        SlaRef(10, service_id=1),  # the service's general SLA
        SlaRef(11, service_id=1, customer_id=5, calendar_id=3),
        SlaRef(12, service_id=1, customer_id=6, status="draft"),
        SlaRef(13, service_id=2, customer_id=5),
        SlaRef(9, service_id=3),
        SlaRef(8, service_id=3),  # two general SLAs: the lowest id
    ]
    service = [1, 1, 1, 1, 2, 2, 3, 4]
    customer = [5, 6, -1, 7, 5, 6, -1, 5]
    assert pick_sla(service, customer, slas).tolist() == [11, 10, 10, 10, 13, -1, 8, -1]
    assert pick_sla([1], [5], []).tolist() == [-1]
    calendars = sla_calendars(slas, {1: 4, 2: None}, {3: OFFICE, 4: BERLIN})
    assert calendars[11] is OFFICE
    assert calendars[10] is BERLIN
    assert calendars[13].is_always_open


def test_targets_and_slas_from_rows_with_enum_values() -> None:
    spec = TargetSpec.from_row(
        {
            "id": 3,
            "sla_id": 7,
            "metric": SlaMetric.RESOLUTION_TIME,
            "comparator": Comparator.LT,
            "target": 4,
            "unit": TargetUnit.BUSINESS_HOURS,
            "priority": None,
        }
    )
    assert spec == TargetSpec(7, RESOLUTION, 4.0, "business hours", "<", None, 3)
    assert spec.is_clock_target
    assert not TargetSpec(7, RESOLUTION, 4.0, "percent").is_clock_target
    ref = SlaRef.from_row({"id": 1, "service_id": 2, "status": SlaStatus.SUSPENDED})
    assert pick_sla([2], [-1], [ref]).tolist() == [-1]


def test_several_calendars_in_one_run_match_separate_runs() -> None:
    rows = [ticket(FRI_1730, MON_1000, sla=1), ticket(FRI_1730, MON_1000, sla=2)]
    targets = [TargetSpec(s, RESOLUTION, 8, "business hours") for s in (1, 2)]
    both = run(rows, LATER, targets=targets, calendars={1: OFFICE, 2: BERLIN}).resolution
    alone = run(rows[1:], LATER, targets=targets, calendars={2: BERLIN}).resolution
    assert both.business.tolist() == [90, alone.business[0]]
    assert both.due[1] == alone.due[0]
    # Berlin: Fri 17:30 UTC is 18:30 local (closed); Mon 10:00 UTC is 11:00 local.
    assert alone.business[0] == 120


def test_merged_pauses() -> None:
    minute = np.int64
    merged = merge_pauses(
        ticket=np.array([1, 0, 1, 1], dtype=np.int64),
        start=np.array([50, 5, 10, 60], dtype=minute),
        end=np.array([70, 8, 20, np.iinfo(np.int64).min], dtype=minute),  # last: still paused
        opened=np.array([0, 15], dtype=minute),
        as_of=100,
    )
    assert merged.ticket.tolist() == [0, 1, 1]
    assert merged.start.tolist() == [5, 15, 50]
    assert merged.end.tolist() == [8, 20, 100]
    assert merged.running.tolist() == [False, False, True]
    assert merged.heads.tolist() == [0, 1]  # each ticket's first pause
    assert merged.owners.tolist() == [0, 1]
    assert merged.per_ticket(np.array([1, 10, 100])).tolist() == [1, 110]
    assert merged.owner_of.tolist() == [0, 1, 1]


def test_pauses_push_the_due_instant_back_in_turn() -> None:
    merged = merge_pauses(
        ticket=np.array([0, 0, 0, 1], dtype=np.int64),
        start=np.array([10, 30, 100, 10], dtype=np.int64),
        end=np.array([20, 40, 120, 20], dtype=np.int64),
        opened=np.array([0, 0], dtype=np.int64),
        as_of=1000,
    )
    # Ticket 0 runs out at 25 without pauses: 10-20 pushes it to 35, which meets 30-40
    # (to 45) but not 100-120. Ticket 1 runs out at 5, before its pause.
    level = np.array([25, 25, 25, 5], dtype=np.int64)
    push, hit = pushed_back(merged, merged.start, merged.end, level)
    assert push.tolist() == [20, 0]
    assert hit.tolist() == [True, True, False, False]


def test_empty_inputs_and_a_bad_comparator() -> None:
    assert run([], LATER).resolution.elapsed.size == 0
    with pytest.raises(ValueError, match="comparator"):
        run([ticket(FRI_1730)], LATER, targets=[TargetSpec(SLA, RESOLUTION, 1, "hours", "~")])


# -- property: the vectorised clock equals a minute-by-minute count -----------------------

BASE = minute_of(datetime(2024, 3, 1))  # a Friday; tickets live in the next 10 days
SPAN = 10 * 24 * 60


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[tuple[int, int, int]], int]:
    n = draw(st.integers(1, 6))
    rows = []
    for _ in range(n):
        opened = draw(st.integers(0, SPAN // 2))
        resolved = draw(st.one_of(st.none(), st.integers(opened, SPAN)))
        rows.append({"opened": opened, "resolved": resolved, "priority": draw(st.integers(1, 3))})
    pauses = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, SPAN))
        pauses.append((draw(st.integers(0, n - 1)), start, draw(st.integers(start, SPAN + 600))))
    return rows, pauses, draw(st.integers(SPAN // 2, SPAN))


def _at(minute: int) -> datetime:
    return datetime(1970, 1, 1) + timedelta(minutes=BASE + minute)


@settings(deadline=None, max_examples=60)
@given(scenarios())
def test_the_clock_equals_a_minute_by_minute_count(
    scenario: tuple[list[dict[str, Any]], list[tuple[int, int, int]], int],
) -> None:
    rows, pauses, as_of = scenario
    grid = np.arange(BASE, BASE + 3 * SPAN, dtype=np.int64)
    office_open = OFFICE.business_minutes_array(grid, grid + 1) == 1
    resolved = [None if r["resolved"] is None else _at(r["resolved"]) for r in rows]
    tickets = [
        ticket(_at(r["opened"]), done, priority=r["priority"])
        for r, done in zip(rows, resolved, strict=True)
    ]
    pause_rows = [(t, _at(s), None if e > as_of else _at(e)) for t, s, e in pauses]
    result = run(tickets, _at(as_of), pause_rows).resolution
    for i, r in enumerate(rows):
        opened = r["opened"]
        done = r["resolved"] is not None and r["resolved"] <= as_of
        stop = r["resolved"] if done else as_of
        # P1 runs round the clock; the others on office hours. A pause known at as_of stops
        # the clock (for good if still running); once done, later pauses do not matter.
        counts = np.ones_like(office_open) if r["priority"] == 1 else office_open.copy()
        for t, s, e in pauses:
            if t != i or s > as_of:
                continue
            end = e if e <= as_of else len(counts)
            if done:
                s, end = min(s, stop), min(end, stop)
            counts[s:end] = False
        elapsed = int(counts[opened:stop].sum())
        assert result.elapsed[i] == elapsed
        budget = 240 if r["priority"] == 1 else 480
        used = np.cumsum(counts[opened:])
        if used[-1] >= budget:
            assert due(result, i) == _at(opened + int(np.searchsorted(used, budget)) + 1)
        else:  # unknown: paused at as_of with budget left
            assert due(result, i) is None
            assert not done and result.paused[i]
