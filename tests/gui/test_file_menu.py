"""The File menu: Export…, Import… (one undo step) and Save As…, with no real dialogs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QMenu
from sqlalchemy import select

from sdm_workbench.domain.kinds import KINDS
from sdm_workbench.domain.services import Service
from sdm_workbench.gui import file_menu
from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.store import Store
from sdm_workbench.store.repository import count


class Dialogs:
    """Stand-ins for the module's questions: fixed answers, and what was said."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, path: Path | None, apply: bool = True):
        self.path = path
        self.apply = apply
        self.asked: list[str] = []
        self.errors: list[str] = []
        self.told: list[str] = []
        self.confirmed: list[str] = []
        monkeypatch.setattr(file_menu, "ask_save_path", self._ask)
        monkeypatch.setattr(file_menu, "ask_open_path", self._ask)
        monkeypatch.setattr(file_menu, "confirm", self._confirm)
        monkeypatch.setattr(file_menu, "tell", lambda _p, _t, text: self.told.append(text))
        monkeypatch.setattr(file_menu, "tell_error", lambda _p, _t, text: self.errors.append(text))

    def _ask(self, _parent: Any, title: str, suggested: Path, _filter: str) -> Path | None:
        self.asked.append(f"{title}: {suggested}")
        return self.path

    def _confirm(self, _parent: Any, _title: str, text: str, details: str) -> bool:
        self.confirmed.append(f"{text}\n{details}")
        return self.apply


def action(window: MainWindow, name: str) -> Any:
    from PySide6.QtGui import QAction

    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def row_counts(store: Store) -> dict[str, int]:
    with store.unit_of_work() as session:
        return {name: count(session, name) for name in KINDS}


def service_names(store: Store) -> dict[str, str]:
    with store.unit_of_work() as session:
        return {s.code: s.name for s in session.scalars(select(Service))}


def export(window: MainWindow, monkeypatch: pytest.MonkeyPatch, path: Path) -> Dialogs:
    dialogs = Dialogs(monkeypatch, path)
    action(window, "exportAction").trigger()
    return dialogs


def edit_cell(path: Path, sheet: str, code: str, header: str, value: Any) -> str:
    """Set the ``header`` cell of the row whose Code is ``code``; its coordinate."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    headers = [str(c.value or "") for c in ws[1]]
    code_col = next(i for i, h in enumerate(headers) if h.lower().startswith("code")) + 1
    col = next(i for i, h in enumerate(headers) if h.lower().startswith(header.lower())) + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, code_col).value == code)
    cell = ws.cell(row, col)
    cell.value = value
    book.save(path)
    return str(cell.coordinate)


def test_file_menu_lists_the_actions_before_quit(window: MainWindow) -> None:
    menu = window.menuBar().actions()[0].menu()
    assert isinstance(menu, QMenu)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["&Export…", "&Import…", "Save &As…", "&Quit"]
    assert action(window, "exportAction").shortcut().toString() == "Ctrl+E"
    assert action(window, "importAction").shortcut().toString() == "Ctrl+I"


def test_export_writes_a_workbook(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "out.xlsx"
    dialogs = export(window, monkeypatch, target)
    assert dialogs.asked == [f"Export to Excel: {Path.home() / 'workbench.xlsx'}"]
    assert dialogs.errors == []
    book = openpyxl.load_workbook(target)
    assert "Services" in book.sheetnames
    message = window.statusBar().currentMessage()
    assert message.startswith(f"Wrote {target} (") and "rows in" in message


def test_export_cancelled_writes_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dialogs = export(window, monkeypatch, None)  # type: ignore[arg-type]
    assert dialogs.errors == [] and list(tmp_path.glob("*.xlsx")) == []


def test_export_refusal_is_shown(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dialogs = export(window, monkeypatch, tmp_path / "out.csv")
    assert len(dialogs.errors) == 1 and ".xlsx" in dialogs.errors[0]


def test_import_applies_one_undo_step(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "out.xlsx"
    export(window, monkeypatch, target)
    edit_cell(target, "Services", "SVC-002", "Name", "Intranet")
    steps = window.history.stack.count()

    dialogs = Dialogs(monkeypatch, target)
    action(window, "importAction").trigger()
    assert dialogs.errors == []
    assert len(dialogs.confirmed) == 1 and "Intranet" in dialogs.confirmed[0]
    assert service_names(window.store)["SVC-002"] == "Intranet"
    assert window.history.stack.count() == steps + 1

    window.history.stack.undo()
    assert service_names(window.store)["SVC-002"] == "Web portal"
    window.history.stack.redo()
    assert service_names(window.store)["SVC-002"] == "Intranet"


def test_import_cancelled_changes_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "out.xlsx"
    export(window, monkeypatch, target)
    edit_cell(target, "Services", "SVC-002", "Name", "Intranet")
    dialogs = Dialogs(monkeypatch, target, apply=False)
    action(window, "importAction").trigger()
    assert len(dialogs.confirmed) == 1
    assert service_names(window.store)["SVC-002"] == "Web portal"
    assert window.history.stack.count() == 0


def test_import_without_changes_says_so(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "out.xlsx"
    export(window, monkeypatch, target)
    dialogs = Dialogs(monkeypatch, target)
    action(window, "importAction").trigger()
    assert dialogs.confirmed == [] and dialogs.errors == []
    assert len(dialogs.told) == 1 and "nothing was changed" in dialogs.told[0]
    assert window.history.stack.count() == 0


def test_import_of_an_invalid_cell_changes_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "out.xlsx"
    export(window, monkeypatch, target)
    edit_cell(target, "Services", "SVC-001", "Name", "Mail archive")
    where = edit_cell(target, "Services", "SVC-002", "Criticality", "not-a-level")
    before = service_names(window.store)

    dialogs = Dialogs(monkeypatch, target)
    action(window, "importAction").trigger()
    assert dialogs.confirmed == []
    assert len(dialogs.errors) == 1
    assert f"Services!{where}:" in dialogs.errors[0]
    assert service_names(window.store) == before
    assert window.history.stack.count() == 0


def test_save_as_writes_a_readable_copy(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "copies" / "copy.sqlite"
    dialogs = Dialogs(monkeypatch, target)
    action(window, "saveAsAction").trigger()
    assert dialogs.errors == []
    assert str(target) in window.statusBar().currentMessage()
    copy = Store.open(target, backup_dir=tmp_path / "copy-backups", scheduled_backup=False)
    try:
        assert service_names(copy) == service_names(window.store)
        assert len(service_names(copy)) == 3
        assert row_counts(copy) == row_counts(window.store)
    finally:
        copy.close()


def test_save_as_refuses_the_open_file(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    assert window.store.path is not None
    dialogs = Dialogs(monkeypatch, window.store.path)
    action(window, "saveAsAction").trigger()
    assert len(dialogs.errors) == 1
