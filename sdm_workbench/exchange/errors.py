"""Errors of the exchange layer: a message for the user, and where in the workbook it applies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from ..domain.errors import DomainError, Problem


@dataclass(frozen=True)
class CellIssue:
    """One reason a workbook was refused; ``row`` and ``column`` are 1-based (0: not known)."""

    sheet: str
    row: int
    column: int
    message: str

    @property
    def where(self) -> str:
        """``Tasks!B7``; ``Tasks!7`` for a whole row; ``Tasks`` for a whole sheet."""
        if not self.sheet:
            return ""
        if self.row and self.column:
            return f"{self.sheet}!{get_column_letter(self.column)}{self.row}"
        if self.row:
            return f"{self.sheet}!{self.row}"
        return self.sheet

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def line(self, file_name: str) -> str:
        """``file:sheet:row:column: message`` (DESIGN.md section 5), empty parts left out."""
        column = get_column_letter(self.column) if self.column else ""
        parts = [file_name, self.sheet, str(self.row or ""), column]
        while parts and not parts[-1]:
            parts.pop()
        return f"{':'.join(parts)}: {self.message}"


class ExchangeError(DomainError):
    """A workbook was refused or could not be written; nothing was changed."""

    def __init__(self, issues: Sequence[CellIssue] | str) -> None:
        if isinstance(issues, str):
            issues = [CellIssue("", 0, 0, issues)]
        self.issues: tuple[CellIssue, ...] = tuple(issues)
        super().__init__([Problem(i.where, str(i)) for i in self.issues])

    def __str__(self) -> str:
        return "\n".join(str(i) for i in self.issues)


class Cancelled(ExchangeError):
    """The user cancelled; nothing was written or changed."""

    def __init__(self) -> None:
        super().__init__("Cancelled; nothing was changed.")
