"""The main toolbar: New, Open, Save As, Undo, Redo, Find, Import, Export and a theme switch.

It holds the window's own menu actions (one action, one behaviour, one shortcut), drawn with
the line icons in ``resources/icons``. The icons are recoloured in the palette's text colour
whenever the palette changes, so they read in the light and the dark theme alike; an icon
that cannot be found leaves its button showing the action's text instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QMainWindow, QToolBar, QToolButton, QWidget
from shiboken6 import isValid

ICON_SIZES = (16, 20, 24, 32, 48)
TIP = "sdmToolTip"  # dynamic property: an action's description, without its shortcut
# (icon file, the action's object name) in toolbar order; None makes a separator.
LAYOUT: tuple[tuple[str, str] | None, ...] = (
    ("new", "newAction"),
    ("open", "openAction"),
    ("save-as", "saveAsAction"),
    None,
    ("undo", "undoAction"),
    ("redo", "redoAction"),
    None,
    ("filter", "findAction"),
    None,
    ("import", "importAction"),
    ("export", "exportAction"),
    None,
    ("theme", "themeToggleAction"),
)


def icon_dirs() -> list[Path]:
    """Where icons are looked for: inside the installed package (the wheel ships
    ``resources/`` there), then the repository's ``resources/`` (an editable install)."""
    package = Path(__file__).resolve().parent.parent
    return [package / "resources" / "icons", package.parent / "resources" / "icons"]


def icon_path(name: str) -> Path | None:
    """The SVG file of icon ``name``, or None when no folder has it."""
    for folder in icon_dirs():
        path = folder / f"{name}.svg"
        if path.is_file():
            return path
    return None


def tinted_icon(name: str, colour: QColor) -> QIcon:
    """Icon ``name`` drawn in ``colour`` (its ``currentColor``); a null icon when missing."""
    path = icon_path(name)
    if path is None:
        return QIcon()
    svg = path.read_text(encoding="utf-8").replace("currentColor", colour.name())
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        return QIcon()
    icon = QIcon()
    for size in ICON_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def shortcut_tip(action: QAction) -> str:
    """``Description (Ctrl+N)``: the action's description (or text) and its first shortcut."""
    base = action.property(TIP)
    if not isinstance(base, str) or not base:
        base = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return f"{base} ({keys})" if keys else base


def _keep_tip(action: QAction) -> None:
    """Follow the action's text and shortcut (Undo's text names the step it undoes)."""
    if not isValid(action):  # Qt says "changed" while it deletes the action
        return
    tip = shortcut_tip(action)
    if action.toolTip() != tip:  # setting an equal tip emits nothing: no loop
        action.setToolTip(tip)


class MainToolBar(QToolBar):
    """The window's main toolbar, movable, kept in the window state by its object name."""

    def __init__(self, window: QMainWindow, actions: Mapping[str, QAction]) -> None:
        super().__init__("Main toolbar", window)
        self.setObjectName("mainToolBar")
        self.setMovable(True)
        self.setIconSize(QSize(20, 20))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self._icons: dict[str, QAction] = {}
        for entry in LAYOUT:
            if entry is None:
                self.addSeparator()
                continue
            icon_name, object_name = entry
            action = actions.get(object_name)
            if action is None:
                continue
            if action.property(TIP) is None:
                tip = action.toolTip()
                plain = action.text().replace("&", "")
                # Undo and Redo have no description of their own: they follow their text.
                action.setProperty(TIP, "" if tip == plain else tip)
            self.addAction(action)
            self._icons[icon_name] = action
            _keep_tip(action)
            action.changed.connect(lambda a=action: _keep_tip(a))
        self.toggleViewAction().setText("Main &toolbar")
        self.recolour()

    def actions_by_icon(self) -> dict[str, QAction]:
        """The toolbar's actions by icon name (new, open, …, theme)."""
        return dict(self._icons)

    def recolour(self) -> None:
        """Draw the icons in the palette's text colour; text where an icon is missing."""
        colour = self.palette().color(QPalette.ColorRole.ButtonText)
        for name, action in self._icons.items():
            icon = tinted_icon(name, colour)
            action.setIcon(icon)
            button = self.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(
                    Qt.ToolButtonStyle.ToolButtonTextOnly
                    if icon.isNull()
                    else self.toolButtonStyle()
                )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.recolour()
        super().changeEvent(event)


def theme_toggle(window: QWidget, toggle: Callable[[], None]) -> QAction:
    """View > Switch light/dark (Ctrl+Shift+D): the other one of the two themes."""
    action = QAction("Switch &light/dark", window)
    action.setObjectName("themeToggleAction")
    action.setShortcut(QKeySequence("Ctrl+Shift+D"))
    action.setProperty(TIP, "Switch between the light and the dark theme")
    action.setToolTip(shortcut_tip(action))
    action.triggered.connect(lambda _checked=False: toggle())
    return action
