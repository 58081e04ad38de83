"""``python -m sdm_workbench.gui.window_bench bare|window PATH|tables PATH``: one measurement.

Prints one JSON line. Run in a fresh interpreter by :mod:`sdm_workbench.bench.window`, so the
imports and Qt's start are part of what is measured, as they are for a user.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from ..process_memory import peak_mib

SETTLE_ROUNDS = 3


def _settle(app: Any) -> None:
    for _ in range(SETTLE_ROUNDS):
        app.processEvents()


def bare() -> dict[str, Any]:
    """The baseline: the libraries the app needs, and an empty main window shown."""
    import openpyxl  # noqa: F401
    import pyqtgraph  # noqa: F401
    import sqlalchemy  # noqa: F401
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(["bench"])
    window = QMainWindow()
    window.resize(1366, 768)
    window.show()
    _settle(app)
    window.close()
    return {"peak_mib": peak_mib()}


def window(path: str) -> dict[str, Any]:
    """Ours: the store opened (integrity check included) and the main window shown, idle."""
    from PySide6.QtWidgets import QApplication

    from ..store import Store
    from .main_window import MainWindow

    app = QApplication(["bench"])
    started = time.perf_counter()
    store = Store.open(path, backup_dir=None, scheduled_backup=False)
    main = MainWindow(store, settings=None)
    main.resize(1366, 768)
    main.show()
    _settle(app)
    window_s = time.perf_counter() - started
    peak = peak_mib()
    main.close()
    store.close()
    return {"peak_mib": peak, "window_s": window_s}


def tables(path: str) -> dict[str, Any]:
    """Sorting the task table by name (in SQL, through the model) and scrolling one page."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QTableView
    from sqlalchemy import text

    from ..store import Store
    from .row_model import RowTableModel

    app = QApplication(["bench"])
    store = Store.open(path, backup_dir=None, scheduled_backup=False)
    try:
        started = time.perf_counter()
        model = RowTableModel(store, "task")
        view = QTableView()
        view.setModel(model)
        view.resize(1366, 700)
        view.show()
        _settle(app)
        first_page_s = time.perf_counter() - started
        column = next(i for i, c in enumerate(model.columns) if c.name == "name")

        started = time.perf_counter()
        model.sort(column, Qt.SortOrder.DescendingOrder)
        view.viewport().repaint()
        sort_s = time.perf_counter() - started

        bar = view.verticalScrollBar()
        bar.setValue(bar.maximum() // 2)  # somewhere no page was read yet
        _settle(app)
        started = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep())
        view.viewport().repaint()
        scroll_s = time.perf_counter() - started

        started = time.perf_counter()
        with store.session() as session:
            rows = int(session.execute(text("SELECT count(*) FROM tasks")).scalar_one())
        count_s = time.perf_counter() - started
        view.close()
    finally:
        store.close()
    return {
        "rows": rows,
        "sort_s": sort_s,
        "scroll_s": scroll_s,
        "first_page_s": first_page_s,
        "count_s": count_s,
        "peak_mib": peak_mib(),
    }


def main(argv: list[str]) -> int:
    mode, *rest = argv
    if mode == "bare":
        report = bare()
    elif mode == "window":
        report = window(rest[0])
    elif mode == "tables":
        report = tables(rest[0])
    else:
        print(f"unknown mode {mode!r}", file=sys.stderr)
        return 2
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
