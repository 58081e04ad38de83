"""Saved column mappings for ticket exports: our field -> the header of the file's column.

A helpdesk whose export names its columns its own way ("Ticket ID", "Logged on") is mapped
once in the preview (or with ``import-tickets --save-mapping NAME``) and read with that
mapping next time (``--mapping NAME``). Mappings live in the user's config folder
(``<config>/ticket-mappings/NAME.json``), in the same storage as the template mappings.
Headers are kept as text, so a mapping still fits when the columns move.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ExchangeError
from .flat_files import ORDERS
from .templates.mapping import damaged, read_saved, saved_mappings, write_saved
from .ticket_rows import FIELDS

FOLDER = "ticket-mappings"


@dataclass
class TicketMapping:
    """``columns``: field -> header ("" leaves the field unread); ``dates``: 'dmy'/'mdy'/None."""

    columns: dict[str, str] = field(default_factory=dict)
    dates: str | None = None
    name: str = ""


def saved_ticket_mappings() -> list[str]:
    """The names of the saved ticket mappings, sorted."""
    return saved_mappings(FOLDER)


def save_ticket_mapping(mapping: TicketMapping, name: str) -> Path:
    """Write ``mapping`` as ``name`` (replacing one of that name); the file written."""
    unknown = [f for f in mapping.columns if f not in FIELDS]
    if unknown:
        raise ExchangeError(f"Tickets have no field {unknown[0]!r}.")
    path = write_saved(FOLDER, name, {"columns": dict(mapping.columns), "dates": mapping.dates})
    mapping.name = name.strip()
    return path


def load_ticket_mapping(name: str) -> TicketMapping:
    """The saved ticket mapping ``name``; ExchangeError when there is none or it is damaged."""
    data = read_saved(FOLDER, name)
    try:
        columns = {str(f): str(h or "") for f, h in dict(data["columns"]).items()}
        dates = data.get("dates")
        if dates is not None and dates not in ORDERS:
            raise ValueError(f"dates {dates!r}")
    except (ValueError, KeyError, TypeError) as exc:
        raise damaged(name, exc) from exc
    return TicketMapping({f: h for f, h in columns.items() if f in FIELDS}, dates, name.strip())


def full_mapping(columns: Mapping[str, str], dates: str | None = None) -> TicketMapping:
    """Every field with its header, "" for the fields the file does not give (kept unread)."""
    return TicketMapping({f: str(columns.get(f, "")) for f in FIELDS}, dates)


def column_option(text: str) -> tuple[str, str]:
    """``FIELD=HEADER`` (``--column``) as (field, header); ExchangeError for an unknown field."""
    target, sep, header = text.partition("=")
    target = target.strip()
    if not sep or target not in FIELDS:
        known = ", ".join(FIELDS)
        raise ExchangeError(f"--column {text!r}: say FIELD=HEADER with a field among {known}.")
    return target, header.strip()
