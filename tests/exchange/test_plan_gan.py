"""GanttProject (.gan) files into a PlanFile: the shared corpus, its measured counts, calendars,
dates in old locales, and files that must be refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sdm_workbench.exchange.errors import ExchangeError
from sdm_workbench.exchange.plan_files.gan import read_gan
from sdm_workbench.exchange.plan_files.model import LINK_TYPES, PlanFile, PlanTask

# name: (tasks, tasks with subtasks, milestones, dependencies, resources), as measured in
# shared/corpus/SOURCES.md (section gan/).
COUNTS = {
    "GanttProject2xlsx_gantt_ko.gan": (27, 5, 6, 21, 3),
    "ares_461_prova.gan": (76, 8, 39, 64, 1),
    "ares_577_bug.gan": (2, 1, 0, 0, 0),
    "ares_607_HouseBuildingSample-buggy.gan": (19, 4, 3, 16, 7),
    "ares_708_Bug708.gan": (0, 0, 0, 0, 1),
    "ares_830_Bug830.gan": (87, 16, 5, 66, 5),
    "ganttproject-2.1.1_HouseBuildingSample.gan": (19, 4, 3, 16, 7),
    "ganttproject_HouseBuildingSample_v3.3.gan": (20, 4, 4, 17, 7),
    "tsparser_baseline-with-subtasks.gan": (2, 1, 0, 0, 0),
    "tsparser_basic-baseline.gan": (1, 0, 0, 0, 0),
    "tsparser_empty-project.gan": (0, 0, 0, 0, 0),
    "tsparser_milestone-task.gan": (1, 0, 1, 0, 0),
    "tsparser_resource-with-rate.gan": (0, 0, 0, 0, 1),
    "tsparser_resource-with-vacation.gan": (0, 0, 0, 0, 1),
    "tsparser_task-crossing-recurring-holiday.gan": (1, 0, 0, 0, 0),
    "tsparser_task-with-collapsed-subtasks.gan": (6, 3, 0, 0, 0),
    "tsparser_task-with-coordinator-assignee.gan": (1, 0, 0, 0, 2),
    "tsparser_task-with-custom-properties.gan": (1, 0, 0, 0, 0),
    "tsparser_task-with-dependencies.gan": (5, 0, 0, 4, 0),
    "tsparser_task-with-manual-cost.gan": (1, 0, 0, 0, 0),
    "tsparser_task-with-notes.gan": (1, 0, 0, 0, 0),
    "tsparser_task-with-priority.gan": (5, 0, 0, 0, 0),
}
NAMELESS = {"tsparser_resource-with-rate.gan": 1}  # resources that cannot become people


@pytest.fixture
def gan(corpus: Path) -> Path:
    return corpus / "gan"


def _tasks(plan: PlanFile) -> dict[str, PlanTask]:
    return {t.key: t for t in plan.tasks}


def _by_name(plan: PlanFile) -> dict[str, PlanTask]:
    return {t.name: t for t in plan.tasks}


def _write(tmp_path: Path, tasks: str, calendars: str = "", extra: str = "", **attrs: str) -> Path:
    """A small .gan file in the 3.x layout, with the given pieces."""
    head = " ".join(f'{k}="{v}"' for k, v in {"name": "Mini", "version": "3.3", **attrs}.items())
    path = tmp_path / "mini.gan"
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><project {head}>'
        f"<calendars>{calendars}</calendars><tasks>{tasks}</tasks>{extra}</project>",
        encoding="utf-8",
    )
    return path


def _task(key: str, start: str, duration: int = 1, inner: str = "", **attrs: str) -> str:
    more = " ".join(f'{k}="{v}"' for k, v in attrs.items())
    return (
        f'<task id="{key}" name="T{key}" meeting="false" start="{start}" '
        f'duration="{duration}" complete="0" {more}>{inner}</task>'
    )


# -- the corpus ------------------------------------------------------------------------------


def test_every_corpus_file_is_counted(gan: Path) -> None:
    assert {p.name for p in gan.glob("*.gan")} == set(COUNTS)


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_corpus_file_reads_with_measured_counts(gan: Path, name: str) -> None:
    plan = read_gan(gan / name)
    tasks, summaries, milestones, links, people = COUNTS[name]
    parents = {t.parent for t in plan.tasks if t.parent is not None}
    assert len(plan.tasks) == tasks
    assert len(parents) == summaries
    assert sum(t.milestone for t in plan.tasks) == milestones
    assert len(plan.links) == links
    assert len(plan.people) == people - NAMELESS.get(name, 0)
    # What every importer relies on: unique keys, parents before children, links between
    # known tasks, and finishes on or after starts.
    seen: set[str] = set()
    for task in plan.tasks:
        assert task.key not in seen
        assert task.parent is None or task.parent in seen
        seen.add(task.key)
        assert task.start is not None and task.finish is not None
        assert task.finish >= task.start
        assert 0 <= task.percent_complete <= 100
    assert all(link.predecessor in seen and link.successor in seen for link in plan.links)
    assert all(link.type in LINK_TYPES for link in plan.links)
    assert plan.start == min((t.start for t in plan.tasks if t.start), default=None)
    if plan.tasks:
        assert any("working days" in w for w in plan.warnings)


def test_house_building_sample_v3(gan: Path) -> None:
    plan = read_gan(gan / "ganttproject_HouseBuildingSample_v3.3.gan")
    tasks = _tasks(plan)
    assert plan.name == "ganttproject_HouseBuildingSample_v3.3"  # the file names no project
    assert plan.start == date(2024, 5, 27)
    assert [t.name for t in plan.tasks[:4]] == [
        "Architectural design",
        "Create draft of architecture",
        "Prepare construction documents",
        "Agreement on architectural plan",
    ]
    assert tasks["0"].parent is None
    assert tasks["9"].parent == "0" and tasks["17"].parent == "0"
    assert tasks["1"].parent == "7" and tasks["20"].parent == "8"
    draft = tasks["9"]  # Monday plus 10 working days: the Friday of the next week
    assert (draft.start, draft.finish, draft.duration_days) == (
        date(2024, 5, 27),
        date(2024, 6, 7),
        10.0,
    )
    assert draft.percent_complete == 100.0
    agreement = tasks["17"]
    assert agreement.milestone and agreement.duration_days == 0.0
    assert agreement.start == agreement.finish == date(2024, 7, 1)
    assert not tasks["0"].milestone
    links = {(link.predecessor, link.successor): link for link in plan.links}
    assert (links["9", "10"].type, links["9", "10"].lag_days) == ("FS", 0.0)
    assert ("49", "0") in links  # a "Rubber" link is a link too
    assert tasks["14"].notes == "Embedded devices, kitchen, washing machine, dryer etc"
    assert tasks["14"].assignee == "Jack House"  # responsible="true"
    assert "John Black" in plan.people and len(set(plan.people)) == 7


def test_old_house_sample_one_day_meetings_and_responsible_person(gan: Path) -> None:
    plan = read_gan(gan / "ganttproject-2.1.1_HouseBuildingSample.gan")
    tasks = _tasks(plan)
    assert plan.name == "My house building project"
    # Format 1.12 writes milestones as one-day meetings.
    agreement = tasks["17"]
    assert agreement.milestone and agreement.start == agreement.finish == date(2006, 2, 13)
    # Task 15 lists Tom White first, but Jack House is the responsible one.
    assert tasks["15"].assignee == "Jack House"
    assert tasks["14"].notes == "Embedded devices, kitchen, washing machine, dryer etc"
    assert any("several people" in w for w in plan.warnings)


def test_bom_and_a_broken_summary_duration(gan: Path) -> None:
    path = gan / "ares_607_HouseBuildingSample-buggy.gan"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    plan = read_gan(path)
    tasks = _tasks(plan)
    assert tasks["12"].parent == "11"
    # duration="ARTIFICIALERROR" on a summary task: it spans its subtasks instead.
    design = tasks["0"]
    last = max(t.finish for t in plan.tasks if t.parent == "0" and t.finish)
    assert design.finish == last and design.duration_days is not None
    assert any("Unreadable durations: 'Architectural design'" in w for w in plan.warnings)


def test_nameless_resource_is_reported(gan: Path) -> None:
    plan = read_gan(gan / "tsparser_resource-with-rate.gan")
    assert plan.people == []
    assert any("without a name" in w for w in plan.warnings)


def test_dependency_types_and_a_lead(gan: Path) -> None:
    plan = read_gan(gan / "tsparser_task-with-dependencies.gan")
    found = {(x.predecessor, x.successor): (x.type, x.lag_days) for x in plan.links}
    assert found == {
        ("0", "1"): ("SS", 0.0),
        ("1", "2"): ("FS", 0.0),
        ("2", "3"): ("FF", -1.0),
        ("3", "4"): ("SF", 0.0),
    }


def test_lags_and_a_calendar_where_weekends_are_working_days(gan: Path) -> None:
    plan = read_gan(gan / "ares_461_prova.gan")
    tasks = _tasks(plan)
    lag = next(x for x in plan.links if (x.predecessor, x.successor) == ("122", "128"))
    assert (lag.type, lag.lag_days) == ("FS", 5.0)
    # "Only show weekends": Saturday 24 March is worked; 45 days skip the recurring holidays
    # of 25 April and 1 May, so it ends the day before its successor starts.
    receipt = tasks["119"]
    assert receipt.start == date(2012, 3, 24)
    assert receipt.finish == date(2012, 5, 9)
    assert tasks["122"].start == date(2012, 5, 10)
    assert any("no weekend" in w and "16 holiday" in w for w in plan.warnings)


def test_recurring_holiday_moves_the_finish(gan: Path) -> None:
    task = read_gan(gan / "tsparser_task-crossing-recurring-holiday.gan").tasks[0]
    # Tuesday 2 January, two working days, 3 January a holiday every year: Thursday.
    assert (task.start, task.finish) == (date(2024, 1, 2), date(2024, 1, 4))


def test_baselines(gan: Path) -> None:
    basic = read_gan(gan / "tsparser_basic-baseline.gan").tasks[0]
    assert (basic.start, basic.finish) == (date(2024, 1, 1), date(2024, 1, 2))
    assert (basic.baseline_start, basic.baseline_finish) == (date(2024, 1, 4), date(2024, 1, 5))
    parent, child = read_gan(gan / "tsparser_baseline-with-subtasks.gan").tasks
    assert child.parent == parent.key
    for task in (parent, child):
        assert (task.baseline_start, task.baseline_finish) == (date(2024, 1, 4), date(2024, 1, 5))


def test_notes_keep_their_lines(gan: Path) -> None:
    task = read_gan(gan / "tsparser_task-with-notes.gan").tasks[0]
    assert task.notes == "This is the first sentence.\nThis is the second sentence."


def test_collapsed_subtasks_keep_three_levels(gan: Path) -> None:
    plan = read_gan(gan / "tsparser_task-with-collapsed-subtasks.gan")
    outline = [(t.name, t.parent) for t in plan.tasks]
    assert outline == [
        ("task A", None),
        ("task Aa", "0"),
        ("task Ab", "0"),
        ("task Ab1", "5"),
        ("task B", None),
        ("task Bb", "4"),
    ]


def test_empty_project(gan: Path) -> None:
    plan = read_gan(gan / "tsparser_empty-project.gan")
    assert plan == PlanFile(name="tsparser_empty-project", start=None)


def test_coordinator_and_milestone_samples(gan: Path) -> None:
    task = read_gan(gan / "tsparser_task-with-coordinator-assignee.gan").tasks[0]
    assert task.assignee == "John Doe"
    milestone = read_gan(gan / "tsparser_milestone-task.gan").tasks[0]
    assert milestone.milestone and milestone.finish == milestone.start == date(2024, 1, 2)


# -- small files written here -------------------------------------------------------------


def test_day_month_dates_of_old_locales(tmp_path: Path) -> None:
    tasks = _task("1", "13/01/2006", 2) + _task("2", "03/02/2006") + _task("3", "soon")
    plan = read_gan(_write(tmp_path, tasks))
    found = _tasks(plan)
    assert (found["1"].start, found["1"].finish) == (date(2006, 1, 13), date(2006, 1, 16))
    assert found["2"].start == date(2006, 2, 3)  # 13/01 shows the file is day-first
    assert found["3"].start is None and found["3"].finish is None
    assert any("start dates" in w and "'T3'" in w for w in plan.warnings)


def test_ambiguous_dates_follow_the_locale_and_say_so(tmp_path: Path) -> None:
    us = read_gan(_write(tmp_path, _task("1", "03/04/2006"), locale="en_US"))
    assert us.tasks[0].start == date(2006, 3, 4)
    assert any("month/day" in w for w in us.warnings)
    french = read_gan(_write(tmp_path, _task("1", "03/04/2006"), locale="fr_FR"))
    assert french.tasks[0].start == date(2006, 4, 3)
    assert any("day/month" in w for w in french.warnings)


def test_conflicting_date_orders_are_refused_per_task(tmp_path: Path) -> None:
    plan = read_gan(_write(tmp_path, _task("1", "13/01/2006") + _task("2", "01/13/2006")))
    assert [t.start for t in plan.tasks] == [None, None]
    assert any("Unreadable start dates" in w for w in plan.warnings)


def test_calendar_without_weekend_and_one_without_working_days(tmp_path: Path) -> None:
    days = " ".join(f'{d}="{{0}}"' for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    week = f"<day-types><default-week {days}/></day-types>"
    friday = _task("1", "2024-01-05", 3)
    seven = read_gan(_write(tmp_path, friday, week.format("0")))
    assert seven.tasks[0].finish == date(2024, 1, 7)
    none = read_gan(_write(tmp_path, friday, week.format("1")))
    assert none.tasks[0].finish == date(2024, 1, 7)
    assert any("calendar days" in w for w in none.warnings)
    default = read_gan(_write(tmp_path, friday))  # no week at all: Saturday and Sunday off
    assert default.tasks[0].finish == date(2024, 1, 9)


def test_links_to_missing_tasks_and_extra_baselines_are_reported(tmp_path: Path) -> None:
    tasks = _task("1", "2024-01-01", inner='<depend id="9" type="2" difference="0"/>')
    baselines = (
        '<previous><previous-tasks name="first"><previous-task id="1" start="2024-01-08" '
        'duration="1"/></previous-tasks><previous-tasks name="second"/></previous>'
    )
    plan = read_gan(_write(tmp_path, tasks, extra=baselines))
    assert plan.links == []
    assert plan.tasks[0].baseline_start == date(2024, 1, 8)
    assert any("no other task" in w for w in plan.warnings)
    assert any("2 baselines" in w and "'first'" in w for w in plan.warnings)


# -- refused files --------------------------------------------------------------------------


def test_other_xml_is_not_a_ganttproject_file(tmp_path: Path) -> None:
    other = tmp_path / "notes.gan"
    other.write_text("<?xml version='1.0'?><notes><note>hi</note></notes>", encoding="utf-8")
    with pytest.raises(ExchangeError, match=r"notes\.gan is not a GanttProject file"):
        read_gan(other)
    mspdi = tmp_path / "plan.xml"
    mspdi.write_text(
        '<Project xmlns="http://schemas.microsoft.com/project"><Name>x</Name></Project>',
        encoding="utf-8",
    )
    with pytest.raises(ExchangeError, match="Microsoft Project"):
        read_gan(mspdi)


def test_broken_and_missing_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gan"
    broken.write_text('<project version="2.0"><tasks>', encoding="utf-8")
    with pytest.raises(ExchangeError, match="not a readable XML file"):
        read_gan(broken)
    with pytest.raises(ExchangeError, match="Could not read"):
        read_gan(tmp_path / "absent.gan")


def test_entity_bomb_is_refused(tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    bomb = tmp_path / "bomb.gan"
    bomb.write_text(
        f'<?xml version="1.0"?><!DOCTYPE project [<!ENTITY lol0 "lol">{lol}]>'
        '<project version="3.3"><tasks><task id="1" name="&lol9;" start="2024-01-01" '
        'duration="1"/></tasks></project>',
        encoding="utf-8",
    )
    with pytest.raises(ExchangeError, match="entities"):
        read_gan(bomb)


def test_a_repeated_task_id_is_left_out_with_its_subtasks_and_links(tmp_path: Path) -> None:
    path = tmp_path / "repeat.gan"
    path.write_text(
        '<?xml version="1.0"?><project name="Repeat"><tasks>'
        '<task id="1" name="Design" start="2026-03-02" duration="2" complete="0">'
        '<depend id="2" type="2" difference="0"/></task>'
        '<task id="1" name="Design again" start="2026-03-02" duration="2" complete="0">'
        '<depend id="3" type="2" difference="0"/>'
        '<task id="4" name="Under the repeat" start="2026-03-02" duration="1" complete="0"/>'
        "</task>"
        '<task id="2" name="Build" start="2026-03-04" duration="2" complete="0"/>'
        '<task id="3" name="Test" start="2026-03-06" duration="1" complete="0"/>'
        "</tasks></project>",
        encoding="utf-8",
    )
    plan = read_gan(path)
    assert [t.name for t in plan.tasks] == ["Design", "Build", "Test"]
    assert [(k.predecessor, k.successor) for k in plan.links] == [("1", "2")]
    assert any("repeats id 1" in w and "under it" in w for w in plan.warnings)
