"""The File menu: New…, Open…, Open Recent, Backups…, Export…, Import… (one undo step) and
Save As…, with no real dialogs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QMenu
from sqlalchemy import select

from sdm_workbench import app
from sdm_workbench.domain.kinds import KINDS
from sdm_workbench.domain.services import Service
from sdm_workbench.exchange import ExchangeError
from sdm_workbench.gui import file_menu, workbook_io
from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.gui.progress import Progress
from sdm_workbench.gui.settings import open_settings
from sdm_workbench.store import Store
from sdm_workbench.store.backup import backups_of
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


@pytest.fixture(autouse=True)
def close_opened_windows() -> Iterator[None]:
    """Windows opened by File > Open… and friends are closed with their stores."""
    yield
    for opened in file_menu.open_windows():
        assert isinstance(opened, MainWindow)
        opened.close()
        opened.store.close()
    file_menu._windows.clear()


def make_workbench(path: Path, code: str, name: str) -> Path:
    other = Store.open(path, backup_dir=path.parent / "other-backups", scheduled_backup=False)
    try:
        with other.unit_of_work() as session:
            session.add(Service(code=code, name=name))
    finally:
        other.close()
    return path


def newest_window() -> MainWindow:
    opened = file_menu.open_windows()
    assert opened, "no window was opened"
    window = opened[-1]
    assert isinstance(window, MainWindow)
    return window


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
    assert texts == [
        "&New…",
        "&Open…",
        "Open &Recent",
        "Save &As…",
        "&Backups…",
        "&Export…",
        "&Import…",
        "Import &tickets…",
        "Import survey &responses…",
        "Import a &plan…",
        "&Quit",
    ]
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


def test_cancelling_a_running_export_leaves_no_file(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def press_cancel_at_once(
        _parent: object, _title: str, _label: str, work: Callable[[Progress], object]
    ) -> tuple[object, bool]:
        with pytest.raises(ExchangeError):  # the export stops at its first report
            work(lambda _fraction: False)
        return None, True

    monkeypatch.setattr(workbook_io, "run_with_progress", press_cancel_at_once)
    target = tmp_path / "out.xlsx"
    export(window, monkeypatch, target)
    assert not target.exists() and list(tmp_path.glob("*.xlsx*")) == []
    assert window.statusBar().currentMessage() == "Export cancelled; no file was written."


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


def test_open_switches_the_window_to_another_file(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    other = make_workbench(tmp_path / "other" / "other.sqlite", "SVC-900", "Payroll")
    target = tmp_path / "out.xlsx"  # an import first, so the old window has an undo step
    export(window, monkeypatch, target)
    edit_cell(target, "Services", "SVC-002", "Name", "Intranet")
    Dialogs(monkeypatch, target)
    action(window, "importAction").trigger()
    assert window.history.stack.count() == 1

    dialogs = Dialogs(monkeypatch, other)
    action(window, "openAction").trigger()
    assert dialogs.errors == []
    new = newest_window()
    assert new is not window and new.isVisible() and not window.isVisible()
    assert new.store.path == other
    assert new.history.stack.count() == 0
    assert service_names(new.store) == {"SVC-900": "Payroll"}
    new.show_kind("service")
    assert new.pane.model is not None and new.pane.model.rowCount() == 1
    assert "other.sqlite" in new.windowTitle()
    assert file_menu.recent_paths(new.settings)[0] == other.resolve()


def test_open_of_a_refused_file_keeps_the_window(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import sqlite3

    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x INTEGER)")
    told: list[str] = []
    monkeypatch.setattr(app, "_tell", lambda title, _text: told.append(title))
    Dialogs(monkeypatch, foreign)
    action(window, "openAction").trigger()
    assert told == ["Not a workbench file"]
    assert file_menu.open_windows() == [] and window.isVisible()


def test_new_creates_an_empty_workbench(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dialogs = Dialogs(monkeypatch, tmp_path / "fresh")
    action(window, "newAction").trigger()
    assert dialogs.errors == []
    new = newest_window()
    assert new.store.path == tmp_path / "fresh.sqlite"
    assert set(row_counts(new.store).values()) == {0}
    assert new.history.stack.count() == 0


def test_new_refuses_an_existing_file(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    existing = make_workbench(tmp_path / "taken.sqlite", "SVC-900", "Payroll")
    dialogs = Dialogs(monkeypatch, existing)
    action(window, "newAction").trigger()
    assert len(dialogs.errors) == 1 and "already exists" in dialogs.errors[0]
    assert file_menu.open_windows() == []


def test_recent_list_keeps_order_drops_missing_files_and_holds_eight(tmp_path: Path) -> None:
    settings = open_settings()
    files = [tmp_path / f"wb{n}.sqlite" for n in range(10)]
    for path in files:
        path.write_bytes(b"")
        file_menu.remember_recent(settings, path)
    newest_first = [p.resolve() for p in reversed(files)]
    assert file_menu.recent_paths(settings) == newest_first[:8]

    file_menu.remember_recent(settings, files[5])  # again: moves to the front, no duplicate
    assert file_menu.recent_paths(settings)[:3] == [files[5], files[9], files[8]]
    assert len(file_menu.recent_paths(settings)) == 8

    files[9].unlink()
    assert files[9] not in file_menu.recent_paths(settings)
    assert len(file_menu.recent_paths(settings)) == 7


def test_open_recent_menu_is_rebuilt_and_opens(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    other = make_workbench(tmp_path / "recent.sqlite", "SVC-900", "Payroll")
    file_menu.remember_recent(window.settings, other)
    menu = window.findChild(QMenu, "recentMenu")
    assert isinstance(menu, QMenu)
    menu.aboutToShow.emit()
    texts = [a.text() for a in menu.actions()]
    assert texts == ["&1 recent.sqlite", "&2 workbench.sqlite"]
    menu.actions()[0].trigger()
    assert newest_window().store.path == other.resolve()


def test_back_up_now_adds_a_backup(window: MainWindow) -> None:
    dialog = file_menu.BackupsDialog(window, window.store, file_menu.backup_dir_of(window.store))
    before = len(dialog.backups)
    made = dialog.back_up_now()
    assert made is not None and made.is_file()
    assert len(dialog.backups) == before + 1 and dialog.backups[0] == made
    assert dialog.table.rowCount() == before + 1
    first = dialog.table.item(0, 0)
    assert first is not None and first.text() == made.name
    assert dialog.selected() == made
    dialog.close()


def test_restoring_a_backup_brings_back_a_deleted_row(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = window.store.path
    assert path is not None
    backup = window.store.backup_now()
    with window.store.unit_of_work() as session:
        desk = session.scalars(select(Service).where(Service.code == "SVC-003")).one()
        session.delete(desk)
    assert "SVC-003" not in service_names(window.store)

    offered: list[Path] = []

    def choose(_parent: Any, store: Store, backup_dir: Path) -> Path:
        offered.extend(backups_of(path, backup_dir))
        return backup

    monkeypatch.setattr(file_menu, "ask_backup", choose)
    dialogs = Dialogs(monkeypatch, None)
    action(window, "backupsAction").trigger()
    assert backup in offered
    assert len(dialogs.confirmed) == 1 and backup.name in dialogs.confirmed[0]
    new = newest_window()
    assert new is not window and not window.isVisible()
    assert new.store.path == path
    assert "SVC-003" in service_names(new.store)
    assert new.history.stack.count() == 0
    assert list(path.parent.glob(f"{path.name}.damaged-*"))  # the replaced file is kept


def test_restore_cancelled_changes_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = window.store.backup_now()
    monkeypatch.setattr(file_menu, "ask_backup", lambda *_args: backup)
    dialogs = Dialogs(monkeypatch, None, apply=False)
    action(window, "backupsAction").trigger()
    assert len(dialogs.confirmed) == 1
    assert file_menu.open_windows() == [] and window.isVisible()
