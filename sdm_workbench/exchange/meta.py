"""The hidden ``_meta`` sheet: where a workbook came from, and each exported row's version.

Layout: a ``key | value`` table (format, schema version, export time, source), then a row
``rows``, then rows ``kind | stamps`` where *stamps* packs up to 200 exported rows as
``uid version fingerprint`` separated by ``;``. Packing keeps the sheet cheap to write (and
read) for a quarter of a million tickets.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .schema import FORMAT_VERSION

ROWS_MARKER = "rows"
SELECTION_KEY = "selection"


@dataclass(frozen=True)
class RowStamp:
    """A row as exported: its version then, and the fingerprint of its cells."""

    version: int
    fingerprint: str


@dataclass
class Meta:
    """What ``_meta`` records about an export."""

    format: int = FORMAT_VERSION
    schema_version: str = ""
    exported_at: str = ""
    source_file: str = ""
    source_id: str = ""
    selection: str = ""  # what part of the portfolio was exported, in words
    rows: dict[str, dict[str, RowStamp]] = field(default_factory=dict)  # kind -> uid -> stamp

    def stamp(self, kind_name: str, uid: str) -> RowStamp | None:
        return self.rows.get(kind_name, {}).get(uid)


def source_id(description: str) -> str:
    """A short stable id of the workbench a workbook came from (its file path or URL)."""
    return hashlib.sha256(description.encode()).hexdigest()[:16]


def header_rows(
    schema_version: str, source: str, name: str, now: datetime | None = None
) -> list[list[str]]:
    """The key/value rows at the top of ``_meta``: ``name`` is shown, ``source`` hashed."""
    when = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return [
        ["key", "value"],
        ["format", str(FORMAT_VERSION)],
        ["schema_version", schema_version],
        ["exported_at_utc", when.strftime("%Y-%m-%dT%H:%M:%SZ")],
        ["source_file", name],
        ["source_id", source_id(source)],
    ]


STAMPS_PER_CELL = 200


def stamp_text(uid: str, version: int, fingerprint: str) -> str:
    return f"{uid} {version} {fingerprint}"


def parse(rows: Iterable[list[Any]]) -> Meta:
    """Read ``_meta`` rows as a reader returns them; unknown keys and bad lines are skipped."""
    meta = Meta(format=0)
    in_rows = False
    for row in rows:
        first = str(row[0]).strip() if row and row[0] is not None else ""
        if not first:
            continue
        if not in_rows:
            value = str(row[1]).strip() if len(row) > 1 and row[1] is not None else ""
            if first == ROWS_MARKER:
                in_rows = True
            elif first == "format":
                meta.format = int(float(value)) if value.replace(".", "", 1).isdigit() else 0
            elif first == "schema_version":
                meta.schema_version = value
            elif first == "exported_at_utc":
                meta.exported_at = value
            elif first == "source_file":
                meta.source_file = value
            elif first == "source_id":
                meta.source_id = value
            elif first == SELECTION_KEY:
                meta.selection = value
            continue
        stamps = meta.rows.setdefault(first, {})
        packed = str(row[1]) if len(row) > 1 and row[1] is not None else ""
        for text in packed.split(";"):
            parts = text.split()
            if len(parts) == 3 and parts[1].isdigit():
                stamps[parts[0]] = RowStamp(int(parts[1]), parts[2])
    return meta
