"""Putting another workbench in the window: File > New…, Open…, a recent file.

Opening another workbench opens its store first (a refused file keeps the current window),
then shows a new ``MainWindow`` on it, with the same settings and an empty undo history, and
closes the old window and its store. The app's main windows are kept here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMainWindow

from ..paths import user_paths
from ..store import Store
from .workbook_io import WORKBENCH_FILTER

if TYPE_CHECKING:
    from .main_window import MainWindow

_windows: list[QMainWindow] = []  # the app's open main windows (keeps Python references)


def keep_window(window: QMainWindow) -> None:
    """Hold a reference to an app-owned main window (it is deleted once replaced)."""
    if window not in _windows:
        _windows.append(window)


def open_windows() -> list[QMainWindow]:
    return list(_windows)


def retire(window: MainWindow) -> None:
    """Close ``window`` and its store without quitting the app (a new window follows)."""
    app = QApplication.instance()
    quit_on_close = isinstance(app, QApplication) and app.quitOnLastWindowClosed()
    if isinstance(app, QApplication):
        app.setQuitOnLastWindowClosed(False)
    try:
        window.close()
    finally:
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(quit_on_close)
    window.store.close()
    if window in _windows:
        _windows.remove(window)
        window.deleteLater()


def show_window(store: Store, settings: QSettings | None) -> MainWindow:
    """A new, kept main window on ``store``, shown."""
    from .main_window import MainWindow  # the main window imports this module

    window = MainWindow(store, settings=settings)
    keep_window(window)
    window.show()
    return window


def replace_store(window: MainWindow, store: Store) -> MainWindow:
    """Show ``store`` in a new window (same settings, no undo steps) in place of ``window``."""
    window.save_settings()  # the new window starts with this one's layout
    new = show_window(store, window.settings)
    retire(window)
    return new


def _same_file(a: Path | None, b: Path) -> bool:
    return a is not None and a.resolve() == b.resolve()


def open_workbench(window: MainWindow, target: Path) -> MainWindow | None:
    """Open ``target`` in place of the window's workbench; the new window, or None."""
    from ..app import open_store

    if _same_file(window.store.path, target):
        window.statusBar().showMessage(f"{target.name} is already open.", 10_000)
        return None
    store = open_store(target, user_paths())  # refusals are explained there
    if store is None:
        return None
    return replace_store(window, store)


def open_file(window: MainWindow) -> MainWindow | None:
    """File > Open…: ask for a workbench file and open it in place of the current one."""
    from .file_menu import ask_open_path, tell_error  # the seam tests replace

    start = window.store.path.parent if window.store.path is not None else Path.home()
    path = ask_open_path(window, "Open a workbench", start, WORKBENCH_FILTER)
    if path is None:
        return None
    if not path.is_file():
        tell_error(window, "Open", f"{path} does not exist.")
        return None
    return open_workbench(window, path)


def new_file(window: MainWindow) -> MainWindow | None:
    """File > New…: ask for a new file, create an empty workbench there and open it."""
    from .file_menu import ask_save_path, tell_error  # the seam tests replace

    start = window.store.path.parent if window.store.path is not None else Path.home()
    path = ask_save_path(window, "New workbench", start / "New workbench.sqlite", WORKBENCH_FILTER)
    if path is None:
        return None
    if not path.suffix:
        path = path.with_suffix(".sqlite")
    if path.exists():
        tell_error(window, "New workbench", f"{path} already exists; choose a new file name.")
        return None
    return open_workbench(window, path)
