"""``sdm-workbench screenshot --view presenter``: presenter mode, windowed, into a PNG."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from ...analytics.review_history import find_review, load_review
from ...domain.errors import NotFoundError
from ...store import Store
from ..history import EditHistory
from ..theme import apply_theme
from .presenter import PresenterWindow

SETTLE_ROUNDS = 5
CAPTURE_MIN_WIDTH = 1600  # below this the slide alone is shown: it is what the room sees


def showcase_index(store: Store, review_id: int) -> int:
    """The first slide with KPI charts and changes (the richest one), else the first."""
    with store.session() as session:
        review = load_review(session, review_id)
    for n, item in enumerate(review.agenda):
        if item.charts and item.changes:
            return n
    return 0


def render_presenter(
    app: QApplication, store: Store, size: tuple[int, int], theme: str, out: Path
) -> None:
    """Presenter mode on the latest review at ``size`` (the capture panel on wide shots)."""
    apply_theme(app, theme)
    try:
        with store.session() as session:
            review_id: int | None = find_review(session).id
    except NotFoundError:
        review_id = None
    history = EditHistory(store)
    window = PresenterWindow(store, history, review_id)
    try:
        window.resize(*size)
        if review_id is not None:
            window.go(showcase_index(store, review_id))
            if size[0] >= CAPTURE_MIN_WIDTH:
                window.toggle_capture()
                window.view.setFocus()
        window.show()
        for _ in range(SETTLE_ROUNDS):
            app.processEvents()
        pixmap = window.grab()
        if pixmap.size() != QSize(*size):
            pixmap = pixmap.scaled(*size)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not pixmap.save(str(out), "PNG"):
            raise OSError(f"Could not write {out}")
    finally:
        window.close()
        app.processEvents()
        history.deleteLater()
