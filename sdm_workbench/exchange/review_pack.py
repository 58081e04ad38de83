"""The review pack's workbook: Summary, Changes, Actions, Decisions and RAID sheets.

Each sheet has a bold, frozen header row with an autofilter; dates are real dates; text
people typed is always written as text (never taken for a formula); RAG and risk scores are
coloured as in the stakeholder workbook (:mod:`.styles`). The file is written under a
temporary name beside the target and renamed into place.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..analytics.review_history import ReviewData
from ..analytics.review_model import Snapshot
from . import styles
from .export import save_atomically

DATE_FORMAT = "yyyy-mm-dd"
SHEETS = ("Summary", "Changes", "Actions", "Decisions", "RAID")


def pack_name(review: ReviewData, suffix: str) -> str:
    """``REV-008-review-pack.xlsx`` (or ``.pdf``): the pack's file names."""
    return f"{review.code}-review-pack{suffix}"


def _subjects(snapshot: Snapshot | None) -> tuple[dict[int, str], dict[int, str]]:
    if snapshot is None:
        return {}, {}
    return ({s.id: s.label for s in snapshot.services}, {p.id: p.label for p in snapshot.projects})


def _subject(
    snapshot: Snapshot | None, service_id: int | None, project_id: int | None
) -> str | None:
    services, projects = _subjects(snapshot)
    if service_id is not None:
        return services.get(service_id)
    return None if project_id is None else projects.get(project_id)


def _table(
    ws: Worksheet,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[int],
    first: int = 1,
) -> None:
    """A header row at ``first`` (bold, frozen, filtered) and the rows below it."""
    for column, (title, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(first, column, title)
        cell.font, cell.fill = styles.HEADER_FONT, styles.HEADER_FILL
        ws.column_dimensions[get_column_letter(column)].width = width
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            cell = ws.cell(first + offset, column, value)
            if isinstance(value, str):
                cell.data_type = "s"  # "=SUM(...)" typed in a meeting stays text
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
    ws.freeze_panes = ws.cell(first + 1, 1)
    last = get_column_letter(len(headers))
    ws.auto_filter.ref = f"A{first}:{last}{first + max(1, len(rows))}"


def _colour_rag(ws: Worksheet, column: int, first: int) -> None:
    for (cell,) in ws.iter_rows(min_row=first + 1, min_col=column, max_col=column):
        fill = styles.RAG_FILLS.get(str(cell.value))
        if fill is not None:
            cell.fill = fill


def _summary(ws: Worksheet, review: ReviewData) -> None:
    snap = review.snapshot
    info: list[tuple[str, Any]] = [
        ("Review", f"{review.code} {review.title}"),
        ("Held on", review.held_on),
        ("Status", review.status),
        ("Previous review", review.previous_code or "none"),
        ("Snapshot period", snap.period if snap else "no snapshot"),
    ]
    for row, (label, value) in enumerate(info, start=1):
        ws.cell(row, 1, label).font = styles.BOLD
        cell = ws.cell(row, 2, value)
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
        elif isinstance(value, str):
            cell.data_type = "s"
    first = len(info) + 2
    rows: list[list[Any]] = []
    for svc in snap.services if snap else ():
        mine = [c for c in review.changes if c.service_id == svc.id]
        risks = [r for r in snap.raid_of(service_id=svc.id) if r.is_open]  # type: ignore[union-attr]
        rows.append(
            [
                "Service",
                svc.code,
                svc.name,
                svc.rag,
                svc.sla_attainment,
                None,
                None,
                None,
                None,
                len(mine),
                len(risks),
                len(svc.breaches),
            ]
        )
    for prj in snap.projects if snap else ():
        mine = [c for c in review.changes if c.project_id == prj.id]
        risks = [r for r in snap.raid_of(project_id=prj.id) if r.is_open]  # type: ignore[union-attr]
        rows.append(
            [
                "Project",
                prj.code,
                prj.name,
                prj.rag,
                None,
                prj.percent_complete,
                prj.evm.cpi,
                prj.evm.spi,
                prj.budget.variance_percent,
                len(mine),
                len(risks),
                None,
            ]
        )
    headers = (
        "Kind",
        "Code",
        "Name",
        "RAG",
        "SLA attainment %",
        "% complete",
        "CPI",
        "SPI",
        "Budget variance %",
        "Changes",
        "Open RAID items",
        "SLA breaches",
    )
    _table(ws, headers, rows, (10, 12, 36, 9, 16, 12, 8, 8, 18, 10, 16, 13), first)
    _colour_rag(ws, 4, first)
    for row in ws.iter_rows(min_row=first + 1, min_col=5, max_col=9):
        for cell in row:
            cell.number_format = "0.00"


def write_review_xlsx(review: ReviewData, target: Path) -> Path:
    """Write the review pack's workbook to ``target``; returns it."""
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = SHEETS[0]
    _summary(summary, review)
    snap = review.snapshot
    _table(
        book.create_sheet("Changes"),
        ("Subject", "Kind", "What", "Before", "After", "Direction", "Change"),
        [
            [
                _subject(snap, c.service_id, c.project_id),
                c.kind.value,
                c.subject,
                c.before,
                c.after,
                c.direction.value,
                c.sentence,
            ]
            for c in review.changes
        ],
        (34, 12, 34, 18, 18, 10, 90),
    )
    as_of = snap.as_of if snap else review.held_on
    _table(
        book.create_sheet("Actions"),
        ("Code", "Action", "Owner", "Due", "Status", "Overdue", "Subject"),
        [
            [
                a.code,
                a.title,
                a.owner,
                a.due_date,
                a.status,
                "yes" if a.overdue(as_of) else "no",
                _subject(snap, a.service_id, a.project_id),
            ]
            for a in review.open_actions
        ],
        (11, 60, 22, 12, 12, 9, 34),
    )
    _table(
        book.create_sheet("Decisions"),
        ("Date", "Decision", "Made by", "RAID item", "Subject"),
        [
            [
                d.decided_on,
                d.text,
                d.made_by,
                d.raid_item,
                _subject(snap, d.service_id, d.project_id) or d.subject,
            ]
            for d in review.decisions
        ],
        (12, 80, 22, 12, 34),
    )
    raid = book.create_sheet("RAID")
    _table(
        raid,
        ("Code", "Type", "Title", "Status", "Score", "Band", "Residual score", "Owner", "Subject"),
        [
            [
                r.code,
                r.type,
                r.title,
                r.status,
                r.score,
                r.band,
                r.residual_score,
                r.owner,
                _subject(snap, r.service_id, r.project_id),
            ]
            for r in (snap.raid if snap else ())
        ],
        (11, 12, 60, 12, 8, 9, 14, 22, 34),
    )
    for (cell,) in raid.iter_rows(min_row=2, min_col=5, max_col=5):
        if isinstance(cell.value, int):
            cell.fill = styles.band_fill(cell.value)
    save_atomically(book, target)
    return target
