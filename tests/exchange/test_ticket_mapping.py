"""Saved ticket column mappings: --column / --save-mapping / --mapping, and their storage."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sdm_workbench.exchange.errors import ExchangeError
from sdm_workbench.exchange.templates.mapping import mapping_dir
from sdm_workbench.exchange.ticket_mapping import (
    TicketMapping,
    load_ticket_mapping,
    save_ticket_mapping,
    saved_ticket_mappings,
)
from sdm_workbench.exchange.tickets import import_tickets, plan_tickets
from sdm_workbench.operations import CreateRow, run
from sdm_workbench.paths import user_paths
from sdm_workbench.store import Store
from sdm_workbench.store.rows import table

from .conftest import run_cli as _run

SERVICE = "SVC-001"
# A helpdesk naming its columns its own way: none of the built-in names fit.
FOREIGN = (
    "Ticket ID,Logged on,Urgency,Headline,Stage\n"
    "HD-1,2025-03-05 10:00,1 - Critical,Printer on fire,New\n"
    "HD-2,2025-03-06 11:30,4 - Low,Mouse squeaks,Closed\n"
)


@pytest.fixture
def desk(store: Store) -> Store:
    run(store, CreateRow("service", {"name": "Service Desk"}))
    return store


def _tickets(store: Store) -> dict[str, dict[str, Any]]:
    t = table("tickets")
    with store.session() as session:
        return {r.external_id: dict(r._mapping) for r in session.execute(select(t))}


COLUMNS = {
    "external_id": "Ticket ID",
    "opened_at": "Logged on",
    "priority": "Urgency",
    "title": "Headline",
    "state": "Stage",
}


def test_a_mapping_reads_columns_the_built_in_names_miss(desk: Store, tmp_path: Path) -> None:
    path = tmp_path / "helpdesk.csv"
    path.write_text(FOREIGN, encoding="utf-8")
    with pytest.raises(ExchangeError, match="no ticket number column"):
        plan_tickets(desk, path, SERVICE)
    result = import_tickets(desk, path, SERVICE, mapping=COLUMNS)
    assert (result.added, result.skipped) == (2, 0)
    assert result.columns == COLUMNS
    stored = _tickets(desk)
    assert stored["HD-1"]["priority"] == 1 and stored["HD-1"]["title"] == "Printer on fire"
    assert stored["HD-2"]["state"].value == "closed"


def test_a_field_mapped_to_nothing_is_not_read(desk: Store, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Number,Opened,Priority\nINC1,2025-03-05 10:00,1\n", encoding="utf-8")
    import_tickets(desk, path, SERVICE, mapping={"priority": ""})
    assert _tickets(desk)["INC1"]["priority"] == 3  # the default, not the file's 1


def test_cli_saves_a_mapping_and_reads_the_next_file_with_it(
    desk: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "march.csv"
    first.write_text(FOREIGN, encoding="utf-8")
    args = ("import-tickets", "--db", str(desk.path), "--service", SERVICE)
    columns = [f"--column={f}={h}" for f, h in COLUMNS.items()]
    assert _run(*args, str(first), *columns, "--save-mapping", "helpdesk", "--dates", "dmy") == 0
    out = capsys.readouterr().out
    assert "Saved the mapping 'helpdesk'" in out and "2 added" in out
    saved = mapping_dir("ticket-mappings") / "helpdesk.json"
    assert saved.is_file() and saved.is_relative_to(user_paths().config_dir)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["columns"]["external_id"] == "Ticket ID" and data["dates"] == "dmy"
    assert data["columns"]["resolved_at"] == ""  # the file has none: kept unread
    # April's export moves the columns around and adds a row: the saved mapping still fits.
    second = tmp_path / "april.csv"
    second.write_text(
        "Stage,Headline,Ticket ID,Logged on,Urgency\n"
        "Resolved,Printer on fire,HD-1,2025-03-05 10:00,1 - Critical\n"
        "New,Keyboard sticky,HD-3,07/04/2025 08:00,3\n",
        encoding="utf-8",
    )
    assert _run(*args, str(second), "--mapping", "helpdesk") == 0
    assert "1 added, 1 updated, 0 unchanged, 0 skipped" in capsys.readouterr().out
    stored = _tickets(desk)
    assert stored["HD-1"]["state"].value == "resolved"
    assert (stored["HD-3"]["opened_at"].day, stored["HD-3"]["opened_at"].month) == (7, 4)


def test_cli_refuses_unknown_mappings_and_fields(
    desk: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.csv"
    path.write_text(FOREIGN, encoding="utf-8")
    args = ("import-tickets", "--db", str(desk.path), "--service", SERVICE, str(path))
    assert _run(*args, "--mapping", "nope") == 1
    assert "No saved mapping called 'nope'" in capsys.readouterr().err
    assert _run(*args, "--column", "colour=Stage") == 1
    assert "FIELD=HEADER" in capsys.readouterr().err
    assert _tickets(desk) == {}


def test_storage_is_shared_with_template_mappings_but_kept_apart() -> None:
    path = save_ticket_mapping(TicketMapping({"external_id": "Ticket ID"}, "mdy"), " desk ")
    assert path.parent == mapping_dir("ticket-mappings") and path.name == "desk.json"
    assert saved_ticket_mappings() == ["desk"]
    loaded = load_ticket_mapping("desk")
    assert (loaded.columns, loaded.dates, loaded.name) == (
        {"external_id": "Ticket ID"},
        "mdy",
        "desk",
    )
    assert not mapping_dir().exists() or "desk.json" not in [
        p.name for p in mapping_dir().iterdir()
    ]
    with pytest.raises(ExchangeError, match="not a usable mapping name"):
        save_ticket_mapping(TicketMapping(), "../escape")
    with pytest.raises(ExchangeError, match="no field 'colour'"):
        save_ticket_mapping(TicketMapping({"colour": "x"}), "bad")
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ExchangeError, match="is damaged"):
        load_ticket_mapping("desk")
