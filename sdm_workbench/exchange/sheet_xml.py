"""Rows of a write-only sheet written as ready-made XML, the way openpyxl would write them.

openpyxl's write-only mode makes a cell object per value and writes it element by element
through lxml: about 6 µs a cell, most of the time a large export takes. :class:`XmlRows`
writes a row as one string instead, with the markup openpyxl writes (inline strings, numbers,
booleans, dates as serial numbers with a date style, styles by the id openpyxl registers for
them). openpyxl still writes everything around the rows: column widths, frozen panes,
filters, validations, conditional formats, charts.

Every string is written as text: nothing a user typed can become a formula or an error value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from copy import copy
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import IO, Any

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, get_time_format
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import WINDOWS_EPOCH, to_excel
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter, create_temporary_file
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import xmlfile

from .values import MAX_TEXT  # openpyxl cuts longer text there too

ROWS_PER_WRITE = 500  # rows joined into one write to the file
# Characters a text needs escaped (&, <, >, carriage return, as lxml does) or cannot hold
# (control characters; halves of a surrogate pair, which UTF-8 cannot encode).
_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_TIME_TYPES = (datetime, date, time, timedelta)
_UNSET = object()
_EPOCH_DAY = WINDOWS_EPOCH.toordinal()
_TIMEZONE = "Excel does not support timezones in datetimes: make them naive (UTC) first."


class _Blank:
    def __repr__(self) -> str:
        return "BLANK"


BLANK: Any = _Blank()
"""A cell with no value that shows its style (None is no cell at all)."""


def style_id(ws: WriteOnlyWorksheet, **style: Any) -> int:
    """The workbook's id of a cell style (font, fill, number_format, alignment...); 0 is none.

    Registered the way openpyxl registers a styled cell's style, so the id is one it writes
    into the workbook's style sheet.
    """
    cell = WriteOnlyCell(ws)
    for name, setting in style.items():
        if setting is not None:
            setattr(cell, name, setting)
    return int(cell.style_id) if cell.has_style else 0


def _escaped(value: str) -> str:
    if ILLEGAL_CHARACTERS_RE.search(value) or _SURROGATE.search(value):
        raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


class _StreamWriter(WorksheetWriter):  # type: ignore[misc]  # openpyxl is untyped
    """openpyxl's sheet writer, writing through a file object that rows can be written to."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        out = create_temporary_file()  # registered: openpyxl removes it at exit if left
        self.file: IO[bytes] = open(out, "wb")  # noqa: SIM115  # closed in close()
        super().__init__(ws, out)

    def get_stream(self) -> Any:
        # openpyxl's own stream, over self.file instead of the file name
        with xmlfile(self.file) as xf, xf.element("worksheet", xmlns=SHEET_MAIN_NS):
            try:
                while True:
                    element = yield
                    if element is True:
                        yield xf
                    elif element is not None:
                        xf.write(element)
            except GeneratorExit:
                pass

    def close(self) -> None:
        super().close()
        self.file.close()


