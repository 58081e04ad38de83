"""Window and view preferences in an INI file under the user's config folder.

Never in the repository and never in the workbench file: a workbench may be shared, the
window layout is personal.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings

from ..paths import user_paths

SETTINGS_FILE = "sdm-workbench.ini"

GEOMETRY = "window/geometry"
STATE = "window/state"
SPLITTER = "window/splitter"
LAST_KIND = "view/kind"
THEME = "view/theme"
ZOOM = "view/zoom"  # the application font in percent of the platform's size


def int_value(settings: QSettings, key: str, default: int) -> int:
    """An integer setting; ``default`` when missing or not a number (a hand-edited file)."""
    value = settings.value(key, default)
    try:
        return int(str(value))
    except ValueError:
        return default


def columns(kind_name: str) -> str:
    """Where a kind's column widths, order and sort are kept."""
    return f"columns/{kind_name}"


def filters(kind_name: str) -> str:
    """Where a kind's column filters are kept (JSON, see ``filter_memory``)."""
    return f"filters/{kind_name}"


def settings_path() -> Path:
    return user_paths().config_dir / SETTINGS_FILE


def open_settings(parent: QObject | None = None) -> QSettings:
    """The user's settings file (created with its folder on first write)."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat, parent)
