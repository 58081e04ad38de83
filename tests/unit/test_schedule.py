"""CPM and working-day arithmetic against dates worked out by hand.

Calendar for the hand-computed cases: Monday to Friday, March 2024. Working days are
numbered from the project start, Monday 4 March = day 0:

    day   0  1  2  3  4 | 5  6  7  8  9 | 10
    date  4  5  6  7  8 | 11 12 13 14 15 | 18     (Mon..Fri, Mon..Fri, Mon)

A task of d days starting on day s occupies the instants [s, s + d) and is shown from day s
to day s + d - 1; a milestone at instant p is shown on day p - 1 (the day it closes).
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdm_workbench.analytics.schedule import (
    PlanLink,
    PlanTask,
    ScheduleCycleError,
    ScheduleError,
    compute_schedule,
    weighted_percent_complete,
)
from sdm_workbench.analytics.workdays import WorkingDays, weekmask_from_hours
from sdm_workbench.domain.enums import DependencyType

MON = date(2024, 3, 4)


def d(day: int) -> date:
    """The date of March 2024 (keeps the expected values readable)."""
    return date(2024, 3, day)


# -- the six-task network -----------------------------------------------------------------

SIX_TASKS = [
    PlanTask(1, 3, name="A"),
    PlanTask(2, 4, name="B"),
    PlanTask(3, 2, name="C"),
    PlanTask(4, 5, name="D"),
    PlanTask(5, 2, name="E"),
    PlanTask(6, 0, is_milestone=True, name="F"),
]
SIX_LINKS = [
    PlanLink(1, 2, "FS", -1),  # A -> B finish-to-start with a one-day lead
    PlanLink(1, 3, "SS", 1),  # A -> C start-to-start, lag 1
    PlanLink(3, 4, "FF", 2),  # C -> D finish-to-finish, lag 2
    PlanLink(2, 4, "SS", 1),  # B -> D start-to-start, lag 1
    PlanLink(4, 5, "SF", 3),  # D -> E start-to-finish, lag 3
    PlanLink(2, 5, DependencyType.FS, 0),  # B -> E
    PlanLink(4, 6, "FS", 0),  # D -> F
    PlanLink(5, 6, "FS", 1),  # E -> F, lag 1
]


def test_six_task_network_early_and_late_dates_and_floats() -> None:
    # Forward pass (instants; ES = early start, EF = ES + duration):
    #   A: no predecessor            ES 0, EF 3   -> Mon 4 .. Wed 6
    #   B: FS from A, lead 1: 3 - 1  ES 2, EF 6   -> Wed 6 .. Mon 11
    #   C: SS from A, lag 1: 0 + 1   ES 1, EF 3   -> Tue 5 .. Wed 6
    #   D: FF from C lag 2: EF >= 3 + 2 = 5 -> ES >= 0; SS from B lag 1: ES >= 2 + 1 = 3
    #                                ES 3, EF 8   -> Thu 7 .. Wed 13
    #   E: SF from D lag 3: EF >= 3 + 3 = 6 -> ES >= 4; FS from B: ES >= 6
    #                                ES 6, EF 8   -> Tue 12 .. Wed 13
    #   F: FS from D: >= 8; FS from E lag 1: >= 8 + 1 = 9
    #                                instant 9    -> shown on day 8, Thu 14
    # Project finish instant = 9 (Thu 14). Backward pass (LF = late finish, LS = LF - d):
    #   F: LF 9, LS 9                                     TF 0
    #   E: FS to F lag 1: LF <= 9 - 1 = 8                 LS 6, TF 0
    #   D: FS to F: LF <= 9; SF to E lag 3: LS <= LF(E) - 3 = 5 -> LF <= 10; cap 9
    #                                         LF 9, LS 4, TF 1
    #   C: FF to D lag 2: LF <= 9 - 2 = 7     LF 7, LS 5, TF 4
    #   B: SS to D lag 1: LS <= 4 - 1 = 3; FS to E: LF <= LS(E) = 6
    #                                         LF 6, LS 2, TF 0
    #   A: FS to B lead 1: LF <= 2 + 1 = 3; SS to C lag 1: LS <= 5 - 1 = 4
    #                                         LF 3, LS 0, TF 0
    # Free float (slip without moving any successor's early dates or the finish):
    #   A: B starts exactly at 3 - 1, C exactly at 0 + 1 -> 0
    #   B: D starts at 2 + 1, E starts at 6 -> 0
    #   C: D must finish >= 3 + 2 = 5, finishes at 8 -> 3
    #   D: F waits for E (9), D's link allows 8 -> 1; E needs EF >= 3 + 3, has 8 -> 2; min 1
    #   E: F at 8 + 1 exactly -> 0;   F: ends the project -> 0
    plan = compute_schedule(SIX_TASKS, SIX_LINKS, MON)
    expected = {
        # id: (early start, early finish, late start, late finish, total float, free float)
        1: (d(4), d(6), d(4), d(6), 0, 0),
        2: (d(6), d(11), d(6), d(11), 0, 0),
        3: (d(5), d(6), d(11), d(12), 4, 3),
        4: (d(7), d(13), d(8), d(14), 1, 1),
        5: (d(12), d(13), d(12), d(13), 0, 0),
        6: (d(14), d(14), d(14), d(14), 0, 0),
    }
    for task_id, values in expected.items():
        t = plan.tasks[task_id]
        got = (t.early_start, t.early_finish, t.late_start, t.late_finish)
        assert (*got, t.total_float, t.free_float) == values, task_id
    assert plan.critical_path == (1, 2, 5, 6)  # A -> B -> E -> F
    assert [plan.tasks[i].critical for i in range(1, 7)] == [True, True, False, False, True, True]
    assert (plan.project_start, plan.project_finish, plan.duration_days) == (MON, d(14), 9)


def test_a_cycle_is_refused_naming_its_tasks() -> None:
    with pytest.raises(ScheduleCycleError) as caught:
        compute_schedule(SIX_TASKS, [*SIX_LINKS, PlanLink(6, 2, "SS", 0)], MON)
    assert {2, 6} <= set(caught.value.task_ids) <= {2, 4, 5, 6}  # one loop through B and F
    message = str(caught.value)
    assert message.startswith("Tasks ") and message.endswith(" form a cycle")
    names = message.removeprefix("Tasks ").removesuffix(" form a cycle").split(" → ")
    assert names[0] == names[-1] and {"B", "E", "F"} <= set(names)


def test_a_two_task_loop_and_a_self_link_are_cycles() -> None:
    tasks = [PlanTask(1, 1, name="Design"), PlanTask(2, 1, name="Build")]
    with pytest.raises(ScheduleCycleError) as caught:
        compute_schedule(tasks, [PlanLink(1, 2), PlanLink(2, 1, "FF")], MON)
    assert str(caught.value) in (
        "Tasks Design → Build → Design form a cycle",
        "Tasks Build → Design → Build form a cycle",
    )
    with pytest.raises(ScheduleCycleError) as caught:
        compute_schedule(tasks, [PlanLink(1, 1)], MON)
    assert caught.value.task_ids == (1,)


def test_a_loop_of_parents_is_refused() -> None:
    tasks = [PlanTask(1, 1, parent_id=2, name="X"), PlanTask(2, 1, parent_id=1, name="Y")]
    with pytest.raises(ScheduleCycleError, match="form a cycle of parent tasks"):
        compute_schedule(tasks, [], MON)


def test_bad_input_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ScheduleError, match="unknown task 9"):
        compute_schedule([PlanTask(1, 1)], [PlanLink(1, 9)], MON)
    with pytest.raises(ScheduleError, match="Unknown dependency type 'XX'"):
        compute_schedule([PlanTask(1, 1), PlanTask(2, 1)], [PlanLink(1, 2, "XX")], MON)
    with pytest.raises(ScheduleError, match="negative duration"):
        compute_schedule([PlanTask(1, -1)], [], MON)
    summary = [PlanTask(1, 0, name="Phase"), PlanTask(2, 1, parent_id=1), PlanTask(3, 1)]
    with pytest.raises(ScheduleError, match="FF link cannot end on summary task Phase"):
        compute_schedule(summary, [PlanLink(3, 1, "FF")], MON)


def test_lower_case_link_types_are_accepted() -> None:
    plan = compute_schedule([PlanTask(1, 2), PlanTask(2, 1)], [PlanLink(1, 2, "ss", 1)], MON)
    assert plan.tasks[2].early_start == d(5)


# -- milestones ----------------------------------------------------------------------------


def test_milestones_sit_on_the_day_they_close() -> None:
    tasks = [
        PlanTask(1, 0, is_milestone=True, name="Kick-off"),  # no predecessor: project start
        PlanTask(2, 5, name="Build"),  # Mon 4 .. Fri 8
        PlanTask(3, 0, is_milestone=True, name="Built"),  # FS after Build: Fri 8, not Mon 11
        PlanTask(4, 2, name="Test"),  # FS after the milestone: Mon 11 .. Tue 12
        PlanTask(5, 0, is_milestone=True, fixed_start=d(13), name="Gate"),  # pinned on Wed 13
        PlanTask(6, 1, name="Go live"),  # FS after Gate: Thu 14
    ]
    links = [
        PlanLink(1, 2),
        PlanLink(2, 3),
        PlanLink(3, 4),
        PlanLink(5, 6),
    ]
    plan = compute_schedule(tasks, links, MON)
    kick, built, test, gate, live = (plan.tasks[i] for i in (1, 3, 4, 5, 6))
    assert kick.early_start == kick.early_finish == d(4) and kick.is_milestone
    assert kick.duration_days == 0
    assert built.early_start == built.early_finish == d(8)
    assert (test.early_start, test.early_finish) == (d(11), d(12))
    assert gate.early_start == gate.early_finish == d(13)
    assert live.early_start == live.early_finish == d(14)
    # Project finish is Thu 14 (instant 9). Test finishes at instant 7 -> 2 days of float,
    # which is also the float of the chain before it (Kick-off, Build, Built).
    assert [plan.tasks[i].total_float for i in (1, 2, 3, 4)] == [2, 2, 2, 2]
    assert plan.critical_path == (5, 6)


def test_a_milestone_with_an_ss_link_and_a_lag() -> None:
    tasks = [PlanTask(1, 4, name="Build"), PlanTask(2, 0, is_milestone=True, name="Halfway")]
    plan = compute_schedule(tasks, [PlanLink(1, 2, "SS", 2)], MON)
    # Instant 0 + 2 = 2 is the end of day 1 (Tue 5): the milestone closes Tuesday.
    assert plan.tasks[2].early_start == d(5)
    assert plan.tasks[2].late_start == d(7)  # instant 4 = end of Build (Mon-Thu), Thu 7
    assert plan.tasks[2].total_float == 2


# -- fixed starts, baselines -------------------------------------------------------------


def test_a_fixed_start_holds_even_against_its_predecessor() -> None:
    tasks = [
        PlanTask(1, 3, name="Analyse"),  # instants 0..3, Mon 4 .. Wed 6
        PlanTask(2, 2, fixed_start=d(4), name="Build"),  # started Mon 4 regardless of Analyse
        PlanTask(3, 1, fixed_start=d(6), name="Demo"),  # must start Wed 6 (instant 2)
    ]
    plan = compute_schedule(tasks, [PlanLink(1, 2), PlanLink(2, 3)], MON)
    assert plan.tasks[2].early_start == d(4) and plan.tasks[3].early_start == d(6)
    # Project finish = instant 3. Demo: LS 3 - 1 = 2 = ES -> float 0. Build must finish by
    # Demo's start: LF 2, LS 0 -> float 0. Analyse must finish before Build starts: LF 0,
    # LS -3, ES 0 -> float -3: three days behind, which the pinned dates make visible.
    assert [plan.tasks[i].total_float for i in (1, 2, 3)] == [-3, 0, 0]
    assert plan.tasks[1].critical and plan.tasks[1].late_start == date(2024, 2, 28)
    later = compute_schedule([PlanTask(1, 1, fixed_start=d(13))], [], MON)
    assert later.tasks[1].early_start == d(13) and later.tasks[1].total_float == 0


def test_slippage_against_the_baseline_in_working_days() -> None:
    tasks = [
        PlanTask(1, 5, baseline_finish=d(6)),  # finishes Fri 8, baseline Wed 6: +2
        PlanTask(2, 2, baseline_finish=d(11)),  # finishes Tue 5, baseline Mon 11: -4
        PlanTask(3, 5, baseline_finish=d(9)),  # baseline on Saturday = Friday: 0
        PlanTask(4, 1),  # no baseline
    ]
    plan = compute_schedule(tasks, [], MON)
    assert [plan.tasks[i].slippage_days for i in (1, 2, 3, 4)] == [2, -4, 0, None]


def test_baseline_slip_across_a_weekend_counts_working_days() -> None:
    plan = compute_schedule([PlanTask(1, 6, baseline_finish=d(8))], [], MON)
    assert plan.tasks[1].early_finish == d(11)  # Monday
    assert plan.tasks[1].slippage_days == 1  # one working day late, not three calendar days


# -- summaries -----------------------------------------------------------------------------


def _phased_plan() -> list[PlanTask]:
    return [
        PlanTask(10, 0, name="Phase 1"),
        PlanTask(11, 3, parent_id=10, percent_complete=100),  # Mon 4 .. Wed 6
        PlanTask(12, 2, parent_id=10, percent_complete=50),  # Thu 7 .. Fri 8
        PlanTask(13, 0, is_milestone=True, parent_id=10, percent_complete=0),
        PlanTask(20, 0, name="Phase 2", baseline_finish=d(12)),
        PlanTask(21, 0, parent_id=20, name="Stream"),
        PlanTask(22, 2, parent_id=21),
        PlanTask(23, 1, parent_id=21),
        PlanTask(24, 4, parent_id=20),
    ]


def test_summaries_roll_up_dates_percent_and_floats() -> None:
    links = [PlanLink(11, 12), PlanLink(12, 13), PlanLink(10, 20)]  # Phase 1 FS -> Phase 2
    plan = compute_schedule(_phased_plan(), links, MON)
    one, two, stream = plan.tasks[10], plan.tasks[20], plan.tasks[21]
    assert one.is_summary and not one.is_milestone
    assert (one.early_start, one.early_finish, one.duration_days) == (d(4), d(8), 5)
    # Duration-weighted: (3 x 100 + 2 x 50 + 0 x 0) / (3 + 2 + 0) = 80
    assert one.percent_complete == pytest.approx(80.0)
    # Every task of phase 2, nested ones too, waits for phase 1 to finish (Fri 8).
    assert [plan.tasks[i].early_start for i in (22, 23, 24)] == [d(11)] * 3
    assert (two.early_start, two.early_finish, two.duration_days) == (d(11), d(14), 4)
    assert (stream.early_start, stream.early_finish) == (d(11), d(12))
    # The 1-day task can slip to the end of the project (Thu 14): 3 days of float.
    assert plan.tasks[23].total_float == 3 and stream.total_float == 2  # 22 ends Tue 12
    assert one.critical and two.critical and one.total_float == 0
    assert two.slippage_days == 2  # finishes Thu 14, baseline Tue 12
    assert plan.critical_path == (11, 12, 13, 24)


def test_a_link_from_a_task_into_a_summary_delays_all_its_children() -> None:
    tasks = [PlanTask(1, 2), *_phased_plan()[4:]]
    plan = compute_schedule(tasks, [PlanLink(1, 20, "FS", 1)], MON)
    # Task 1 ends at instant 2; lag 1 -> every child of phase 2 starts at day 3 (Thu 7).
    assert [plan.tasks[i].early_start for i in (22, 23, 24)] == [d(7)] * 3
    assert plan.tasks[1].total_float == 0 and plan.tasks[1].free_float == 0


def test_a_summary_of_milestones_only_uses_the_plain_mean() -> None:
    tasks = [
        PlanTask(1, 0, name="Gates"),
        PlanTask(2, 0, True, parent_id=1, percent_complete=100),
        PlanTask(3, 0, True, parent_id=1, percent_complete=0),
    ]
    plan = compute_schedule(tasks, [], MON)
    assert plan.tasks[1].percent_complete == 50.0 and plan.tasks[1].duration_days == 0


def test_weighted_percent_complete() -> None:
    assert weighted_percent_complete([10, 30], [100, 0]) == pytest.approx(25.0)
    assert weighted_percent_complete([], []) == 0.0
    assert weighted_percent_complete([0, 0], [40, 60]) == 50.0
    assert weighted_percent_complete([1], [140]) == 100.0  # clamped


def test_an_empty_plan() -> None:
    plan = compute_schedule([], [], date(2024, 3, 2))  # a Saturday
    assert plan.tasks == {} and plan.project_start == plan.project_finish == MON


# -- working days --------------------------------------------------------------------------


def test_working_day_arithmetic_across_a_holiday() -> None:
    easter = WorkingDays(holidays=[date(2024, 3, 29), date(2024, 4, 1)])  # Good Friday, Monday
    thu = date(2024, 3, 28)
    assert not easter.is_working(date(2024, 3, 29)) and easter.is_working(thu)
    assert easter.add(thu, 1) == date(2024, 4, 2)  # Fri, Sat, Sun, Mon all closed
    assert easter.add(date(2024, 4, 2), -1) == thu
    assert easter.add(date(2024, 3, 30), 0) == date(2024, 4, 2)  # rolled forward
    assert easter.add(date(2024, 3, 30), 1) == date(2024, 4, 2)  # first working day after Sat
    assert easter.add(date(2024, 3, 30), -1) == thu
    assert easter.count(d(25), date(2024, 4, 5)) == 7  # 25-28 Mar, 2-4 Apr
    assert easter.count(date(2024, 4, 5), d(25)) == -7
    assert easter.span(d(25), date(2024, 4, 5)) == 8
    assert easter.span(date(2024, 4, 5), d(25)) == 0
    # A five-day task starting Wednesday 27 March runs to Thursday 4 April.
    plan = compute_schedule([PlanTask(1, 5)], [], d(27), easter)
    assert (plan.tasks[1].early_start, plan.tasks[1].early_finish) == (d(27), date(2024, 4, 4))


def test_index_and_day_at_are_inverse() -> None:
    cal = WorkingDays()
    assert cal.index(d(11), MON) == 5
    assert cal.index(d(9), MON) == 5  # Saturday counts as the next working day
    assert cal.index(d(1), MON) == -1  # Friday before
    assert cal.day_at(-1, MON) == d(1)
    days = [d(4), d(8), d(11), d(29)]
    assert cal.days_at(cal.indices(days, MON), MON) == days


def test_calendar_from_hours_public_holidays_and_closed_days() -> None:
    hours = ["08:00-17:00"] * 4 + ["", "09:00-13:00", ""]  # Mon-Thu and Saturday
    assert weekmask_from_hours(hours) == "1111010"
    cal = WorkingDays.from_calendar(
        hours, holiday_country="DE", closed_days=[date(2024, 10, 7)], years=[2024]
    )
    assert not cal.is_working(date(2024, 10, 3))  # Tag der Deutschen Einheit (Thursday)
    assert not cal.is_working(date(2024, 10, 4))  # Friday: no hours
    assert cal.is_working(date(2024, 10, 5))  # Saturday morning
    assert not cal.is_working(date(2024, 10, 7))  # closed day
    assert cal.add(date(2024, 10, 2), 1) == date(2024, 10, 5)
    assert WorkingDays.from_calendar().weekmask == "1111100"
    with pytest.raises(ValueError, match="at least one working weekday"):
        WorkingDays("0000000")


# -- properties on random networks ---------------------------------------------------------


@st.composite
def networks(draw: st.DrawFn) -> tuple[list[PlanTask], list[PlanLink]]:
    """Random DAGs: links only go from a lower to a higher id, of every type and lag."""
    n = draw(st.integers(1, 12))
    durations = draw(st.lists(st.integers(0, 6), min_size=n, max_size=n))
    tasks = [PlanTask(i, dur, is_milestone=dur == 0) for i, dur in enumerate(durations)]
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] < p[1]),
            max_size=3 * n,
            unique=True,
        )
        if n > 1
        else st.just([])
    )
    links = [
        PlanLink(a, b, draw(st.sampled_from(["FS", "SS", "FF", "SF"])), draw(st.integers(-3, 3)))
        for a, b in pairs
    ]
    return tasks, links


def _reference(tasks: list[PlanTask], links: list[PlanLink]) -> tuple[list[int], list[int]]:
    """Early and late start instants by plain relaxation until nothing changes."""
    dur = [t.duration_days for t in tasks]
    es = [0] * len(tasks)

    def need(link: PlanLink, start: list[int]) -> int:
        a, b = link.predecessor_id, link.successor_id
        pred = start[a] + (dur[a] if link.type in ("FS", "FF") else 0)
        return pred + link.lag_days - (dur[b] if link.type in ("FF", "SF") else 0)

    changed = True
    while changed:
        changed = False
        for link in links:
            if need(link, es) > es[link.successor_id]:
                es[link.successor_id] = need(link, es)
                changed = True
    finish = max(s + x for s, x in zip(es, dur, strict=True))
    ls = [finish - x for x in dur]
    changed = True
    while changed:
        changed = False
        for link in links:
            a, b = link.predecessor_id, link.successor_id
            # Largest LS(a) keeping need(link) <= LS(b); need grows one for one with LS(a).
            allowed = ls[a] + ls[b] - need(link, ls)
            if allowed < ls[a]:
                ls[a] = allowed
                changed = True
    return es, ls


@settings(max_examples=300, deadline=None)
@given(networks())
def test_random_networks_match_a_plain_relaxation(
    net: tuple[list[PlanTask], list[PlanLink]],
) -> None:
    tasks, links = net
    plan = compute_schedule(tasks, links, MON)
    es, ls = _reference(tasks, links)
    cal = WorkingDays()
    for t in tasks:
        got = plan.tasks[t.id]
        assert got.total_float == ls[t.id] - es[t.id]
        if t.duration_days > 0:
            assert got.early_start == cal.day_at(es[t.id], MON)
            assert got.late_start == cal.day_at(ls[t.id], MON)


@settings(max_examples=300, deadline=None)
@given(networks())
def test_floats_are_never_negative_and_zero_on_the_critical_path(
    net: tuple[list[PlanTask], list[PlanLink]],
) -> None:
    tasks, links = net
    plan = compute_schedule(tasks, links, MON)
    for t in plan.tasks.values():
        assert t.total_float >= 0 and 0 <= t.free_float <= t.total_float
        assert t.early_start <= t.late_start and t.early_finish <= t.late_finish
        assert t.critical == (t.total_float == 0)
    assert plan.critical_path, "every plan has a critical path"
    for task_id in plan.critical_path:
        assert plan.tasks[task_id].total_float == 0 and plan.tasks[task_id].free_float == 0
    assert any(plan.tasks[i].late_finish == plan.project_finish for i in plan.critical_path)


@settings(max_examples=150, deadline=None)
@given(networks(), st.data())
def test_a_wbs_without_summary_links_changes_no_leaf_date(
    net: tuple[list[PlanTask], list[PlanLink]], data: st.DataObject
) -> None:
    tasks, links = net
    flat = compute_schedule(tasks, links, MON)
    # Put the tasks under up to three nested summaries (ids 100, 101, 102).
    k = data.draw(st.integers(1, 3))
    summaries = [
        PlanTask(100 + j, 0, parent_id=100 + data.draw(st.integers(0, j - 1)) if j else None)
        for j in range(k)
    ]
    nested = [
        PlanTask(t.id, t.duration_days, t.is_milestone, 100 + data.draw(st.integers(0, k - 1)))
        for t in tasks
    ]
    plan = compute_schedule([*summaries, *nested], links, MON)
    for t in tasks:
        assert plan.tasks[t.id] == flat.tasks[t.id]
    for s in summaries:
        below = [i for i in plan.tasks if i < 100 and _under(i, s.id, nested, summaries)]
        if below:
            assert plan.tasks[s.id].early_start == min(plan.tasks[i].early_start for i in below)
            assert plan.tasks[s.id].early_finish == max(plan.tasks[i].early_finish for i in below)
            assert plan.tasks[s.id].total_float == min(plan.tasks[i].total_float for i in below)


def _under(task_id: int, summary_id: int, *groups: list[PlanTask]) -> bool:
    parent = {t.id: t.parent_id for group in groups for t in group}
    at: int | None = task_id
    while at is not None:
        at = parent[at]
        if at == summary_id:
            return True
    return False
