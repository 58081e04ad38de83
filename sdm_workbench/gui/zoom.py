"""View > Zoom: the application's font scaled in steps (Ctrl++, Ctrl+-, Ctrl+0).

The platform's own font size is remembered on the application the first time, so zooming
is always relative to it, never compounded.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

ZOOM_STEPS = (70, 80, 90, 100, 110, 125, 150, 175, 200)
ZOOM_DEFAULT = 100
_BASE = "sdmBasePointSize"  # dynamic property on the QApplication


def clamp_zoom(percent: int) -> int:
    """The nearest allowed zoom step."""
    return min(ZOOM_STEPS, key=lambda step: abs(step - percent))


def next_zoom(percent: int, direction: int) -> int:
    """One step up (``direction`` > 0) or down from ``percent``, staying within the steps."""
    index = ZOOM_STEPS.index(clamp_zoom(percent)) + (1 if direction > 0 else -1)
    return ZOOM_STEPS[max(0, min(len(ZOOM_STEPS) - 1, index))]


def base_point_size(app: QApplication) -> float:
    size = app.property(_BASE)
    if not isinstance(size, float) or size <= 0:
        size = app.font().pointSizeF()
        if size <= 0:  # a pixel-sized font: pick a common default
            size = 9.0
        app.setProperty(_BASE, size)
    return size


def apply_zoom(app: QApplication, percent: int) -> int:
    """Set the application font to ``percent`` of the platform's size; returns the step used."""
    percent = clamp_zoom(percent)
    font = app.font()
    size = round(base_point_size(app) * percent / 100.0, 1)
    if font.pointSizeF() != size:
        font.setPointSizeF(size)
        app.setFont(font)
    return percent


def add_zoom_actions(owner: QWidget, menu: QMenu, set_zoom: Callable[[int], None]) -> None:
    """Zoom in, Zoom out and Actual size in ``menu``; ``owner`` has a ``zoom`` property."""

    def step(direction: int) -> None:
        current = int(getattr(owner, "zoom", ZOOM_DEFAULT))
        set_zoom(ZOOM_DEFAULT if direction == 0 else next_zoom(current, direction))

    for text, keys, direction in (
        ("Zoom &in", [QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")], 1),
        ("Zoom &out", [QKeySequence.StandardKey.ZoomOut], -1),
        ("&Actual size", [QKeySequence("Ctrl+0")], 0),
    ):
        action = QAction(text, owner)
        action.setObjectName(f"zoom{'In' if direction > 0 else 'Out' if direction else 'Reset'}")
        sequences: list[QKeySequence] = []
        for key in keys:
            sequences += (
                QKeySequence.keyBindings(key) if not isinstance(key, QKeySequence) else [key]
            )
        action.setShortcuts(sequences)
        action.triggered.connect(lambda _checked=False, d=direction: step(d))
        menu.addAction(action)
