"""Light and dark palettes on the Fusion style, and following the system's choice.

Fusion draws the frame of check boxes and radio buttons in the Window colour darkened by
40 %, whatever the palette says otherwise; on our dark palette that is exactly the Base
colour inside the box, so unticked boxes (in dialogs and in lists) vanished. ``IndicatorStyle``
gives those indicators a frame in the palette's ``PlaceholderText`` colour when the derived one
would be too close to Base.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

THEMES = ("light", "dark", "system")
DEFAULT_THEME = "system"

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

_LIGHT = {
    Role.Window: "#eef0f3",
    Role.WindowText: "#1d2025",
    Role.Base: "#ffffff",
    Role.AlternateBase: "#f5f7fa",
    Role.Text: "#1d2025",
    Role.PlaceholderText: "#6e7681",
    Role.Button: "#e4e7ec",
    Role.ButtonText: "#1d2025",
    Role.BrightText: "#b42318",
    Role.Highlight: "#2f6fdb",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#1f5fc4",
    Role.LinkVisited: "#6e40c9",
    Role.ToolTipBase: "#fdfdf2",
    Role.ToolTipText: "#1d2025",
    Role.Light: "#ffffff",
    Role.Midlight: "#f2f4f7",
    Role.Mid: "#c3c8d0",
    Role.Dark: "#9aa1ab",
    Role.Shadow: "#6b7280",
}
_DARK = {
    Role.Window: "#24272d",
    Role.WindowText: "#e3e6ea",
    Role.Base: "#1a1c20",
    Role.AlternateBase: "#212429",
    Role.Text: "#e3e6ea",
    Role.PlaceholderText: "#8a919b",
    Role.Button: "#30343b",
    Role.ButtonText: "#e3e6ea",
    Role.BrightText: "#ff8a80",
    Role.Highlight: "#3b74d6",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#82b1ff",
    Role.LinkVisited: "#c3a6ff",
    Role.ToolTipBase: "#30343b",
    Role.ToolTipText: "#e3e6ea",
    Role.Light: "#3c4149",
    Role.Midlight: "#33373e",
    Role.Mid: "#4a4f58",
    Role.Dark: "#15171a",
    Role.Shadow: "#0b0c0e",
}
_DISABLED_TEXT = {"light": "#9aa1ab", "dark": "#6b717b"}
FUSION_OUTLINE_DARKER = 140  # Fusion's frame: QPalette.Window darker by this factor
MIN_FRAME_CONTRAST = 60  # lightness steps (0-255) between an indicator's frame and fill
_INDICATORS = (
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_IndicatorRadioButton,
)


def palette_for(dark: bool) -> QPalette:
    """A complete palette (all groups), so no role falls back to the platform's colours."""
    colours = _DARK if dark else _LIGHT
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(Role.Accent, QColor(colours[Role.Highlight]))
    disabled = QColor(_DISABLED_TEXT["dark" if dark else "light"])
    for role in (Role.WindowText, Role.Text, Role.ButtonText, Role.PlaceholderText):
        palette.setColor(Group.Disabled, role, disabled)
    palette.setColor(Group.Disabled, Role.Highlight, QColor(colours[Role.Mid]))
    # An inactive window keeps its selection visible, only a little quieter.
    palette.setColor(Group.Inactive, Role.Highlight, QColor(colours[Role.Highlight]).darker(115))
    return palette


def indicator_frame(palette: QPalette) -> QColor | None:
    """The frame colour check boxes and radio buttons need on ``palette``; None when
    Fusion's own (Window darkened) already stands out against the box's Base fill."""
    fusion = palette.color(Role.Window).darker(FUSION_OUTLINE_DARKER)
    base = palette.color(Role.Base)
    if abs(fusion.lightness() - base.lightness()) >= MIN_FRAME_CONTRAST:
        return None
    return palette.color(Role.PlaceholderText)


class IndicatorStyle(QProxyStyle):
    """Fusion, with check box and radio button frames that read on a dark palette."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        frame = indicator_frame(option.palette) if element in _INDICATORS else None
        if frame is not None:
            # A copy of the same class (Fusion needs the button option), the caller's intact.
            option = type(option)(option)  # type: ignore[call-arg]
            # Fusion darkens Window for the frame; give it the colour that darkens to ours.
            option.palette.setColor(Role.Window, frame.lighter(FUSION_OUTLINE_DARKER))
        super().drawPrimitive(element, option, painter, widget)


_style: IndicatorStyle | None = None  # the application's style (kept alive from Python)


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def is_dark(theme: str) -> bool:
    """Whether ``theme`` (light, dark or system) currently means dark colours."""
    if theme == "dark":
        return True
    if theme == "light":
        return False
    return system_prefers_dark()


def apply_theme(app: QApplication, theme: str) -> str:
    """Fusion style plus our palette; returns the theme actually applied (unknown -> system)."""
    if theme not in THEMES:
        theme = DEFAULT_THEME
    global _style
    if not isinstance(app.style(), IndicatorStyle):
        _style = IndicatorStyle("Fusion")
        app.setStyle(_style)
    app.setPalette(palette_for(is_dark(theme)))
    return theme
