"""The committed ``gui/forms/ui_*.py`` are what ``pyside6-uic`` makes of ``ui/*.ui`` now."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def build_forms() -> ModuleType:
    """``ui/build_forms.py``, the script that compiles the forms (not a package module)."""
    spec = importlib.util.spec_from_file_location("build_forms", ROOT / "ui" / "build_forms.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_form_is_compiled_and_current(tmp_path: Path) -> None:
    forms = build_forms()
    sources = forms.form_sources()
    assert {s.name for s in sources} >= {
        "record_form.ui",
        "sla_form.ui",
        "project_form.ui",
        "risk_form.ui",
    }
    fresh = forms.compile_forms(tmp_path)
    committed_dir = ROOT / "sdm_workbench" / "gui" / "forms"
    committed = {p.name for p in committed_dir.glob("ui_*.py")}
    assert committed == {p.name for p in fresh}, "compiled forms without a .ui, or missing"
    stale = [
        p.name
        for p in fresh
        if forms.comparable(p.read_text(encoding="utf-8"))
        != forms.comparable((committed_dir / p.name).read_text(encoding="utf-8"))
    ]
    assert not stale, f"Stale compiled forms {stale}: run .venv/bin/python ui/build_forms.py"


def test_a_changed_form_is_noticed(tmp_path: Path) -> None:
    """The comparison sees a real change (and only ignores the uic version line)."""
    forms = build_forms()
    ui_dir = tmp_path / "ui"
    ui_dir.mkdir()
    source = (ROOT / "ui" / "record_form.ui").read_text(encoding="utf-8")
    (ui_dir / "record_form.ui").write_text(source.replace(">Notes<", ">Remarks<"))
    (changed,) = forms.compile_forms(tmp_path / "out", ui_dir)
    committed = ROOT / "sdm_workbench" / "gui" / "forms" / "ui_record_form.py"
    text = committed.read_text(encoding="utf-8")
    assert forms.comparable(changed.read_text(encoding="utf-8")) != forms.comparable(text)
    other_version = text.replace("Compiler version 6.", "Compiler version 9.")
    assert forms.comparable(other_version) == forms.comparable(text)
