"""The Help > About text: versions and where this workbench keeps its files."""

from __future__ import annotations

import html
import platform

import PySide6
import sqlalchemy
from PySide6.QtCore import qVersion

from .. import __version__
from ..paths import user_paths
from ..store import Store
from .settings import settings_path


def about_html(store: Store) -> str:
    """Rich text for ``QMessageBox.about``."""
    paths = user_paths()
    rows = [
        ("SDM Workbench", __version__),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("SQLAlchemy", sqlalchemy.__version__),
        ("Python", platform.python_version()),
        ("This workbench", store.describe()),
        ("Data folder", str(paths.data_dir)),
        ("Backups", str(store.backup_dir or paths.backup_dir)),
        ("Settings", str(settings_path())),
        ("Logs", str(paths.log_dir)),
    ]
    cells = "".join(
        f"<tr><td style='padding-right:12px'><b>{html.escape(name)}</b></td>"
        f"<td>{html.escape(value)}</td></tr>"
        for name, value in rows
    )
    return (
        "<h3>SDM Workbench</h3>"
        "<p>Services, SLAs, projects, budgets, risks, KPIs and reviews in one offline file.</p>"
        f"<table>{cells}</table>"
    )
