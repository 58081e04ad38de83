"""Fills, fonts and rules shared by the sheets: header row, RAG colours, risk score bands."""

from __future__ import annotations

from openpyxl.formatting.rule import CellIsRule, Rule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from ..analytics.risk import DEFAULT_BANDS, RiskBands

LAST_ROW = 1_048_576  # Excel's last row: validation and rules cover rows people add

RED = "F4B6B0"
AMBER = "FFE09A"
GREEN = "B9E4C3"
GREY = "E7E9EE"
HEADER = "D5DCE8"

HEADER_FONT = Font(bold=True)
DERIVED_FONT = Font(bold=True, italic=True, color="555555")
HEADER_FILL = PatternFill("solid", fgColor=HEADER)
DERIVED_FILL = PatternFill("solid", fgColor=GREY)
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center")

RAG_FILLS = {
    "red": PatternFill("solid", fgColor=RED),
    "amber": PatternFill("solid", fgColor=AMBER),
    "green": PatternFill("solid", fgColor=GREEN),
}


def fill(colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=colour)


def band_fill(score: int, bands: RiskBands = DEFAULT_BANDS) -> PatternFill:
    """Green, amber or red for a risk score (1-4, 5-12, 15-25 by default)."""
    if score <= bands.low_max:
        return RAG_FILLS["green"]
    return RAG_FILLS["amber"] if score <= bands.medium_max else RAG_FILLS["red"]


def score_rules(bands: RiskBands = DEFAULT_BANDS) -> list[Rule]:
    """Conditional formats colouring a risk score column by band."""
    return [
        CellIsRule(operator="between", formula=["1", str(bands.low_max)], fill=fill(GREEN)),
        CellIsRule(
            operator="between",
            formula=[str(bands.low_max + 1), str(bands.medium_max)],
            fill=fill(AMBER),
        ),
        CellIsRule(operator="between", formula=[str(bands.medium_max + 1), "25"], fill=fill(RED)),
    ]


def rag_rules() -> list[Rule]:
    """Conditional formats colouring cells that say red, amber or green."""
    return [
        CellIsRule(operator="equal", formula=[f'"{word}"'], fill=fill(colour))
        for word, colour in (("red", RED), ("amber", AMBER), ("green", GREEN))
    ]


def choice_list(choices: tuple[str, ...]) -> DataValidation | None:
    """A drop-down of ``choices`` (None when Excel's 255-character limit would be passed)."""
    formula = '"' + ",".join(choices) + '"'
    if len(formula) > 255 or any("," in c or '"' in c for c in choices):
        return None
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not in the list",
        error="Choose one of the values in the drop-down list.",
    )
