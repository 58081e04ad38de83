"""LibreOffice opens our export headless and reads the same values we wrote.

Debian's ``libreoffice-calc-nogui`` converts the workbook to one CSV per sheet (filter
option 12 = -1, LibreOffice 7.2+); the Services, Risks and Tasks sheets are compared cell
by cell with what our own reader gets from the file. Skipped only when ``soffice`` is
missing and ``SDM_REQUIRE_LIBREOFFICE`` is unset (``.ci/run`` sets it, so CI never skips).
"""

from __future__ import annotations

import csv
import math
import os
import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from sdm_workbench.exchange.reader import WorkbookReader

SHEETS = ("Services", "Risks", "Tasks")
# Field separator, text delimiter, UTF-8, from line 1, ..., every sheet to its own file.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
_PERCENT = re.compile(r"^-?\d+(\.\d+)?%$")


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("SDM_REQUIRE_LIBREOFFICE"):
            pytest.fail("SDM_REQUIRE_LIBREOFFICE is set but soffice is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def _convert(soffice: str, workbook: Path, folder: Path) -> dict[str, Path]:
    """Every sheet of ``workbook`` as CSV, by sheet title; a throwaway HOME and profile."""
    home = folder / "home"
    home.mkdir()
    out = folder / "csv"
    command = [
        soffice,
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        CSV_FILTER,
        "--outdir",
        str(out),
        str(workbook),
    ]
    env = {**os.environ, "HOME": str(home)}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    prefix = workbook.stem + "-"
    return {p.stem.removeprefix(prefix): p for p in out.glob("*.csv")}


def _theirs(text: str) -> Any:
    """A CSV cell as LibreOffice wrote it, as a value."""
    if text == "":
        return None
    if text in ("TRUE", "FALSE"):
        return text == "TRUE"
    if _PERCENT.match(text):
        return float(text[:-1]) / 100.0
    for pattern, kind in (("%Y-%m-%d %H:%M:%S", datetime), ("%Y-%m-%d", date)):
        try:
            parsed = datetime.strptime(text, pattern)
        except ValueError:
            continue
        return parsed if kind is datetime else parsed.date()
    try:
        return float(text)
    except ValueError:
        return text


def _ours(value: Any) -> Any:
    if value == "" or value is None:
        return None
    if isinstance(value, bool | date):
        return value
    if isinstance(value, int | float):
        return float(value)
    return str(value)


def _same(ours: Any, theirs: Any) -> bool:
    if isinstance(ours, float) and isinstance(theirs, float):
        # percentages are written as shown ("37.5%"): compare to a tenth of a percent
        return math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=5e-4)
    if isinstance(ours, datetime) and isinstance(theirs, datetime):
        return abs((ours - theirs).total_seconds()) < 1
    return bool(ours == theirs)


def test_libreoffice_reads_our_values(small_xlsx: Path, tmp_path: Path) -> None:
    soffice = _soffice()
    converted = _convert(soffice, small_xlsx, tmp_path)
    reader = WorkbookReader(small_xlsx)
    try:
        for title in SHEETS:
            assert title in converted, f"LibreOffice wrote no {title} sheet"
            with converted[title].open(encoding="utf-8", newline="") as handle:
                theirs = list(csv.reader(handle))
            ours = [r for r in reader.rows(title) if any(v not in ("", None) for v in r)]
            assert len(theirs) == len(ours) > 1, title
            for number, (mine, read) in enumerate(zip(ours, theirs, strict=True), start=1):
                width = max(len(mine), len(read))
                mine_values = [_ours(v) for v in mine] + [None] * (width - len(mine))
                read_values = [_theirs(v) for v in read] + [None] * (width - len(read))
                for column, (a, b) in enumerate(zip(mine_values, read_values, strict=True)):
                    assert _same(a, b), f"{title} row {number} column {column + 1}: {a!r} != {b!r}"
    finally:
        reader.close()
