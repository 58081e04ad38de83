"""Ticket exports (ServiceNow / Jira, csv and xlsx) into a service: counts, re-import, CLI."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from sdm_workbench.domain.enums import TicketState
from sdm_workbench.exchange.errors import ExchangeError
from sdm_workbench.exchange.tickets import import_tickets
from sdm_workbench.operations import run, undo
from sdm_workbench.store import Store

from .conftest import run_cli as _run
from .conftest import stored_tickets

SERVICE = "SVC-001"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# The three small files are PDI demo data and share INC numbers, so each gets a fresh store.
@pytest.mark.parametrize(
    ("name", "count", "skipped"),
    [
        ("servicenow_incident_JamesBhn.csv", 97, 0),
        ("servicenow_incident_export_123-Destiny.xlsx", 82, 0),
        ("servicenow_pdi_incident_priya-roy.csv", 66, 0),
    ],
)
def test_small_exports_import_and_reimport(
    desk: Store, corpus: Path, name: str, count: int, skipped: int
) -> None:
    path = corpus / "tickets" / name
    result = import_tickets(desk, path, SERVICE)
    assert (result.added, result.updated, result.skipped) == (count, 0, skipped)
    assert len(stored_tickets(desk)) == count
    again = import_tickets(desk, path, SERVICE)
    assert (again.added, again.updated, again.unchanged) == (0, 0, count)
    assert len(stored_tickets(desk)) == count
    assert result.macro is not None
    undo(desk, result.macro)  # one undo step takes the whole import back
    assert stored_tickets(desk) == []


def test_us_dates_null_text_and_updated_as_resolution(desk: Store, corpus: Path) -> None:
    result = import_tickets(desk, corpus / "tickets" / "servicenow_incident_JamesBhn.csv", SERVICE)
    assert any("stands in for the resolution" in n for n in result.notes)
    first = next(t for t in stored_tickets(desk) if t["external_id"] == "INC0057044")
    assert first["opened_at"].isoformat() == "2025-03-17T06:04:00"  # 3/17/2025: month-first
    assert first["resolved_at"].isoformat() == "2025-03-22T07:00:00"
    assert first["title"] is None  # the literal 'null'
    assert first["priority"] == 3 and first["state"] == TicketState.CLOSED


def test_xlsx_datetime_cells_and_priorities(desk: Store, corpus: Path) -> None:
    path = corpus / "tickets" / "servicenow_incident_export_123-Destiny.xlsx"
    import_tickets(desk, path, SERVICE)
    stored = {t["external_id"]: t for t in stored_tickets(desk)}
    first = stored["INC0010079"]
    assert first["opened_at"].isoformat() == "2023-09-19T20:21:17"
    assert first["priority"] == 1 and first["state"] == TicketState.NEW
    assert {t["priority"] for t in stored.values()} == {1, 2, 3, 4, 5}


def test_uci_event_log_collapses_to_one_ticket_per_incident(desk: Store, corpus: Path) -> None:
    path = corpus / "tickets" / "uci_incident_event_log_first19996.csv"
    result = import_tickets(desk, path, SERVICE)
    assert (result.added, result.skipped) == (2803, 0)  # 19,996 updates of 2,803 incidents
    stored = stored_tickets(desk)
    assert len(stored) == 2803
    hours = [
        (t["resolved_at"] - t["opened_at"]).total_seconds() / 3600
        for t in stored
        if t["resolved_at"] and t["opened_at"]
    ]
    assert sum(hours) / len(hours) == pytest.approx(294.7, abs=0.05)
    assert Counter(t["priority"] for t in stored) == {1: 27, 2: 65, 3: 2495, 4: 216}
    again = import_tickets(desk, path, SERVICE)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2803)
    assert len(stored_tickets(desk)) == 2803


AMBIGUOUS = (
    "Number,Opened,Priority,State\nINC1,1/2/2024 10:00,2 - High,New\nINC2,3/4/2024 9:00,3,New\n"
)


def test_ambiguous_dates_ask_for_an_order(desk: Store, tmp_path: Path) -> None:
    path = _write(tmp_path / "amb.csv", AMBIGUOUS)
    with pytest.raises(ExchangeError, match="--dates dmy or --dates mdy"):
        import_tickets(desk, path, SERVICE)
    assert stored_tickets(desk) == []
    import_tickets(desk, path, SERVICE, dates="dmy")
    first = next(t for t in stored_tickets(desk) if t["external_id"] == "INC1")
    assert (first["opened_at"].day, first["opened_at"].month) == (1, 2)


def test_refused_rows_are_skipped_with_line_and_reason(desk: Store, tmp_path: Path) -> None:
    text = (
        "Number,Opened,Resolved,Priority,State\n"
        "INC1,2024-03-05 10:00,2024-03-04 10:00,1 - Critical,Resolved\n"
        "INC2,2024-03-05 10:00,2024-03-06 10:00,P9,Weird state\n"
        "INC3,2024-03-05 10:00,2024-03-06 10:00,9,Canceled\n"
    )
    result = import_tickets(desk, _write(tmp_path / "t.csv", text), SERVICE)
    assert result.added == 1
    assert [line for line, _ in result.skipped_with_reasons] == [2, 3]
    assert "before opened" in result.skipped_with_reasons[0][1]
    assert "Weird state" in result.skipped_with_reasons[1][1]
    (stored,) = stored_tickets(desk)
    assert stored["priority"] == 5 and stored["state"] == TicketState.CANCELLED  # clamped


def test_every_row_failing_refuses_the_file(desk: Store, tmp_path: Path) -> None:
    text = "Number,Opened,Resolved\nINC1,2024-03-05 10:00,2024-03-04 10:00\n"
    with pytest.raises(ExchangeError, match="no row could be imported"):
        import_tickets(desk, _write(tmp_path / "t.csv", text), SERVICE)


def test_cli_exit_codes(desk: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(desk.path)
    good = _write(tmp_path / "good.csv", AMBIGUOUS)
    args = ("import-tickets", "--db", db, "--service", SERVICE)
    assert _run(*args, str(good), "--dates", "mdy", "--dry-run") == 0
    assert "2 added, 0 updated" in capsys.readouterr().out
    assert stored_tickets(desk) == []
    assert _run(*args, str(good), "--dates", "mdy") == 0
    assert "2 added" in capsys.readouterr().out
    assert _run(*args, str(good), "--dates", "mdy") == 0
    assert "0 added, 0 updated, 2 unchanged, 0 skipped" in capsys.readouterr().out
    assert _run(*args, str(good)) == 1
    assert "--dates dmy or --dates mdy" in capsys.readouterr().err
    unknown = ("import-tickets", "--db", db, "--service", "SVC-999", str(good))
    assert _run(*unknown) == 1
    assert "Unknown service code 'SVC-999'" in capsys.readouterr().err
    assert _run(*args, str(tmp_path / "missing.csv")) == 1
    assert len(stored_tickets(desk)) == 2


def test_changed_rows_update_in_one_step_and_undo_restores_them(
    desk: Store, tmp_path: Path
) -> None:
    text = (
        "Number,Opened,Priority,State\n"
        "INC1,2024-03-05 10:00,1 - Critical,New\nINC2,2024-03-05 11:00,3,New\n"
    )
    first = import_tickets(desk, _write(tmp_path / "t.csv", text), SERVICE)
    path = _write(tmp_path / "t.csv", text.replace("3,New", "4,Closed"))
    again = import_tickets(desk, path, SERVICE)
    assert (again.added, again.updated, again.unchanged) == (0, 1, 1)
    stored = {t["external_id"]: t for t in stored_tickets(desk)}
    assert (stored["INC2"]["priority"], stored["INC2"]["state"]) == (4, TicketState.CLOSED)
    assert stored["INC2"]["version"] == 2
    assert again.macro is not None and first.macro is not None
    undo(desk, again.macro)
    stored = {t["external_id"]: t for t in stored_tickets(desk)}
    assert (stored["INC2"]["priority"], stored["INC2"]["state"]) == (3, TicketState.NEW)
    run(desk, again.macro)  # redo
    assert {t["priority"] for t in stored_tickets(desk)} == {1, 4}
    undo(desk, again.macro)
    undo(desk, first.macro)
    assert stored_tickets(desk) == []


def test_an_update_refuses_when_someone_changed_the_ticket_meanwhile(
    desk: Store, tmp_path: Path
) -> None:
    from sdm_workbench.domain.errors import ConflictError
    from sdm_workbench.exchange.tickets import plan_tickets, ticket_macro
    from sdm_workbench.operations import UpdateRow

    text = "Number,Opened,Priority\nINC1,2024-03-05 10:00,1\n"
    import_tickets(desk, _write(tmp_path / "t.csv", text), SERVICE)
    plan = plan_tickets(desk, _write(tmp_path / "t.csv", text.replace(",1\n", ",2\n")), SERVICE)
    (ticket,) = stored_tickets(desk)
    run(desk, UpdateRow("ticket", ticket["id"], {"title": "Edited by a teammate"}))
    with pytest.raises(ConflictError, match="Someone else changed"):
        run(desk, ticket_macro(plan))
    assert stored_tickets(desk)[0]["priority"] == 1
