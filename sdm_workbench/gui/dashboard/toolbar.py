"""The dashboard's top bar: filters and status on the left; layout, display options, export
and refresh on the right."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from .data import DashboardData
from .filter_bar import FilterBar
from .format import month_label


def _menu_button(parent: QWidget, text: str, name: str) -> tuple[QToolButton, QMenu]:
    button = QToolButton(parent)
    button.setText(text)
    button.setObjectName(name)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    button.setMenu(menu)
    return button, menu


def _action(menu: QMenu, text: str, handler: Callable[[], object]) -> QAction:
    action = QAction(text, menu)
    action.triggered.connect(lambda _checked=False: handler())
    menu.addAction(action)
    return action


class ElidedLabel(QLabel):
    """A label that ends in "…" when it is given less room than its text needs (a plain
    label cuts it off mid-word); ``text()`` is always the whole text."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        self._elide()

    def text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                              max(self.width(), 1))  # fmt: skip
        super().setText(shown)


class DashboardBar(QWidget):
    """Widgets only; the view connects them (``export_handlers`` names what Export offers)."""

    def __init__(
        self,
        as_of: date,
        export_handlers: list[tuple[str, Callable[[], object]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.filters = FilterBar(as_of, self)
        self.status_label = ElidedLabel("Computing KPIs…", self)
        self.status_label.setObjectName("dashboardStatus")
        # The status may be long ("Nov 2026 (to 24 Nov) · updated 07:29"): it gives way first,
        # so the bar fits a 1366-pixel laptop screen beside the navigator.
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.layout_box = QComboBox(self)
        self.layout_box.setObjectName("layoutBox")
        self.layout_box.setToolTip("Named layouts: which tiles and charts show, in which order")
        layout_label = QLabel("La&yout:", self)
        layout_label.setBuddy(self.layout_box)
        self.display_button, display = _menu_button(self, "&Display", "displayButton")
        self.large_box = QAction("&Large type (presentation)", display)
        self.large_box.setToolTip("Bigger text and tiles for a projector")
        self.blind_box = QAction("&Colour-blind-safe palette", display)
        self.blind_box.setToolTip("Okabe-Ito colours; RAG also shows a shape and a word")
        for action in (self.large_box, self.blind_box):
            action.setCheckable(True)
            display.addAction(action)
        display.addSeparator()
        self.customize_action = QAction("C&ustomize layout…", display)
        self.delete_action = QAction("&Delete this layout", display)
        display.addAction(self.customize_action)
        display.addAction(self.delete_action)
        self.export_button, export = _menu_button(self, "&Export", "exportButton")
        for text, handler in export_handlers:
            _action(export, text, handler)
        self.refresh_button = QToolButton(self)
        self.refresh_button.setText("&Refresh")
        bar = QHBoxLayout(self)
        bar.setContentsMargins(8, 6, 8, 0)
        bar.addWidget(self.filters)
        bar.addWidget(self.status_label, 1)
        for widget in (layout_label, self.layout_box, self.display_button, self.export_button,
                       self.refresh_button):  # fmt: skip
            bar.addWidget(widget)

    def set_layout_names(self, names: list[str], current: str) -> None:
        self.layout_box.blockSignals(True)
        self.layout_box.clear()
        self.layout_box.addItems(names)
        self.layout_box.setCurrentIndex(max(self.layout_box.findText(current), 0))
        self.layout_box.blockSignals(False)
        self.delete_action.setEnabled(self.layout_box.currentIndex() > 0)

    def show_status(
        self, data: DashboardData | None, busy: bool, refreshed: datetime | None
    ) -> None:
        """The period on show and how fresh its figures are (cached ones say since when)."""
        if data is None:
            self.status_label.setText("Computing KPIs…")
            return
        when = refreshed.strftime("%H:%M") if refreshed else ""
        period = data.tile_period
        label = month_label(period.start) if period.kind == "month" else period.label
        state = "updating…" if busy else f"updated {when}"
        if data.cached_at is not None:
            stamp = data.cached_at
            day = "" if stamp.date() == date.today() else f"{stamp:%d %b} "
            state = f"as of {day}{stamp:%H:%M} · updating…"
        self.status_label.setText(f"{label} · {state}")
        # the label gives way on narrow screens: the tooltip says it all
        self.status_label.setToolTip(f"{label} (to {min(period.end, data.as_of):%d %b}) · {state}")
