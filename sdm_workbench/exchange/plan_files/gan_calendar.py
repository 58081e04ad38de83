"""GanttProject's dates and calendar: old files' day/month orders, working days, finish dates.

GanttProject stores a start and a duration in working days, never a finish: the finish is
worked out from the file's own calendar (weekend days, holidays), the way GanttProject draws it.
"""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from xml.etree.ElementTree import Element

from ...analytics.workdays import WorkingDays
from .model import PlanCalendar

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})")


def number(text: str | None) -> float | None:
    try:
        value = float((text or "").strip().replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class DateReader:
    """Reads ISO dates and, for old files, numeric day/month orders decided once per file."""

    def __init__(self, texts: list[str], locale: str) -> None:
        self.warnings: list[str] = []
        matches = [m for m in (_NUMERIC.fullmatch(t.strip()) for t in texts) if m]
        matches = [m for m in matches if len(m[1]) <= 2]  # year first is never ambiguous
        pairs = [(int(m[1]), int(m[3])) for m in matches]
        day_first = any(a > 12 for a, _ in pairs)
        month_first = any(b > 12 for _, b in pairs)
        self.conflict = day_first and month_first
        if not (day_first or month_first) and pairs:
            month_first = locale.lower().replace("-", "_") == "en_us"
            order = "month/day" if month_first else "day/month"
            self.warnings.append(
                f"Dates such as {matches[0][0]} could be day/month or month/day; they were read as "
                f"{order}{' (the file is in US English)' if month_first else ''}."
            )
        self.month_first = month_first and not self.conflict

    def read(self, text: str | None) -> date | None:
        """The date, or None when it cannot be read (the caller warns)."""
        text = (text or "").strip()
        try:
            if iso := _ISO.fullmatch(text):
                return date(int(iso[1]), int(iso[2]), int(iso[3]))
            found = _NUMERIC.fullmatch(text)
            if found is None:
                return None
            a, b, c = found[1], int(found[3]), found[4]
            if len(a) == 4:  # 2006/01/09: year first is never ambiguous
                return date(int(a), b, int(c))
            if self.conflict:
                return None
            year = int(c) + (0 if len(c) > 2 else 2000 if int(c) < 70 else 1900)
            month, day = (int(a), b) if self.month_first else (b, int(a))
            return date(year, month, day)
        except ValueError:
            return None


def calendar_of(
    root: Element, years: list[int], warnings: list[str]
) -> tuple[WorkingDays | None, str, PlanCalendar | None]:
    """The file's working days, a sentence saying how finish dates were worked out, and the
    calendar as the workbench will carry it (None when the file's week has no working day)."""
    calendars = root.find("calendars")
    if calendars is None:
        calendars = Element("calendars")
    week = calendars.find(".//default-week")
    # GanttProject marks weekend days with "1"; without a week, Saturday and Sunday are off.
    off = [
        (week.get(d, "0") if week is not None else str(int(d in ("sat", "sun")))) == "1"
        for d in _WEEKDAYS
    ]
    if any(e.get("value") == "true" for e in calendars.iter("only-show-weekends")):
        off = [False] * 7  # GanttProject then schedules work on weekend days too
    if all(off):
        return (
            None,
            "The file's calendar has no working day; finish dates count calendar days.",
            None,
        )
    entries = [e for e in calendars.findall("date") if e.get("type", "HOLIDAY") == "HOLIDAY"]
    if skipped := len(calendars.findall("date")) - len(entries):
        # Extra working days (on a weekend): WorkingDays has no such notion.
        warnings.append(f"{skipped} special working day(s) of the file's calendar were ignored.")
    if (base := calendars.get("base-id", "none")) != "none":
        warnings.append(f"The file's built-in holiday calendar '{base}' was not carried over.")
    holidays: dict[date, str] = {}
    for item in entries:
        # GanttProject keeps the holiday's name as the element's text (CDATA).
        name = " ".join((item.text or "").split())[:120] or "Holiday"
        try:
            month, day = int(item.get("month", "")), int(item.get("date", ""))
            every = [int(item.get("year", ""))] if item.get("year") else years
        except ValueError:
            continue  # a damaged entry
        for year in every:
            try:
                holidays.setdefault(date(year, month, day), name)
            except ValueError:
                continue  # a 29 February in a year without one
    days_off = [n for n, o in zip(_DAY_NAMES, off, strict=True) if o]
    weekend = f"{' and '.join(days_off)} off" if days_off else "no weekend"
    working = "".join("0" if o else "1" for o in off)
    carried = PlanCalendar(
        name=_calendar_name(calendars),
        working_days=working,
        # One-off days far from the plan (old files write year 1) would only clutter it.
        holidays=tuple(sorted(h for h in holidays.items() if not years or h[0].year in years)),
    )
    return (
        WorkingDays(working, set(holidays)),
        "Finish dates were worked out from start and duration in working days of the file's "
        f"calendar ({weekend}, {len(entries)} holiday(s)).",
        carried,
    )


def _calendar_name(calendars: Element) -> str:
    """The calendar's own name (3.x files name it), else a plain one."""
    for element in (calendars.find(".//calendar"), calendars.find(".//default-week")):
        if element is not None and (name := (element.get("name") or "").strip()):
            return name
    return "GanttProject calendar"


def years_touched(reader: DateReader, elements: list[tuple[Element, str | None]]) -> list[int]:
    """Years recurring holidays are laid over: every year a task can touch."""
    starts = [d for e, _ in elements if (d := reader.read(e.get("start"))) is not None]
    if not starts:
        return []
    longest = max((number(e.get("duration")) or 0.0 for e, _ in elements), default=0.0)
    return list(range(min(starts).year - 1, max(starts).year + 2 + int(longest) // 200))


def finish_of(
    calendar: WorkingDays | None, start: date | None, duration: float | None, milestone: bool
) -> date | None:
    """Last working day of a task (its start for a milestone); None without start or duration."""
    if start is None:
        return None
    if milestone:
        return start
    if duration is None:
        return None
    days = max(1, math.ceil(duration)) - 1
    return calendar.day_at(days, start) if calendar else start + timedelta(days=days)