class XmlRows:
    """Appends rows to a write-only sheet that nothing else has written rows to.

    Set the sheet's widths, panes, validations and rules first (openpyxl writes them before
    the rows); the filter may be set later. ``styles`` gives a style id per column
    (:func:`style_id`); a date without a date format in its style gets openpyxl's default
    one. The sheet's own ``append`` (openpyxl cells or values) writes through here too.
    Closing the sheet (saving the workbook) ends the rows.
    """

    def __init__(self, ws: WriteOnlyWorksheet, width: int) -> None:
        self.ws = ws
        self.rows_written = 0
        self._letters = [get_column_letter(k) for k in range(1, width + 1)]
        self._pending: list[str] = []
        self._writer: _StreamWriter | None = None
        self._dates: dict[tuple[type, str], str] = {}  # (type, style) -> date style
        self._styles: object = _UNSET
        self._attrs = [""] * width
        self._epoch = ws.parent.epoch
        self._serial = _windows_serial if self._epoch == WINDOWS_EPOCH else self._any_serial

    def _any_serial(self, value: date) -> str:
        if isinstance(value, datetime) and value.tzinfo is not None:
            raise TypeError(_TIMEZONE)
        return _number(to_excel(value, self._epoch))

    def append(self, values: Sequence[Any], styles: Sequence[int] | None = None) -> None:
        """One row: ``values`` (None leaves no cell, :data:`BLANK` an empty one) by column;
        ``styles``, a style id per column (0 for none), is best the same object every row."""
        if self._writer is None:
            self._start()
        if len(values) > len(self._letters):
            self._letters += [
                get_column_letter(k + 1) for k in range(len(self._letters), len(values))
            ]
            self._styles = _UNSET  # the attributes need the new columns too
        number = str(self.rows_written + 1)  # counted once the row is made: a refusal skips none
        parts = [f'<row r="{number}">']
        add = parts.append
        for letter, value, s in zip(self._letters, values, self._attributes(styles), strict=False):
            kind = type(value)
            if kind is str:
                add(self._text(f"{letter}{number}", s, value))
            elif value is None:
                continue
            elif value is BLANK:
                add(f'<c r="{letter}{number}"{s}/>')
            elif kind is int or (kind is float and value - value == 0.0):  # finite numbers
                add(f'<c r="{letter}{number}"{s}><v>{value:.16g}</v></c>')
            elif kind is datetime or kind is date:
                s = self._dates.get((kind, s)) or self._date_style(kind, s)
                add(f'<c r="{letter}{number}"{s}><v>{self._serial(value)}</v></c>')
            else:
                add(self._other(f"{letter}{number}", s, value))
        add("</row>")
        self._pending.append("".join(parts))
        self.rows_written += 1
        if len(self._pending) >= ROWS_PER_WRITE:
            self._flush()

    def _attributes(self, styles: Sequence[int] | None) -> list[str]:
        """The ``s="id"`` attribute of each column (the last row's, when its styles were)."""
        if styles is not self._styles:
            self._styles = styles
            if styles is None:
                self._attrs = [""] * len(self._letters)
            else:
                self._attrs = [f' s="{i}"' if i else "" for i in styles]
                self._attrs += [""] * (len(self._letters) - len(self._attrs))
        return self._attrs

    @staticmethod
    def _text(ref: str, s: str, value: str) -> str:
        if len(value) > MAX_TEXT:
            value = value[:MAX_TEXT]
        space = ' xml:space="preserve"' if value != value.strip() else ""
        if _SPECIAL.search(value):
            value = _escaped(value)
        return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{value}</t></is></c>'

    def _other(self, ref: str, s: str, value: Any) -> str:
        """Booleans, dates and the rarer types, as openpyxl types them."""
        if isinstance(value, bool):
            return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
        if isinstance(value, int | float | Decimal):
            return f'<c r="{ref}"{s}><v>{_number(value)}</v></c>'
        if isinstance(value, str):
            return self._text(ref, s, str(value))
        if isinstance(value, _TIME_TYPES):
            if isinstance(value, datetime | time) and value.tzinfo is not None:
                raise TypeError(_TIMEZONE)
            s = self._date_style(type(value), s)
            return f'<c r="{ref}"{s}><v>{_number(to_excel(value, self._epoch))}</v></c>'
        raise ValueError(f"Cannot convert {value!r} to Excel")

    def _append_cells(self, row: Sequence[Any]) -> None:
        """A row given to the sheet's ``append``: values, or openpyxl cells with a style."""
        values: list[Any] = []
        looks: list[int] = []
        for item in row:
            if isinstance(item, Cell):
                styled = bool(item.has_style)
                values.append(BLANK if item.value is None and styled else item.value)
                looks.append(int(item.style_id) if styled else 0)
            else:
                values.append(item)
                looks.append(0)
        self.append(values, looks)

    def _date_style(self, kind: type, s: str) -> str:
        """The style attribute of a ``kind`` value in a cell styled ``s``: openpyxl adds its
        default date format to a style that has none."""
        found = self._dates.get((kind, s))
        if found is None:
            cell = WriteOnlyCell(self.ws)
            if s:
                cell._style = copy(self.ws.parent._cell_styles[int(s[4:-1])])
            if not is_date_format(cell.number_format):
                cell.number_format = get_time_format(kind)
            found = f' s="{cell.style_id}"'
            self._dates[(kind, s)] = found
        return found

    def _start(self) -> None:
        ws = self.ws
        if ws._writer is not None or ws.closed:
            raise RuntimeError(f"{ws.title}: rows were written to this sheet before")
        self._writer = _StreamWriter(ws)
        self._writer.write_top()
        ws._writer = self._writer
        ws._rows = self._sheet_data()  # what the sheet closes when the workbook is saved
        next(ws._rows)

    def _sheet_data(self) -> Any:
        writer = self._writer
        assert writer is not None
        xf = writer.xf.send(True)
        with xf.element("sheetData"):
            xf.flush()  # the start tag is in the file before the first row
            try:
                while True:
                    row = yield
                    if row is not None:  # the sheet's own append sends its rows here
                        self._append_cells(row)
            except GeneratorExit:
                self._flush()
        writer.xf.send(None)

    def _flush(self) -> None:
        if self._pending and self._writer is not None:
            self._writer.file.write("".join(self._pending).encode("utf-8"))
            self._pending.clear()


def _windows_serial(value: date) -> str:
    """A date's serial number as openpyxl's ``to_excel`` gives it, at a fraction of its cost."""
    days = value.toordinal() - _EPOCH_DAY
    if 0 < days <= 60:  # Excel's 29 Feb 1900, which never was
        days -= 1
    if type(value) is date:
        return str(days)
    assert isinstance(value, datetime)
    if value.tzinfo is not None:
        raise TypeError(_TIMEZONE)
    # openpyxl's arithmetic, step for step: the same float to the last digit
    seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 10**6
    return f"{days + seconds / 86400:.16g}"


def _number(value: float | int | Decimal) -> str:
    """A number as openpyxl writes it (16 significant digits; not-a-number as nothing)."""
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    return f"{float(value):.16g}"
