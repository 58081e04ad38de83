"""Importing a plan file into a real workbench: tasks, parents, dates, people and links read
back; one undo step; refusals (cycles, bad files, busy projects) change nothing; the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from sdm_workbench.exchange.errors import ExchangeError
from sdm_workbench.exchange.plan_files.apply import apply_plan_file
from sdm_workbench.exchange.plan_files.importer import plan_plan_file, read_plan_file
from sdm_workbench.operations import CreateRow, run, undo
from sdm_workbench.store import Store
from sdm_workbench.store.invariants import check
from sdm_workbench.store.rows import table

from ..conftest import SHARED
from .conftest import run_cli

NS = "http://schemas.microsoft.com/project"
COUNTED = ("projects", "tasks", "dependencies", "people")


def _rows(store: Store, name: str) -> list[dict[str, Any]]:
    t = table(name)
    with store.session() as session:
        return [dict(r._mapping) for r in session.execute(select(t).order_by(t.c.id))]


def _counts(store: Store) -> dict[str, int]:
    with store.session() as session:
        return {
            name: int(session.execute(select(func.count()).select_from(table(name))).scalar_one())
            for name in COUNTED
        }


def _import(store: Store, path: Path, project: str | None = None) -> Any:
    plan = plan_plan_file(store, read_plan_file(path), path, project=project)
    return apply_plan_file(store, plan)


def mspdi(tmp_path: Path, tasks: str, name: str = "plan.xml") -> Path:
    """A small MSPDI file around ``tasks`` (``<Task>`` elements)."""
    path = tmp_path / name
    path.write_text(
        f'<?xml version="1.0"?><Project xmlns="{NS}"><Title>Tiny</Title>'
        f"<StartDate>2026-03-02T08:00:00</StartDate><Tasks>{tasks}</Tasks></Project>",
        encoding="utf-8",
    )
    return path


def task(uid: int, name: str, *preds: int, extra: str = "") -> str:
    links = "".join(
        f"<PredecessorLink><PredecessorUID>{p}</PredecessorUID><Type>1</Type></PredecessorLink>"
        for p in preds
    )
    return (
        f"<Task><UID>{uid}</UID><Name>{name}</Name><OutlineLevel>1</OutlineLevel>"
        f"<Start>2026-03-02T08:00:00</Start><Finish>2026-03-03T17:00:00</Finish>"
        f"<Duration>PT16H0M0S</Duration>{extra}{links}</Task>"
    )


def test_sample_plan_reads_back(store: Store, corpus: Path) -> None:
    run(store, CreateRow("person", {"name": "second  RESOURCE"}))  # matched by name, any case
    operation = _import(store, corpus / "mspdi" / "mpxj_legacy_sample.xml")
    (project,) = _rows(store, "projects")
    assert (project["code"], project["name"]) == (operation.project_code, "sample")
    assert project["start_date"] == date(2003, 1, 7)
    tasks = _rows(store, "tasks")
    by_name = {t["name"]: t for t in tasks}
    assert [t["name"] for t in tasks][:3] == ["First Task", "Second Task", "Third task"]
    assert [t["sort_order"] for t in tasks] == list(range(1, 20))
    first, second, third = (by_name[n] for n in ("First Task", "Second Task", "Third task"))
    assert first["parent_id"] is None and second["parent_id"] == third["parent_id"] == first["id"]
    assert (first["start_date"], first["finish_date"], first["duration_days"]) == (
        date(2003, 1, 7), date(2003, 3, 18), 50
    )  # fmt: skip
    assert first["notes"] == "Test Task Notes"
    assert third["is_milestone"] and third["duration_days"] == 0
    people = {p["id"]: p["name"] for p in _rows(store, "people")}
    assert sorted(people.values()) == ["First Resource", "second  RESOURCE"]  # one added
    assert people[second["assignee_id"]] == "First Resource"
    names = {t["id"]: t["name"] for t in tasks}
    links = {
        (names[d["predecessor_id"]], names[d["successor_id"]]): (d["type"].value, d["lag_days"])
        for d in _rows(store, "dependencies")
    }
    assert links == {
        ("Related Task 1a", "Related Task 1b"): ("FS", 0),
        ("Related Task 2a", "Related Task 2b"): ("FS", 1),
        ("Related Task 3a", "Related Task 3b"): ("FS", -1),
        ("Related Task 4a", "Related Task 4b"): ("SS", 0),
        ("Related Task 5a", "Related Task 5b"): ("FF", 0),
        ("Related Task 6a", "Related Task 6b"): ("SF", 0),
    }
    assert check(store) == []


def test_undo_removes_everything_and_redo_brings_it_back(store: Store, corpus: Path) -> None:
    before = _counts(store)
    operation = _import(store, corpus / "mspdi" / "projectlibre_New_Product.xml")
    after = _counts(store)
    assert after == {"projects": 1, "tasks": 43, "dependencies": 37, "people": 6}
    uids = [t["uid"] for t in _rows(store, "tasks")]
    undo(store, operation)
    assert _counts(store) == before
    run(store, operation)  # redo: the very same rows
    assert _counts(store) == after and [t["uid"] for t in _rows(store, "tasks")] == uids
    tasks = _rows(store, "tasks")
    top = [t for t in tasks if t["parent_id"] is None]
    assert [t["name"] for t in top] == ["Product #23 Development"]  # its OutlineLevel is 0
    assert sum(t["is_milestone"] for t in tasks) == 12  # zero-duration tasks
    assert check(store) == []


@pytest.mark.parametrize("name", sorted(p.name for p in (SHARED / "corpus/mspdi").glob("*.xml")))
def test_every_corpus_plan_imports_or_is_refused(store: Store, corpus: Path, name: str) -> None:
    path = corpus / "mspdi" / name
    plan = read_plan_file(path)
    if not plan.tasks:
        with pytest.raises(ExchangeError, match="holds no tasks"):
            plan_plan_file(store, plan, path)
        assert _counts(store)["projects"] == 0
        return
    _import(store, path)
    assert len(_rows(store, "tasks")) == len(plan.tasks)
    assert len(_rows(store, "dependencies")) == len(plan.links)
    assert check(store) == []


def test_a_cycle_is_refused_naming_the_task(store: Store, tmp_path: Path) -> None:
    path = mspdi(tmp_path, task(1, "Design", 3) + task(2, "Build", 1) + task(3, "Test", 2))
    with pytest.raises(ExchangeError, match=r"Task '\w+' \(id \d\) depends on itself") as err:
        plan_plan_file(store, read_plan_file(path), path)
    ring = ["'Design'", "'Build'", "'Test'"]
    chains = [" → ".join(ring[i:] + ring[: i + 1]) for i in range(3)]  # where it starts varies
    assert any(chain in str(err.value) for chain in chains)
    assert _counts(store) == dict.fromkeys(COUNTED, 0)
    # the domain refuses it too when applying (should a cycle slip past planning)
    path = mspdi(tmp_path, task(1, "Design") + task(2, "Build", 1) + task(3, "Test", 2))
    plan = plan_plan_file(store, read_plan_file(path), path)
    plan.links.append(("3", "1", "FS", 0))
    with pytest.raises(ExchangeError, match=r"Link 'Test' → 'Design': .*cycle"):
        apply_plan_file(store, plan)
    assert _counts(store) == dict.fromkeys(COUNTED, 0)


def test_a_refusal_while_applying_writes_nothing(store: Store, tmp_path: Path) -> None:
    path = mspdi(tmp_path, task(1, "Design") + task(2, "Build", 1))
    plan = plan_plan_file(store, read_plan_file(path), path)
    plan.tasks[1].values["percent_complete"] = 150  # as if the file had slipped past planning
    with pytest.raises(ExchangeError, match="Task 'Build': % complete must be between"):
        apply_plan_file(store, plan)
    assert _counts(store) == dict.fromkeys(COUNTED, 0)


def test_dates_durations_and_lags_are_made_whole(store: Store, tmp_path: Path) -> None:
    lagged = (
        "<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>3</Type>"
        "<LinkLag>7200</LinkLag><LagFormat>7</LagFormat></PredecessorLink>"  # 1.5 days
    )
    body = (
        task(1, "Kick-off", extra="<Milestone>1</Milestone>")
        + "<Task><UID>2</UID><Name>Undated</Name><OutlineLevel>1</OutlineLevel></Task>"
        + "<Task><UID>3</UID><Name>Backwards</Name><Start>2026-03-10T08:00:00</Start>"
        + f"<Finish>2026-03-05T17:00:00</Finish><Duration>PT4H0M0S</Duration>{lagged}</Task>"
    )
    path = mspdi(tmp_path, body)
    plan = plan_plan_file(store, read_plan_file(path), path, project="PLAN-7")
    assert "1 task(s) had no dates" in plan.summary() and "are rounded" in plan.summary()
    apply_plan_file(store, plan)
    (project,) = _rows(store, "projects")
    assert project["code"] == "PLAN-7"
    got = {t["name"]: t for t in _rows(store, "tasks")}
    kick, undated, backwards = got["Kick-off"], got["Undated"], got["Backwards"]
    assert kick["is_milestone"] and kick["duration_days"] == 0
    assert (undated["start_date"], undated["duration_days"]) == (date(2026, 3, 2), 1)
    assert backwards["finish_date"] == backwards["start_date"] == date(2026, 3, 10)
    assert backwards["duration_days"] == 1  # half a day is still a day's task
    (link,) = _rows(store, "dependencies")
    assert (link["type"].value, link["lag_days"]) == ("SS", 2)
    assert check(store) == []


def test_existing_project_code(store: Store, tmp_path: Path) -> None:
    run(store, CreateRow("project", {"name": "Empty shell", "code": "PRJ-050"}))
    path = mspdi(tmp_path, task(1, "Design"))
    _import(store, path, project="PRJ-050")
    (project,) = _rows(store, "projects")
    assert project["name"] == "Empty shell" and len(_rows(store, "tasks")) == 1
    with pytest.raises(ExchangeError, match=r"PRJ-050 .* already has tasks"):
        _import(store, path, project="PRJ-050")
    assert len(_rows(store, "tasks")) == 1


def test_cli_dry_run_apply_and_refusals(
    store: Store, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "workbench.sqlite")
    sample = str(corpus / "mspdi" / "mpxj_legacy_sample.xml")
    assert run_cli("import-plan", "--db", db, "--dry-run", sample) == 0
    out = capsys.readouterr().out
    assert "19 task(s) (3 summary, 1 milestone), 6 dependency(ies)" in out
    assert "First Task" in out and "Dry run: nothing was changed." in out
    assert _counts(store)["tasks"] == 0
    assert run_cli("import-plan", "--db", db, "--project", "PRJ-777", sample) == 0
    assert "Added project PRJ-777: 19 task(s), 6 dependency(ies)" in capsys.readouterr().out
    bad = tmp_path / "broken.xml"
    bad.write_text("<Project><Tasks>", encoding="utf-8")
    assert run_cli("import-plan", "--db", db, str(bad)) == 1
    assert capsys.readouterr().err.startswith("broken.xml: broken.xml is not a readable XML")
    assert run_cli("import-plan", "--db", db, "--project", "PRJ-777", sample) == 1
    assert "already has tasks" in capsys.readouterr().err
    assert _counts(store) == {"projects": 1, "tasks": 19, "dependencies": 6, "people": 1}


def test_a_repeated_uid_is_left_out_with_its_tasks_and_said(store: Store, tmp_path: Path) -> None:
    """Links and parents name tasks by UID: a second task with the same UID (and what sits
    under it) would take the first one's links, so it stays out, with a note."""
    child = task(3, "Child of the repeat", 1).replace(
        "<OutlineLevel>1</OutlineLevel>", "<OutlineLevel>2</OutlineLevel>"
    )
    path = mspdi(
        tmp_path, task(1, "Design") + task(1, "Design again") + child + task(2, "Build", 1)
    )
    read = read_plan_file(path)
    assert [t.name for t in read.tasks] == ["Design", "Build"]
    assert any("repeats UID 1" in w for w in read.warnings)
    _import(store, path)
    names = {t["id"]: t["name"] for t in _rows(store, "tasks")}
    (link,) = _rows(store, "dependencies")
    assert (names[link["predecessor_id"]], names[link["successor_id"]]) == ("Design", "Build")


def test_a_milestone_without_a_finish_ends_on_its_start(store: Store, tmp_path: Path) -> None:
    """Even on a Saturday: a zero-day task never spans the weekend."""
    saturday = (
        "<Task><UID>1</UID><Name>Sign-off</Name><OutlineLevel>1</OutlineLevel>"
        "<Start>2026-03-07T08:00:00</Start><Duration>PT0H0M0S</Duration>"
        "<Milestone>1</Milestone></Task>"
    )
    _import(store, mspdi(tmp_path, saturday))
    (row,) = _rows(store, "tasks")
    assert row["is_milestone"] and row["start_date"] == row["finish_date"] == date(2026, 3, 7)
