"""The timeline: a project's task table (WBS outline) beside its Gantt chart.

The two halves share rows: the table's header is as tall as the chart's time scale, both
keep a horizontal scroll bar, and their vertical scroll bars move together. Edits made on
the chart or typed in the Predecessors column go through ``apply_operation`` (the main
window passes its undo-stack pusher); a refused edit shows the domain's message above the
chart. "All projects" shows the portfolio, one collapsible project row per project.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QSplitter,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...operations.base import run
from ...store import Store
from ..live import LiveUpdates
from . import data as timeline_data
from .chart import GanttChart
from .data import TimelineData
from .details import TaskDetailsDialog
from .model import COLUMNS, TaskTreeModel
from .portfolio import ALL_PROJECTS, load_portfolio
from .view_actions import ApplyOperation, TimelineActions

WATCHED = frozenset(
    {"task", "dependency", "project", "calendar", "closed_day", "person", "raid_item", "sla"}
)


def _empty(project_id: int = 0) -> TimelineData:
    """A plan with no tasks, shown before a project is chosen or when there is none."""
    from ...analytics.workdays import WorkingDays
    from ...operations.plan import PlanData
    from ...store.repository import RowSnapshot

    project = RowSnapshot("project", project_id, "", 0, {"name": "", "status_date": None})
    return timeline_data.build(PlanData(project, (), (), WorkingDays()))


class TimelineView(TimelineActions):
    """Task table and Gantt chart of one project, live, editable by dragging bars."""

    project_changed = Signal(int)
    task_opened = Signal(int)  # task id, on double-click (a window may show it in Tasks)

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        apply_operation: ApplyOperation | None = None,
        live: LiveUpdates | None = None,
        project_id: int | None = None,
        details_dialog: bool = True,
    ) -> None:
        """``details_dialog=False``: a double-clicked task only emits ``task_opened`` (the
        main window shows it in the Tasks table, where it can be edited)."""
        super().__init__(parent)
        self.setObjectName("timelineView")
        self.details_dialog = details_dialog
        self.store = store
        self.apply_operation: ApplyOperation = apply_operation or (lambda op: run(store, op))
        self.row_height = max(22, self.fontMetrics().height() + 8)
        self._collapsed: dict[int, set[int]] = {}  # project id -> collapsed task ids
        self._sized = False
        self.details: TaskDetailsDialog | None = None

        self.toolbar = QToolBar("Timeline", self)
        self.toolbar.setIconSize(QSize(16, 16))
        self.projects = QComboBox(self.toolbar)
        self.projects.setObjectName("timelineProject")
        self.projects.setMinimumContentsLength(28)
        self.projects.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.toolbar.addWidget(self.projects)
        self._build_actions()
        self.notice = QLabel(self)
        self.notice.setObjectName("timelineNotice")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        self.notice.setStyleSheet("QLabel { padding: 4px 8px; }")

        data = _empty()
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.tree = QTreeView(self.splitter)
        self.tree.setObjectName("timelineTable")
        self.model = TaskTreeModel(data, self.row_height, self.tree)
        self.chart = GanttChart(data, self.row_height, self.splitter)
        self._setup_tree()
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.chart)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([560, 800])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)

        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self.reload)
        self._own_live = live is None
        self.live = live if live is not None else LiveUpdates(store, self)
        self.live.changed.connect(self._on_changed)
        self.live.external_change.connect(self._reload_timer.start)

        self.chart.operation_requested.connect(self.apply)
        self.chart.row_clicked.connect(self._select_row)
        self.chart.row_activated.connect(self.open_row)
        self.tree.doubleClicked.connect(lambda index: self.open_row(self.model.row_of(index)))
        self.model.edit_predecessors = self.set_predecessors
        self.chart.verticalScrollBar().valueChanged.connect(self.tree.verticalScrollBar().setValue)
        self.tree.verticalScrollBar().valueChanged.connect(self.chart.verticalScrollBar().setValue)
        self.tree.expanded.connect(self._on_expansion)
        self.tree.collapsed.connect(self._on_expansion)
        self.tree.selectionModel().currentRowChanged.connect(self._on_current)
        self.projects.currentIndexChanged.connect(self._on_project_chosen)
        self.refresh_projects(project_id)

    # --- projects and data ---------------------------------------------------------------
    def refresh_projects(self, select: int | None = None) -> None:
        """Fill the project selector; keep (or choose) the shown project."""
        current = self.project_id if select is None else select
        projects = timeline_data.list_projects(self.store)
        self.projects.blockSignals(True)
        self.projects.clear()
        if projects:
            self.projects.addItem("All projects", ALL_PROJECTS)
        for pid, text in projects:
            self.projects.addItem(text, pid)
        at = self.projects.findData(current) if current is not None else -1
        self.projects.setCurrentIndex(at if at >= 0 else (1 if projects else -1))
        self.projects.blockSignals(False)
        self._on_project_chosen(fit=True)

    @property
    def project_id(self) -> int | None:
        value = self.projects.currentData()
        return int(value) if value is not None else None

    def show_project(self, project_id: int) -> None:
        """Show one project (by id) and fit it to the width."""
        at = self.projects.findData(project_id)
        if at < 0:
            self.refresh_projects(project_id)
        else:
            self.projects.setCurrentIndex(at)

    def _on_project_chosen(self, *_args: object, fit: bool = True) -> None:
        self.reload()
        if fit:
            self.chart.fit()
        self.project_changed.emit(self.project_id or 0)

    def reload(self) -> None:
        """Read the shown project again (after a change) and redraw."""
        pid = self.project_id
        if pid is None:
            data = _empty()
        elif pid == ALL_PROJECTS:  # every project starts folded: one summary row each
            data = load_portfolio(self.store, self._collapsed.get(pid))
        else:
            try:
                data = timeline_data.load(self.store, pid, self._collapsed.get(pid, set()))
            except DomainError:  # the project went away meanwhile
                self.refresh_projects()
                return
        self.set_timeline(data)

    def set_timeline(self, data: TimelineData) -> None:
        """Show ``data`` (from the store or made up, as in the benchmark)."""
        if self.model.set_timeline(data):
            self._apply_expansion(data)
        self.chart.set_data(data)
        problem = data.schedule_problem
        self.show_message(
            f"Floats and the critical path are unavailable: {problem}" if problem else ""
        )

    def _apply_expansion(self, data: TimelineData) -> None:
        # After a reset every row is folded: unfold the summaries the user has not folded.
        # (expandAll and then folding took 1.5 s on a 30k-row portfolio; this is linear.)
        self.tree.blockSignals(True)
        for row in np.flatnonzero(data.summary).tolist():
            if data.tasks[row].id not in data.collapsed:
                self.tree.expand(self.model.index_of_row(row))
        self.tree.blockSignals(False)

    @property
    def timeline(self) -> TimelineData:
        return self.model.timeline

    # --- live ----------------------------------------------------------------------------
    def _on_changed(self, changes: Mapping[str, frozenset[int]]) -> None:
        if "project" in changes:
            QTimer.singleShot(0, self, self.refresh_projects)
        elif WATCHED.intersection(changes):
            self._reload_timer.start()

    # --- outline and selection -----------------------------------------------------------
    def _on_expansion(self, _index: QModelIndex) -> None:
        data = self.timeline
        collapsed = {
            data.tasks[row].id
            for row in range(len(data))
            if data.summary[row] and not self.tree.isExpanded(self.model.index_of_row(row))
        }
        if self.project_id is not None:
            self._collapsed[self.project_id] = collapsed
        data.set_collapsed(collapsed)
        self.chart.refresh_geometry()

    def _select_row(self, row: int) -> None:
        self.tree.setCurrentIndex(self.model.index_of_row(row))

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.chart.set_selected_row(self.model.row_of(current))

    def selected_task_id(self) -> int | None:
        row = self.model.row_of(self.tree.currentIndex())
        return self.timeline.tasks[row].id if row >= 0 else None

    def open_row(self, row: int) -> None:
        """Double-click: a project row shows that project; a task opens its details."""
        if not 0 <= row < len(self.timeline):
            return
        task = self.timeline.tasks[row]
        if self.timeline.group[row]:
            self.show_project(-task.id)
            return
        if self.details_dialog:  # read-only details, when no window takes the task
            if self.details is not None:
                self.details.close()
            self.details = TaskDetailsDialog(self.timeline, row, self)
            self.details.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.details.destroyed.connect(lambda *_: setattr(self, "details", None))
            self.details.show()
        self.task_opened.emit(task.id)

    # --- export --------------------------------------------------------------------------
    def export_png(self, path: str | Path, size: tuple[int, int] | None = None) -> Path:
        """The whole plan as a PNG (``size`` (w, h) scales it to fit); returns the path."""
        from .export import export_png

        return export_png(self, Path(path), size)

    def export_pdf(self, path: str | Path, page_size: str = "A4") -> int:
        """The whole plan as a landscape PDF tiled over pages; returns the page count."""
        from .export import export_pdf

        return export_pdf(self, Path(path), page_size)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:  # first show: the table gets what its columns need, up to 45 %
            self._sized = True
            columns = sum(self.tree.columnWidth(c) for c in range(len(COLUMNS))) + 4
            table = min(columns, max(320, int(self.width() * 0.45)))
            self.splitter.setSizes([table, max(200, self.width() - table)])
            self.chart.fit()  # a project opens fitted to the chart's final width

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_live()
        super().closeEvent(event)

    def close_live(self) -> None:
        """Stop listening to the store (when this view made its own listener)."""
        if self._own_live:
            self.live.close()
