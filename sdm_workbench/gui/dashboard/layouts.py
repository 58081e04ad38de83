"""Named dashboard layouts: which tiles and charts show, in which order; kept in QSettings."""

from __future__ import annotations

import json
from dataclasses import dataclass

from PySide6.QtCore import QSettings

LAYOUTS_KEY = "dashboard/layouts"
CURRENT_KEY = "dashboard/layout"
STANDARD = "Standard"


@dataclass(frozen=True)
class DashboardLayout:
    """``tiles`` and ``charts`` in the order shown; None shows all of them (standard order)."""

    name: str
    tiles: tuple[str, ...] | None = None
    charts: tuple[str, ...] | None = None

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name,
                "tiles": None if self.tiles is None else list(self.tiles),
                "charts": None if self.charts is None else list(self.charts)}  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> DashboardLayout:
        def keys(value: object) -> tuple[str, ...] | None:
            return None if not isinstance(value, list) else tuple(str(v) for v in value)

        return cls(str(data["name"]), keys(data.get("tiles")), keys(data.get("charts")))


class LayoutBook:
    """The user's layouts, "Standard" always among them. Without settings (screenshots,
    benchmarks) the book lives in memory only."""

    def __init__(self, settings: QSettings | None) -> None:
        self._settings = settings
        self._layouts: dict[str, DashboardLayout] = {STANDARD: DashboardLayout(STANDARD)}
        self._current = STANDARD
        if settings is None:
            return
        try:
            stored = json.loads(str(settings.value(LAYOUTS_KEY, "[]")))
            for entry in stored if isinstance(stored, list) else []:
                layout = DashboardLayout.from_dict(entry)
                self._layouts[layout.name] = layout
        except (ValueError, KeyError, TypeError):
            pass  # a damaged entry: keep the standard layout rather than fail to open
        current = str(settings.value(CURRENT_KEY, STANDARD))
        self._current = current if current in self._layouts else STANDARD

    def names(self) -> list[str]:
        """Standard first, then the user's layouts by name."""
        return [STANDARD, *sorted(n for n in self._layouts if n != STANDARD)]

    def get(self, name: str) -> DashboardLayout:
        return self._layouts.get(name) or self._layouts[STANDARD]

    @property
    def current(self) -> DashboardLayout:
        return self.get(self._current)

    def use(self, name: str) -> DashboardLayout:
        """Make ``name`` the layout shown (and remembered)."""
        self._current = name if name in self._layouts else STANDARD
        self._write()
        return self.current

    def save(self, layout: DashboardLayout) -> DashboardLayout:
        """Add or replace ``layout`` and show it. The standard layout itself never changes."""
        name = layout.name.strip()
        if not name:
            raise ValueError("Give the layout a name.")
        if name == STANDARD:
            raise ValueError(f'"{STANDARD}" is the built-in layout; save under another name.')
        self._layouts[name] = DashboardLayout(name, layout.tiles, layout.charts)
        return self.use(name)

    def delete(self, name: str) -> None:
        if name != STANDARD:
            self._layouts.pop(name, None)
            if self._current == name:
                self._current = STANDARD
            self._write()

    def _write(self) -> None:
        if self._settings is None:
            return
        mine = [self._layouts[n].as_dict() for n in self.names() if n != STANDARD]
        self._settings.setValue(LAYOUTS_KEY, json.dumps(mine))
        self._settings.setValue(CURRENT_KEY, self._current)
