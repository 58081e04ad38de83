"""Workbooks to play with: the small demo built once, copied for every test that writes."""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from sdm_workbench import demo
from sdm_workbench.cli_common import Command
from sdm_workbench.cli_exchange import add_commands
from sdm_workbench.exchange import export_workbook
from sdm_workbench.operations import CreateRow, run
from sdm_workbench.store import Store
from sdm_workbench.store.rows import table

TODAY = date(2026, 3, 16)
# The sheets the editing tests touch: openpyxl loads and saves them in a fraction of a second.
EDIT_KINDS = (
    "person",
    "team",
    "customer",
    "calendar",
    "service",
    "sla",
    "project",
    "task",
    "dependency",
    "budget_line",
    "kpi",
    "raid_item",
    "review",
    "decision",
    "action",
)


def open_quietly(path: Path) -> Store:
    return Store.open(path, backup_dir=None, scheduled_backup=False)


@pytest.fixture(scope="session")
def small_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo workbench file, built once per test run (copy it before writing)."""
    path = tmp_path_factory.mktemp("template") / "small.sqlite"
    store = open_quietly(path)
    try:
        demo.create_demo(store, "small", seed=1, today=TODAY)
    finally:
        store.close()
    return path


@pytest.fixture
def small(small_template: Path, tmp_path: Path) -> Iterator[Store]:
    """A fresh copy of the small demo for one test."""
    path = tmp_path / "small.sqlite"
    shutil.copyfile(small_template, path)
    store = open_quietly(path)
    yield store
    store.close()


@pytest.fixture
def small_xlsx(small: Store, tmp_path: Path) -> Path:
    """The small demo exported (the sheets people edit; see EDIT_KINDS)."""
    path = tmp_path / "small.xlsx"
    export_workbook(small, path, kinds=EDIT_KINDS)
    return path


Edit = Callable[[Workbook], None]


def edited(source: Path, edit: Edit, name: str = "edited.xlsx") -> Path:
    """A copy of ``source`` changed by ``edit`` with openpyxl, as a stakeholder would."""
    book = openpyxl.load_workbook(source)
    edit(book)
    target = source.with_name(name)
    book.save(target)
    return target


def column(ws: Worksheet, header: str) -> int:
    """The 1-based column whose header is ``header``."""
    for cell in ws[1]:
        if cell.value == header:
            return int(cell.column)
    raise KeyError(header)


def row_of(ws: Worksheet, header: str, value: object) -> int:
    """The first row whose ``header`` cell holds ``value``."""
    at = column(ws, header)
    for row in ws.iter_rows(min_row=2, min_col=at, max_col=at):
        if row[0].value == value:
            return int(row[0].row)
    raise KeyError(value)


def run_cli(*argv: str) -> int:
    """Parse and run the exchange commands as ``sdm-workbench`` does; the exit code."""
    parser = argparse.ArgumentParser(prog="sdm-workbench")
    parser.add_argument("--db")
    commands: dict[str, Command] = {}
    add_commands(parser.add_subparsers(dest="command"), commands)
    args = parser.parse_args(argv)
    return commands[args.command](args)


@pytest.fixture
def desk(store: Store) -> Store:
    """A workbench with one service, Service Desk (SVC-001), for ticket imports."""
    run(store, CreateRow("service", {"name": "Service Desk"}))
    return store


def stored_tickets(store: Store) -> list[dict[str, Any]]:
    """Every stored ticket row, by id."""
    t = table("tickets")
    with store.session() as session:
        return [dict(r._mapping) for r in session.execute(select(t).order_by(t.c.id))]
