"""The Timeline sheet: each project's plan drawn as coloured cells, one column per week.

A project row shows the project's span, its tasks follow in outline order, indented. Done
work is dark, remaining work light, a milestone is a diamond, a late task (finish passed,
not complete) is red. Big portfolios show their upper outline levels only, so the sheet
stays a few thousand rows that a spreadsheet scrolls easily; the Tasks sheet has them all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy.orm import Session

from ..operations.plan import wbs_order
from ..store.repository import RowSnapshot, iter_rows, list_rows
from . import styles
from .sheet_xml import BLANK, XmlRows, style_id

TIMELINE_SHEET = "Timeline"
MAX_ROWS = 3000  # deeper outline levels are left out beyond this many rows
MAX_WEEKS = 104  # two years of weekly columns at most
WEEKS_BEFORE_TODAY = 26  # where a long portfolio's window starts
FIXED = ("Project", "Task", "Start", "Finish", "% complete")
DONE = PatternFill("solid", fgColor="3B6FB6")
TODO = PatternFill("solid", fgColor="A9C4EB")
SUMMARY = PatternFill("solid", fgColor="5F6B7A")
LATE = PatternFill("solid", fgColor="D9534F")
TODAY_FILL = PatternFill("solid", fgColor="FFE09A")
MILESTONE = "\u25c6"
INDENT = "    "


@dataclass(frozen=True)
class Bar:
    project: str
    name: str
    level: int
    start: date
    finish: date
    percent: float
    milestone: bool
    summary: bool


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _levels(tasks: list[RowSnapshot]) -> dict[int, int]:
    level: dict[int, int] = {}
    for task in tasks:  # parents come first in outline order
        parent = task["parent_id"]
        level[task.id] = level.get(parent, 0) + 1 if parent is not None else 1
    return level


def read_bars(session: Session, projects: Collection[int] | None = None) -> list[Bar]:
    """Projects (all, or those of ``projects``) and their tasks in outline order, cut to the
    deepest level that fits."""
    by_project: dict[int, list[RowSnapshot]] = defaultdict(list)
    for task in iter_rows(session, "task"):
        by_project[task["project_id"]].append(task)
    plans = []
    for project in list_rows(session, "project", order_by="code"):
        if projects is not None and project.id not in projects:
            continue
        tasks = wbs_order(by_project.get(project.id, []))
        plans.append((project, tasks, _levels(tasks)))
    depth = max((max(levels.values(), default=0) for *_, levels in plans), default=0)
    while depth > 1:
        rows = sum(1 + sum(1 for v in levels.values() if v <= depth) for *_, levels in plans)
        if rows <= MAX_ROWS:
            break
        depth -= 1
    bars: list[Bar] = []
    for project, tasks, levels in plans:
        parents = {t["parent_id"] for t in tasks}
        starts = [t["start_date"] for t in tasks] + [project["start_date"]]
        finishes = [t["finish_date"] for t in tasks] + [project["finish_date"]]
        known_starts = [d for d in starts if d is not None]
        known_finishes = [d for d in finishes if d is not None]
        if known_starts and known_finishes:
            code = str(project["code"])
            bars.append(
                Bar(code, str(project["name"]), 0, min(known_starts), max(known_finishes),
                    _project_percent(tasks, parents), False, True)
            )  # fmt: skip
        for task in tasks:
            if levels[task.id] > depth:
                continue
            bars.append(
                Bar(
                    str(project["code"]),
                    str(task["name"]),
                    levels[task.id],
                    task["start_date"],
                    task["finish_date"],
                    float(task["percent_complete"] or 0.0),
                    bool(task["is_milestone"]),
                    task.id in parents,
                )
            )
    return bars


def _project_percent(tasks: list[RowSnapshot], parents: set[Any]) -> float:
    """Duration-weighted % complete of the leaf tasks (the README's convention)."""
    leaves = [t for t in tasks if t.id not in parents and not t["is_milestone"]]
    weight = sum(max(int(t["duration_days"] or 0), 1) for t in leaves)
    if not weight:
        return 0.0
    done = sum(max(int(t["duration_days"] or 0), 1) * float(t["percent_complete"]) for t in leaves)
    return round(done / weight, 1)


def week_window(bars: list[Bar], today: date) -> list[date]:
    """Mondays from the first start to the last finish, at most two years of them."""
    if not bars:
        return []
    first, last = _monday(min(b.start for b in bars)), _monday(max(b.finish for b in bars))
    weeks = (last - first).days // 7 + 1
    if weeks > MAX_WEEKS:
        first = max(first, _monday(today) - timedelta(weeks=WEEKS_BEFORE_TODAY))
        weeks = min(MAX_WEEKS, (last - first).days // 7 + 1)
    return [first + timedelta(weeks=k) for k in range(max(weeks, 1))]


def _fill_for(bar: Bar, week: date, today: date) -> PatternFill:
    if bar.summary:
        return SUMMARY
    if bar.finish < today and bar.percent < 100:
        return LATE
    span = (bar.finish - bar.start).days + 1
    done_until = bar.start + timedelta(days=span * bar.percent / 100.0)
    return DONE if week + timedelta(days=6) < done_until or bar.percent >= 100 else TODO


def write_timeline(ws: WriteOnlyWorksheet, bars: list[Bar], today: date) -> int:
    """Write the sheet (write-only: widths and panes first); returns the bars written."""
    weeks = week_window(bars, today)
    ws.freeze_panes = "F2"
    widths = (12, 44, 11, 11, 10)
    for k, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(k)].width = width
    for k in range(len(weeks)):
        ws.column_dimensions[get_column_letter(len(FIXED) + 1 + k)].width = 3.2
    rows = XmlRows(ws, len(FIXED) + len(weeks))
    small = Font(size=8)
    vertical = Alignment(text_rotation=90, horizontal="center")
    heading = style_id(ws, font=styles.HEADER_FONT, fill=styles.HEADER_FILL)
    this_week = _monday(today)
    week_styles = [
        style_id(
            ws, number_format="dd mmm yy", font=small, alignment=vertical,
            fill=TODAY_FILL if week == this_week else styles.HEADER_FILL,
        )
        for week in weeks
    ]  # fmt: skip
    rows.append([*FIXED, *weeks], [heading] * len(FIXED) + week_styles)
    bold, day, percent = (
        style_id(ws, font=styles.BOLD),
        style_id(ws, number_format="dd mmm yyyy"),
        style_id(ws, number_format="0%"),
    )
    diamond = style_id(ws, alignment=styles.CENTER)
    # fills are compared by identity: _fill_for returns one of these four
    fills = {id(f): style_id(ws, fill=f) for f in (DONE, TODO, SUMMARY, LATE)}
    for bar in bars:
        values: list[Any] = [
            bar.project, INDENT * bar.level + bar.name, bar.start, bar.finish, bar.percent / 100.0
        ]  # fmt: skip
        looks = [bold if bar.level == 0 else 0, bold if bar.summary else 0, day, day, percent]
        for week in weeks:
            end = week + timedelta(days=6)
            if bar.milestone and week <= bar.finish <= end:
                values.append(MILESTONE)
                looks.append(diamond)
            elif not bar.milestone and bar.start <= end and bar.finish >= week:
                values.append(BLANK)
                looks.append(fills[id(_fill_for(bar, week, today))])
            else:
                values.append(None)
                looks.append(0)
        rows.append(values, looks)
    return len(bars)
