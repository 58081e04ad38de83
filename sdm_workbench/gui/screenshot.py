"""Render the main window offscreen, at a given size and theme, into a PNG.

Used by ``sdm-workbench screenshot`` for the README's and AppStream's pictures: real widgets,
real data, nothing persisted (no settings are read or written).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from ..store import Store
from .gc_guard import collect_on_gui_thread
from .main_window import MainWindow
from .qtconv import use_readable_locale
from .theme import THEMES
from .views import WINDOW_VIEWS, kind_for_view

SETTLE_ROUNDS = 5
DASHBOARD_WAIT_S = 120  # the large demo takes a while; a screenshot is worth the wait


def application() -> QApplication:
    """The running QApplication, or a new offscreen one when there is none (headless CLI)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication(["sdm-workbench"])
    use_readable_locale()
    collect_on_gui_thread(app)
    return app


def render(store: Store, view: str, size: tuple[int, int], theme: str, out: Path) -> None:
    """Save a ``size`` (width, height) PNG of the window showing ``view`` in ``theme``."""
    kind_for_view(view)  # fail early, with the list of names, before any window exists
    if theme not in THEMES:
        raise ValueError(f"Unknown theme {theme!r}; choose one of: {', '.join(THEMES)}")
    width, height = size
    if width < 320 or height < 240:
        raise ValueError(f"{width}x{height} is too small for a screenshot (at least 320x240)")
    app = application()
    if view in WINDOW_VIEWS:  # a window of its own (presenter mode), not a main-window view
        from .review.shot import render_presenter

        render_presenter(app, store, size, theme, out)
        return
    window = MainWindow(store, settings=None)
    try:
        window.set_theme(theme)
        window.setMinimumSize(QSize(0, 0))
        window.resize(width, height)
        window.show_view(view)
        window.show()
        for _ in range(SETTLE_ROUNDS):
            app.processEvents()
        focus = window.current_widget()
        refresher = getattr(focus, "refresher", None)  # the dashboard computes in a worker
        if refresher is not None:
            deadline = time.monotonic() + DASHBOARD_WAIT_S
            while refresher.data is None and time.monotonic() < deadline:
                app.processEvents()
                refresher.wait(50)
            for _ in range(SETTLE_ROUNDS):
                app.processEvents()
        (window.pane.table if focus is window.pane else focus).setFocus()
        app.processEvents()
        pixmap = window.grab()
        if pixmap.size() != QSize(width, height):
            pixmap = pixmap.scaled(width, height)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not pixmap.save(str(out), "PNG"):
            raise OSError(f"Could not write {out}")
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
