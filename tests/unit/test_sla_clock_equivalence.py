"""The vectorised SLA clock gives bit-for-bit the results of the implementation it replaced.

``sla_clock_reference`` is the clock as it was before issue #3's benchmark work; these tests
feed both the same generated portfolios (several SLAs and calendars, every unit and
comparator, priorities in and out of range, overlapping, open and late pauses, tickets not
yet open, events before opening or after ``as_of``) and compare every column's bits.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime

import numpy as np
import pytest

from sdm_workbench.analytics import sla_clock
from sdm_workbench.analytics.calendar import BusinessCalendar
from sdm_workbench.analytics.sla_clock import SlaClockResult, evaluate
from sdm_workbench.analytics.sla_inputs import PauseColumns, TargetSpec, TicketColumns

from . import sla_clock_reference as reference

OFFICE = {f"{d}_hours": "08:00-18:00" for d in ("mon", "tue", "wed", "thu", "fri")}
WEEKEND = {"sat_hours": "", "sun_hours": ""}
BERLIN = BusinessCalendar.from_row(
    {"timezone": "Europe/Berlin", "holiday_country": "DE", "holiday_subdivision": "BY",
     **OFFICE, **WEEKEND},
    closed_days=[date(2024, 12, 24), date(2025, 12, 31)],
)  # fmt: skip
NEW_YORK = BusinessCalendar.from_row(
    {"timezone": "America/New_York", "holiday_country": "US", **OFFICE, **WEEKEND,
     "mon_hours": "07:00-12:00,13:00-19:30"}
)  # fmt: skip
NIGHTS = BusinessCalendar.from_row(  # spans crossing no midnight, but DST nights in London
    {"timezone": "Europe/London", **{k: "00:00-06:00,22:00-24:00" for k in OFFICE}, **WEEKEND}
)
NEVER = BusinessCalendar(week=((),) * 7)
ALWAYS = BusinessCalendar.always_open()
UNITS = ("minutes", "hours", "business hours", "business days", "percent")
COMPARATORS = ("<=", "<=", "<=", "<", ">=", ">")
METRICS = ("response time", "resolution time", "availability")


def portfolio(
    seed: int, n: int, *, span_days: int = 700, comparators: tuple[str, ...] = COMPARATORS
) -> tuple[TicketColumns, PauseColumns, list[TargetSpec], dict[int, BusinessCalendar]]:
    """Tickets over ``span_days`` from 2024 on, SLAs 1-6 with assorted calendars and targets."""
    rng = np.random.default_rng(seed)
    origin = np.datetime64("2024-01-01T00:00", "m").astype(np.int64)
    minute = np.int64
    opened = origin + rng.integers(0, span_days * 1440, n)
    response = opened + rng.integers(-30, 3000, n)  # some before opening
    resolved = opened + rng.integers(-10, 20 * 1440, n)
    nat = np.iinfo(np.int64).min
    response[rng.random(n) < 0.3] = nat
    resolved[rng.random(n) < 0.15] = nat
    opened[rng.random(n) < 0.01] = nat
    sla = rng.choice(np.array([1, 2, 3, 4, 5, 6, -1, 99], dtype=np.int64), n)
    priority = rng.integers(0, 8, n)  # 0, 6 and 7: out of range
    tickets = TicketColumns(
        ids=np.arange(n, dtype=np.int64),
        priority=priority,
        opened=opened.view("datetime64[m]"),
        first_response=response.view("datetime64[m]"),
        resolved=resolved.view("datetime64[m]"),
        sla=sla,
    )
    count = n // 3
    owner = rng.integers(0, n, count)
    base = np.where(opened[owner] == nat, origin, opened[owner])
    start = base + rng.integers(-600, 3 * 1440, count)
    end = start + rng.integers(0, 3 * 1440, count)
    end[rng.random(count) < 0.1] = nat  # still paused
    pauses = PauseColumns(
        owner.astype(minute), start.view("datetime64[m]"), end.view("datetime64[m]")
    )
    targets = []
    for k in range(40):
        unit = UNITS[int(rng.integers(0, len(UNITS)))]
        value = float(rng.choice([0, 0.5, 1, 2, 4, 8, 15, 400]))
        targets.append(
            TargetSpec(
                sla=int(rng.integers(1, 7)),
                metric=METRICS[int(rng.integers(0, len(METRICS)))],
                target=value,
                unit=unit,
                comparator=comparators[int(rng.integers(0, len(comparators)))],
                priority=None if rng.random() < 0.4 else int(rng.integers(0, 7)),
                id=k,
            )
        )
    calendars = {1: BERLIN, 2: NEW_YORK, 3: NIGHTS, 4: ALWAYS, 5: BERLIN, 6: NEVER}
    return tickets, pauses, targets, calendars


def assert_same(new: SlaClockResult, old: SlaClockResult) -> None:
    assert new.as_of == old.as_of
    for metric in ("response", "resolution"):
        ours, theirs = getattr(new, metric), getattr(old, metric)
        for f in fields(ours):
            a, b = getattr(ours, f.name), getattr(theirs, f.name)
            assert a.dtype == b.dtype, (metric, f.name)
            assert a.shape == b.shape, (metric, f.name)
            # Bits, not values: NaN payloads and -0.0 count too.
            width = {1: np.uint8, 8: np.uint64}[a.dtype.itemsize]
            differ = np.flatnonzero(a.view(width) != b.view(width))
            assert differ.size == 0, (metric, f.name, differ[:5], a[differ[:5]], b[differ[:5]])


def both(
    tickets: TicketColumns,
    targets: list[TargetSpec],
    calendars: dict[int, BusinessCalendar],
    as_of: datetime,
    pauses: PauseColumns | None,
) -> tuple[SlaClockResult, SlaClockResult]:
    new = evaluate(tickets, targets, calendars, as_of=as_of, pauses=pauses)
    old = reference.evaluate(tickets, targets, calendars, as_of=as_of, pauses=pauses)
    return new, old


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("as_of", [datetime(2024, 11, 3, 1, 30), datetime(2026, 1, 1)])
def test_many_calendars_targets_and_pauses(seed: int, as_of: datetime) -> None:
    tickets, pauses, targets, calendars = portfolio(seed, 4000)
    assert_same(*both(tickets, targets, calendars, as_of, pauses))


@pytest.mark.parametrize("block", [1, 7, 512])
def test_blocks_of_any_size_give_the_same_results(
    block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Blocks cut between a ticket's pauses' neighbours, leave blocks without pauses, and
    # a last block shorter than the others.
    monkeypatch.setattr(sla_clock, "BLOCK", block)
    tickets, pauses, targets, calendars = portfolio(9, 1500 + 3)
    assert_same(*both(tickets, targets, calendars, datetime(2025, 2, 1), pauses))


@pytest.mark.parametrize("seed", [4, 5])
def test_one_calendar_and_upper_bounds_only(seed: int) -> None:
    tickets, pauses, targets, _ = portfolio(seed, 3000, comparators=("<=",))
    as_of = datetime(2025, 6, 30, 12)
    assert_same(*both(tickets, targets, dict.fromkeys(range(1, 7), BERLIN), as_of, pauses))
    assert_same(*both(tickets, targets, {}, as_of, pauses))  # 24x7 only
    assert_same(*both(tickets, targets, {2: NEW_YORK}, as_of, None))


def test_tickets_over_more_years_than_a_minute_table_holds() -> None:
    tickets, pauses, targets, calendars = portfolio(6, 2000, span_days=12 * 365)
    assert_same(*both(tickets, targets, calendars, datetime(2036, 3, 1), pauses))


def test_budgets_beyond_the_clocks_headroom() -> None:
    # 400 business days from late 2025 run past the year of headroom after as_of.
    tickets, pauses, _, calendars = portfolio(7, 1000)
    targets = [TargetSpec(s, m, 400, "business days") for s in range(1, 7) for m in METRICS[:2]]
    assert_same(*both(tickets, targets, calendars, datetime(2025, 12, 1), pauses))


def test_empty_and_tiny_inputs() -> None:
    tickets, pauses, targets, calendars = portfolio(8, 3)
    assert_same(*both(tickets, targets, calendars, datetime(2024, 6, 1), pauses))
    empty = TicketColumns.build([], [], [], [], [], [])
    assert_same(*both(empty, targets, calendars, datetime(2024, 6, 1), None))
    assert_same(*both(tickets, [], calendars, datetime(2024, 6, 1), pauses))
