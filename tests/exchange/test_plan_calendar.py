"""A plan file's working calendar: read from GanttProject and MSPDI files, imported as a
business calendar with closed days linked to the project, undone with it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from sdm_workbench.exchange.plan_files.apply import apply_plan_file
from sdm_workbench.exchange.plan_files.gan import read_gan
from sdm_workbench.exchange.plan_files.importer import plan_plan_file, read_plan_file
from sdm_workbench.exchange.plan_files.mspdi import read_mspdi
from sdm_workbench.operations import CreateRow, run, undo
from sdm_workbench.operations.plan import project_calendar
from sdm_workbench.store import Store
from sdm_workbench.store.invariants import check
from sdm_workbench.store.rows import table

from .test_plan_import import mspdi, task

COUNTED = ("business_calendars", "calendar_closed_days", "projects", "tasks")
NS = "http://schemas.microsoft.com/project"


def _counts(store: Store) -> dict[str, int]:
    with store.session() as session:
        return {
            name: int(session.execute(select(func.count()).select_from(table(name))).scalar_one())
            for name in COUNTED
        }


def _rows(store: Store, name: str) -> list[dict[str, Any]]:
    t = table(name)
    with store.session() as session:
        return [dict(r._mapping) for r in session.execute(select(t).order_by(t.c.id))]


def _import(store: Store, path: Path, project: str | None = None) -> Any:
    plan = plan_plan_file(store, read_plan_file(path), path, project=project)
    return apply_plan_file(store, plan)


def _six_day_plan(tmp_path: Path) -> Path:
    """An MSPDI file whose project calendar (UID 7, derived from 3) works Mon-Sat 07:00-15:30,
    with a named two-day exception and a 2003-style dated weekday off."""
    weekday = "".join(
        f"<WeekDay><DayType>{d}</DayType><DayWorking>{int(d != 1)}</DayWorking>"
        + (
            "<WorkingTimes><WorkingTime><FromTime>07:00:00</FromTime><ToTime>11:00:00</ToTime>"
            "</WorkingTime><WorkingTime><FromTime>12:00:00</FromTime><ToTime>15:30:00</ToTime>"
            "</WorkingTime></WorkingTimes>"
            if d != 1
            else ""
        )
        + "</WeekDay>"
        for d in range(1, 8)
    )
    calendars = (
        f"<Calendar><UID>3</UID><Name>Six days</Name><IsBaseCalendar>1</IsBaseCalendar>"
        f"<WeekDays>{weekday}<WeekDay><DayType>0</DayType><DayWorking>0</DayWorking>"
        "<TimePeriod><FromDate>2026-03-20T00:00:00</FromDate><ToDate>2026-03-20T23:59:00"
        "</ToDate></TimePeriod></WeekDay></WeekDays></Calendar>"
        "<Calendar><UID>7</UID><Name>Site</Name><IsBaseCalendar>0</IsBaseCalendar>"
        "<BaseCalendarUID>3</BaseCalendarUID><Exceptions><Exception><TimePeriod>"
        "<FromDate>2026-03-09T00:00:00</FromDate><ToDate>2026-03-10T23:59:00</ToDate>"
        "</TimePeriod><Name>Site audit</Name><Type>1</Type><DayWorking>0</DayWorking>"
        "</Exception></Exceptions></Calendar>"
    )
    path = mspdi(tmp_path, task(1, "Dig") + task(2, "Pour", 1))
    text = path.read_text(encoding="utf-8").replace(
        "<Tasks>", f"<CalendarUID>7</CalendarUID><Calendars>{calendars}</Calendars><Tasks>"
    )
    path.write_text(text, encoding="utf-8")
    return path


# -- reading -----------------------------------------------------------------------------------


def test_gan_recurring_holiday_is_laid_over_the_plans_years(corpus: Path) -> None:
    plan = read_gan(corpus / "gan" / "tsparser_task-crossing-recurring-holiday.gan")
    assert plan.calendar is not None
    assert plan.calendar.working_days == "1111100"
    # The task starts 2024-01-02: recurring holidays cover the year before to the year after.
    assert plan.calendar.holidays == tuple(
        (date(y, 1, 3), "dummy recurring holiday") for y in (2023, 2024, 2025)
    )


def test_gan_without_weekend_and_old_one_off_days(corpus: Path) -> None:
    plan = read_gan(corpus / "gan" / "ares_461_prova.gan")
    assert plan.calendar is not None
    assert plan.calendar.working_days == "1111111"  # only-show-weekends: work every day
    days = dict(plan.calendar.holidays)
    assert date(2011, 12, 25) in days and date(2011, 12, 26) in days
    assert all(d.year >= 2010 for d in days)  # one-off Easter Mondays of 2005-2009: far off


def test_mspdi_2003_dated_weekdays_are_holidays(corpus: Path) -> None:
    plan = read_mspdi(corpus / "mspdi" / "ganttproject_holidays.xml")
    assert plan.calendar is not None
    assert (plan.calendar.name, plan.calendar.working_days) == ("Standard", "1111100")
    assert plan.calendar.hours == "08:00-17:00"
    assert [d for d, _ in plan.calendar.holidays] == [
        date(2010, 9, 16),
        date(2010, 9, 23),
        date(2010, 9, 24),
    ]


def test_mspdi_special_working_day_is_warned(corpus: Path) -> None:
    plan = read_mspdi(corpus / "mspdi" / "ganttproject_issue1520.xml")
    assert plan.calendar is not None
    assert [d for d, _ in plan.calendar.holidays] == [date(2018, 4, 30)]
    assert any("special working day" in w for w in plan.warnings)


def test_mspdi_recurring_exceptions(corpus: Path) -> None:
    plan = read_mspdi(corpus / "mspdi" / "mpxj_calendar-recurring-exceptions-project2016-mspdi.xml")
    assert plan.calendar is not None
    days = dict(plan.calendar.holidays)
    assert days[date(2000, 1, 2)] == "Daily 1"  # the exception's name wins over "Holiday"
    # "Weekly 2 Tuesday": every other Tuesday from 2 January 2001, four times.
    tuesdays = [d for d, n in days.items() if n == "Weekly 2 Tuesday"]
    assert tuesdays == [date(2001, 1, 2), date(2001, 1, 16), date(2001, 1, 30), date(2001, 2, 13)]


def test_mspdi_project_calendar_derived_from_a_base(tmp_path: Path) -> None:
    plan = read_mspdi(_six_day_plan(tmp_path))
    assert plan.calendar is not None
    assert plan.calendar.name == "Site"
    assert (plan.calendar.working_days, plan.calendar.hours) == ("1111110", "07:00-15:30")
    assert plan.calendar.holidays == (
        (date(2026, 3, 9), "Site audit"),
        (date(2026, 3, 10), "Site audit"),
        (date(2026, 3, 20), "Holiday"),
    )


def test_mspdi_long_exception_is_cut_and_warned(tmp_path: Path) -> None:
    path = _six_day_plan(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "<ToDate>2026-03-10T23:59:00</ToDate>", "<ToDate>2028-03-10T23:59:00</ToDate>"
        ),
        encoding="utf-8",
    )
    plan = read_mspdi(path)
    assert plan.calendar is not None
    audit = [d for d, n in plan.calendar.holidays if n == "Site audit"]
    assert (len(audit), audit[-1]) == (366, date(2027, 3, 9))
    assert any("longer than 366 days" in w for w in plan.warnings)


# -- importing ---------------------------------------------------------------------------------


def test_import_adds_the_calendar_and_links_the_project(store: Store, tmp_path: Path) -> None:
    path = _six_day_plan(tmp_path)
    plan = plan_plan_file(store, read_plan_file(path), path)
    assert "Calendar: Mon-Sat 07:00-15:30, 3 holidays." in plan.summary()
    before = _counts(store)
    operation = apply_plan_file(store, plan)
    (calendar,) = _rows(store, "business_calendars")
    assert (calendar["code"], calendar["name"]) == ("CAL-001", "Tiny calendar")
    hours = [calendar[f"{d}_hours"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]
    assert hours == ["07:00-15:30"] * 6 + [""]
    closed = [(r["calendar_id"], r["day"], r["name"]) for r in _rows(store, "calendar_closed_days")]
    assert closed == [
        (calendar["id"], date(2026, 3, 9), "Site audit"),
        (calendar["id"], date(2026, 3, 10), "Site audit"),
        (calendar["id"], date(2026, 3, 20), "Holiday"),
    ]
    (project,) = _rows(store, "projects")
    assert project["calendar_id"] == calendar["id"]
    with store.session() as session:  # the plan's working days now follow the file's calendar
        days = project_calendar(session, project["calendar_id"])
    assert days.span(date(2026, 3, 7), date(2026, 3, 10)) == 1  # Sat works; Sun, audit off
    assert check(store) == []
    undo(store, operation)  # one step takes the calendar away with the project
    assert _counts(store) == before
    run(store, operation)
    assert _counts(store) == {
        "business_calendars": 1,
        "calendar_closed_days": 3,
        "projects": 1,
        "tasks": 2,
    }


def test_existing_project_gets_the_calendar_and_undo_unlinks(store: Store, tmp_path: Path) -> None:
    run(store, CreateRow("project", {"code": "PRJ-050", "name": "Empty"}))
    operation = _import(store, _six_day_plan(tmp_path), project="PRJ-050")
    (calendar,) = _rows(store, "business_calendars")
    assert calendar["name"] == "Empty calendar"
    assert _rows(store, "projects")[0]["calendar_id"] == calendar["id"]
    undo(store, operation)
    assert _rows(store, "projects")[0]["calendar_id"] is None
    assert _counts(store)["business_calendars"] == 0


def test_existing_project_keeps_its_calendar(store: Store, tmp_path: Path) -> None:
    run(store, CreateRow("calendar", {"code": "CAL-009", "name": "Ours"}))
    (ours,) = _rows(store, "business_calendars")
    run(
        store, CreateRow("project", {"code": "PRJ-050", "name": "Empty", "calendar_id": ours["id"]})
    )
    path = _six_day_plan(tmp_path)
    plan = plan_plan_file(store, read_plan_file(path), path, project="PRJ-050")
    assert plan.calendar is None
    assert any("keeps its calendar CAL-009" in w for w in plan.warnings)
    apply_plan_file(store, plan)
    assert [c["code"] for c in _rows(store, "business_calendars")] == ["CAL-009"]
    assert _rows(store, "projects")[0]["calendar_id"] == ours["id"]


def test_plain_mon_fri_calendar_or_none_adds_no_calendar(store: Store, tmp_path: Path) -> None:
    _import(store, mspdi(tmp_path, task(1, "Only")))  # no <Calendars> at all
    plain = tmp_path / "plain.xml"
    plain.write_text(
        f'<?xml version="1.0"?><Project xmlns="{NS}"><Title>Plain</Title><CalendarUID>1'
        "</CalendarUID><Calendars><Calendar><UID>1</UID><Name>Standard</Name></Calendar>"
        f"</Calendars><Tasks>{task(1, 'Only')}</Tasks></Project>",
        encoding="utf-8",
    )
    assert read_mspdi(plain).calendar is not None  # read, but nothing worth carrying
    _import(store, plain)
    assert _counts(store)["business_calendars"] == 0
    assert [p["calendar_id"] for p in _rows(store, "projects")] == [None, None]


def test_gan_import_carries_its_holidays(store: Store, corpus: Path) -> None:
    _import(store, corpus / "gan" / "tsparser_task-crossing-recurring-holiday.gan")
    days = [r["day"] for r in _rows(store, "calendar_closed_days")]
    assert days == [date(2023, 1, 3), date(2024, 1, 3), date(2025, 1, 3)]
    assert _rows(store, "projects")[0]["calendar_id"] == _rows(store, "business_calendars")[0]["id"]
    assert check(store) == []


def test_a_task_without_a_finish_ends_by_the_files_own_working_days(
    store: Store, tmp_path: Path
) -> None:
    """Three days from Friday 6 March on the site calendar (Mon-Sat, audit 9-10 March):
    Friday, Saturday, then Wednesday 11 March, where a Mon-Fri week would end on the 10th."""
    path = _six_day_plan(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        "<Start>2026-03-02T08:00:00</Start><Finish>2026-03-03T17:00:00</Finish>"
        "<Duration>PT16H0M0S</Duration>",
        "<Start>2026-03-06T08:00:00</Start><Duration>PT24H0M0S</Duration>",
        1,
    )
    path.write_text(text, encoding="utf-8")
    _import(store, path)
    dig = next(t for t in _rows(store, "tasks") if t["name"] == "Dig")
    assert (dig["start_date"], dig["finish_date"]) == (date(2026, 3, 6), date(2026, 3, 11))
    assert dig["duration_days"] == 3
