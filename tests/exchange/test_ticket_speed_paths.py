"""The column-wise shortcuts of the ticket import read exactly what the cell-by-cell code reads."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook
from sqlalchemy.orm import Session

from sdm_workbench.bench.tickets import write_export
from sdm_workbench.exchange.bulk_insert import NewRows, new_uids
from sdm_workbench.exchange.bulk_rows import ImportRows, QuickCheck, RowChange
from sdm_workbench.exchange.flat_files import blank, parse_dates, parse_datetime, text_column
from sdm_workbench.exchange.tickets import STORED, import_tickets
from sdm_workbench.operations import Macro, run, undo
from sdm_workbench.store import Store

from .conftest import stored_tickets

DATE_TEXTS = st.one_of(
    st.builds(
        "{}/{}/{} {}:{:02d}".format,
        st.integers(1, 31), st.integers(1, 13), st.integers(1999, 2030),
        st.integers(0, 25), st.integers(0, 61),
    ),
    st.builds("{}-{:02d}-{:02d}".format, st.integers(1999, 2030), st.integers(1, 13),
              st.integers(1, 32)),
    st.sampled_from(["", "null", " n/a ", "soon", "2025-03-05T10:00:00", "1/2/2025  10:00",
                     "5/3/2025 10:00 AM", "12.03.2025 7:05:09", "3/4/2025 24:00"]),
    st.floats(1, 60000), st.none(),
)  # fmt: skip


def _one_by_one(cells: list[Any], order: str | None) -> tuple[list[Any], set[int]]:
    out, bad = [], set()
    for n, cell in enumerate(cells):
        try:
            out.append(parse_datetime(cell, order))
        except ValueError:
            out.append(None)
            bad.add(n)
    return out, bad


@settings(max_examples=200, deadline=None)
@given(st.lists(DATE_TEXTS, max_size=30), st.sampled_from(["dmy", "mdy", None]))
def test_column_dates_read_as_cell_dates(cells: list[Any], order: str | None) -> None:
    values, bad = parse_dates(cells, order)
    assert (values, set(bad)) == _one_by_one(cells, order)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=8), st.sampled_from([" null ", "N/A", "-", "  "]),
                          st.integers(), st.floats(allow_nan=False), st.none())))  # fmt: skip
def test_text_column_reads_as_cell_text(cells: list[Any]) -> None:
    def one(value: Any) -> str | None:  # what the cell-by-cell reader did
        if blank(value):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    assert text_column(cells) == [one(c) for c in cells]


ROW = st.fixed_dictionaries(
    {
        "external_id": st.one_of(st.none(), st.text(max_size=70)),
        "title": st.one_of(st.none(), st.sampled_from(["ok", " ", "x" * 301])),
        "priority": st.one_of(st.none(), st.integers(-1, 7)),
        "reopen_count": st.one_of(st.none(), st.integers(-2, 3)),
        "opened_at": st.one_of(st.none(), st.datetimes(datetime(2024, 1, 1), datetime(2024, 2, 1))),
        "resolved_at": st.one_of(
            st.none(), st.datetimes(datetime(2024, 1, 1), datetime(2024, 2, 1))
        ),
    }
)


@settings(max_examples=150, deadline=None)
@given(st.lists(ROW, max_size=25), st.data())
def test_column_checks_flag_the_rows_the_row_check_flags(
    rows: list[dict[str, Any]], data: st.DataObject
) -> None:
    check = QuickCheck("ticket", ("service_id", *STORED))
    columns = {f: [r[f] for r in rows] for f in ROW_FIELDS} | {"service_id": [1] * len(rows)}
    picked = sorted(
        data.draw(st.sets(st.integers(0, max(len(rows) - 1, 0)))) & set(range(len(rows)))
    )
    for subset in (list(range(len(rows))), picked):
        expected = [n for n in subset if check.suspect({**rows[n], "service_id": 1})]
        assert check.suspects(columns, subset) == expected


ROW_FIELDS = ("external_id", "title", "priority", "reopen_count", "opened_at", "resolved_at")


def test_new_uids_are_distinct_sorted_version_4() -> None:
    uids = new_uids(2000)
    assert len(set(uids)) == 2000 and uids == sorted(uids)
    for text in uids[:50]:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 4 and parsed.variant == uuid.RFC_4122
    assert new_uids(0) == [] and len(new_uids(1)) == 1


def test_column_rows_take_defaults_and_undo_redo_keeps_their_ids(desk: Store) -> None:
    opened = [datetime(2025, 1, 1) + timedelta(hours=n) for n in range(3)]
    rows = NewRows.of(
        {"external_id": ["A", "B", "C"], "opened_at": opened, "priority": [1, None, 5]},
        [0, 2],
        service_id=1,
    )
    operation = ImportRows("ticket", "Import 2 tickets", rows)
    macro = Macro(operation.label, [operation])
    run(desk, macro)
    stored = stored_tickets(desk)
    assert [(t["external_id"], t["priority"], t["opened_at"]) for t in stored] == [
        ("A", 1, opened[0]), ("C", 5, opened[2]),
    ]  # fmt: skip
    assert [t["id"] for t in stored] == operation.added_ids
    assert stored[0]["reopen_count"] == 0 and stored[0]["version"] == 1
    undo(desk, macro)
    assert stored_tickets(desk) == []
    run(desk, macro)
    assert stored_tickets(desk) == stored


def test_dict_rows_keep_an_explicit_empty_value(desk: Store) -> None:
    opened = datetime(2025, 1, 1)
    rows = [
        {"external_id": "A", "service_id": 1, "opened_at": opened, "title": None},
        {"external_id": "B", "service_id": 1, "opened_at": opened, "category": "Network"},
    ]
    run(desk, Macro("Import", [ImportRows("ticket", "Import", rows)]))
    first, second = stored_tickets(desk)
    assert first["title"] is None and first["category"] is None
    assert second["category"] == "Network" and len({first["uid"], second["uid"]}) == 2


def test_a_servicenow_sheet_reads_cell_for_cell(desk: Store, tmp_path: Path) -> None:
    path = write_export(tmp_path / "export.xlsx", rows=400, seed=11)
    result = import_tickets(desk, path, "SVC-001")
    assert (result.added, result.skipped) == (400, 0)
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    header = sheet[0]
    stored = {t["external_id"]: t for t in stored_tickets(desk)}
    for row in sheet[1:]:
        cells = dict(zip(header, row, strict=True))
        ticket = stored[cells["Number"]]
        assert ticket["opened_at"] == cells["Opened"]
        assert ticket["resolved_at"] == (cells["Resolved"] or None)
        assert ticket["closed_at"] == (cells["Closed"] or None)
        assert ticket["priority"] == int(cells["Priority"][0])
        assert ticket["title"] == cells["Short description"]
        assert ticket["reassignment_count"] == cells["Reassignment count"]


def test_a_rolled_back_undo_or_redo_leaves_the_import_undoable(desk: Store) -> None:
    """The database rolls back whole; the operation's own bookkeeping must follow it."""
    opened = datetime(2025, 1, 1)
    run(
        desk,
        Macro(
            "seed",
            [
                ImportRows(
                    "ticket",
                    "seed",
                    [
                        {
                            "external_id": "OLD",
                            "service_id": 1,
                            "opened_at": opened,
                            "title": "before",
                        }
                    ],
                )
            ],
        ),
    )
    (old,) = stored_tickets(desk)
    change = RowChange(old["id"], old["version"], {"title": "before"}, {"title": "after"})
    operation = ImportRows("ticket", "Import", [
        {"external_id": "NEW", "service_id": 1, "opened_at": opened}], [change])  # fmt: skip
    run(desk, operation)
    after = stored_tickets(desk)

    def fail_after(step: Callable[[Session], None]) -> None:
        with pytest.raises(RuntimeError), desk.unit_of_work() as session:
            step(session)
            raise RuntimeError("the disk is full")  # the commit never happens

    fail_after(operation.revert)
    assert stored_tickets(desk) == after  # nothing changed
    undo(desk, operation)  # and the undo still works
    assert [t["title"] for t in stored_tickets(desk)] == ["before"]
    fail_after(operation.apply)
    run(desk, operation)  # the same rows come back, not new ones

    def unversioned(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in r.items() if k != "version"} for r in rows]  # undo counts

    assert unversioned(stored_tickets(desk)) == unversioned(after)
