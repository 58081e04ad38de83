"""Tab-separated text, as Excel and LibreOffice put cells on the clipboard and read them back.

Cells holding tabs, line breaks or quotes are quoted the way Excel quotes them, so a
multi-line note survives a round trip.
"""

from __future__ import annotations

import csv
import io


def to_tsv(rows: list[list[str]]) -> str:
    """Rows of cell texts as clipboard text (one line per row, ending with a line break)."""
    out = io.StringIO()
    writer = csv.writer(out, dialect="excel-tab", lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue()


def parse_tsv(text: str) -> list[list[str | None]]:
    """A pasted block as rows of equal length; None where a short row has no cell."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text:
        return []
    if '"' not in text:  # the common case, and immune to stray quote characters
        rows: list[list[str]] = [line.split("\t") for line in text.split("\n")]
    else:
        rows = list(csv.reader(io.StringIO(text), dialect="excel-tab"))
    width = max((len(r) for r in rows), default=0)
    return [[*r, *([None] * (width - len(r)))] for r in rows]
