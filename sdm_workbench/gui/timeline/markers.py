"""Review dates shown on the timeline: RAID items of the projects, SLAs of their services.

Read as whole columns (one query per kind, not one per project), so a portfolio of
hundreds of projects costs the same two queries as a single project.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from ...store.repository import RowSnapshot, read_columns
from .data import Marker


def _day(value: object) -> int | None:
    if isinstance(value, date):
        return value.toordinal()
    if isinstance(value, str) and value:
        return date.fromisoformat(value[:10]).toordinal()
    return None


def load_markers(session: Session, projects: Sequence[RowSnapshot]) -> list[Marker]:
    """Review dates of the RAID items of ``projects`` and of the SLAs of their services."""
    project_ids = {p.id for p in projects}
    service_ids = {p["service_id"] for p in projects if p.get("service_id") is not None}
    found: list[Marker] = []
    raid = read_columns(session, "raid_item", ["project_id", "review_date", "code", "title"])
    for pid, when, code, title in zip(
        raid["project_id"], raid["review_date"], raid["code"], raid["title"], strict=True
    ):
        day = _day(when)
        if pid in project_ids and day is not None:
            found.append(Marker(day, "raid", f"RAID review {code} {title}"))
    if service_ids:
        slas = read_columns(session, "sla", ["service_id", "review_date", "code", "name"])
        for sid, when, code, name in zip(
            slas["service_id"], slas["review_date"], slas["code"], slas["name"], strict=True
        ):
            day = _day(when)
            if sid in service_ids and day is not None:
                found.append(Marker(day, "sla", f"SLA review {code} {name}"))
    return found
