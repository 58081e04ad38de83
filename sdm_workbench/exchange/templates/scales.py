"""Normalise what templates write into our values: 1-5 scales, percentages, dates, money.

Probability and impact are stored as 1..5. Templates use words (High/Medium/Low,
Likely/Possible/Unlikely, Minor/Major), 1-3 or 1-10 numbers, or percentages (a 30 %
chance, written 0.3 or 30). A column's scale is detected once from its header and all its
values, so "3" means the top of a 1-3 scale but the middle of a 1-5 one. Dates come as
date cells, Excel serial numbers, or text (day-first or month-first, as the header or the
values tell).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

SCALES = ("1-5", "1-3", "1-4", "1-10", "words", "words-5", "percent")
WORD_SCALES = frozenset({"words", "words-5"})  # Low/Medium/High, or five levels

# Absolute words: they mean the same step whatever else the column holds.
LIKELIHOOD = {
    "rare": 1,
    "remote": 1,
    "very unlikely": 1,
    "unlikely": 2,
    "possible": 3,
    "moderate": 3,
    "likely": 4,
    "probable": 4,
    "very likely": 5,
    "almost certain": 5,
    "certain": 5,
    "insignificant": 1,
    "negligible": 1,
    "minor": 2,
    "major": 4,
    "severe": 5,
    "catastrophic": 5,
}
# Level words: High is 5 of three levels (Low/Medium/High) but 4 of five.
THREE_LEVELS = {"low": 1, "medium": 3, "med": 3, "high": 5}
FIVE_LEVELS = {
    "very low": 1,
    "low": 2,
    "medium": 3,
    "med": 3,
    "high": 4,
    "very high": 5,
    "critical": 5,
    "urgent": 5,
    "extreme": 5,
}
_FIVE_ONLY = {"very low", "very high", "critical", "urgent", "extreme"}
_EXCEL_EPOCH = datetime(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's leap-year bug kept)
_SERIAL_RANGE = (10_000, 80_000)  # 1927..2119: numbers in a date column that are dates


def _word(value: Any) -> str:
    return " ".join(str(value).casefold().replace("-", " ").replace("_", " ").split())


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().rstrip("%").strip()
    try:
        return float(text)
    except ValueError:
        return None


def detect_scale(header: str, values: Iterable[Any]) -> str:
    """The scale of a probability/impact column, from its header's legend and its values."""
    legend = str(header).casefold()
    if re.search(r"3\s*=|1\s*-\s*3\b|\(1-3\)", legend):
        return "1-3"
    if re.search(r"10\s*=|1\s*-\s*10\b", legend):
        return "1-10"
    if re.search(r"%|percent", legend):
        return "percent"
    numbers = [n for n in (_number(v) for v in values if str(v).strip()) if n is not None]
    words = [v for v in values if isinstance(v, str) and v.strip() and _number(v) is None]
    if words and len(words) >= len(numbers):
        return "words"
    if numbers and (max(numbers) <= 1.0 or any("%" in str(v) for v in values)):
        return "percent"
    if numbers and max(numbers) > 5:
        return "1-10" if max(numbers) <= 10 else "percent"
    return "1-5"


def five_levels(values: Iterable[Any]) -> bool:
    """True when a word column uses five levels (Very high, Critical...), not just L/M/H."""
    return any(_word(v) in _FIVE_ONLY for v in values if isinstance(v, str))


