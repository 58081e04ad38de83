"""Validation of one row, in one place: forms, workbook imports and the CLI show these messages.

Checks that need the database (unique codes, references, dependency cycles) live in
``operations.checks``; everything here looks at the row alone.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column

from .coerce import CoercionError, coerce_value
from .errors import DomainError, Problem
from .kinds import kind
from .labels import column_label

SYSTEM_COLUMNS = frozenset({"id", "uid", "version"})

# Inclusive ranges, by column name wherever it appears.
RANGES: dict[str, tuple[float, float]] = {
    "probability": (1, 5),
    "impact": (1, 5),
    "residual_probability": (1, 5),
    "residual_impact": (1, 5),
    "priority": (1, 5),
    "severity": (1, 4),
    "percent_complete": (0, 100),
    "attainment_target": (0, 100),
    "csat": (1, 5),
    "nps": (0, 10),
    "ces": (1, 7),
    **{
        f"{side}_{dim}": (1, 7)
        for side in ("exp", "perc")
        for dim in ("reliability", "assurance", "tangibles", "empathy", "responsiveness")
    },
}

NOT_NEGATIVE = frozenset(
    {
        "budget_at_completion",
        "planned",
        "actual",
        "forecast",
        "cost_impact",
        "target",
        "reassignment_count",
        "reopen_count",
        "duration_days",
    }
)

# (earlier, later) pairs: the later one may not come before the earlier one.
ORDERED_PAIRS: tuple[tuple[str, str], ...] = (
    ("start_date", "finish_date"),
    ("start_date", "end_date"),
    ("baseline_start", "baseline_finish"),
    ("opened_at", "first_response_at"),
    ("opened_at", "resolved_at"),
    ("opened_at", "closed_at"),
    ("start_at", "end_at"),
    ("committed_at", "deployed_at"),
    ("deployed_at", "restored_at"),
    ("period_start", "period_end"),
)

NOT_BLANK = frozenset({"name", "title", "code", "key", "text", "external_id", "unit"})


def fmt(value: Any) -> str:
    """A value as a manager reads it in a message: ``3 Mar 2026``, ``3 Mar 2026 14:05``."""
    if isinstance(value, datetime):
        return f"{value.day} {value:%b %Y %H:%M}"
    if isinstance(value, date):
        return f"{value.day} {value:%b %Y}"
    return str(value)


def _hours_problem(text: str) -> str | None:
    """None when ``text`` is valid working hours such as ``08:00-12:00,13:00-17:00``."""
    if not text.strip():
        return None
    last_end = -1
    for part in text.split(","):
        try:
            start_text, end_text = part.strip().split("-")
            start = _minutes(start_text)
            end = _minutes(end_text)
        except ValueError:
            return f"{part.strip()!r} is not a span like 08:00-17:00"
        if end <= start:
            return f"{part.strip()} ends before it starts"
        if start < last_end:
            return f"{part.strip()} overlaps the span before it"
        last_end = end
    return None


def _minutes(text: str) -> int:
    hours, minutes = text.strip().split(":")
    value = int(hours) * 60 + int(minutes)
    if not 0 <= value <= 24 * 60 or not 0 <= int(minutes) < 60:
        raise ValueError(text)
    return value


def _one_of(row: Mapping[str, Any], columns: tuple[str, ...]) -> int:
    return sum(1 for c in columns if row.get(c) is not None)


RowRule = Callable[[Mapping[str, Any]], list[Problem]]


def _exactly_one(columns: tuple[str, ...], message: str) -> RowRule:
    def rule(row: Mapping[str, Any]) -> list[Problem]:
        return [] if _one_of(row, columns) == 1 else [Problem(columns[0], message)]

    return rule


def _at_most_one(columns: tuple[str, ...], message: str) -> RowRule:
    def rule(row: Mapping[str, Any]) -> list[Problem]:
        return [] if _one_of(row, columns) <= 1 else [Problem(columns[0], message)]

    return rule


def _milestone(row: Mapping[str, Any]) -> list[Problem]:
    if row.get("is_milestone") and row.get("duration_days") not in (0, None):
        return [Problem("duration_days", "A milestone has no duration: set it to 0 days.")]
    return []


def _calendar(row: Mapping[str, Any]) -> list[Problem]:
    problems = []
    zone = row.get("timezone")
    if zone:
        try:
            zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            problems.append(
                Problem("timezone", f"{zone!r} is not a time zone (use e.g. Europe/Berlin).")
            )
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        column = f"{day}_hours"
        issue = _hours_problem(row.get(column) or "")
        if issue:
            problems.append(Problem(column, f"{column_label(column)}: {issue}."))
    return problems


def _currency(row: Mapping[str, Any]) -> list[Problem]:
    code = row.get("currency")
    if code is not None and not (len(code) == 3 and code.isalpha() and code.isupper()):
        return [Problem("currency", f"Currency {code!r} must be a three-letter code such as EUR.")]
    return []


def _risk_scores(row: Mapping[str, Any]) -> list[Problem]:
    pairs = (("probability", "impact"), ("residual_probability", "residual_impact"))
    return [
        Problem(
            b if row.get(a) is not None else a,
            f"Give both {column_label(a).lower()} and {column_label(b).lower()}, or neither.",
        )
        for a, b in pairs
        if (row.get(a) is None) != (row.get(b) is None)
    ]


KIND_RULES: dict[str, tuple[RowRule, ...]] = {
    "task": (_milestone,),
    "calendar": (_calendar,),
    "budget_line": (
        _exactly_one(
            ("project_id", "service_id"), "A budget line belongs to one project or one service."
        ),
        _currency,
    ),
    "raci": (
        _exactly_one(("person_id", "team_id"), "A RACI entry names one person or one team."),
        _exactly_one(
            ("service_id", "project_id", "task_id"),
            "A RACI entry is for one service, project or task.",
        ),
    ),
    "review_scope": (
        _exactly_one(
            ("service_id", "project_id", "customer_id"),
            "A review scope item is one service, project or customer.",
        ),
    ),
    "measurement": (
        _at_most_one(
            ("service_id", "project_id"), "A measurement is for a service or a project, not both."
        ),
    ),
    "raid_item": (_risk_scores,),
}


def required_columns(kind_name: str) -> list[str]:
    """Columns a new row must be given (no default, not nullable)."""
    table = kind(kind_name).table
    return [
        c.name
        for c in table.columns
        if c.name not in SYSTEM_COLUMNS and not c.nullable and c.default is None
    ]


def coerce_row(kind_name: str, values: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Typed values for the known columns of ``values``; unknown columns are problems too."""
    table = kind(kind_name).table
    clean: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, value in values.items():
        column: Column[Any] | None = table.columns.get(name)
        if column is None:
            problems.append(Problem(name, f"{kind(kind_name).plural} have no field {name!r}."))
            continue
        try:
            clean[name] = coerce_value(column, value)
        except CoercionError as exc:
            problems.append(Problem(name, str(exc)))
    if isinstance(clean.get("currency"), str):
        clean["currency"] = clean["currency"].upper()
    if "month" in clean and isinstance(clean["month"], date):
        clean["month"] = clean["month"].replace(day=1)  # a budget month is its first day
    return clean, problems


