"""The slide area of presenter mode, and the "jump to item" chooser.

:class:`SlideView` paints the current :class:`~.slide_content.SlideContent` (see
:mod:`.slide_paint`); it holds no data of its own beyond the slides it was given.
:class:`JumpDialog` picks an item by number or by typing part of its title.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..palette import application_is_dark
from .slide_content import SlideContent, empty_slide
from .slide_paint import paint_slide
from .slide_parts import colours


class SlideView(QWidget):
    """Draws one slide full size; ``zoomed`` gives the KPI charts the whole body."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(320, 200)
        self.slide: SlideContent = empty_slide("", "")
        self.zoomed = False
        self.setAccessibleName("Slide")

    def show_slide(self, slide: SlideContent) -> None:
        self.slide = slide
        self.setAccessibleDescription(slide.words())
        self.update()

    def set_zoomed(self, zoomed: bool) -> None:
        self.zoomed = zoomed
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            paint_slide(
                painter,
                QRectF(self.rect()),
                self.slide,
                colours(application_is_dark()),
                self.zoomed,
            )
        finally:
            painter.end()


class JumpDialog(QDialog):
    """Type a number and Enter, or type a few letters of a title and pick it from the list."""

    chosen = Signal(int)  # 0-based slide index

    def __init__(self, titles: list[str], current: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Go to item")
        self.titles = titles
        big = QFont()
        big.setPointSizeF(big.pointSizeF() * 1.4)
        self.setFont(big)
        self.query = QLineEdit(self)
        self.query.setPlaceholderText("Number or part of a title")
        self.query.setAccessibleName("Go to item")
        self.list = QListWidget(self)
        for n, title in enumerate(titles):
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, n)
            self.list.addItem(item)
        self.list.setCurrentRow(current)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Go to agenda item:", self))
        layout.addWidget(self.query)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.query.textChanged.connect(self._filter)
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.resize(560, 420)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Up/Down in the query move through the list: no need to reach for the mouse.
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.query.hasFocus():
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            rows = [r for r in range(self.list.count()) if not self.list.item(r).isHidden()]
            if rows:
                at = rows.index(self.list.currentRow()) if self.list.currentRow() in rows else -1
                self.list.setCurrentRow(rows[max(0, min(len(rows) - 1, at + step))])
            return
        super().keyPressEvent(event)

    def _filter(self, text: str) -> None:
        query = text.strip().lower()
        first: int | None = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            number = str(row + 1)
            shown = not query or (
                number == query if query.isdigit() else query in item.text().lower()
            )
            item.setHidden(not shown)
            if shown and first is None:
                first = row
        if first is not None:
            self.list.setCurrentRow(first)

    def selected(self) -> int | None:
        text = self.query.text().strip()
        if text.isdigit() and 1 <= int(text) <= len(self.titles):
            return int(text) - 1
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        return int(item.data(Qt.ItemDataRole.UserRole))

    def accept(self) -> None:
        choice = self.selected()
        super().accept()
        if choice is not None:
            self.chosen.emit(choice)
