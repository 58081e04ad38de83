"""Choose which tiles and charts the dashboard shows, and in what order; save it by name."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .layouts import STANDARD, DashboardLayout


def _fill(
    widget: QListWidget, items: Sequence[tuple[str, str]], chosen: Sequence[str] | None
) -> None:
    """Chosen items first in their order, checked; the rest after them, unchecked."""
    names = dict(items)
    order = [k for k in (chosen or ()) if k in names] if chosen is not None else list(names)
    order += [k for k in names if k not in order]
    for key in order:
        item = QListWidgetItem(names[key], widget)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        shown = chosen is None or key in chosen
        item.setCheckState(Qt.CheckState.Checked if shown else Qt.CheckState.Unchecked)


def _checked(widget: QListWidget) -> tuple[str, ...]:
    return tuple(
        str(widget.item(n).data(Qt.ItemDataRole.UserRole))
        for n in range(widget.count())
        if widget.item(n).checkState() == Qt.CheckState.Checked
    )


class LayoutDialog(QDialog):
    """Tick the tiles and charts to show, move them up or down, name the layout."""

    def __init__(
        self,
        layout: DashboardLayout,
        tiles: Sequence[tuple[str, str]],
        charts: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Customize the dashboard")
        self.name = QLineEdit(layout.name if layout.name != STANDARD else "My dashboard", self)
        self.name.setObjectName("layoutName")
        self.tile_list = QListWidget(self)
        self.tile_list.setObjectName("layoutTiles")
        self.chart_list = QListWidget(self)
        self.chart_list.setObjectName("layoutCharts")
        _fill(self.tile_list, tiles, layout.tiles)
        _fill(self.chart_list, charts, layout.charts)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        grid = QGridLayout()
        name_label = QLabel("Layout &name:", self)
        name_label.setBuddy(self.name)
        grid.addWidget(name_label, 0, 0)
        grid.addWidget(self.name, 0, 1, 1, 3)
        for column, (title, widget) in enumerate(
            (("KPI &tiles", self.tile_list), ("&Charts (tabs)", self.chart_list))
        ):
            label = QLabel(title, self)
            label.setBuddy(widget)
            grid.addWidget(label, 1, column * 2)
            grid.addWidget(widget, 2, column * 2)
            buttons = QVBoxLayout()
            for text, step in (("Up", -1), ("Down", 1)):
                button = QPushButton(text, self)
                button.clicked.connect(lambda _=False, w=widget, s=step: self.move_item(w, s))
                buttons.addWidget(button)
            buttons.addStretch(1)
            grid.addLayout(buttons, 2, column * 2 + 1)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout_box = QVBoxLayout(self)
        layout_box.addLayout(grid)
        layout_box.addWidget(self.error)
        layout_box.addWidget(box)

    @staticmethod
    def move_item(widget: QListWidget, step: int) -> None:
        """Move the current item ``step`` places (negative: up)."""
        row = widget.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < widget.count():
            return
        item = widget.takeItem(row)
        widget.insertItem(target, item)
        widget.setCurrentRow(target)

    def result_layout(self) -> DashboardLayout:
        return DashboardLayout(self.name.text().strip(), _checked(self.tile_list),
                               _checked(self.chart_list))  # fmt: skip

    def accept(self) -> None:
        chosen = self.result_layout()
        if not chosen.name or chosen.name == STANDARD:
            self.error.setText(f'Name the layout (not "{STANDARD}", the built-in one).')
            return
        if not chosen.charts:
            self.error.setText("Keep at least one chart.")
            return
        super().accept()
