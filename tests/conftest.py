"""Shared fixtures: every test runs with its own SDM_WORKBENCH_HOME and never a display."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Must be set before any QApplication exists (pytest-qt creates it lazily).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sdm_workbench.gui.gc_guard import collect_due
from sdm_workbench.store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Never touch the real user's config, data or logs."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SDM_WORKBENCH_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def collect_between_tests() -> Iterator[None]:
    """Where the GUI's collector switched automatic garbage collection off (it collects on
    the GUI thread only; see ``gui/gc_guard.py``), collect after each test, on this thread."""
    yield
    if not gc.isenabled():
        collect_due()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh, migrated workbench in a real SQLite file."""
    opened = Store.open(tmp_path / "workbench.sqlite", backup_dir=tmp_path / "backups")
    yield opened
    opened.close()


@pytest.fixture
def corpus() -> Path:
    """The shared corpus of real files from other tools; skip cleanly where it is absent."""
    folder = SHARED / "corpus"
    if not folder.is_dir():
        pytest.skip("shared/corpus is not beside this checkout")
    return folder
