"""Read a workbook's sheets as plain rows with python-calamine (fast, values only).

Cells come back as Python values: text, float (also for whole numbers), bool, date,
datetime; an empty cell is ``""``. Rows start at A1, so positions map to cell addresses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook, SheetVisibleEnum

from .archive import check_workbook_file
from .errors import ExchangeError

HEADER_SEARCH_ROWS = 10
_WHAT = {
    "XmlError": "part of it is damaged",
    "ZipError": "its zip archive is damaged",
    "PasswordError": "it is protected with a password",
}


@dataclass(frozen=True)
class SheetInfo:
    title: str
    visible: bool


class WorkbookReader:
    """An opened workbook: its sheet list, and each sheet's rows on demand."""

    def __init__(self, path: str | Path) -> None:
        self.path = check_workbook_file(path)
        try:
            self._book = CalamineWorkbook.from_path(str(self.path))
            self.sheets = [
                SheetInfo(m.name, m.visible == SheetVisibleEnum.Visible)
                for m in self._book.sheets_metadata
            ]
        except Exception as exc:  # calamine raises several kinds; all mean "unreadable"
            raise self._unreadable(exc) from exc

    def _unreadable(self, exc: Exception) -> ExchangeError:
        what = _WHAT.get(type(exc).__name__, "it is damaged or not a workbook")
        reason = str(exc).strip() or type(exc).__name__
        return ExchangeError(f"{self.path.name} cannot be read as a workbook: {what} ({reason}).")

    def has(self, title: str) -> bool:
        return any(s.title == title for s in self.sheets)

    def rows(self, title: str) -> list[list[Any]]:
        """Every row of the sheet from A1, empty cells as ``""``."""
        try:
            sheet = self._book.get_sheet_by_name(title)
            rows: list[list[Any]] = sheet.to_python(skip_empty_area=False)
        except Exception as exc:  # calamine raises several kinds; all mean "unreadable"
            raise self._unreadable(exc) from exc
        return rows

    def close(self) -> None:
        close = getattr(self._book, "close", None)
        if close is not None:
            close()
