"""Reading survey exports (csv, xlsx): which column is which score, and each cell's value.

Headers are matched by synonyms ("Customer" or "Respondent", "Likelihood to recommend" for
NPS, "Reliability (E)" or "Expectation - Reliability" for SERVQUAL), then, for the plain
fields, by similarity (a header spelled "Satisfation" is CSAT). SERVQUAL headers are matched
exactly: "E reliability" and "P reliability" are a letter apart and must never be confused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from ..domain.labels import column_label
from ..domain.surveys import RATER_DIMENSIONS
from ..domain.validation import RANGES
from .flat_files import blank

FUZZY = 0.85
SEARCH_ROWS = 20

PLAIN: dict[str, tuple[str, ...]] = {
    "response_id": (
        "response id", "response", "id", "response number", "submission id", "record id",
        "external id", "survey response id", "responseid",
    ),
    "respondent": (
        "respondent", "customer", "client", "account", "customer name", "customer code",
        "company", "organisation", "organization", "respondent name", "respondent email",
        "email",
    ),
    "date": (
        "date", "responded on", "response date", "submitted", "submitted at", "submission date",
        "completed", "completed at", "timestamp", "survey date", "end date",
    ),
    "service": ("service", "service code", "service name"),
    "csat": (
        "csat", "csat score", "satisfaction", "customer satisfaction", "overall satisfaction",
        "satisfaction score",
    ),
    "nps": (
        "nps", "nps score", "likelihood to recommend", "recommend", "how likely to recommend",
        "net promoter score", "ltr",
    ),
    "ces": ("ces", "ces score", "effort", "customer effort", "customer effort score", "ease"),
    "comment": ("comment", "comments", "feedback", "verbatim", "remarks", "notes", "free text"),
}  # fmt: skip
SCORES = (
    "csat",
    "nps",
    "ces",
    *(f"{side}_{dim}" for dim in RATER_DIMENSIONS for side in ("exp", "perc")),
)
LABELS = {"response_id": "Response id", "respondent": "Respondent", "date": "Date"}


def _servqual_synonyms() -> dict[str, str]:
    words = {
        "exp": ("e", "exp", "expectation", "expectations", "expected"),
        "perc": ("p", "perc", "perception", "perceptions", "perceived", "actual"),
    }
    found: dict[str, str] = {}
    for dim in RATER_DIMENSIONS:
        for side, names in words.items():
            for word in names:
                for text in (f"{dim} {word}", f"{word} {dim}", f"servqual {word} {dim}"):
                    found[text] = f"{side}_{dim}"
    return found


EXACT: dict[str, str] = {
    **{s: f for f, synonyms in PLAIN.items() for s in synonyms},
    **_servqual_synonyms(),
}


def normalise(header: Any) -> str:
    """Lower-case words of a header ("Reliability (E)": "reliability e")."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(header or "").casefold()).split())


def label(field: str) -> str:
    """A field as the preview names it (CSAT, Perception: reliability)."""
    if field in LABELS:
        return LABELS[field]
    return column_label(field) if field in SCORES else field.capitalize()


def match_headers(headers: list[Any]) -> dict[str, int]:
    """Our field -> 0-based column; each field goes to its best column (exact, then fuzzy)."""
    scored: list[tuple[float, int, str]] = []
    for index, header in enumerate(headers):
        text = normalise(header)
        if not text:
            continue
        if text in EXACT:
            scored.append((1.0, index, EXACT[text]))
            continue
        best = max(
            ((SequenceMatcher(None, text, s).ratio(), f) for f, ss in PLAIN.items() for s in ss),
            default=(0.0, ""),
        )
        if best[0] >= FUZZY:
            scored.append((best[0], index, best[1]))
    found: dict[str, int] = {}
    for _score, index, field in sorted(scored, key=lambda s: (-s[0], s[1])):
        if field not in found and index not in found.values():
            found[field] = index
    return found


def find_header(table: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    """The first row naming a date and at least one score, with its mapping."""
    for at, row in enumerate(table[:SEARCH_ROWS]):
        found = match_headers(list(row))
        if "date" in found and any(f in found for f in SCORES):
            return at, found
    return None


@dataclass(frozen=True)
class BadCell:
    column: int  # 0-based
    message: str


def parse_score(field: str, value: Any) -> int | None:
    """A score cell as a whole number in its scale; ValueError with the manager's message."""
    if blank(value):
        return None
    name = label(field)
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a number, not {value!r}.")
    if isinstance(value, int | float):
        number = float(value)
    else:
        match = re.match(r"^\s*(-?\d+(?:[.,]\d+)?)", str(value))
        if not match:
            raise ValueError(f"{name} must be a number, not {str(value).strip()!r}.")
        number = float(match.group(1).replace(",", "."))
    if not number.is_integer():
        raise ValueError(f"{name} must be a whole number, not {number:g}.")
    low, high = RANGES[field]
    if not low <= number <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g}, not {number:g}.")
    return int(number)
