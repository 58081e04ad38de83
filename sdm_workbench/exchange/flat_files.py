"""Flat exports (csv, or the first sheet of an xlsx): reading cells, text dates and their order.

Ticket and survey exports share these: a table of cell values read with python-calamine
(xlsx) or the csv module, "null"/"n/a" as empty, and text dates read day-first or
month-first as the values show (a first field above 12 means day-first, a second field
above 12 means month-first) unless the caller says which.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from .errors import Cancelled, ExchangeError

MISSING = frozenset({"", "null", "?", "none", "n/a", "na", "nan", "-"})
ORDERS = {"dmy": "day-first", "mdy": "month-first"}
SAMPLES = 5  # sample values kept per kind of date, to show the user

_SLASHED = re.compile(
    r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_EXCEL_EPOCH = datetime(1899, 12, 30)

Progress = Callable[[float], bool]  # fraction done -> keep going?


def step(progress: Progress | None, fraction: float) -> None:
    """Report ``fraction``; raise Cancelled (nothing changed) when the user cancelled."""
    if progress is not None and not progress(fraction):
        raise Cancelled()


def blank(value: Any) -> bool:
    """An empty cell, or text that exports use for "no value" ("null", "n/a", "?")."""
    return value is None or (isinstance(value, str) and value.strip().lower() in MISSING)


def text_column(cells: list[Any]) -> list[str | None]:
    """A column of text cells stripped, empty and "null"-like cells as None, numbers as text.

    Written for whole columns (ids, titles are mostly distinct values): a text cell costs a
    strip and, when short enough to be "n/a", a look-up.
    """
    out: list[str | None] = []
    add = out.append
    for c in cells:
        if c.__class__ is str:
            s = c.strip()
            add(s if len(s) > 4 or s.lower() not in MISSING else None)
        elif c is None:
            add(None)
        else:
            if isinstance(c, float) and c.is_integer():  # a number cell: 1042, not 1042.0
                c = int(c)
            add(str(c).strip())
    return out


def read_table(path: Path, what: str = "rows") -> list[list[Any]]:
    """All rows of the first sheet (xlsx) or of the csv file, as lists of cell values."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ExchangeError(f"{path.name}: no such file.")
    if suffix in (".xlsx", ".xlsm", ".xls"):
        from python_calamine import CalamineWorkbook

        try:
            return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        except Exception as exc:  # calamine raises its own errors for broken files
            raise ExchangeError(f"{path.name}: not a readable workbook ({exc}).") from exc
    if suffix not in (".csv", ".txt"):
        raise ExchangeError(f"{path.name}: {what} are read from .csv or .xlsx files.")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            sample = handle.read(65536)
            handle.seek(0)
            try:
                dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
            except csv.Error:
                dialect = csv.excel
            return [list(r) for r in csv.reader(handle, dialect)]
    except UnicodeDecodeError as exc:
        raise ExchangeError(f"{path.name}: not a UTF-8 text file ({exc.reason}).") from exc


@dataclass(frozen=True)
class DateOrder:
    """How the text dates of a file read: the order used and the values that show it.

    ``order`` is 'dmy', 'mdy' or None (no slashed text date at all); ``decided`` is True
    when the values settle it (or the caller chose). ``ambiguous`` are values that read
    both ways (1/2/2024), shown to the user who confirms or switches the order.
    """

    order: str | None
    decided: bool
    day_first: tuple[str, ...] = ()
    month_first: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    chosen: bool = False

    @property
    def needs_choice(self) -> bool:
        return self.order is not None and not self.decided

    def describe(self) -> str:
        if self.order is None:
            return "No text dates to read (real date cells or ISO dates)."
        name = ORDERS[self.order]
        if self.chosen:
            return f"Dates read {name}, as you chose."
        if self.decided:
            shown = (self.day_first if self.order == "dmy" else self.month_first)[:2]
            return f"Dates read {name}: values such as {', '.join(shown)} only read that way."
        if self.day_first and self.month_first:
            return (
                f"Both orders appear ({self.day_first[0]}, {self.month_first[0]}); assumed {name}."
            )
        return f"No day is above 12 ({', '.join(self.ambiguous[:3])}): assumed {name}; check it."

    def with_order(self, order: str) -> DateOrder:
        """The same evidence read in ``order``, chosen by the user."""
        return DateOrder(order, True, self.day_first, self.month_first, self.ambiguous, chosen=True)


