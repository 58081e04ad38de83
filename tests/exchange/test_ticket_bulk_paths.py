"""The bulk shortcuts of the 100k-row ticket import give what the plain, row-by-row code gives.

Each fast path (runs of rows copied as slices, several rows per INSERT, a parse per distinct
cell, whole columns laid end to end, uids sorted by their first bytes) is checked against
the simple reading of the same input, on real SQLite files where it writes.
"""

from __future__ import annotations

import gc
import sqlite3
import uuid
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdm_workbench.domain.errors import DomainError
from sdm_workbench.exchange import bulk_insert
from sdm_workbench.exchange.bulk_insert import NewRows, gather, new_uids
from sdm_workbench.exchange.bulk_rows import ImportRows, RowChange
from sdm_workbench.exchange.flat_files import parse_dates, parse_datetime
from sdm_workbench.exchange.ticket_cells import parse_column, parse_priority
from sdm_workbench.exchange.ticket_rows import _column, _columns, _texts
from sdm_workbench.operations import Macro, run, undo
from sdm_workbench.store import Store
from sdm_workbench.store.gc_pause import paused_gc

from .conftest import stored_tickets


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 60), st.data())
def test_rows_taken_as_runs_are_the_rows_taken_one_by_one(size: int, data: st.DataObject) -> None:
    values = [f"v{n}" for n in range(size)]
    left_out = data.draw(st.sets(st.integers(0, max(size - 1, 0)), max_size=4))
    rows = [n for n in range(size) if n not in left_out]  # all but a few: the runs path
    picked = sorted(data.draw(st.sets(st.integers(0, max(size - 1, 0)))) & set(range(size)))
    for chosen in (rows, picked):
        made = NewRows.of({"a": values, "b": list(range(size))}, chosen, service_id=1)
        assert made.columns == {"a": gather(values, chosen), "b": gather(range(size), chosen)}
        assert made.count == len(chosen) and made.constants == {"service_id": 1}
    if size:
        from_the_end = list(range(-size, 0))  # as itemgetter reads them: not slices
        assert NewRows.of({"a": values}, from_the_end).columns["a"] == values


def test_uids_whose_first_bytes_tie_still_come_sorted(monkeypatch: pytest.MonkeyPatch) -> None:
    heads = bytes(range(8))  # every uid starts alike: the order comes from the last 8 bytes
    tails = [bytes([9 - n] * 8) for n in range(6)]
    monkeypatch.setattr(bulk_insert.os, "urandom", lambda _n: b"".join(heads + t for t in tails))
    uids = new_uids(6)
    assert uids == sorted(uids) and len(set(uids)) == 6
    for text in uids:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 4 and parsed.variant == uuid.RFC_4122


def test_the_cycle_collector_is_held_and_given_back_as_it_was() -> None:
    found = gc.isenabled()  # the GUI tests' collector may have it off: set each state here
    try:
        gc.enable()
        with pytest.raises(RuntimeError), paused_gc():
            assert not gc.isenabled()
            raise RuntimeError("a failed import")
        assert gc.isenabled()
        gc.disable()  # as the GUI runs it: collected from its own timer
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        (gc.enable if found else gc.disable)()


def test_many_rows_per_statement_store_every_row_in_order(
    desk: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """53 rows, 7 to a statement and 21 converted at a time: full and partial statements."""
    monkeypatch.setattr(bulk_insert, "ROWS_PER_STATEMENT", 7)
    monkeypatch.setattr(bulk_insert, "CHUNK", 21)
    count = 53
    opened = [datetime(2025, 1, 1, n % 24, n, 0, n * 1000) for n in range(count)]
    values: dict[str, list[Any]] = {
        "external_id": [f"T{n:03d}" for n in range(count)],
        "opened_at": opened,
        "priority": [None if n % 5 == 0 else n % 5 for n in range(count)],
        "title": [f"it's {n}" if n % 3 else None for n in range(count)],
        "resolved_at": [None if n % 2 else opened[n].replace(hour=23) for n in range(count)],
    }
    operation = ImportRows("ticket", "Import 53 tickets", NewRows.of(values, None, service_id=1))
    macro = Macro(operation.label, [operation])
    run(desk, macro)
    stored = stored_tickets(desk)
    assert [t["id"] for t in stored] == operation.added_ids and len(stored) == count
    assert [t["external_id"] for t in stored] == values["external_id"]
    assert [t["opened_at"] for t in stored] == opened  # microseconds kept
    assert [t["priority"] for t in stored] == [p or 3 for p in values["priority"]]  # default
    assert [t["title"] for t in stored] == values["title"]
    assert [t["resolved_at"] for t in stored] == values["resolved_at"]
    assert len({t["uid"] for t in stored}) == count
    undo(desk, macro)
    assert stored_tickets(desk) == []
    run(desk, macro)
    assert stored_tickets(desk) == stored


def test_a_row_the_database_refuses_rolls_back_the_whole_statement(desk: Store) -> None:
    """The checks of the table still hold for rows written many to a statement."""
    rows = [
        {"external_id": f"T{n}", "service_id": 1, "opened_at": datetime(2025, 1, 1), "priority": 2}
        for n in range(30)
    ]
    rows[17]["priority"] = 9  # past the planning checks: the database's own CHECK refuses it
    with pytest.raises(DomainError, match=r"refused the change.*priority"):
        run(desk, ImportRows("ticket", "Import", rows))
    assert stored_tickets(desk) == []


def test_rows_per_statement_stay_under_the_drivers_parameter_limit() -> None:
    connection = sqlite3.connect(":memory:")
    try:
        limit = connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        for width in (1, 12, 40, limit, limit + 5):
            per = bulk_insert._rows_per_statement(connection, width)
            assert per >= 1 and (per * width <= limit or per == 1)
            assert per <= bulk_insert.ROWS_PER_STATEMENT
    finally:
        connection.close()
    assert bulk_insert._rows_per_statement(object(), 12) == 999 // 12  # no getlimit: old SQLite


CELLS = st.one_of(
    st.none(),
    st.just(""),
    st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1)),
    st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    st.sampled_from(["null", " n/a ", "5/3/2025 10:00", "2025-03-05", "soon", "31/2/2025"]),
    st.floats(1, 60000),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(CELLS, max_size=30), st.sampled_from(["dmy", "mdy", None]))
