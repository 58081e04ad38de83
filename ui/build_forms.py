"""Compile every Qt Designer form in ``ui/`` into ``sdm_workbench/gui/forms/ui_*.py``.

Run after editing a ``.ui`` file (``.venv/bin/python ui/build_forms.py``) and commit the
result (DESIGN.md rule 10). ``tests/gui/test_forms_compiled.py`` compiles into a temporary
folder with the same function and fails when the committed forms are stale.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

UI_DIR = Path(__file__).resolve().parent
FORMS_DIR = UI_DIR.parent / "sdm_workbench" / "gui" / "forms"
# The only line that differs between PySide6 versions compiling the same form.
VERSION_LINE = "## Created by: Qt User Interface Compiler version"


def uic_command() -> list[str]:
    """``pyside6-uic`` beside the running Python (a virtualenv), else the one on PATH."""
    beside = Path(sys.executable).with_name("pyside6-uic")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("pyside6-uic")
    if found is None:
        raise FileNotFoundError("pyside6-uic not found: install PySide6 in this environment")
    return [found]


def form_sources(ui_dir: Path = UI_DIR) -> list[Path]:
    return sorted(ui_dir.glob("*.ui"))


def compiled_name(source: Path) -> str:
    """``record_form.ui`` -> ``ui_record_form.py``."""
    return f"ui_{source.stem}.py"


def compile_forms(out_dir: Path = FORMS_DIR, ui_dir: Path = UI_DIR) -> list[Path]:
    """Compile every ``*.ui`` of ``ui_dir`` into ``out_dir``; the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for source in form_sources(ui_dir):
        target = out_dir / compiled_name(source)
        # Run from the ui folder: uic names the source file in its header, keep it relative.
        subprocess.run(
            [*uic_command(), source.name, "-o", str(target)],
            cwd=ui_dir,
            check=True,
        )
        written.append(target)
    return written


def comparable(text: str) -> list[str]:
    """A compiled form without the uic version line (a newer PySide6 changes only that)."""
    return [line for line in text.splitlines() if not line.startswith(VERSION_LINE)]


if __name__ == "__main__":
    for path in compile_forms():
        print(f"Wrote {path.relative_to(UI_DIR.parent)}")
