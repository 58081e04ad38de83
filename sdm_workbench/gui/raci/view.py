"""The People & RACI screen: a filter box, the matrix, and how many activities are flagged.

Cells take R, A, C or I from a combo box or by typing (Delete empties a cell); a click on a
project's name shows or hides its tasks. The screen is live: a change from this window or
another process re-reads the matrix (at once when shown, else when next shown).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QFont, QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...store import Store
from ..history import EditHistory
from ..live import LiveUpdates
from .data import ROLE_NAMES, ROLES
from .model import ROLE_HELP, RaciModel

FILTER_DELAY_MS = 250
CHOICES = ("", "R", "A", "C", "I", "R/A")
ACTIVITY_WIDTH = 340
ROLE_WIDTH = 96
MIN_ROLE_WIDTH = 56
MAX_ROLE_WIDTH = 150

Index = QModelIndex | QPersistentModelIndex


class RoleDelegate(QStyledItemDelegate):
    """An editable combo: pick a role, or type letters (``a/r``); the model checks them."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.addItems(list(CHOICES))
        combo.setToolTip(ROLE_HELP)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            text = str(index.data(Qt.ItemDataRole.EditRole) or "")
            if editor.findText(text) < 0:
                editor.addItem(text)
            editor.setCurrentText(text)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class RaciTable(QTableView):
    """The matrix; Delete or Backspace empties the current cell (one undo step).

    The activity column stays put while the people scroll by (Qt's "frozen column"
    example): a second view over the same model shows only column 0, on top.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frozen = QTableView(self)
        self.frozen.setObjectName("raciFrozenColumn")
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.verticalHeader().hide()
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen.setStyleSheet("QTableView#raciFrozenColumn { border: none; }")
        self.viewport().stackUnder(self.frozen)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.horizontalHeader().sectionResized.connect(self._on_section_resized)
        self.verticalHeader().sectionResized.connect(self._on_row_resized)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        if model is not None:
            model.modelReset.connect(self._hide_frozen_columns)
            model.columnsInserted.connect(self._hide_frozen_columns)
        self._hide_frozen_columns()

    def setAlternatingRowColors(self, enable: bool) -> None:
        super().setAlternatingRowColors(enable)
        self.frozen.setAlternatingRowColors(enable)

    def _hide_frozen_columns(self) -> None:
        model = self.model()
        if model is None:
            return
        for column in range(1, model.columnCount()):
            self.frozen.setColumnHidden(column, True)
        self.frozen.setColumnWidth(0, self.columnWidth(0))
        self.frozen.verticalHeader().setDefaultSectionSize(
            self.verticalHeader().defaultSectionSize()
        )
        self._place_frozen()

    def _on_section_resized(self, index: int, _old: int, size: int) -> None:
        if index == 0:
            self.frozen.setColumnWidth(0, size)
            self._place_frozen()

    def _on_row_resized(self, index: int, _old: int, size: int) -> None:
        self.frozen.setRowHeight(index, size)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_frozen()

    def _place_frozen(self) -> None:
        frame = self.frameWidth()
        self.frozen.setGeometry(
            self.verticalHeader().width() + frame,
            frame,
            self.columnWidth(0),
            self.viewport().height() + self.horizontalHeader().height(),
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and index.isValid()
            and index.column() > 0
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.model().setData(index, "", Qt.ItemDataRole.EditRole)
            return
        super().keyPressEvent(event)


class RaciView(QWidget):
    """People & RACI: who is Responsible, Accountable, Consulted and Informed for what."""

    def __init__(
        self,
        store: Store,
        history: EditHistory,
        live: LiveUpdates | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("raciView")
        self.model = RaciModel(store, history, self)
        self._stale = False

        title = QLabel("People & RACI", self)
        title.setObjectName("raciTitle")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("raciFilter")
        self.filter.setPlaceholderText("Filter services, projects and tasks…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(240)
        self.flagged_only = QCheckBox("&Flagged only", self)
        self.everyone = QCheckBox("&Everyone", self)
        self.everyone.setToolTip("Show people and teams without any RACI entry too")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.flagged_only)
        top.addWidget(self.everyone)
        top.addWidget(self.filter)

        self.summary = QLabel(self)
        self.summary.setObjectName("raciSummary")
        self.summary.setWordWrap(True)
        self.message = QLabel(self)  # why the last edit was refused
        self.message.setObjectName("raciMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.table = RaciTable(self)
        self.table.setObjectName("raciTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(RoleDelegate(self.table))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.frozen.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setDefaultSectionSize(ROLE_WIDTH)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.setColumnWidth(0, ACTIVITY_WIDTH)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter.textChanged.connect(self._filter_timer.start)
        self.flagged_only.toggled.connect(lambda on: self.model.set_view(flagged_only=on))
        self.everyone.toggled.connect(lambda on: self.model.set_view(everyone=on))
        self.table.clicked.connect(self._on_clicked)
        self.table.frozen.clicked.connect(self._on_clicked)
        self.model.modelReset.connect(self._after_reset)
        self.model.dataChanged.connect(self._update_summary)
        history.refused.connect(self._show_refusal)
        history.performed.connect(lambda _op: self.message.hide())
        if live is not None:
            live.changed.connect(self._on_changed)
            live.external_change.connect(lambda: self.refresh(None))
        self._fit_columns()
        self._update_summary()

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self.model.set_view(text=self.filter.text())

    def refresh(self, kinds: Collection[str] | None = None) -> None:
        """Re-read now when shown; otherwise when next shown."""
        if self.isVisible():
            self.model.reload(kinds)
        else:
            self._stale = True

    def _on_changed(self, changes: Mapping[str, frozenset[int]]) -> None:
        self.refresh(changes.keys())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.model.reload()

    def _show_refusal(self, action: str, error: DomainError) -> None:
        lines = [p.message for p in error.problems] or [str(error)]
        self.message.setText(f"{action}: nothing was changed. {lines[0]}")
        self.message.setVisible(self.isVisible())

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.column() == 0:
            self.model.toggle(index.row())

    def _after_reset(self) -> None:
        if self.table.columnWidth(0) < ACTIVITY_WIDTH:
            self.table.setColumnWidth(0, ACTIVITY_WIDTH)
        self._fit_columns()
        self._update_summary()

    def _fit_columns(self) -> None:
        """Each person's column as wide as the name (within bounds): cheap for 800 people,
        unlike ResizeToContents, which would measure every cell."""
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        for column in range(1, self.model.columnCount()):
            text = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            width = metrics.horizontalAdvance(text) + 18
            self.table.setColumnWidth(column, max(MIN_ROLE_WIDTH, min(MAX_ROLE_WIDTH, width)))

    def _update_summary(self, *_args: object) -> None:
        matrix = self.model.matrix
        missing = sum(1 for k in matrix.flagged if not matrix.accountable.get(k))
        several = len(matrix.flagged) - missing
        legend = " · ".join(f"<b>{r}</b> {ROLE_NAMES[r]}" for r in ROLES)
        if matrix.flagged:
            problems = (
                f"<b>{len(matrix.flagged)} flagged</b>: {missing} without an Accountable, "
                f"{several} with more than one."
            )
        else:
            problems = "Every activity has exactly one Accountable."
        self.summary.setText(
            f"{problems} &nbsp; {legend} &nbsp; Click a project to show its tasks."
        )
