"""The layer rules of DESIGN.md hold: import-linter contracts, and a Qt-free core at run time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_linter_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


def test_the_core_and_headless_commands_load_without_qt(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "import sdm_workbench.cli, sdm_workbench.operations, sdm_workbench.store.invariants\n"
        "import sdm_workbench.demo, sdm_workbench.bench\n"
        "from sdm_workbench.cli import main\n"
        "main(['--db', sys.argv[1], 'check'])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph'))\n"
        "print('QT:', bad)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "w.sqlite")],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={"SDM_WORKBENCH_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
    )
    assert "QT: []" in result.stdout, result.stdout + result.stderr
