"""A template mapping: for each sheet, its header row, target kind and each column's field
and reading (how its values are read: a scale, a date order...).

Detected automatically, corrected by the user in the mapping dialog, and saved by name as
JSON in the user's config folder (``<config>/template-mappings/NAME.json``), never in the
project. A saved mapping names columns by their header text, so it still fits when the
same template comes back with columns moved or rows added above the header.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from ...paths import user_paths
from ..errors import ExchangeError

FORMAT = 1
_NAME = re.compile(r"^[\w][\w .\-]{0,63}$")


@dataclass(frozen=True)
class ColumnMapping:
    """One source column: where it is, its header, the field it feeds and how to read it."""

    column: int  # 0-based position in the sheet
    header: str
    field: str | None  # None: ignored
    # How its values are read (readings.READINGS): a scale for probability/impact, "dmy"
    # or "mdy" for dates, "fraction"/"percent" for percent complete; None for the rest.
    reading: str | None = None
    score: float = 0.0  # how sure the matcher was (1.0 exact; not saved)


@dataclass(frozen=True)
class SheetMapping:
    """How one sheet imports; ``target`` None means the sheet is skipped (``reason`` says why)."""

    sheet: str
    header_row: int  # 0-based row index of the header
    target: str | None
    columns: tuple[ColumnMapping, ...] = ()
    raid_type: str | None = None  # default RAID type of the sheet's rows
    date_order: str = "dmy"
    reason: str = ""

    def column_of(self, key: str) -> ColumnMapping | None:
        return next((c for c in self.columns if c.field == key), None)

    def with_field(self, column: int, key: str | None, reading: str | None = None) -> SheetMapping:
        """This mapping with ``column`` feeding ``key`` read as ``reading`` (a field feeds
        one column only)."""
        columns = []
        for c in self.columns:
            if c.column == column:
                columns.append(replace(c, field=key, reading=reading, score=1.0))
            elif key is not None and c.field == key:
                columns.append(replace(c, field=None))
            else:
                columns.append(c)
        return replace(self, columns=tuple(columns))

    def with_reading(self, column: int, reading: str | None) -> SheetMapping:
        """This mapping with ``column``'s values read as ``reading``."""
        columns = tuple(
            replace(c, reading=reading) if c.column == column else c for c in self.columns
        )
        return replace(self, columns=columns)


@dataclass
class TemplateMapping:
    """The mapping of a whole workbook (one entry per sheet, skipped sheets included)."""

    sheets: list[SheetMapping] = field(default_factory=list)
    name: str = ""

    @property
    def importing(self) -> list[SheetMapping]:
        return [s for s in self.sheets if s.target is not None]

    def sheet(self, title: str) -> SheetMapping | None:
        return next((s for s in self.sheets if s.sheet == title), None)

    def describe(self) -> str:
        """The mapping as text (``--dry-run`` prints it)."""
        lines = [f"Mapping {self.name!r}:" if self.name else "Detected mapping:"]
        for s in self.sheets:
            if s.target is None:
                lines.append(f"  Sheet {s.sheet!r}: skipped ({s.reason})")
                continue
            kind = s.target + (f" ({s.raid_type})" if s.raid_type else "")
            lines.append(f"  Sheet {s.sheet!r}: header on row {s.header_row + 1}, rows are {kind}")
            for c in s.columns:
                target = c.field or "(ignored)"
                scale = f" [{c.reading}]" if c.field and c.reading else ""
                header = " ".join(c.header.split())
                lines.append(f"    {_letter(c.column)} {header!r} -> {target}{scale}")
        return "\n".join(lines)


def _letter(column: int) -> str:
    return str(get_column_letter(column + 1))


# --- saving and loading ------------------------------------------------------------------------
# The storage is shared with the saved ticket mappings (``exchange/ticket_mapping.py``): one
# folder of NAME.json files per sort of mapping, names checked, files replaced atomically.
def mapping_dir(folder: str = "template-mappings") -> Path:
    return user_paths().config_dir / folder


def _path(name: str, folder: str = "template-mappings") -> Path:
    if not _NAME.match(name.strip()):
        raise ExchangeError(
            f"{name!r} is not a usable mapping name (letters, digits, spaces, '.', '-', '_')."
        )
    return mapping_dir(folder) / f"{name.strip()}.json"


def saved_mappings(folder: str = "template-mappings") -> list[str]:
    found = mapping_dir(folder)
    return sorted(p.stem for p in found.glob("*.json")) if found.is_dir() else []


def write_saved(folder: str, name: str, payload: dict[str, Any]) -> Path:
    """Write ``payload`` as the mapping ``name`` of ``folder`` (replacing one of that name)."""
    path = _path(name, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"format": FORMAT, "name": name.strip(), **payload}, indent=2)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)  # never a half-written mapping
    return path


def read_saved(folder: str, name: str) -> dict[str, Any]:
    """The saved mapping ``name`` of ``folder`` as JSON; ExchangeError when missing or broken."""
    path = _path(name, folder)
    if not path.is_file():
        known = ", ".join(saved_mappings(folder)) or "none saved yet"
        raise ExchangeError(f"No saved mapping called {name!r} (saved: {known}).")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise TypeError("not a JSON object")
    except (ValueError, TypeError) as exc:
        raise damaged(name, exc) from exc
    return data


def damaged(name: str, exc: Exception) -> ExchangeError:
    return ExchangeError(f"The saved mapping {name!r} is damaged ({exc}); save it again.")


def save_mapping(mapping: TemplateMapping, name: str) -> Path:
    """Write ``mapping`` as ``name`` (replacing one of that name); the file written."""
    sheets = []
    for s in mapping.sheets:
        data = asdict(s)
        data["columns"] = [
            {"header": c.header, "field": c.field, "reading": c.reading} for c in s.columns
        ]
        sheets.append(data)
    path = write_saved("template-mappings", name, {"sheets": sheets})
    mapping.name = name.strip()
    return path


def load_mapping(name: str) -> TemplateMapping:
    """The saved mapping ``name``; ExchangeError when there is none or it is damaged."""
    data = read_saved("template-mappings", name)
    try:
        sheets = [
            SheetMapping(
                sheet=str(s["sheet"]),
                header_row=int(s["header_row"]),
                target=s.get("target"),
                columns=tuple(
                    # "scale": what mappings saved before dates had a reading called it
                    ColumnMapping(
                        -1, str(c["header"]), c.get("field"), c.get("reading", c.get("scale"))
                    )
                    for c in s.get("columns", [])
                ),
                raid_type=s.get("raid_type"),
                date_order=str(s.get("date_order", "dmy")),
                reason=str(s.get("reason", "")),
            )
            for s in data["sheets"]
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise damaged(name, exc) from exc
    return TemplateMapping(sheets, str(data.get("name", name)))