def inspect_dates(texts: Iterable[str]) -> DateOrder:
    """What the slashed text dates say about their order (None: no value needs one)."""
    day_first: list[str] = []
    month_first: list[str] = []
    ambiguous: list[str] = []
    seen = 0
    for text in texts:
        match = _SLASHED.match(text)
        if not match:
            continue
        seen += 1
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 >= second:
            bucket = day_first
        elif second > 12 >= first:
            bucket = month_first
        elif first != second:  # 3/3/2024 reads the same either way
            bucket = ambiguous
        else:
            continue
        if len(bucket) < SAMPLES:
            bucket.append(text.strip())
    if not seen:
        return DateOrder(None, True)
    if day_first and not month_first:
        return DateOrder("dmy", True, tuple(day_first), (), tuple(ambiguous))
    if month_first and not day_first:
        return DateOrder("mdy", True, (), tuple(month_first), tuple(ambiguous))
    return DateOrder("dmy", False, tuple(day_first), tuple(month_first), tuple(ambiguous))


def settle_order(found: DateOrder, dates: str | None, name: str, *, guess: bool) -> DateOrder:
    """The order to read with: the caller's, the values', or (``guess``) day-first; else refuse."""
    if dates is not None:
        if dates not in ORDERS:
            raise ExchangeError(f"--dates must be dmy or mdy, not {dates!r}.")
        return found.with_order(dates) if found.order else DateOrder(None, True, chosen=True)
    if not found.needs_choice or guess:
        return found
    why = "both orders appear" if found.day_first else "no day is above 12"
    raise ExchangeError(
        f"{name}: cannot tell whether dates are day-first or month-first ({why}); "
        "say which with --dates dmy or --dates mdy."
    )


def parse_datetime(value: Any, order: str | None) -> datetime | None:
    """A cell as a naive datetime: date cells, Excel serials, ISO or slashed text."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo else value
    if blank(value):
        return None
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _EXCEL_EPOCH + timedelta(days=float(value))
    text = str(value)
    if match := _ISO.match(text):
        y, m, d, hh, mm, ss = match.groups()
    elif match := _SLASHED.match(text):
        a, b, y, hh, mm, ss = match.groups()
        d, m = (a, b) if order != "mdy" else (b, a)
    else:
        raise ValueError(f"{text!r} is not a date")
    try:
        return datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a date ({exc})") from exc


_DATE_CELLS = frozenset({datetime, type(None)})  # cells that parse_dates passes as they are
_EMPTY: dict[Any, Any] = {"": None}
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_DAY_ONLY = re.compile(r"^(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}))$")


def _day(text: str, order: str | None) -> datetime | None:
    """A date-only text ("2024-03-05", "5/3/2024") as midnight; None when it is not one."""
    match = _DAY_ONLY.match(text)
    if not match:
        return None
    y, m, d, a, b, y2 = match.groups()
    if y is None:
        y, (d, m) = y2, ((a, b) if order != "mdy" else (b, a))
    try:
        return datetime(int(y), int(m), int(d))
    except ValueError:
        return None


def _clock(text: str) -> timedelta | None:
    match = _CLOCK.match(text)
    if not match:
        return None
    hh, mm, ss = match.groups()
    if int(hh) > 23 or int(mm) > 59 or int(ss or 0) > 59:
        return None
    return timedelta(hours=int(hh), minutes=int(mm), seconds=int(ss or 0))


def parse_dates(cells: list[Any], order: str | None) -> tuple[list[Any], dict[int, str]]:
    """A column of date cells as naive datetimes (None when empty), and failures by row index.

    The same reading as :func:`parse_datetime`, done for a whole column: date cells pass
    through; a text "day time" is split and each part parsed once per distinct value (an
    export has a few hundred distinct days and at most 1,440 distinct minutes), so 100k text
    dates cost dictionary look-ups rather than a regular expression each. Anything else
    takes :func:`parse_datetime`.
    """
    kinds = set(map(type, cells))
    if kinds <= _DATE_CELLS:  # an xlsx of real date cells: nothing to read
        return list(cells), {}
    try:  # calamine gives "" for an empty cell: None, with a look-up per cell in C
        out: list[Any] = list(map(_EMPTY.get, cells, cells)) if str in kinds else list(cells)
    except TypeError:  # an unhashable cell (never from calamine or csv)
        out = [None if c == "" else c for c in cells]
    bad: dict[int, str] = {}
    days: dict[str, datetime | None] = {}
    clocks: dict[str, timedelta | None] = {}
    todo = [n for n, c in enumerate(out) if c.__class__ is not datetime and c is not None]
    for n in todo:  # each is set below: read, or None with the reason
        cell = cells[n]
        if isinstance(cell, str) and not blank(cell):
            head, _, tail = cell.strip().partition(" ")
            day = days[head] if head in days else days.setdefault(head, _day(head, order))
            clock = (
                timedelta(0)
                if not tail
                else clocks[tail]
                if tail in clocks
                else clocks.setdefault(tail, _clock(tail))
            )
            if day is not None and clock is not None:
                out[n] = day + clock
                continue
        try:
            out[n] = parse_datetime(cell, order)
        except ValueError as exc:
            out[n] = None
            bad[n] = str(exc)
    return out, bad
