"""``sdm-workbench export`` and ``import``: exit codes and messages (DESIGN.md section 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl.workbook.workbook import Workbook

from sdm_workbench.store import Store
from sdm_workbench.store.repository import list_rows

from .conftest import column, edited
from .conftest import run_cli as _run


def test_export_then_import_unchanged(
    small: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(small.path)
    out = tmp_path / "out.xlsx"
    assert _run("export", "--db", db, str(out)) == 0
    assert f"Wrote {out}" in capsys.readouterr().out
    assert _run("import", "--db", db, str(out), "--delete-missing") == 0
    printed = capsys.readouterr().out
    assert "0 to add, 0 field(s) in 0 row(s) to change, 0 to delete" in printed
    assert "Nothing to change." in printed


def test_dry_run_changes_nothing_and_apply_does(
    small: Store, small_xlsx: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def edit(book: Workbook) -> None:
        ws = book["Services"]
        ws.cell(2, column(ws, "Name")).value = "Renamed from the command line"

    path = edited(small_xlsx, edit)
    db = str(small.path)
    assert _run("import", "--db", db, str(path), "--dry-run") == 0
    printed = capsys.readouterr().out
    assert "Change Services row 2" in printed and "Dry run: nothing was changed." in printed
    assert not _names(small) & {"Renamed from the command line"}

    assert _run("import", "--db", db, str(path)) == 0
    assert "Applied: Import edited.xlsx" in capsys.readouterr().out
    assert "Renamed from the command line" in _names(small)


def _names(store: Store) -> set[str]:
    with store.session() as session:
        return {str(s["name"]) for s in list_rows(session, "service")}


def test_refused_input_exits_1_with_located_lines(
    small: Store, small_xlsx: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    letters: list[str] = []

    def edit(book: Workbook) -> None:
        ws = book["Risks"]
        cell = ws.cell(4, column(ws, "Probability"))
        cell.value = 9
        letters.append(cell.column_letter)

    path = edited(small_xlsx, edit)
    assert _run("import", "--db", str(small.path), str(path)) == 1
    line = capsys.readouterr().err.strip()
    letter = letters[0]
    assert line == f"edited.xlsx:Risks:4:{letter}: Probability must be between 1 and 5, not 9."

    bogus = small_xlsx.with_name("notes.xlsx")
    bogus.write_text("not a workbook")
    assert _run("import", "--db", str(small.path), str(bogus)) == 1
    assert capsys.readouterr().err.startswith("notes.xlsx: notes.xlsx is not an Excel workbook")


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        _run("import")
    assert caught.value.code == 2
    assert "IN.xlsx" in capsys.readouterr().err


def test_conflicts_refuse_unless_skipped(
    small: Store, small_xlsx: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sdm_workbench.operations import UpdateRow, run

    with small.session() as session:
        first = list_rows(session, "service", limit=1)[0]
    run(small, UpdateRow("service", first.id, {"notes": "meanwhile"}, first.version))

    def edit(book: Workbook) -> None:
        ws = book["Services"]
        ws.cell(2, column(ws, "Name")).value = "Edited there"  # first: a conflict
        ws.cell(3, column(ws, "Name")).value = "Edited too"  # second: fine

    path = edited(small_xlsx, edit)
    db = str(small.path)
    assert _run("import", "--db", db, str(path)) == 1
    err = capsys.readouterr().err
    assert f"edited.xlsx:Services:2: {first['code']}: changed in the workbench" in err
    assert "nothing was changed" in err and "Edited too" not in _names(small)
    assert _run("import", "--db", db, str(path), "--skip-conflicts") == 0
    assert {"Edited too"} <= _names(small) and "Edited there" not in _names(small)
