"""Business calendars: hand-computed business time, DST, holidays, and properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdm_workbench.analytics.calendar import BusinessCalendar, minute_of
from sdm_workbench.analytics.calendar_clock import MAX_TABLE_YEARS
from sdm_workbench.domain.errors import DomainError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def row(hours: str = "09:00-18:00", zone: str = "UTC", **extra: object) -> dict[str, object]:
    """A business_calendars row open ``hours`` Monday to Friday."""
    return {
        "timezone": zone,
        **{f"{d}_hours": hours for d in WEEKDAYS},
        "sat_hours": "",
        "sun_hours": "",
        **extra,
    }


def local(zone: str, *parts: int) -> datetime:
    """A local wall-clock time in ``zone`` as the naive UTC instant the clock takes."""
    wall = datetime(*parts, tzinfo=ZoneInfo(zone))
    return wall.astimezone(UTC).replace(tzinfo=None)


def berlin(*parts: int) -> datetime:
    return local("Europe/Berlin", *parts)


OFFICE_UTC = BusinessCalendar.from_row(row())
OFFICE_BERLIN = BusinessCalendar.from_row(row(zone="Europe/Berlin"))
OFFICE_DE = BusinessCalendar.from_row(row(zone="Europe/Berlin", holiday_country="DE"))
SPLIT = BusinessCalendar.from_row(row("08:00-12:00,13:00-17:00"))
ROUND_THE_CLOCK = BusinessCalendar.from_row(
    row("00:00-24:00", sat_hours="00:00-24:00", sun_hours="00:00-24:00")
)


# -- the cases of issue 3 ---------------------------------------------------------------


def test_friday_evening_to_monday_morning_is_an_hour_and_a_half() -> None:
    # Fri 1 Mar 2024 17:30 -> Mon 4 Mar 10:00: 30 min on Friday + 60 min on Monday.
    assert OFFICE_UTC.business_minutes(datetime(2024, 3, 1, 17, 30), datetime(2024, 3, 4, 10)) == 90
    assert OFFICE_BERLIN.business_minutes(berlin(2024, 3, 1, 17, 30), berlin(2024, 3, 4, 10)) == 90


def test_a_public_holiday_on_the_monday_is_skipped() -> None:
    # Whit Monday, 20 May 2024, is a public holiday everywhere in Germany.
    assert OFFICE_DE.holidays(2024, 2024)[date(2024, 5, 20)]
    friday, monday = berlin(2024, 5, 17, 17, 30), berlin(2024, 5, 20, 10)
    assert OFFICE_BERLIN.business_minutes(friday, monday) == 90
    assert OFFICE_DE.business_minutes(friday, monday) == 30  # only Friday's half hour
    assert OFFICE_DE.business_minutes(friday, berlin(2024, 5, 21, 10)) == 90  # Tuesday 10:00


def test_a_closed_day_is_skipped_like_a_holiday() -> None:
    shut = BusinessCalendar.from_row(row(), [{"day": date(2024, 3, 4), "name": "Move"}])
    assert shut.business_minutes(datetime(2024, 3, 1, 17, 30), datetime(2024, 3, 4, 10)) == 30
    assert shut.business_minutes(datetime(2024, 3, 1, 17, 30), datetime(2024, 3, 5, 10)) == 90


def test_daylight_saving_moves_the_hours_in_utc() -> None:
    # Berlin switches to summer time on Sunday 31 Mar 2024: 09:00 local is 08:00 UTC
    # before and 07:00 UTC after. Office hours stay 09:00-18:00 local.
    assert OFFICE_BERLIN.business_minutes(datetime(2024, 3, 28, 7), datetime(2024, 3, 28, 8)) == 0
    assert OFFICE_BERLIN.business_minutes(datetime(2024, 4, 2, 7), datetime(2024, 4, 2, 8)) == 60
    # Fri 29 Mar 17:00 -> Tue 2 Apr 10:00 local: 60 + 540 (Mon) + 60 = 660, although the
    # UTC gap is an hour shorter than the local one.
    start, end = berlin(2024, 3, 29, 17), berlin(2024, 4, 2, 10)
    assert end - start == timedelta(days=3, hours=17 - 1)
    assert OFFICE_BERLIN.business_minutes(start, end) == 660
    # The whole week around the change: five full days.
    assert OFFICE_BERLIN.business_minutes(berlin(2024, 3, 25), berlin(2024, 4, 1)) == 5 * 540
    # Autumn back on Sunday 27 Oct: 09:00 local is 07:00 UTC before, 08:00 UTC after.
    assert (
        OFFICE_BERLIN.business_minutes(datetime(2024, 10, 25, 7), datetime(2024, 10, 25, 8)) == 60
    )
    assert OFFICE_BERLIN.business_minutes(datetime(2024, 10, 28, 7), datetime(2024, 10, 28, 8)) == 0


def test_a_day_open_round_the_clock_has_23_or_25_hours_on_a_change() -> None:
    sundays = BusinessCalendar(timezone="Europe/Berlin", week=((),) * 6 + (((0, 1440),),))
    assert sundays.business_minutes(datetime(2024, 3, 29), datetime(2024, 4, 2)) == 23 * 60
    assert sundays.business_minutes(datetime(2024, 10, 25), datetime(2024, 10, 29)) == 25 * 60
    assert sundays.business_minutes(datetime(2024, 7, 5), datetime(2024, 7, 9)) == 24 * 60


def test_24x7_is_wall_clock_time() -> None:
    start, end = datetime(2024, 3, 1, 17, 30), datetime(2024, 3, 4, 10)
    wall = int((end - start).total_seconds() // 60)
    assert ROUND_THE_CLOCK.is_always_open
    assert BusinessCalendar.always_open().business_minutes(start, end) == wall
    assert ROUND_THE_CLOCK.business_minutes(start, end) == wall
    assert ROUND_THE_CLOCK.add_business_minutes(start, 60) == datetime(2024, 3, 1, 18, 30)
    # Round the clock but with holidays is not the fast path, and skips the holiday.
    with_holidays = BusinessCalendar.from_row({**row("00:00-24:00"), "holiday_country": "DE"})
    assert not with_holidays.is_always_open
    assert with_holidays.business_minutes(datetime(2024, 5, 20), datetime(2024, 5, 21)) == 0


def test_split_hours() -> None:
    assert SPLIT.business_minutes(datetime(2024, 3, 4, 11, 30), datetime(2024, 3, 4, 13, 30)) == 60
    assert SPLIT.business_minutes(datetime(2024, 3, 4, 12), datetime(2024, 3, 4, 13)) == 0
    assert SPLIT.business_minutes(datetime(2024, 3, 4, 7), datetime(2024, 3, 5, 9)) == 480 + 60
    assert SPLIT.add_business_minutes(datetime(2024, 3, 4, 11, 30), 60) == datetime(
        2024, 3, 4, 13, 30
    )
    assert SPLIT.business_day_minutes == 480


# -- adding business minutes -------------------------------------------------------------


def test_add_business_minutes() -> None:
    friday = datetime(2024, 3, 1, 17, 30)
    assert OFFICE_UTC.add_business_minutes(friday, 90) == datetime(2024, 3, 4, 10)
    assert OFFICE_UTC.add_business_minutes(friday, 0) == friday
    # A budget used up at closing time ends then, not when the office opens again.
    assert OFFICE_UTC.add_business_minutes(friday, 30) == datetime(2024, 3, 1, 18)
    # Seconds are dropped: minute precision.
    assert OFFICE_UTC.add_business_minutes(friday.replace(second=59), 0) == friday
    with pytest.raises(ValueError):
        OFFICE_UTC.add_business_minutes(friday, -1)
    never = BusinessCalendar(week=((),) * 7)
    assert never.is_never_open
    assert never.add_business_minutes(friday, 1) is None
    assert never.business_minutes(friday, friday + timedelta(days=30)) == 0


def test_adding_past_the_end_of_the_year_extends_the_table() -> None:
    # Tue 31 Dec 2024 17:00 Berlin: 60 min left; 1 Jan is a holiday; Thu 2 Jan has 540.
    start = berlin(2024, 12, 31, 17)
    expected = berlin(2025, 1, 2, 18)
    assert OFFICE_DE.add_business_minutes(start, 600) == expected
    out = OFFICE_DE.add_business_minutes_array(np.array([start], "datetime64[m]"), [600])
    assert out[0] == np.datetime64(expected, "m")


def test_array_forms_take_datetime64_of_any_unit_and_integer_minutes() -> None:
    starts = np.array(["2024-03-01T17:30:45", "2024-03-04T10:00:00"], dtype="datetime64[s]")
    ends = np.array(["2024-03-04T10:00:00", "2024-03-04T08:00:00"], dtype="datetime64[s]")
    # Seconds are dropped; an end before its start gives a negative count.
    assert OFFICE_UTC.business_minutes_array(starts, ends).tolist() == [90, -60]
    as_minutes = starts.astype("datetime64[m]").astype(np.int64)
    assert OFFICE_UTC.business_minutes_array(as_minutes, ends).tolist() == [90, -60]
    assert OFFICE_UTC.business_minutes_array(starts[:0], ends[:0]).size == 0
    with pytest.raises(ValueError):
        OFFICE_UTC.business_minutes_array(np.array(["NaT"], "datetime64[m]"), ends[:1])


def test_long_spans_use_the_interval_clock_and_agree() -> None:
    starts = np.array(["2010-01-04T08:00", "2015-06-01T12:00"], dtype="datetime64[m]")
    ends = np.array(["2030-01-04T08:00", "2016-06-01T12:00"], dtype="datetime64[m]")
    assert MAX_TABLE_YEARS < 2030 - 2010 + 1
    vector = OFFICE_DE.business_minutes_array(starts, ends)
    scalar = [
        OFFICE_DE.business_minutes(a, b)
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
    ]
    assert vector.tolist() == scalar


# -- reading a calendar row --------------------------------------------------------------


def test_from_row_reads_hours_zone_holidays_and_closed_days() -> None:
    cal = BusinessCalendar.from_row(
        row(
            "08:00-12:00,13:00-17:00",
            zone="Europe/Berlin",
            holiday_country="DE",
            holiday_subdivision="BY",
        ),
        [date(2024, 12, 24)],
    )
    assert cal.week[0] == ((480, 720), (780, 1020))
    assert cal.week[5] == ()
    assert cal.closed_days == frozenset({date(2024, 12, 24)})
    assert date(2024, 1, 6) in cal.holidays(2024, 2024)  # Epiphany: Bavaria, not all of DE
    assert date(2024, 1, 6) not in OFFICE_DE.holidays(2024, 2024)
    assert OFFICE_UTC.business_day_minutes == 540
    assert ROUND_THE_CLOCK.business_day_minutes == 1440


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"mon_hours": "9-17"}, "mon_hours"),
        ({"tue_hours": "10:00-09:00"}, "tue_hours"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"holiday_country": "QQ"}, "holiday_country"),
        ({"holiday_country": "DE", "holiday_subdivision": "XX"}, "holiday_subdivision"),
    ],
)
def test_from_row_refuses_bad_values_with_the_domain_messages(
    changes: dict[str, str], field: str
) -> None:
    with pytest.raises(DomainError) as caught:
        BusinessCalendar.from_row({**row(), **changes})
    assert [p.field for p in caught.value.problems] == [field]


# -- properties --------------------------------------------------------------------------

CALENDARS = [
    OFFICE_DE,
    SPLIT,
    BusinessCalendar.from_row(row("07:30-16:00", zone="America/New_York", holiday_country="US")),
    BusinessCalendar(timezone="Australia/Lord_Howe", week=((),) * 6 + (((0, 1440),),)),
    ROUND_THE_CLOCK,
]
FIRST, LAST = minute_of(datetime(2023, 1, 1)), minute_of(datetime(2026, 12, 31))
calendars = st.sampled_from(CALENDARS)
minutes = st.integers(FIRST, LAST)
instants = minutes.map(lambda m: datetime(1970, 1, 1) + timedelta(minutes=m))


@settings(deadline=None)
@given(calendars, instants, instants, instants)
def test_business_time_is_additive(
    cal: BusinessCalendar, a: datetime, b: datetime, c: datetime
) -> None:
    a, b, c = sorted((a, b, c))
    assert cal.business_minutes(a, c) == cal.business_minutes(a, b) + cal.business_minutes(b, c)


@settings(deadline=None)
@given(calendars, instants, instants)
def test_business_time_never_exceeds_wall_time(
    cal: BusinessCalendar, a: datetime, b: datetime
) -> None:
    a, b = sorted((a, b))
    assert 0 <= cal.business_minutes(a, b) <= (b - a) // timedelta(minutes=1)


@settings(deadline=None)
@given(calendars, st.dates(date(2023, 1, 1), date(2026, 12, 30)), st.data())
def test_business_time_is_zero_inside_a_closed_day(
    cal: BusinessCalendar, day: date, data: st.DataObject
) -> None:
    closed = sorted(cal.closed_dates(2023, 2026)) + [
        day + timedelta(days=k) for k in range(7) if not cal.week[(day.weekday() + k) % 7]
    ]
    if not closed:
        return  # round the clock, no holidays: nothing is closed
    shut = data.draw(st.sampled_from(closed))
    a, b = sorted(data.draw(st.lists(st.integers(0, 1440), min_size=2, max_size=2)))
    zone = ZoneInfo(cal.timezone)

    def at(minute: int) -> datetime:  # a wall-clock minute of the closed local day
        wall = datetime.combine(shut, datetime.min.time()) + timedelta(minutes=minute)
        return wall.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)

    assert cal.business_minutes(at(a), at(b)) == 0


@settings(deadline=None)
@given(calendars, st.lists(st.tuples(minutes, minutes), min_size=1, max_size=40))
def test_vectorised_business_time_equals_the_scalar_form(
    cal: BusinessCalendar, pairs: list[tuple[int, int]]
) -> None:
    starts = np.array([a for a, _ in pairs], dtype=np.int64)
    ends = np.array([b for _, b in pairs], dtype=np.int64)
    vector = cal.business_minutes_array(starts.view("datetime64[m]"), ends.view("datetime64[m]"))
    scalar = [
        cal.business_minutes(np.datetime64(a, "m").item(), np.datetime64(b, "m").item())
        for a, b in pairs
    ]
    assert vector.tolist() == scalar


@settings(deadline=None)
@given(calendars, instants, st.integers(0, 20 * 540))
def test_adding_business_minutes_inverts_business_time(
    cal: BusinessCalendar, start: datetime, budget: int
) -> None:
    due = cal.add_business_minutes(start, budget)
    assert due is not None
    assert cal.business_minutes(start, due) == budget
    if budget:  # and it is the earliest such instant
        assert cal.business_minutes(start, due - timedelta(minutes=1)) == budget - 1
    vector = cal.add_business_minutes_array(np.array([start], "datetime64[m]"), [budget])
    assert vector[0] == np.datetime64(due, "m")


REFERENCE_CALENDARS = [
    OFFICE_DE,
    CALENDARS[2],  # New York with US holidays
    CALENDARS[3],  # Lord Howe Island: half-hour daylight saving, open on Sundays
    BusinessCalendar.from_row(row(zone="America/Santiago", holiday_country="CL")),
    BusinessCalendar.from_row(
        row("09:30-13:00,14:00-18:30", zone="Asia/Kolkata", holiday_country="IN")
    ),
]


@cache
def _offset_changes(zone: str) -> list[int]:
    """Epoch minutes (hour resolution) where the zone's UTC offset changes, 2023-2026."""
    tz = ZoneInfo(zone)
    hours = range(FIRST // 60, LAST // 60)
    base = datetime(1970, 1, 1, tzinfo=UTC)
    offsets = [(base + timedelta(hours=h)).astimezone(tz).utcoffset() for h in hours]
    return [h * 60 for h, a, b in zip(hours[1:], offsets, offsets[1:], strict=False) if a != b]


@st.composite
def calendar_and_minute(draw: st.DrawFn) -> tuple[BusinessCalendar, int]:
    """A calendar and a minute, often within a day of a daylight-saving change."""
    cal = draw(st.sampled_from(REFERENCE_CALENDARS))
    changes = _offset_changes(cal.timezone)
    if changes and draw(st.booleans()):
        change = draw(st.sampled_from(changes))
        return cal, draw(st.integers(change - 1440, change + 1440))
    return cal, draw(minutes)


@settings(deadline=None, max_examples=300)
@given(calendar_and_minute())
def test_each_minute_is_open_exactly_when_the_local_wall_clock_says_so(
    case: tuple[BusinessCalendar, int],
) -> None:
    cal, minute = case
    instant = datetime(1970, 1, 1) + timedelta(minutes=minute)
    wall = instant.replace(tzinfo=UTC).astimezone(ZoneInfo(cal.timezone))
    of_day = wall.hour * 60 + wall.minute
    expected = wall.date() not in cal.closed_dates(wall.year, wall.year) and any(
        start <= of_day < end for start, end in cal.week[wall.weekday()]
    )
    assert cal.business_minutes(instant, instant + timedelta(minutes=1)) == int(expected)
