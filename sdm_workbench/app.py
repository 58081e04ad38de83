"""Composition root of the desktop app: paths -> store -> QApplication -> MainWindow.

Qt is imported inside the functions, so importing this module (e.g. from the CLI) stays cheap
and display-free.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .paths import Paths, user_paths
from .store import DamagedDatabaseError, NotAWorkbenchError, SchemaTooNewError, Store

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

APP_NAME = "SDM Workbench"
FIRST_START_SCALE = "small"


def main(argv: list[str] | None = None) -> int:
    """``sdm-workbench-gui [--db PATH|URL]``: open the window on a workbench."""
    parser = argparse.ArgumentParser(prog="sdm-workbench-gui", description="Open SDM Workbench.")
    parser.add_argument("--db", help="workbench file or database URL (default: your workbench)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    args, _qt_args = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return run_gui(args.db)


def open_problem(exc: BaseException) -> tuple[str, str] | None:
    """A title and a plain explanation for a workbench that cannot be opened, else None."""
    if isinstance(exc, SchemaTooNewError):
        return (
            "Made by a newer version",
            f"{exc}\n\nThis workbench was saved by a newer SDM Workbench. Update the app to "
            "open it; the file was not changed.",
        )
    if isinstance(exc, DamagedDatabaseError):
        if exc.newest_backup is not None:
            hint = (
                f"The newest backup is:\n{exc.newest_backup}\n\nClose the app, copy that "
                f"backup over\n{exc.path}\nand start again."
            )
        else:
            hint = "No backup of it was found."
        return ("Workbench file is damaged", f"{exc.path} cannot be read safely.\n\n{hint}")
    if isinstance(exc, NotAWorkbenchError):
        return ("Not a workbench file", str(exc))
    return None


def _application() -> QApplication:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QCoreApplication.setOrganizationName("sdm-workbench")
    QCoreApplication.setApplicationName("sdm-workbench")
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("sdm-workbench")
    from .gui.gc_guard import collect_on_gui_thread
    from .gui.qtconv import use_readable_locale

    use_readable_locale()
    collect_on_gui_thread(app)  # worker threads must never collect Qt objects
    return app


def _tell(title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, title, text)


def _ask_restore(exc: DamagedDatabaseError) -> bool:
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        None,
        "Workbench file is damaged",
        f"{exc.path} cannot be read safely.\n\nRestore it from the newest backup,\n"
        f"{exc.newest_backup}?\n\nThe damaged file is kept beside it.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


def open_store(
    target: str | Path,
    paths: Paths,
    ask_restore: Callable[[DamagedDatabaseError], bool] = _ask_restore,
) -> Store | None:
    """Open a workbench, or explain (dialog) why not and return None; nothing is changed.

    A damaged file with a backup is offered a restore from the newest backup (the damaged
    file is kept beside it, renamed)."""
    try:
        return Store.open(target, backup_dir=paths.backup_dir)
    except DamagedDatabaseError as exc:
        if exc.newest_backup is not None and ask_restore(exc):
            from .store.backup import restore_backup

            restore_backup(exc.newest_backup, exc.path)
            return open_store(target, paths, ask_restore)
        problem = open_problem(exc)
        assert problem is not None
        _tell(*problem)
        return None
    except (SchemaTooNewError, NotAWorkbenchError) as exc:
        problem = open_problem(exc)
        assert problem is not None
        _tell(*problem)
        return None


def create_first_demo(store: Store, parent: QWidget | None = None) -> bool:
    """Fill a brand-new workbench with the demo portfolio; False when cancelled or failed."""
    from .gui.progress import run_with_progress

    def work(progress: Callable[[float], bool]) -> None:
        from .demo import create_demo  # written by the demo issue; imported only when needed

        create_demo(store, scale=FIRST_START_SCALE, seed=1, progress=progress)

    try:
        _result, cancelled = run_with_progress(
            parent, APP_NAME, "Creating a demo portfolio to explore…", work
        )
    except ImportError:
        return False
    except Exception as exc:  # the app still opens, on an empty workbench
        _tell("Demo not created", f"The demo portfolio could not be created:\n{exc}")
        return False
    return not cancelled


def choose_first_start(paths: Paths) -> tuple[Path, bool] | None:
    """On a first start: which workbench to open and whether to fill it with the demo.

    None when the user closed the chooser (nothing is created then, so the next start
    asks again).
    """
    from .gui.first_run import FirstRunChoice, ask_first_run, ask_workbench_file

    while True:
        choice = ask_first_run()
        if choice is FirstRunChoice.QUIT:
            return None
        if choice is FirstRunChoice.OPEN:
            path = ask_workbench_file()
            if path is None:  # cancelled the file picker: back to the three choices
                continue
            return path, False
        return paths.default_database, choice is FirstRunChoice.DEMO


def run_gui(db: str | None) -> int:
    """Open the main window on ``db`` (default: the user's workbench); the exit code."""
    paths = user_paths().ensure()
    app = _application()
    from .gui import crash

    crash.install(paths.log_dir)
    target: str | Path = db or paths.default_database
    with_demo = False
    if db is None and not paths.default_database.exists():
        from .gui.theme import DEFAULT_THEME, apply_theme

        apply_theme(app, DEFAULT_THEME)  # the welcome looks like the window that follows
        start = choose_first_start(paths)
        if start is None:
            return 0
        target, with_demo = start
    store = open_store(target, paths)
    if store is None:
        return 1
    try:
        if with_demo:
            create_first_demo(store)
        from .gui import file_menu
        from .gui.main_window import MainWindow
        from .gui.settings import open_settings

        window = MainWindow(store, settings=open_settings(app))
        file_menu.keep_window(window)  # File > Open… replaces it with another window
        window.show()
        try:
            return app.exec()
        finally:
            for open_window in file_menu.open_windows():  # a replaced window closed already
                if isinstance(open_window, MainWindow):
                    open_window.live.close()
                    open_window.store.close()
    finally:
        store.close()


if __name__ == "__main__":
    raise SystemExit(main())
