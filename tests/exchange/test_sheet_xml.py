"""XmlRows writes the rows openpyxl would: the same values, types and styles read back."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet._writer import ALL_TEMP_FILES
from python_calamine import CalamineWorkbook

from sdm_workbench.exchange.sheet_xml import BLANK, XmlRows, _windows_serial, style_id

BOLD_FILL = {"font": Font(bold=True), "fill": PatternFill("solid", fgColor="D5DCE8")}
ROWS: list[list[Any]] = [
    ["plain", "  padded  ", "a & b <c> > d", "tab\tand\nnewline", "carriage\rreturn"],
    ["=SUM(A1:A2)", "#N/A", "+1+2", "Łódź ✓ 漢字", "x" * 40_000],
    [0, -7, 12_345_678_901_234_567, 0.1, -3.5e-7],
    [True, False, Decimal("2.5"), 1e300, None],
    [date(2026, 3, 16), datetime(2026, 3, 16, 8, 30, 15), datetime(1900, 2, 28, 12), None, "end"],
    [time(8, 30), timedelta(hours=36), date(1899, 12, 31), datetime(2026, 1, 1, 0, 0, 0, 250), 3],
]
# Per column: a number format, a date format with a font, a fill with alignment, none, bold.
STYLES: list[dict[str, Any]] = [
    {"number_format": "#,##0.00"},
    {"number_format": "dd mmm yyyy", "font": Font(italic=True)},
    {"fill": PatternFill("solid", fgColor="A9C4EB"), "alignment": Alignment(horizontal="center")},
    {},
    {"font": Font(bold=True)},
]


def _openpyxl_way(path: Path) -> None:
    book = Workbook(write_only=True)
    ws = book.create_sheet("Data")
    ws.append([_cell(ws, f"H{k}", **BOLD_FILL) for k in range(5)])
    for values in ROWS:
        ws.append([_cell(ws, v, **STYLES[k]) for k, v in enumerate(values)])
    ws.append([_cell(ws, None, blank=True, **STYLES[k]) for k in range(3)])  # styled, empty
    book.save(path)


def _cell(ws: Any, value: Any, blank: bool = False, **style: Any) -> WriteOnlyCell | None:
    if value is None and not blank:
        return None  # the export styles values only
    cell = WriteOnlyCell(ws)
    for name, setting in style.items():  # a column's style first, then the value
        setattr(cell, name, setting)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # what the export did: text is text
    return cell


def _our_way(path: Path) -> None:
    book = Workbook(write_only=True)
    ws = book.create_sheet("Data")
    rows = XmlRows(ws, 5)
    header = style_id(ws, **BOLD_FILL)
    rows.append([f"H{k}" for k in range(5)], [header] * 5)
    looks = tuple(style_id(ws, **s) for s in STYLES)
    for values in ROWS:
        rows.append(values, looks)
    rows.append([BLANK, BLANK, BLANK], looks)
    assert rows.rows_written == len(ROWS) + 2
    book.save(path)


def _described(path: Path) -> list[list[tuple[Any, ...]]]:
    ws = openpyxl.load_workbook(path)["Data"]
    return [
        [
            (
                c.coordinate,
                c.value,
                c.data_type,
                c.number_format,
                c.font.b,
                c.font.i,
                c.fill.fill_type,
                c.fill.fgColor.rgb,
                c.alignment.horizontal,
            )
            for c in row
        ]
        for row in ws.iter_rows()
    ]


def test_rows_read_back_as_openpyxl_writes_them(tmp_path: Path) -> None:
    theirs, ours = tmp_path / "openpyxl.xlsx", tmp_path / "ours.xlsx"
    _openpyxl_way(theirs)
    _our_way(ours)
    expected, found = _described(theirs), _described(ours)
    assert len(found) == len(ROWS) + 2
    for want, got in zip(expected, found, strict=True):
        assert got == want
    # what the importer reads: calamine gives the same values too
    read = [_calamine(p) for p in (theirs, ours)]
    assert read[0] == read[1]
    assert read[1][2][:3] == ["=SUM(A1:A2)", "#N/A", "+1+2"]  # text, never a formula
    assert read[1][2][4] == "x" * 32_767  # cut where a cell ends, as openpyxl does


def _calamine(path: Path) -> list[list[Any]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Data").to_python()


def test_text_markup_is_escaped_and_spaces_kept(tmp_path: Path) -> None:
    path = tmp_path / "ours.xlsx"
    _our_way(path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<t>a &amp; b &lt;c&gt; &gt; d</t>" in xml
    assert '<t xml:space="preserve">  padded  </t>' in xml
    assert "carriage&#13;return" in xml  # a lone CR survives the XML parser's newline rules
    assert "<f>" not in xml


def test_date_serials_match_openpyxl() -> None:
    moments = [
        date(1899, 12, 30), date(1900, 1, 1), date(1900, 2, 28), date(1900, 3, 1),
        date(2026, 3, 16), datetime(1900, 2, 28, 23, 59, 59), datetime(2026, 3, 16, 8, 30, 15),
        datetime(2026, 3, 16, 8, 30, 15, 999_999), datetime(1850, 6, 1, 6), date(9999, 12, 31),
    ]  # fmt: skip
    for moment in moments:
        assert _windows_serial(moment) == f"{to_excel(moment):.16g}", moment


def test_a_cell_refuses_what_a_workbook_cannot_hold(tmp_path: Path) -> None:
    book = Workbook(write_only=True)
    rows = XmlRows(book.create_sheet("Data"), 2)
    for text in ("bell\x07", "half a pair \ud800"):
        with pytest.raises(IllegalCharacterError):
            rows.append([text])
    with pytest.raises(TypeError, match="timezones"):
        rows.append([datetime(2026, 1, 1, tzinfo=datetime.now().astimezone().tzinfo)])
    with pytest.raises(ValueError, match="Cannot convert"):
        rows.append([object()])
    rows.append(["fine"])  # a refused row leaves the sheet as it was: no row number used up
    book.save(tmp_path / "out.xlsx")
    assert _calamine(tmp_path / "out.xlsx") == [["fine"]]
    assert openpyxl.load_workbook(tmp_path / "out.xlsx")["Data"]["A1"].value == "fine"


def test_rows_go_through_one_writer_only(tmp_path: Path) -> None:
    streams = len(ALL_TEMP_FILES)
    book = Workbook(write_only=True)
    ws = book.create_sheet("Data")
    rows = XmlRows(ws, 2)
    rows.append([1, 2, 3])  # wider than declared: the row is kept whole
    bold = WriteOnlyCell(ws, "bold")
    bold.font = Font(bold=True)
    ws.append(["the sheet's append", bold])  # goes through the same writer
    rows.append(["last"])
    other = book.create_sheet("Other")
    other.append(["openpyxl's own row"])
    with pytest.raises(RuntimeError, match="written to this sheet before"):
        XmlRows(other, 1).append(["second writer"])
    path = tmp_path / "out.xlsx"
    book.save(path)
    assert len(ALL_TEMP_FILES) == streams  # the sheet's stream file went with the save
    data = openpyxl.load_workbook(path)["Data"]
    assert [[c.value for c in row] for row in data.iter_rows()] == [
        [1, 2, 3],
        ["the sheet's append", "bold", None],
        ["last", None, None],
    ]
    assert data["B2"].font.b and not data["A2"].font.b