def test_sheet_date_cells_read_as_cell_dates(cells: list[Any], order: str | None) -> None:
    """calamine's cells: datetimes, dates at midnight, "" for an empty cell, some text."""
    expected, failed = [], set()
    for n, cell in enumerate(cells):
        try:
            expected.append(parse_datetime(cell, order))
        except ValueError:
            expected.append(None)
            failed.add(n)
    values, bad = parse_dates(cells, order)
    assert values == expected and set(bad) == failed
    assert _texts(cells) == [c for c in cells if type(c) is str and c]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.integers(-3, 9),
            st.floats(0, 9),
            st.sampled_from(["P1", "2 - High", "lowest", "urgent", "", " null "]),
        ),
        max_size=30,
    )
)
def test_a_column_parsed_per_distinct_cell_reads_as_cell_by_cell(cells: list[Any]) -> None:
    expected, failed = [], {}
    for n, cell in enumerate(cells):
        try:
            expected.append(parse_priority(cell))
        except ValueError as exc:
            expected.append(None)
            failed[n] = str(exc)
    assert parse_column(cells, parse_priority) == (expected, failed)
    unhashable = [*cells, ["P1"]]  # read one by one: a list cell is neither parsed nor kept
    values, bad = parse_column(unhashable, lambda c: c if not isinstance(c, list) else None)
    assert values == [*cells, None] and bad == {}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), st.text(max_size=3)), max_size=6), max_size=12))
def test_columns_of_even_or_ragged_rows_read_as_one_column_at_a_time(rows: list[list[Any]]) -> None:
    indices = {"a": 0, "b": 2, "c": 5}
    assert _columns(rows, indices) == {f: _column(rows, i) for f, i in indices.items()}
    even = [[*r, *[None] * (6 - len(r))] for r in rows]  # a sheet: every row as wide
    assert _columns(even, indices) == {f: _column(even, i) for f, i in indices.items()}


def test_changes_of_different_columns_touch_only_their_columns(desk: Store) -> None:
    """One statement shape for every change: a column a row does not change keeps its value,
    and undo puts back an empty value as empty."""
    opened = datetime(2025, 1, 1)
    seed = [
        {"external_id": "A", "service_id": 1, "opened_at": opened, "title": "a", "priority": 4},
        {"external_id": "B", "service_id": 1, "opened_at": opened, "category": "Network"},
    ]
    run(desk, ImportRows("ticket", "seed", seed))
    first, second = stored_tickets(desk)
    changes = [
        RowChange(first["id"], first["version"], {"category": None}, {"category": "Software"}),
        RowChange(second["id"], second["version"], {"priority": 3, "title": None},
                  {"priority": 1, "title": "b"}),
    ]  # fmt: skip
    operation = ImportRows("ticket", "Import", [], changes)
    run(desk, operation)
    after = {t["external_id"]: t for t in stored_tickets(desk)}
    assert (after["A"]["category"], after["A"]["title"], after["A"]["priority"]) == (
        "Software", "a", 4,
    )  # fmt: skip
    assert (after["B"]["category"], after["B"]["title"], after["B"]["priority"]) == (
        "Network", "b", 1,
    )  # fmt: skip
    undo(desk, operation)
    back = {t["external_id"]: t for t in stored_tickets(desk)}
    assert back["A"]["category"] is None and back["B"]["title"] is None
    assert [(t["title"], t["priority"], t["category"]) for t in back.values()] == [
        (first["title"], first["priority"], first["category"]),
        (second["title"], second["priority"], second["category"]),
    ]
