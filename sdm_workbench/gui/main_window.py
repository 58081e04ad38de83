"""The main window: kinds on the left, the chosen kind's editable rows in the centre.

Every change goes through the window's ``EditHistory`` (one undo step each); the window is
live, so commits from this process (the change bus) and from others (``PRAGMA data_version``
polling) show up without restart.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from ..domain.kinds import KINDS
from ..store import Store
from ..store.repository import counts as row_counts
from . import settings as keys
from .about import ShortcutsDialog, about_html
from .edit_menu import build_edit_menu, build_history_dock
from .file_menu import fill_file_menu
from .filter_memory import FilterMemory
from .history import EditHistory
from .live import LiveUpdates
from .navigation import KindNavigator
from .references import ReferenceChoices
from .table_editing import TableEditing
from .table_pane import TablePane, rows_text
from .theme import DEFAULT_THEME, apply_theme
from .toolbar import MainToolBar
from .window_menus import build_help_menu, build_view_menu
from .window_status import build_status_bar, file_modified, last_change_text
from .window_views import SCREENS, ViewSwitching
from .zoom import ZOOM_DEFAULT, apply_zoom

DEFAULT_KIND = "service"


def window_title(store: Store) -> str:
    path = store.path
    return f"SDM Workbench — {path.name if path else store.describe()}"


class MainWindow(ViewSwitching):
    """One open workbench. ``settings=None`` keeps nothing (screenshots, some tests)."""

    toolbar: MainToolBar  # set by build_view_menu
    theme_actions: dict[str, QAction]  # light, dark, system (View menu)

    def __init__(
        self, store: Store, settings: QSettings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._settings = settings
        self._counts: dict[str, int] = {}
        self._theme = DEFAULT_THEME
        self._zoom = ZOOM_DEFAULT
        self.setObjectName("mainWindow")
        self.setWindowTitle(window_title(store))
        self.setMinimumSize(640, 400)
        self._initial_size()

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.navigator = KindNavigator(self.splitter, SCREENS)
        self.stack = QStackedWidget(self.splitter)
        self.pane = TablePane(self.stack)
        self.stack.addWidget(self.pane)
        if settings is not None:
            self.pane.filter_memory = FilterMemory(settings)
        self._screens: dict[str, QWidget] = {}
        self._current_view: str | None = None
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.navigator.setMinimumWidth(200)
        self.splitter.setSizes([250, 1000])
        self.setCentralWidget(self.splitter)

        self.history = EditHistory(store, self)  # a new window starts with no undo steps
        self.choices = ReferenceChoices(store)
        self.file_label, self.rows_label, self.change_label = build_status_bar(
            self, store.describe()
        )
        self._show_last_change(file_modified(store.path))
        self.editing = TableEditing(self.pane, self.history, self.statusBar())
        self.history.stepped.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.history.performed.connect(
            lambda op: self.statusBar().showMessage(f"{op.label}.", 10_000)
        )
        self.history_dock = build_history_dock(self, self.history)
        self._build_menus()

        self.live = LiveUpdates(store, self)
        self.live.changed.connect(self._on_changed)
        self.live.external_change.connect(self.reload_all)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_scheme)

        self.navigator.kind_selected.connect(self.show_kind)
        self.navigator.view_selected.connect(self.show_view)
        self.pane.rows_changed.connect(self._update_rows_label)
        self.refresh_counts()
        self._restore()

    @property
    def settings(self) -> QSettings | None:
        """Where the window keeps its preferences (None: nothing is kept)."""
        return self._settings

    # --- building ------------------------------------------------------------------------
    def _initial_size(self) -> None:
        """A roomy first size that still fits the screen (saved geometry replaces it)."""
        screen = QGuiApplication.primaryScreen()
        width, height = 1280, 800
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, int(available.width() * 0.9))
            height = min(height, int(available.height() * 0.9))
        self.resize(max(width, 640), max(height, 400))

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        fill_file_menu(self, file_menu)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        if quit_action.shortcut().isEmpty():
            quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        build_edit_menu(self, self.history, self.editing, self.focus_filter)
        build_view_menu(self)  # also the toolbar, from the File and Edit actions
        build_help_menu(self)

    def set_theme(self, theme: str) -> None:
        """Light, dark or follow the system; applied to the whole application and kept."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme = apply_theme(app, theme)
        self._theme = theme
        self.theme_actions[theme].setChecked(True)
        if self._settings is not None:
            self._settings.setValue(keys.THEME, theme)

    @property
    def theme(self) -> str:
        return self._theme

    def show_about(self) -> None:
        QMessageBox.about(self, "About SDM Workbench", about_html(self.store))

    def show_shortcuts(self) -> ShortcutsDialog:
        """Help > Keyboard shortcuts: built from the window's actions, so it never drifts."""
        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    @property
    def zoom(self) -> int:
        return self._zoom

    def set_zoom(self, percent: int) -> None:
        """Scale the application's font (View > Zoom); kept in the settings."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            percent = apply_zoom(app, percent)
        self._zoom = percent
        if self._settings is not None:
            self._settings.setValue(keys.ZOOM, percent)

    # --- counts and live refresh ---------------------------------------------------------
    def refresh_counts(self, kinds: Collection[str] | None = None) -> None:
        names = list(KINDS) if kinds is None else [k for k in kinds if k in KINDS]
        with self.store.session() as session:
            fresh = row_counts(session, names)
        self._counts.update(fresh)
        self.navigator.set_counts(fresh)
        self._update_rows_label()

    def counts(self) -> Mapping[str, int]:
        return dict(self._counts)

    def _on_changed(self, changes: Mapping[str, frozenset[int]]) -> None:
        self.refresh_counts(changes.keys())
        self.choices.forget(changes.keys())
        model = self.pane.model
        if model is not None:
            if model.kind in changes:
                model.refresh(changes[model.kind])
            model.forget_labels(changes.keys())
            model.forget_derived(changes.keys())
        self._show_last_change(self.live.last_change)

    def reload_all(self) -> None:
        """View > Refresh, and a commit by another process: everything read again."""
        self.refresh_counts()
        self.choices.forget()
        model = self.pane.model
        if model is not None:
            model.forget_labels()
            model.forget_derived()
            model.refresh()
        self._show_last_change(self.live.last_change or datetime.now())

    def _on_system_scheme(self, _scheme: Qt.ColorScheme) -> None:
        if self._theme == "system":
            self.set_theme("system")

    def _update_rows_label(self, *_args: object) -> None:
        model = self.pane.model
        if model is None or self._current_view is not None:
            self.rows_label.setText("")
            return
        shown = model.rowCount()
        total = self._counts.get(model.kind)
        filtered = bool(model.query.text or model.query.filters)
        self.rows_label.setText(rows_text(shown, total if filtered else None))

    def _show_last_change(self, when: datetime | None) -> None:
        self.change_label.setText(last_change_text(when))

    # --- settings ------------------------------------------------------------------------
    def _restore(self) -> None:
        settings = self._settings
        last_kind = DEFAULT_KIND
        theme = DEFAULT_THEME
        if settings is not None:
            geometry = settings.value(keys.GEOMETRY)
            if isinstance(geometry, QByteArray):
                self.restoreGeometry(geometry)
            state = settings.value(keys.STATE)
            if isinstance(state, QByteArray):
                self.restoreState(state)
            splitter = settings.value(keys.SPLITTER)
            if isinstance(splitter, QByteArray):
                self.splitter.restoreState(splitter)
            last_kind = str(settings.value(keys.LAST_KIND, DEFAULT_KIND))
            theme = str(settings.value(keys.THEME, DEFAULT_THEME))
            self.set_theme(theme)
            self.set_zoom(keys.int_value(settings, keys.ZOOM, ZOOM_DEFAULT))
        else:
            self.set_zoom(ZOOM_DEFAULT)  # a screenshot is always at 100 %
            self._theme = theme
            self.theme_actions[theme].setChecked(True)
        if last_kind in dict(SCREENS):
            self.show_view(last_kind)
            return
        if last_kind not in KINDS:
            last_kind = DEFAULT_KIND
        self.show_kind(last_kind)

    def save_settings(self) -> None:
        settings = self._settings
        if settings is None:
            return
        settings.setValue(keys.GEOMETRY, self.saveGeometry())
        settings.setValue(keys.STATE, self.saveState())
        settings.setValue(keys.SPLITTER, self.splitter.saveState())
        self._save_columns()
        kind_name = self._current_view or self.current_kind()
        if kind_name:
            settings.setValue(keys.LAST_KIND, kind_name)
        settings.setValue(keys.THEME, self._theme)
        settings.setValue(keys.ZOOM, self._zoom)
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        dashboard = self._screens.get("overview")
        if dashboard is not None:
            dashboard.close_view()  # type: ignore[attr-defined]  # waits for its worker
        self.live.close()
        super().closeEvent(event)
