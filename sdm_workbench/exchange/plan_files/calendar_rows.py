"""A plan file's calendar as the rows the workbench stores: a business calendar, closed days."""

from __future__ import annotations

from typing import Any

from .model import PlanCalendar

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CALENDAR_NAME_LIMIT = 120  # business_calendars.name and calendar_closed_days.name


def calendar_values(calendar: PlanCalendar, project_name: str) -> dict[str, Any]:
    """The new business calendar: "<project> calendar", the file's hours on working days.

    The code is left empty so it is numbered like any other calendar (CAL-007).
    """
    suffix = " calendar"
    name = project_name[: CALENDAR_NAME_LIMIT - len(suffix)].rstrip() + suffix
    values: dict[str, Any] = {
        f"{day}_hours": calendar.hours if flag == "1" else ""
        for day, flag in zip(_WEEKDAYS, calendar.working_days, strict=True)
    }
    notes = f"Carried over from the plan file's calendar {calendar.name!r}."
    return {"code": None, "name": name, "notes": notes, **values}


def closed_day_values(calendar: PlanCalendar, calendar_id: int) -> list[dict[str, Any]]:
    """One closed day per holiday of the file (its name, when the file gives one)."""
    return [
        {"calendar_id": calendar_id, "day": day, "name": name[:CALENDAR_NAME_LIMIT] or None}
        for day, name in calendar.holidays
    ]
