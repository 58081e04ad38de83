"""Plan edits on a real store: working-day moves, dependents, exact undo, cycles, baselines."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sdm_workbench.domain import DomainError
from sdm_workbench.operations import CreateRow, UpdateRow, run, undo
from sdm_workbench.operations.plan import (
    ClearBaseline,
    LinkTasks,
    MoveTask,
    PredecessorRef,
    ResizeTask,
    SetBaseline,
    SetPredecessors,
    SetProgress,
    format_predecessor,
    load_plan,
    parse_predecessors,
)
from sdm_workbench.store import Store
from sdm_workbench.store import repository as repo

from .sample import table_contents

D = date.fromisoformat


def _create(store: Store, kind: str, **values: Any) -> int:
    op = run(store, CreateRow(kind, values))
    assert op.row_id is not None
    return op.row_id


@pytest.fixture
def plan(store: Store) -> dict[str, int]:
    """Mon-Fri calendar closed on Tue 10 Mar 2026.

    Phase (summary) holds A (5 d from Mon 2 Mar), B (3 d, FS after A) and milestone M (FS
    after B). E (2 d) follows A with a gap; C (3 d) stands alone.
    """
    cal = _create(store, "calendar", name="Office")
    _create(store, "closed_day", calendar_id=cal, day=D("2026-03-10"), name="Shutdown")
    prj = _create(
        store,
        "project",
        name="Move",
        calendar_id=cal,
        start_date=D("2026-03-02"),
        finish_date=D("2026-03-17"),
    )
    ids = {"cal": cal, "prj": prj}

    def task(name: str, start: str, finish: str, days: int, **more: Any) -> None:
        ids[name] = _create(
            store,
            "task",
            project_id=prj,
            name=name,
            start_date=D(start),
            finish_date=D(finish),
            duration_days=days,
            sort_order=len(ids),
            **more,
        )

    task("Phase", "2026-03-02", "2026-03-12", 8)
    task("A", "2026-03-02", "2026-03-06", 5, parent_id=ids["Phase"])
    task("B", "2026-03-09", "2026-03-12", 3, parent_id=ids["Phase"])
    task("M", "2026-03-12", "2026-03-12", 0, parent_id=ids["Phase"], is_milestone=True)
    task("E", "2026-03-16", "2026-03-17", 2)
    task("C", "2026-03-02", "2026-03-04", 3)
    for pred, succ in (("A", "B"), ("B", "M"), ("A", "E")):
        _create(store, "dependency", predecessor_id=ids[pred], successor_id=ids[succ])
    return ids


def dates(store: Store, ids: dict[str, int], *names: str) -> dict[str, tuple[str, str, int]]:
    with store.session() as session:
        found = {}
        for name in names:
            row = repo.get(session, "task", ids[name])
            assert row is not None
            found[name] = (
                row["start_date"].isoformat(),
                row["finish_date"].isoformat(),
                row["duration_days"],
            )
        return found


def project_dates(store: Store, project_id: int) -> tuple[date, date]:
    with store.session() as session:
        row = repo.get(session, "project", project_id)
        assert row is not None
        return row["start_date"], row["finish_date"]


def test_move_keeps_working_days_and_dependents_follow(store: Store, plan: dict[str, int]) -> None:
    before = table_contents(store)
    op = run(store, MoveTask(plan["A"], D("2026-03-04")))
    got = dates(store, plan, "A", "B", "M", "E", "C", "Phase")
    assert got["A"] == ("2026-03-04", "2026-03-11", 5)  # skips the weekend and the closed Tue
    assert got["B"] == ("2026-03-12", "2026-03-16", 3)  # hugged A: follows it
    assert got["M"] == ("2026-03-16", "2026-03-16", 0)
    assert got["E"] == ("2026-03-16", "2026-03-17", 2)  # had a gap that still suffices
    assert got["C"] == ("2026-03-02", "2026-03-04", 3)  # not a dependent: untouched
    assert got["Phase"] == ("2026-03-04", "2026-03-16", 8)  # the summary rolls up
    changed = {s.row_id for s in op.steps}
    assert changed == {plan["A"], plan["B"], plan["M"], plan["Phase"]}  # only what moved
    assert op.label == "Move 'A'"

    undo(store, op)
    assert table_contents(store) == before  # every date back exactly
    run(store, op)  # redo replays the same change
    assert dates(store, plan, "B")["B"] == ("2026-03-12", "2026-03-16", 3)


def test_move_by_one_working_day_across_a_closed_day(store: Store, plan: dict[str, int]) -> None:
    run(store, MoveTask(plan["A"], D("2026-03-03")))
    got = dates(store, plan, "A", "B")
    assert got["A"] == ("2026-03-03", "2026-03-09", 5)
    assert got["B"] == ("2026-03-11", "2026-03-13", 3)  # one working day later (10th closed)


def test_move_to_a_weekend_starts_on_the_next_working_day(
    store: Store, plan: dict[str, int]
) -> None:
    run(store, MoveTask(plan["C"], D("2026-03-07")))  # Saturday
    assert dates(store, plan, "C")["C"] == ("2026-03-09", "2026-03-12", 3)


def test_a_far_move_pushes_the_task_with_a_gap(store: Store, plan: dict[str, int]) -> None:
    run(store, MoveTask(plan["A"], D("2026-03-16")))
    got = dates(store, plan, "A", "B", "E")
    assert got["A"] == ("2026-03-16", "2026-03-20", 5)
    assert got["B"] == ("2026-03-23", "2026-03-25", 3)
    assert got["E"] == ("2026-03-23", "2026-03-24", 2)  # pushed: its gap was used up
    assert project_dates(store, plan["prj"]) == (D("2026-03-02"), D("2026-03-25"))


def test_moving_earlier_pulls_hugging_dependents_only(store: Store, plan: dict[str, int]) -> None:
    run(store, MoveTask(plan["A"], D("2026-02-26")))
    got = dates(store, plan, "A", "B", "M", "E")
    assert got["A"] == ("2026-02-26", "2026-03-04", 5)
    assert got["B"] == ("2026-03-05", "2026-03-09", 3)
    assert got["M"] == ("2026-03-09", "2026-03-09", 0)
    assert got["E"] == ("2026-03-16", "2026-03-17", 2)  # a deliberate gap is kept
    assert project_dates(store, plan["prj"])[0] == D("2026-02-26")


def test_moving_a_summary_moves_its_tasks(store: Store, plan: dict[str, int]) -> None:
    before = table_contents(store)
    op = run(store, MoveTask(plan["Phase"], D("2026-03-03")))
    got = dates(store, plan, "Phase", "A", "B", "M")
    assert got["A"] == ("2026-03-03", "2026-03-09", 5)
    assert got["B"] == ("2026-03-11", "2026-03-13", 3)
    assert got["Phase"][0] == "2026-03-03"
    undo(store, op)
    assert table_contents(store) == before


def test_resize_changes_duration_and_dependents_follow(store: Store, plan: dict[str, int]) -> None:
    before = table_contents(store)
    op = run(store, ResizeTask(plan["A"], D("2026-03-09")))
    got = dates(store, plan, "A", "B", "M")
    assert got["A"] == ("2026-03-02", "2026-03-09", 6)
    assert got["B"] == ("2026-03-11", "2026-03-13", 3)
    assert got["M"] == ("2026-03-13", "2026-03-13", 0)
    undo(store, op)
    assert table_contents(store) == before


def test_resize_refuses_a_finish_before_the_start(store: Store, plan: dict[str, int]) -> None:
    with pytest.raises(DomainError, match=r"Finish \(27 Feb 2026\) is before start \(2 Mar 2026\)"):
        run(store, ResizeTask(plan["A"], D("2026-02-27")))
    with pytest.raises(DomainError, match="milestone"):
        run(store, ResizeTask(plan["M"], D("2026-03-20")))


def test_link_pushes_the_successor_and_undo_removes_the_link(
    store: Store, plan: dict[str, int]
) -> None:
    before = table_contents(store)
    op = run(store, LinkTasks(plan["C"], plan["B"], "FS", 5))
    got = dates(store, plan, "B", "M")
    # C ends Wed 4th; five working days wait (5, 6, 9, 11, 12: the 10th is closed).
    assert got["B"] == ("2026-03-13", "2026-03-17", 3)
    assert got["M"] == ("2026-03-17", "2026-03-17", 0)
    assert op.dependency_id is not None
    undo(store, op)
    assert table_contents(store) == before
    run(store, op)  # redo brings back the very same dependency
    with store.session() as session:
        assert repo.get(session, "dependency", op.dependency_id) is not None


def test_a_link_that_does_not_bind_moves_nothing(store: Store, plan: dict[str, int]) -> None:
    op = run(store, LinkTasks(plan["C"], plan["E"], "SS", 2))
    assert [type(s).__name__ for s in op.steps] == ["CreateRow"]


def test_a_cycle_is_refused_with_the_domain_message(store: Store, plan: dict[str, int]) -> None:
    before = table_contents(store, with_version=True)
    with pytest.raises(DomainError, match="cycle") as refused:
        run(store, LinkTasks(plan["M"], plan["A"], "FS", 0))
    assert "'A' cannot depend on 'M'" in str(refused.value)
    assert table_contents(store, with_version=True) == before
    with pytest.raises(DomainError, match="not a dependency type"):
        run(store, LinkTasks(plan["C"], plan["A"], "XX", 0))


def test_redirecting_a_link_leaves_its_own_old_path_out(store: Store, plan: dict[str, int]) -> None:
    """A link's own edge does not count against its new ends (A→B may become B→A when
    nothing else joins them), but a redirect that closes a loop is refused, naming it."""
    with store.session() as session:
        links = {(d["predecessor_id"], d["successor_id"]): d.id
                 for d in repo.list_rows(session, "dependency")}  # fmt: skip
    a_to_e = links[(plan["A"], plan["E"])]
    run(store, UpdateRow("dependency", a_to_e, {"predecessor_id": plan["E"],
                                                "successor_id": plan["A"]}))  # fmt: skip
    with pytest.raises(DomainError, match="cycle") as refused:  # B → A while A → B
        run(store, UpdateRow("dependency", a_to_e, {"predecessor_id": plan["B"],
                                                    "successor_id": plan["A"]}))  # fmt: skip
    assert "because A → B already leads back" in str(refused.value)


def test_set_and_clear_baseline_are_one_step_each(store: Store, plan: dict[str, int]) -> None:
    def tasks() -> list[Any]:
        with store.session() as session:
            return repo.list_rows(session, "task", where={"project_id": plan["prj"]})

    before = table_contents(store)
    setting = run(store, SetBaseline(plan["prj"]))
    assert all(t["baseline_start"] == t["start_date"] for t in tasks())
    assert all(t["baseline_finish"] == t["finish_date"] for t in tasks())
    assert len(setting.steps) == len(tasks())
    baselined = table_contents(store)

    moving = run(store, MoveTask(plan["A"], D("2026-03-04")))  # the baseline stays put
    a = next(t for t in tasks() if t.id == plan["A"])
    assert (a["start_date"], a["baseline_start"]) == (D("2026-03-04"), D("2026-03-02"))

    clearing = run(store, ClearBaseline(plan["prj"]))
    assert clearing.label == "Clear the baseline of 'Move'"
    assert all(t["baseline_start"] is None and t["baseline_finish"] is None for t in tasks())

    undo(store, clearing)  # one step brings the whole baseline back
    a = next(t for t in tasks() if t.id == plan["A"])
    assert (a["baseline_start"], a["baseline_finish"]) == (D("2026-03-02"), D("2026-03-06"))
    undo(store, moving)
    assert table_contents(store) == baselined
    undo(store, setting)  # and one step takes it away again
    assert table_contents(store) == before


def test_set_progress_rolls_up_into_the_summary(store: Store, plan: dict[str, int]) -> None:
    op = run(store, SetProgress(plan["A"], 60))
    with store.session() as session:
        a = repo.get(session, "task", plan["A"])
        phase = repo.get(session, "task", plan["Phase"])
    assert a is not None and phase is not None
    assert a["percent_complete"] == 60
    assert phase["percent_complete"] == pytest.approx(37.5)  # 5 d at 60 %, 3 d at 0 %
    undo(store, op)
    with store.session() as session:
        phase = repo.get(session, "task", plan["Phase"])
    assert phase is not None and phase["percent_complete"] == 0
    with pytest.raises(DomainError, match="between 0 and 100"):
        run(store, SetProgress(plan["A"], 120))


def test_load_plan_reads_wbs_order_and_calendar(store: Store, plan: dict[str, int]) -> None:
    with store.session() as session:
        data = load_plan(session, plan["prj"])
    assert [t["name"] for t in data.tasks] == ["Phase", "A", "B", "M", "E", "C"]
    assert len(data.links) == 3
    assert not data.calendar.is_working(D("2026-03-10"))


# --- the predecessor syntax ------------------------------------------------------------------
def test_parse_predecessors() -> None:
    assert parse_predecessors("12FS+2d, 7SS-1d, 3FF") == [
        (12, "FS", 2),
        (7, "SS", -1),
        (3, "FF", 0),
    ]
    assert parse_predecessors("4; 5sf + 3 days ;6ff-2") == [
        (4, "FS", 0),
        (5, "SF", 3),
        (6, "FF", -2),
    ]
    assert parse_predecessors("") == []
    assert parse_predecessors(" , ") == []
    assert parse_predecessors("9+1d") == [PredecessorRef(9, "FS", 1)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12XX", "'12XX' is not a dependency like 12FS+2d"),
        ("3FF, FS", "'FS' is not a dependency like 12FS+2d"),
        ("7SS-1w", "'7SS-1w' is not a dependency like 12FS+2d"),
        ("1.5", "'1.5' is not a dependency like 12FS+2d"),
        ("0SS", "'0SS': task numbers start at 1"),
        ("4, 4SS", "Task 4 is listed twice in '4, 4SS'"),
    ],
)
def test_parse_predecessors_errors(text: str, message: str) -> None:
    with pytest.raises(DomainError) as refused:
        parse_predecessors(text)
    assert str(refused.value) == message


def test_format_predecessor_round_trips() -> None:
    for text in ("12", "7SS-1d", "3FF", "4SF+2d", "9FS+1d"):
        (ref,) = parse_predecessors(text)
        assert format_predecessor(ref) == text


def test_two_moves_of_one_task_undo_in_order(store: Store, plan: dict[str, int]) -> None:
    before = table_contents(store)
    first = run(store, MoveTask(plan["A"], D("2026-03-03")))
    middle = table_contents(store)
    second = run(store, MoveTask(plan["A"], D("2026-03-05")))
    undo(store, second)
    assert table_contents(store) == middle
    undo(store, first)
    assert table_contents(store) == before


# --- typed predecessors: the whole set replaced in one step ----------------------------------
def links_into(store: Store, task_id: int) -> set[tuple[int, str, int]]:
    with store.session() as session:
        found = repo.list_rows(session, "dependency", where={"successor_id": task_id})
    return {(x["predecessor_id"], str(x["type"]), x["lag_days"]) for x in found}


def test_set_predecessors_replaces_the_set_in_one_step(store: Store, plan: dict[str, int]) -> None:
    # ID column: Phase 1, A 2, B 3, M 4, E 5, C 6
    before = table_contents(store)
    op = run(store, SetPredecessors(plan["B"], "2FS+2d, 6SS"))
    assert links_into(store, plan["B"]) == {(plan["A"], "FS", 2), (plan["C"], "SS", 0)}
    got = dates(store, plan, "B", "M")
    # A ends Fri 6; two working days wait (9, 11: the 10th is closed), so B starts Thu 12.
    assert got["B"] == ("2026-03-12", "2026-03-16", 3)
    assert got["M"] == ("2026-03-16", "2026-03-16", 0)
    assert op.label == "Set the predecessors of 'B'"
    undo(store, op)
    assert table_contents(store) == before
    run(store, op)  # redo
    assert links_into(store, plan["B"]) == {(plan["A"], "FS", 2), (plan["C"], "SS", 0)}


def test_a_shorter_lag_pulls_a_hugging_task_back(store: Store, plan: dict[str, int]) -> None:
    run(store, SetPredecessors(plan["B"], "2FS+2d"))
    run(store, SetPredecessors(plan["B"], "2FS+1d"))
    assert dates(store, plan, "B")["B"] == ("2026-03-11", "2026-03-13", 3)


def test_removing_predecessors_never_pulls_a_task_earlier(
    store: Store, plan: dict[str, int]
) -> None:
    op = run(store, SetPredecessors(plan["B"], " "))
    assert links_into(store, plan["B"]) == set()
    assert [type(s).__name__ for s in op.steps] == ["DeleteRows"]
    assert dates(store, plan, "B")["B"] == ("2026-03-09", "2026-03-12", 3)
    unchanged = run(store, SetPredecessors(plan["A"], ""))
    assert unchanged.steps == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9", "There is no task 9 in 'Move' (it has 6 tasks)."),
        ("2XX", "'2XX' is not a dependency like 12FS+2d"),
        ("6, 4", "'A' cannot depend on 'M': that would make a cycle"),
        ("2", "'A' cannot depend on itself."),
    ],
)
def test_set_predecessors_refuses_without_changing_anything(
    store: Store, plan: dict[str, int], text: str, message: str
) -> None:
    before = table_contents(store, with_version=True)
    with pytest.raises(DomainError) as refused:
        run(store, SetPredecessors(plan["A"], text))
    assert message in str(refused.value)
    assert table_contents(store, with_version=True) == before