def row_problems(kind_name: str, row: Mapping[str, Any], *, new: bool) -> list[Problem]:
    """Everything wrong with a whole row (already coerced), in field order."""
    problems: list[Problem] = []
    table = kind(kind_name).table
    required = required_columns(kind_name) if new else []
    # An edit may not empty a column the database requires, default or not.
    required += [
        c.name for c in table.columns
        if not c.nullable and c.name not in SYSTEM_COLUMNS and c.name not in required
        and c.name in row and row[c.name] is None
    ]  # fmt: skip
    problems += [Problem(c, f"{column_label(c)} is required.") for c in required
                 if row.get(c) is None]  # fmt: skip
    for name in NOT_BLANK:
        if name in table.columns and name in row and not table.columns[name].nullable:
            value = row[name]
            if value is not None and not str(value).strip():
                problems.append(Problem(name, f"{column_label(name)} may not be empty."))
    for name, (low, high) in RANGES.items():
        value = row.get(name)
        if name in table.columns and value is not None and not low <= value <= high:
            problems.append(
                Problem(
                    name,
                    f"{column_label(name)} must be between {low:g} and {high:g}, not {value:g}.",
                )
            )
    for name in NOT_NEGATIVE:
        value = row.get(name)
        if name in table.columns and value is not None and value < 0:
            problems.append(Problem(name, f"{column_label(name)} may not be negative."))
    for earlier, later in ORDERED_PAIRS:
        first, second = row.get(earlier), row.get(later)
        if earlier not in table.columns or later not in table.columns:
            continue
        if isinstance(first, date) and isinstance(second, type(first)) and second < first:
            problems.append(
                Problem(
                    later,
                    f"{column_label(later)} ({fmt(second)}) is before "
                    f"{column_label(earlier).lower()} ({fmt(first)}).",
                )
            )
    for rule in KIND_RULES.get(kind_name, ()):
        problems += rule(row)
    return problems


def validate(
    kind_name: str, values: Mapping[str, Any], existing: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Coerce and check ``values`` (a new row, or changes to ``existing``); raise DomainError."""
    clean, problems = coerce_row(kind_name, values)
    bad_system = SYSTEM_COLUMNS.intersection(values) - ({"uid"} if existing is None else set())
    problems += [Problem(c, f"{column_label(c)} cannot be edited.") for c in sorted(bad_system)]
    if problems:
        raise DomainError(problems)
    merged = {**(existing or {}), **clean}
    problems = row_problems(kind_name, merged, new=existing is None)
    if problems:
        raise DomainError(problems)
    return clean
