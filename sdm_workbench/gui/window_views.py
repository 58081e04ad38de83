"""Which view fills the main window's centre: a kind's table or a screen of its own."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QStackedWidget, QWidget

from ..store import Store
from . import settings as keys
from .edit_model import EditableRowModel
from .history import EditHistory
from .live import LiveUpdates
from .navigation import KindNavigator
from .references import ReferenceChoices
from .table_pane import TablePane
from .views import kind_for_view

# Views that are screens of their own rather than a kind's table, in navigation order.
SCREENS: tuple[tuple[str, str], ...] = (
    ("overview", "Overview"),
    ("timeline", "Timeline"),
    ("people", "People & RACI"),
    ("reviews", "Review meetings"),
)


class ViewSwitching(QMainWindow):
    """The view switching half of ``MainWindow``, which builds every attribute named here."""

    store: Store
    navigator: KindNavigator
    stack: QStackedWidget
    pane: TablePane
    history: EditHistory
    choices: ReferenceChoices
    live: LiveUpdates
    rows_label: QLabel
    _settings: QSettings | None
    _screens: dict[str, QWidget]
    _current_view: str | None

    # --- what is shown -------------------------------------------------------------------
    def show_kind(self, name: str) -> None:
        """Show the rows of kind ``name`` (and select it in the navigation list)."""
        if self.navigator.current_kind() != name:
            self.navigator.select_kind(name)  # re-enters here through kind_selected
            return
        self._current_view = None
        self.stack.setCurrentWidget(self.pane)
        model = self.pane.model
        if model is not None and model.kind == name:
            return
        self._save_columns()
        self.pane.set_model(
            EditableRowModel(self.store, name, self.history, self.choices, self.pane)
        )
        columns = None if self._settings is None else self._settings.value(keys.columns(name))
        if isinstance(columns, QByteArray):  # widths, order and sort, as the user left them
            self.pane.table.horizontalHeader().restoreState(columns)

    def _save_columns(self) -> None:
        kind_name = self.current_kind()
        if self._settings is not None and kind_name:
            state = self.pane.table.horizontalHeader().saveState()
            self._settings.setValue(keys.columns(kind_name), state)

    def focus_filter(self) -> None:
        """Edit > Find: the filter box above the table (or of the screen), text selected."""
        box = getattr(self.current_widget(), "filter", None)
        if not isinstance(box, QLineEdit):
            box = self.pane.filter
        box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        box.selectAll()

    def show_view(self, view: str) -> None:
        """Show a view by its ``screenshot`` name (overview, tickets, timeline, …)."""
        if view not in dict(SCREENS):
            self.show_kind(kind_for_view(view))
            return
        if self.navigator.current_view() != view:
            self.navigator.select_view(view)  # re-enters here through view_selected
            return
        self._current_view = view
        self.stack.setCurrentWidget(self.screen(view))
        self.rows_label.setText("")  # row counts describe tables, not this screen

    def screen(self, view: str) -> QWidget:
        """The widget of a view that is not a table, built the first time it is shown."""
        if view not in self._screens:
            widget = self._build_screen(view)
            self.stack.addWidget(widget)
            self._screens[view] = widget
        return self._screens[view]

    def _build_screen(self, view: str) -> QWidget:
        if view == "overview":
            from .dashboard import DashboardView

            return DashboardView(self.store, live=self.live, parent=self.stack,
                                 settings=self._settings,
                                 apply_operation=self.history.perform)  # fmt: skip
        if view == "timeline":
            from .timeline import TimelineView

            timeline = TimelineView(self.store, self.stack, apply_operation=self.history.perform,
                                    live=self.live, details_dialog=False)  # fmt: skip
            timeline.task_opened.connect(self.open_task)
            return timeline
        if view == "people":
            from .raci import RaciView

            return RaciView(self.store, self.history, live=self.live, parent=self.stack)
        if view == "reviews":
            from .review.screen import ReviewsScreen

            return ReviewsScreen(
                self.store, self.history, self.live, self.stack, show_table=self.show_kind
            )
        raise ValueError(f"No screen for view {view!r}")

    def open_task(self, task_id: int) -> None:
        """A task double-clicked on the timeline: its row in the Tasks table, with its
        editable details below (filters that hide it are cleared first)."""
        if self.pane.open_row("task", task_id):
            return
        self.pane.filter.clear()
        model = self.pane.model
        if model is not None:
            model.set_filter("")  # at once, not after the filter box's typing delay
            model.clear_column_filters()
        if self.pane.select_row_id(task_id):
            self.statusBar().showMessage("Filters cleared to show the task.", 10_000)

    def current_widget(self) -> QWidget:
        """What fills the centre now: the table pane or a view's screen."""
        return self.stack.currentWidget()

    def current_kind(self) -> str | None:
        model = self.pane.model
        return None if model is None else model.kind
