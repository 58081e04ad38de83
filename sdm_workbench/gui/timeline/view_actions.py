"""The timeline view's toolbar, table set-up and edits: a mixin of :class:`TimelineView`
(kept apart: the view itself is about the shown project's data)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QLabel, QToolBar, QTreeView, QWidget

from ...domain.errors import DomainError
from ...operations.base import Operation
from ...operations.plan import ClearBaseline, SetBaseline, SetPredecessors
from .chart import GanttChart
from .data import TimelineData
from .model import COLUMNS, TaskTreeModel
from .portfolio import ALL_PROJECTS

ApplyOperation = Callable[[Operation], object]
COLUMN_WIDTHS = (44, 196, 84, 84, 64, 82, 96, 78, 56, 120)


class TimelineActions(QWidget):
    """What the view's toolbar and table do: zoom, baselines, markers, predecessors."""

    message = Signal(str)

    toolbar: QToolBar
    chart: GanttChart
    tree: QTreeView
    model: TaskTreeModel
    notice: QLabel
    apply_operation: ApplyOperation
    reload: Callable[[], None]  # provided by the view, as are the two properties below

    if TYPE_CHECKING:  # only declared: a plain annotation would clash with read-only properties

        @property
        def project_id(self) -> int | None: ...

        @property
        def timeline(self) -> TimelineData: ...

    # --- building ------------------------------------------------------------------------
    def _build_actions(self) -> None:
        def action(text: str, slot: Callable[[], object], shortcut: str = "") -> QAction:
            made = QAction(text, self)
            if shortcut:
                made.setShortcut(QKeySequence(shortcut))
                made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            made.triggered.connect(lambda _checked=False: slot())
            self.toolbar.addAction(made)
            self.addAction(made)
            return made

        self.zoom_in_action = action("Zoom in", lambda: self.chart.zoom(1), "Ctrl++")
        self.zoom_out_action = action("Zoom out", lambda: self.chart.zoom(-1), "Ctrl+-")
        self.fit_action = action("Fit", lambda: self.chart.fit(), "Ctrl+0")
        self.today_action = action("Today", self.scroll_to_today)
        self.toolbar.addSeparator()
        self.set_baseline_action = action("Set baseline", self.set_baseline)
        self.clear_baseline_action = action("Clear baseline", self.clear_baseline)
        self.toolbar.addSeparator()
        self.markers_action = action("Reviews", self._toggle_markers)
        self.markers_action.setCheckable(True)
        self.markers_action.setChecked(True)
        self.markers_action.setToolTip(
            "Show RAID review dates (purple) and SLA review dates (teal) on the time scale"
        )

    def _toggle_markers(self) -> None:
        self.chart.gantt.show_markers = self.markers_action.isChecked()
        self.chart.viewport().update()

    def _setup_tree(self) -> None:
        tree = self.tree
        tree.setModel(self.model)
        tree.setUniformRowHeights(True)
        tree.setFrameShape(QTreeView.Shape.NoFrame)
        tree.setAlternatingRowColors(True)
        tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        tree.setIndentation(14)
        tree.setExpandsOnDoubleClick(False)  # a double-click opens the details instead
        tree.setTreePosition(1)  # the outline's indentation and arrows sit in the Task column
        header = tree.header()
        header.setFixedHeight(self.chart.header_height)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in enumerate(COLUMN_WIDTHS[: len(COLUMNS)]):
            tree.setColumnWidth(column, width)

    # --- editing -------------------------------------------------------------------------
    def apply(self, operation: Operation) -> bool:
        """Run ``operation`` through ``apply_operation``; False when it was refused.

        A refusal is a raised DomainError or a False return, as from
        ``EditHistory.perform``; either way the domain's message shows above the chart.
        """
        try:
            done = self.apply_operation(operation)
        except DomainError as refused:
            self.show_message(str(refused), error=True)
            return False
        if done is False:
            # EditHistory keeps the refusal as ``last_error`` (and tells its window too)
            owner = getattr(self.apply_operation, "__self__", None)
            error = getattr(owner, "last_error", None)
            if isinstance(error, DomainError):
                self.show_message(str(error), error=True)
            return False
        self.show_message("")
        self.reload()  # at once; the change signal refreshes again only if needed
        return True

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self.notice.setProperty("error", error)
        if text:
            self.message.emit(text)

    def set_predecessors(self, task_id: int, text: str) -> bool:
        """Typed in the Predecessors column: the task's whole set of links, one undo step."""
        return self.apply(SetPredecessors(task_id, text))

    def _baseline_project(self) -> int | None:
        """The project a baseline action applies to: the shown one, or in the portfolio the
        project of the selected row."""
        if self.project_id != ALL_PROJECTS:
            return self.project_id
        row = self.model.row_of(self.tree.currentIndex())
        if row < 0:
            self.show_message("Select a project or one of its tasks first.", error=True)
            return None
        task = self.timeline.tasks[row]
        return -task.id if self.timeline.group[row] else int(task["project_id"])

    def set_baseline(self) -> None:
        project = self._baseline_project()
        if project is not None:
            self.apply(SetBaseline(project))

    def clear_baseline(self) -> None:
        project = self._baseline_project()
        if project is not None:
            self.apply(ClearBaseline(project))

    def scroll_to_today(self) -> None:
        self.chart.scroll_to_day(date.today().toordinal())
