"""The navigation list on the left: kinds grouped the way a manager thinks, with row counts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import QEvent, QLocale, QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from ..domain.kinds import KINDS

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
VIEW_ROLE = Qt.ItemDataRole.UserRole + 2

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Service management", ("service", "sla", "sla_target", "calendar", "closed_day")),
    ("Operations", ("ticket", "ticket_pause", "outage", "change", "survey")),
    ("Projects", ("project", "task", "dependency")),
    ("Budgets", ("budget_line", "budget_month")),
    ("Risks & reviews", ("raid_item", "risk_score", "review", "review_scope", "attendee")),
    ("Follow-up", ("action", "decision", "snapshot")),
    ("KPIs", ("kpi", "measurement")),
    ("People", ("person", "team", "team_member", "customer", "raci")),
)


def grouped_kinds() -> list[tuple[str, list[str]]]:
    """The groups above, plus any kind they forgot under "Other" (so none is ever hidden)."""
    groups = [(title, [k for k in names if k in KINDS]) for title, names in GROUPS]
    listed = {k for _, names in groups for k in names}
    rest = [k for k in KINDS if k not in listed]
    if rest:
        groups.append(("Other", rest))
    return groups


class KindNavigator(QTreeWidget):
    """Emits ``kind_selected`` with a kind name, or ``view_selected`` with a view name
    (``views``: name and label of the screens that are not a table, shown first)."""

    kind_selected = Signal(str)
    view_selected = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, views: Sequence[tuple[str, str]] = ()
    ) -> None:
        super().__init__(parent)
        self._views = tuple(views)
        self.setObjectName("kindNavigator")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setIndentation(10)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setViewportMargins(6, 4, 6, 4)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._view_items: dict[str, QTreeWidgetItem] = {}
        self._counts: dict[str, int] = {}
        self._build()
        self.currentItemChanged.connect(self._on_current_changed)

    def _build(self) -> None:
        bold = QFont(self.font())
        bold.setBold(True)
        row = QSize(0, self.fontMetrics().height() + 4)
        if self._views:
            group = QTreeWidgetItem(self, ["Views", ""])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.setFont(0, bold)
            group.setFirstColumnSpanned(True)
            group.setSizeHint(0, row)
            for name, label in self._views:
                item = QTreeWidgetItem(group, [label, ""])
                item.setData(0, VIEW_ROLE, name)
                item.setSizeHint(0, row)
                self._view_items[name] = item
        for title, names in grouped_kinds():
            group = QTreeWidgetItem(self, [title, ""])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.setFont(0, bold)
            group.setFirstColumnSpanned(True)
            group.setSizeHint(0, row)
            for name in names:
                item = QTreeWidgetItem(group, [KINDS[name].plural, ""])
                item.setData(0, KIND_ROLE, name)
                item.setSizeHint(0, row)
                item.setTextAlignment(
                    1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                self._items[name] = item
        self.expandAll()
        self.setItemsExpandable(False)

    def current_kind(self) -> str | None:
        item = self.currentItem()
        return None if item is None else item.data(0, KIND_ROLE)

    def current_view(self) -> str | None:
        item = self.currentItem()
        return None if item is None else item.data(0, VIEW_ROLE)

    def select_view(self, name: str) -> bool:
        item = self._view_items.get(name)
        if item is None:
            return False
        self.setCurrentItem(item)
        return True

    def select_kind(self, name: str) -> bool:
        """Select a kind (quietly ignores unknown names, e.g. from old settings)."""
        item = self._items.get(name)
        if item is None:
            return False
        self.setCurrentItem(item)
        return True

    def count_text(self, name: str) -> str:
        return self._items[name].text(1)

    def set_counts(self, counts: Mapping[str, int]) -> None:
        """Show row counts; empty kinds are dimmed so the full ones stand out."""
        self._counts.update({k: v for k, v in counts.items() if k in self._items})
        self._paint_counts(counts.keys())

    def _paint_counts(self, names: Iterable[str]) -> None:
        locale = QLocale()
        palette = self.palette()
        for name in names:
            item = self._items.get(name)
            number = self._counts.get(name)
            if item is None or number is None:
                continue
            item.setText(1, locale.toString(number))
            brush = palette.placeholderText() if number == 0 else palette.text()
            item.setForeground(0, brush)
            item.setForeground(1, brush)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._paint_counts(self._counts)

    def _on_current_changed(self, current: QTreeWidgetItem | None, _old: object) -> None:
        if current is None:
            return
        name = current.data(0, KIND_ROLE)
        if name:
            self.kind_selected.emit(name)
        view = current.data(0, VIEW_ROLE)
        if view:
            self.view_selected.emit(view)
