"""The working calendar of a Microsoft Project XML (MSPDI) file, as a :class:`PlanCalendar`.

The project's calendar is the one its ``CalendarUID`` names (else the first base calendar);
a derived calendar takes the weekdays it leaves out from its base (``BaseCalendarUID``).
Days off come from ``Exceptions/Exception`` (MS Project 2007 and later) and from MSPDI
2003's ``WeekDay`` elements with ``DayType`` 0 and a ``TimePeriod``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from xml.etree.ElementTree import Element

from .model import PlanCalendar
from .mspdi_xml import _q, _text

# The MSPDI namespace (also in mspdi.py, which imports this module and so cannot be imported).
MAX_RANGE_DAYS = 366  # longest run of days one exception may close
DEFAULT_HOURS = "08:00-17:00"
_MON_FRI = "1111100"
_WEEKLY_BITS = (2, 4, 8, 16, 32, 64, 1)  # DaysOfWeek bits, Monday first (1 is Sunday)


def _int(element: Element, tag: str, default: int) -> int:
    try:
        return int(_text(element, tag) or default)
    except ValueError:
        return default


def _day(text: str | None) -> date | None:
    try:
        return datetime.fromisoformat(text).date() if text else None
    except ValueError:
        return None


def read_calendar(root: Element, warnings: list[str]) -> PlanCalendar | None:
    """The project's calendar, or None when the file has none; what is left out is warned."""
    found = {
        uid: element
        for element in root.iterfind(f"{_q('Calendars')}/{_q('Calendar')}")
        if (uid := _text(element, "UID")) is not None
    }
    if not found:
        return None
    chosen = found.get(_text(root, "CalendarUID") or "")
    if chosen is None:
        bases = [c for c in found.values() if _text(c, "IsBaseCalendar") in ("1", "true")]
        chosen = (bases or list(found.values()))[0]
    chain = _chain(chosen, found)
    week: list[bool | None] = [None] * 7  # Monday first; None: not said (yet)
    times: list[str | None] = [None] * 7
    for calendar in chain:  # the derived calendar's own days win over its base's
        for weekday in calendar.iterfind(f"{_q('WeekDays')}/{_q('WeekDay')}"):
            kind = _int(weekday, "DayType", 0)
            if not 1 <= kind <= 7:
                continue
            index = (kind + 5) % 7  # DayType 1 is Sunday, 2 Monday ... 7 Saturday
            if week[index] is None:
                week[index] = _text(weekday, "DayWorking") in ("1", "true")
                times[index] = _hours(weekday)
    if all(w is None for w in week):
        working = _MON_FRI
    else:
        working = "".join(
            "1" if (w if w is not None else _MON_FRI[i] == "1") else "0" for i, w in enumerate(week)
        )
    hours = next((t for w, t in zip(working, times, strict=True) if w == "1" and t), None)
    notes: Counter[str] = Counter()
    holidays: dict[date, str] = {}
    for calendar in chain:
        for day, name in _days_off(calendar, notes):
            if day not in holidays or holidays[day] == "Holiday":  # a named exception wins
                holidays[day] = name
    warnings.extend(f"{count} {what}." for what, count in notes.items())
    name = _text(chosen, "Name") or "Project calendar"
    return PlanCalendar(name, working, hours or DEFAULT_HOURS, tuple(sorted(holidays.items())))


def _chain(calendar: Element, found: dict[str, Element]) -> list[Element]:
    """The calendar, then its base, its base's base ... (a loop in the file ends it)."""
    chain = [calendar]
    while (base := found.get(_text(chain[-1], "BaseCalendarUID") or "")) is not None:
        if base in chain:
            break
        chain.append(base)
    return chain


def _hours(weekday: Element) -> str | None:
    """First start to last end of a day's working times, as ``08:00-17:00``."""
    spans = weekday.findall(f"{_q('WorkingTimes')}/{_q('WorkingTime')}")
    starts = [t for s in spans if (t := _text(s, "FromTime"))]
    ends = [t for s in spans if (t := _text(s, "ToTime"))]
    if not starts or not ends:
        return None
    start, end = starts[0][:5], ends[-1][:5]
    if end == "00:00":
        end = "24:00"  # a day worked to midnight
    return f"{start}-{end}" if end > start else None


def _days_off(calendar: Element, notes: Counter[str]) -> Iterator[tuple[date, str]]:
    """Non-working days of one calendar: exceptions and MSPDI 2003's dated weekdays."""
    periods: list[tuple[Element, Element]] = [
        (weekday, period)
        for weekday in calendar.iterfind(f"{_q('WeekDays')}/{_q('WeekDay')}")
        if _int(weekday, "DayType", -1) == 0
        and (period := weekday.find(_q("TimePeriod"))) is not None
    ]
    legacy = len(periods)
    periods += [
        (exception, period)
        for exception in calendar.iterfind(f"{_q('Exceptions')}/{_q('Exception')}")
        if (period := exception.find(_q("TimePeriod"))) is not None
    ]
    for number, (element, period) in enumerate(periods):
        # MS Project 2007+ also writes each exception's days as dated weekdays; when those
        # are there, what the repeats leave out is not lost, so it is not worth a warning.
        said = notes if number < legacy or not legacy else Counter[str]()
        first, last = _day(_text(period, "FromDate")), _day(_text(period, "ToDate"))
        if first is None or last is None or last < first:
            said["calendar exception(s) without readable dates were left out"] += 1
            continue
        if _text(element, "DayWorking") in ("1", "true"):
            # Extra working days (on a weekend): the workbench's calendars have no such notion.
            said["special working day(s) of the file's calendar were ignored"] += 1
            continue
        name = " ".join((_text(element, "Name") or "Holiday").split())[:120]
        yield from ((day, name) for day in _occurrences(element, first, last, said))


def _occurrences(element: Element, first: date, last: date, notes: Counter[str]) -> Iterator[date]:
    """The days an exception closes: a plain range, or a daily, weekly or yearly repeat."""
    kind = _int(element, "Type", 1)
    period = max(1, _int(element, "Period", 1))
    if kind == 2:  # every year on a day of a month (Month counts from 0)
        month, month_day = _int(element, "Month", -1) + 1, _int(element, "MonthDay", 0)
        for year in range(first.year, min(last.year, first.year + 100) + 1):
            try:
                found = date(year, month, month_day)
            except ValueError:
                continue
            if first <= found <= last:
                yield found
        return
    if kind not in (1, 6, 7):
        notes[
            "repeating calendar exception(s) (monthly, or on a weekday of a month) were "
            "not carried over"
        ] += 1
        return
    if (last - first).days >= MAX_RANGE_DAYS:
        notes[
            f"calendar exception(s) longer than {MAX_RANGE_DAYS} days were cut to their "
            f"first {MAX_RANGE_DAYS} days"
        ] += 1
        last = first + timedelta(days=MAX_RANGE_DAYS - 1)
    week_start = first - timedelta(days=first.isoweekday() % 7)  # MS Project weeks start Sunday
    bits = _int(element, "DaysOfWeek", 0)
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        if kind == 6:
            weekly = (day - week_start).days // 7 % period == 0
            if weekly and bits & _WEEKLY_BITS[day.weekday()]:
                yield day
        elif offset % period == 0:
            yield day
