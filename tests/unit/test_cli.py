"""The command-line contract: exit codes, messages and what each command does to a file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sdm_workbench import __version__
from sdm_workbench.cli import main
from sdm_workbench.operations import CreateRow, run
from sdm_workbench.store import Store


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_a_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["demo", "--scale", "gigantic"])
    assert done.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_check_passes_on_a_sound_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "w.sqlite"
    store = Store.open(db)
    run(store, CreateRow("service", {"name": "Email"}))
    store.close()
    assert main(["--db", str(db), "check"]) == 0
    assert "No problems found" in capsys.readouterr().out


def test_check_reports_each_violation_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.sqlite"
    store = Store.open(db)
    project = run(store, CreateRow("project", {"name": "Move"}))
    tasks = [
        run(
            store,
            CreateRow(
                "task",
                {
                    "project_id": project.row_id,
                    "name": name,
                    "start_date": "2026-01-05",
                    "finish_date": "2026-01-06",
                },
            ),
        )
        for name in ("Pack", "Ship")
    ]
    run(
        store,
        CreateRow(
            "dependency", {"predecessor_id": tasks[0].row_id, "successor_id": tasks[1].row_id}
        ),
    )
    store.close()
    # Written behind the workbench's back, as another tool might.
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO dependencies (predecessor_id, successor_id, type, lag_days, uid, version) "
        "VALUES (?, ?, 'FS', 0, 'a-b-c', 1)",
        (tasks[1].row_id, tasks[0].row_id),
    )
    conn.execute(
        "INSERT INTO raid_items (code, type, title, status, uid, version) "
        "VALUES ('ISS-0001', 'risk', 'Mislabelled', 'open', 'd-e-f', 1)"
    )
    conn.commit()
    conn.close()
    assert main(["--db", str(db), "check"]) == 1
    captured = capsys.readouterr()
    assert "dependency cycle: " in captured.out
    assert "Pack" in captured.out and "Ship" in captured.out
    assert "RAID item ISS-0001 is a risk" in captured.out
    assert "2 problem(s) found" in captured.err


def test_a_newer_file_is_refused_with_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.sqlite"
    Store.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = 'zzzz'")
    conn.commit()
    conn.close()
    assert main(["--db", str(db), "check"]) == 1
    assert "newer version of SDM Workbench" in capsys.readouterr().err


def test_demo_refuses_a_file_that_holds_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.sqlite"
    store = Store.open(db)
    run(store, CreateRow("service", {"name": "Email"}))
    store.close()
    assert main(["--db", str(db), "demo"]) == 1
    assert capsys.readouterr().err.strip()


def test_the_installed_command_runs_demo_then_check(tmp_path: Path) -> None:
    command = Path(sys.executable).with_name("sdm-workbench")
    db = tmp_path / "demo.sqlite"
    env = {"SDM_WORKBENCH_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    made = subprocess.run(
        [str(command), "--db", str(db), "demo", "--scale", "small", "--seed", "3"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    checked = subprocess.run(
        [str(command), "--db", str(db), "check"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No problems found" in checked.stdout
