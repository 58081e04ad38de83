"""Per-column filters as people read them: a sentence per filter, a header mark, a chip bar.

The conditions themselves are ``store.column_filters.ColumnFilter`` (run in SQL); this
module only says them in words ("Status is open or on hold", "Opened from 3 Mar 2025")
and shows which columns are filtered.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any

from PySide6.QtCore import QLocale, QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QPolygonF
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QToolButton, QWidget

from ..domain.columns import Column, ColumnType
from ..store.column_filters import ColumnFilter, FilterMode
from .delegates import format_date
from .qtconv import to_qdate, utc_to_local

EMPTY_WORD = "empty"


def _value_text(column: Column, value: Any) -> str:
    """One bound or choice as the table shows it."""
    if value is None:
        return EMPTY_WORD
    locale = QLocale()
    if column.type is ColumnType.DATETIME and isinstance(value, datetime):
        return format_date(utc_to_local(value).date(), locale)  # filtered by whole days
    if isinstance(value, date):
        return format_date(to_qdate(value), locale)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return locale.toString(float(value), "g", 12)
    return str(value)


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def describe(column: Column, condition: ColumnFilter) -> str:
    """The filter in a sentence: ``Priority at most 2``, ``Service contains “mail”``."""
    head = column.header
    mode = condition.mode
    if mode is FilterMode.EMPTY:
        return f"{head} is empty"
    if mode is FilterMode.NOT_EMPTY:
        return f"{head} is not empty"
    if mode is FilterMode.CONTAINS:
        return f"{head} contains “{condition.text}”"
    if mode is FilterMode.ONE_OF:
        if condition.text:  # the values' names, given where ids would say nothing
            return f"{head} is {condition.text}"
        if not condition.values:
            return f"{head} is nothing ticked"
        return f"{head} is {_either([_value_text(column, v) for v in condition.values])}"
    low, high = condition.low, condition.high
    dated = column.type in (ColumnType.DATE, ColumnType.DATETIME)
    low_text, high_text = _value_text(column, low), _value_text(column, high)
    if low is not None and low_text == high_text:  # one value, or one day of timestamps
        return f"{head} {'on' if dated else 'is'} {low_text}"
    if low is not None and high is not None:
        if dated:
            return f"{head} from {low_text} to {high_text}"
        return f"{head} between {low_text} and {high_text}"
    if low is not None:
        return f"{head} {'from' if dated else 'at least'} {low_text}"
    if high is not None:
        return f"{head} {'until' if dated else 'at most'} {high_text}"
    return f"{head} is not empty"


def header_tooltip(column: Column, condition: ColumnFilter | None) -> str | None:
    """The header's tool tip: how a derived value is worked out, and the filter in force."""
    parts = [p for p in (column.note, None if condition is None else describe(column, condition))]
    if condition is not None:
        parts[-1] = f"Filtered: {parts[-1]}. Right-click the header to change or remove it."
    text = "\n".join(p for p in parts if p)
    return text or None


@cache
def _funnel(color: str, size: int) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    s = float(size)
    painter.drawPolygon(
        QPolygonF(
            [
                QPointF(0.5, 1.5),
                QPointF(s - 0.5, 1.5),
                QPointF(s * 0.6, s * 0.5),
                QPointF(s * 0.6, s - 1.0),
                QPointF(s * 0.4, s - 2.5),
                QPointF(s * 0.4, s * 0.5),
            ]
        )
    )
    painter.end()
    return QIcon(pixmap)


def filter_icon() -> QIcon:
    """A small funnel in the palette's highlight colour (readable in light and dark)."""
    app = QApplication.instance()
    color = QColor("#2f6fd0")
    if isinstance(app, QApplication):
        color = app.palette().highlight().color()
    return _funnel(color.name(), 12)


class FilterChips(QWidget):
    """A row of chips, one per column filter, each removing its filter; and "Clear all"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterChips")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.chips: list[QToolButton] = []
        self.label = QLabel("Filtered by:", self)
        self.clear_all = QToolButton(self)
        self.clear_all.setObjectName("clearFilters")
        self.clear_all.setText("Clear all filters")
        self.clear_all.setAutoRaise(True)
        self._clear: Callable[[], None] | None = None
        self.clear_all.clicked.connect(lambda _checked=False: self._clear and self._clear())
        self.setVisible(False)

    def show_filters(
        self,
        filters: list[tuple[Column, ColumnFilter]],
        remove: Callable[[str], None],
        clear: Callable[[], None],
    ) -> None:
        """Show one chip per filter; a chip's click calls ``remove(column name)``."""
        while self._layout.count():
            self._layout.takeAt(0)
        for chip in self.chips:
            chip.deleteLater()
        self.chips = []
        self._layout.addWidget(self.label)
        for column, condition in filters:
            chip = QToolButton(self)
            chip.setObjectName(f"chip_{column.name}")
            chip.setText(f"{describe(column, condition)}  ✕")
            chip.setToolTip("Remove this filter")
            chip.clicked.connect(lambda _checked=False, n=column.name: remove(n))
            self._layout.addWidget(chip)
            self.chips.append(chip)
        self._clear = clear
        self.clear_all.setVisible(len(filters) > 1)
        self._layout.addWidget(self.clear_all)
        self._layout.addStretch(1)
        self.setVisible(bool(filters))
