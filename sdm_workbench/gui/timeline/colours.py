"""The timeline's colours, read from a light or dark palette."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

Role = QPalette.ColorRole


@dataclass(frozen=True)
class Colours:
    """The timeline's colours for one palette (light or dark)."""

    base: QColor
    stripe: QColor
    grid: QColor
    non_working: QColor
    text: QColor
    muted: QColor
    bar: QColor
    progress: QColor
    critical: QColor
    critical_progress: QColor
    summary: QColor
    baseline: QColor
    link: QColor
    today: QColor
    status: QColor
    header: QColor
    selection: QColor
    raid: QColor
    sla: QColor

    @classmethod
    def from_palette(cls, palette: QPalette) -> Colours:
        dark = palette.color(Role.Base).lightness() < 128
        base = palette.color(Role.Base)
        text = palette.color(Role.Text)
        selection = QColor(palette.color(Role.Highlight))
        selection.setAlpha(60)
        return cls(
            base=base,
            stripe=palette.color(Role.AlternateBase),
            grid=palette.color(Role.Midlight if not dark else Role.Mid),
            non_working=QColor("#2b2f36" if dark else "#eceef2"),
            text=text,
            muted=palette.color(Role.PlaceholderText),
            bar=QColor("#5b8def" if dark else "#7ea6ee"),
            progress=QColor("#2f62c8" if dark else "#2f5fb8"),
            critical=QColor("#e0655d" if dark else "#ef8a84"),
            critical_progress=QColor("#b83a33" if dark else "#c2352d"),
            summary=QColor("#c9ced6" if dark else "#3a3f47"),
            baseline=QColor("#6b717b" if dark else "#b3b9c2"),
            link=QColor("#8f96a1" if dark else "#6b7280"),
            today=QColor("#f0a030" if dark else "#e07b00"),
            status=QColor("#4cc38a" if dark else "#1f9d63"),
            header=palette.color(Role.Window),
            selection=selection,
            raid=QColor("#d57be6" if dark else "#8e3fa8"),
            sla=QColor("#3fc1c9" if dark else "#0f7c86"),
        )