def to_scale(value: Any, scale: str, five: bool = False) -> int | None:
    """``value`` on our 1..5 scale; None when empty; ValueError when it cannot be read."""
    if value is None or str(value).strip() == "":
        return None
    number = _number(value)
    if number is None:
        word = _word(value)
        word = re.sub(r"^\d\s*", "", word)  # "3 - High"
        if word in LIKELIHOOD:
            return LIKELIHOOD[word]
        levels = FIVE_LEVELS if five or scale == "words-5" else THREE_LEVELS
        if word in levels:
            return levels[word]
        if word in FIVE_LEVELS and scale == "words":
            raise ValueError(
                f"{value!r} is not one of Low, Medium, High (read the column as five levels)"
            )
        raise ValueError(f"{value!r} is not a level (such as Low, Medium, High or 1-5)")
    if scale == "percent" or (scale in WORD_SCALES and 0 < number < 1):
        written = isinstance(value, str) and "%" in value  # "1 %" is one percent, not 100
        percent = number if written or number > 1 else number * 100
        if not 0 <= percent <= 100:
            raise ValueError(f"{value!r} is not a percentage")
        return min(5, max(1, int(percent // 20) + 1))  # 0-19 % is 1 ... 80-100 % is 5
    top = {"1-3": 3, "1-4": 4, "1-10": 10}.get(scale, 5)
    if not 1 <= number <= top:
        raise ValueError(f"{_show(number)} is outside the scale 1-{top}")
    return math.floor(1 + (number - 1) * 4 / (top - 1) + 0.5)  # halves up, not to even


def to_percent(value: Any, reading: str | None = None) -> float | None:
    """Percent complete as 0..100: a fraction (0.85) or a number (85, "85 %").

    ``reading`` "fraction" says every number is 0..1, "percent" that every number is
    0..100 (so 1 is 1 %); None guesses per value (0..1 is a fraction). "85 %" is 85 always.
    """
    if value is None or str(value).strip() == "":
        return None
    number = _number(value)
    if number is None:
        raise ValueError(f"{value!r} is not a percentage")
    written = isinstance(value, str) and "%" in value
    if reading == "fraction" and not written:
        if not 0 <= number <= 1:
            raise ValueError(f"{_show(number)} is not a fraction between 0 and 1")
        number *= 100
    elif reading is None and 0 <= number <= 1 and not written:
        number *= 100
    if not 0 <= number <= 100:
        raise ValueError(f"{_show(number)} % is not between 0 and 100")
    return round(number, 6)


def to_money(value: Any, factor: float = 1.0) -> float | None:
    """An amount ("1,200", "$300", 2.5 in a "(000s)" column is 2,500)."""
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return round(float(value) * factor, 2)
    text = re.sub(r"[^\d.\-]", "", str(value))
    try:
        return round(float(text) * factor, 2)
    except ValueError:
        raise ValueError(f"{value!r} is not an amount") from None


def money_factor(header: str) -> float:
    """1000 for a "Cost (000s)" or "(k)" column, a million for "(m)"/"(mn)"."""
    text = str(header).casefold()
    if re.search(r"\(\s*(000s?|'000s?|k|thousands?)\s*\)", text):
        return 1000.0
    if re.search(r"\(\s*(m|mn|millions?)\s*\)", text):
        return 1_000_000.0
    return 1.0


def currency_of(header: str) -> str | None:
    """The currency a header names: "Cost ($)" is USD."""
    text = str(header)
    for sign, code in (("$", "USD"), ("\u20ac", "EUR"), ("\u00a3", "GBP"), ("\u00a5", "JPY")):
        if sign in text:
            return code
    found = re.search(r"\b(USD|EUR|GBP|CHF|INR|AUD|CAD|JPY|SEK|NOK|DKK)\b", text.upper())
    return found.group(1) if found else None


def serial_date(number: float) -> date | None:
    """An Excel serial number as a date (None outside 1927..2119: not a date)."""
    if not _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
        return None
    return (_EXCEL_EPOCH + timedelta(days=int(number))).date()


_TEXT_DATE = re.compile(r"^\s*(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})\b")


def decided_order(header: str, values: Iterable[Any]) -> str | None:
    """'dmy' or 'mdy' when a date column's header legend or its text values tell; else None."""
    legend = str(header).casefold()
    if "dd/mm" in legend or "dd.mm" in legend:
        return "dmy"
    if "mm/dd" in legend:
        return "mdy"
    for value in values:
        found = _TEXT_DATE.match(str(value)) if isinstance(value, str) else None
        if found and len(found.group(1)) <= 2:
            if int(found.group(1)) > 12:
                return "dmy"
            if int(found.group(2)) > 12:
                return "mdy"
    return None


def date_order(header: str, values: Iterable[Any]) -> str:
    """'dmy' or 'mdy' for a column of text dates: the header's legend, else the values."""
    # Most templates here are British or Indian; the mapping dialog can say otherwise.
    return decided_order(header, values) or "dmy"


def to_date(value: Any, order: str = "dmy") -> date | None:
    """A date from a date cell, an Excel serial number or text; ValueError when unreadable."""
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    number = _number(value) if isinstance(value, int | float) else None
    if number is not None:
        found = serial_date(number)
        if found is None:
            raise ValueError(f"{_show(number)} is not a date")
        return found
    text = str(value).strip()
    match = _TEXT_DATE.match(text)
    if match:
        a, b, c = (int(g) for g in match.groups())
        if len(match.group(1)) == 4:
            year, month, day = a, b, c
        else:
            day, month = (a, b) if order == "dmy" else (b, a)
            year = c + 2000 if c < 100 else c
        try:
            return date(year, month, day)
        except ValueError:
            pass
    for pattern in ("%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%d-%b-%y", "%d %b %y"):
        try:
            return datetime.strptime(text.replace(",", ""), pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date")


def _show(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)
