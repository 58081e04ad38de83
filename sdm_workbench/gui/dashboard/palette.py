"""Dashboard colours and type sizes: light or dark, standard or colour-blind safe, normal or
large (presentation on a projector).

The colour-blind palette is Okabe & Ito's; RAG never relies on colour alone (tiles add a
shape and a word), so it stays readable in greyscale too.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from ...analytics.rag import Rag
from ..palette import rag_colour

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442")
OKABE_ITO_DARK = ("#56B4E9", "#E69F00", "#009E73", "#FF8C42", "#CC79A7", "#0072B2", "#F0E442")
STANDARD = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2")
STANDARD_DARK = ("#5fa8e8", "#ffa04d", "#5cc85c", "#ff6b6b", "#b99be0", "#c49c94", "#f7b6d2")

RAG_WORDS = {Rag.RED: "Off target", Rag.AMBER: "Watch", Rag.GREEN: "On target",
             Rag.NONE: "No target"}  # fmt: skip
LARGE_SCALE = 1.6


@dataclass(frozen=True)
class DashboardStyle:
    """Everything that decides how the dashboard looks."""

    dark: bool = False
    colour_blind: bool = False
    large: bool = False

    @classmethod
    def from_application(cls, colour_blind: bool = False, large: bool = False) -> DashboardStyle:
        """Dark when the application's window colour is dark (theme.py sets it)."""
        palette = QApplication.palette()
        dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
        return cls(dark=dark, colour_blind=colour_blind, large=large)

    @property
    def scale(self) -> float:
        return LARGE_SCALE if self.large else 1.0

    def points(self, size: float) -> int:
        """A font size in points, grown for presentation."""
        return round(size * self.scale)

    def rag(self, status: Rag) -> QColor:
        return rag_colour(status, self.dark, self.colour_blind)

    def band(self, status: Rag) -> QColor:
        """A faint fill for a threshold band behind a chart."""
        colour = self.rag(status)
        colour.setAlpha(50 if self.dark else 38)
        return colour

    def series(self, index: int) -> QColor:
        if self.colour_blind:
            colours = OKABE_ITO_DARK if self.dark else OKABE_ITO
        else:
            colours = STANDARD_DARK if self.dark else STANDARD
        return QColor(colours[index % len(colours)])

    @property
    def background(self) -> QColor:
        return QColor("#1a1c20" if self.dark else "#ffffff")

    @property
    def foreground(self) -> QColor:
        return QColor("#e3e6ea" if self.dark else "#1d2025")

    @property
    def muted(self) -> QColor:
        return QColor("#a3aab4" if self.dark else "#5b6470")

    @property
    def period_shade(self) -> QColor:
        """Behind the months the tiles sum up: a tint that leaves the data readable."""
        colour = QColor("#8fb3ff" if self.dark else "#3d6fd9")
        colour.setAlphaF(0.16 if self.dark else 0.10)
        return colour

    @property
    def grid_alpha(self) -> float:
        return 0.25 if self.dark else 0.18

    @property
    def tile_background(self) -> QColor:
        return QColor("#2b2f36" if self.dark else "#ffffff")

    @property
    def tile_border(self) -> QColor:
        return QColor("#3c4149" if self.dark else "#d5d9df")

    @property
    def better(self) -> QColor:
        return self.rag(Rag.GREEN)

    @property
    def worse(self) -> QColor:
        return self.rag(Rag.RED)
