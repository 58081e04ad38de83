"""Reading Microsoft Project XML (MSPDI): the shared corpus against what SOURCES.md measured,
outline parents, dates, durations, links and lags, and hostile or wrong files refused."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from sdm_workbench.exchange.errors import ExchangeError
from sdm_workbench.exchange.plan_files.mspdi import duration_days, read_mspdi

# Blank rows (<IsNull>1</IsNull>) SOURCES.md counts as tasks but the reader skips.
BLANK_ROWS = {"mpxj_mspdinulltasks.xml": 3}
# Summary tasks known from the outline only (ProjectLibre writes <Summary>0</Summary>).
OUTLINE_SUMMARIES = {"projectlibre_New_Product.xml": 7}
_MEASURED = re.compile(
    r"### mspdi/(?P<name>\S+).*?Measured: MSPDI; (?P<tasks>\d+) tasks.*?, (?P<summary>\d+) "
    r"summary, (?P<milestones>\d+) milestones; (?P<links>\d+) links",
    re.DOTALL,
)
NS = "http://schemas.microsoft.com/project"


def measured(corpus: Path) -> dict[str, tuple[int, int, int, int]]:
    """SOURCES.md's "Measured" counts per MSPDI file: tasks, summaries, milestones, links."""
    text = (corpus / "SOURCES.md").read_text(encoding="utf-8")
    sections = text.split("\n### ")
    found: dict[str, tuple[int, int, int, int]] = {}
    for section in sections:
        match = _MEASURED.match("### " + section)
        if match:
            counts = (match["tasks"], match["summary"], match["milestones"], match["links"])
            found[match["name"]] = tuple(int(c) for c in counts)  # type: ignore[assignment]
    return found


def test_every_corpus_file_reads_with_the_measured_counts(corpus: Path) -> None:
    counts = measured(corpus)
    files = sorted(p.name for p in (corpus / "mspdi").glob("*.xml"))
    assert files and sorted(counts) == files  # every file is described, every entry is there
    for name in files:
        plan = read_mspdi(corpus / "mspdi" / name)
        tasks, summaries, milestones, links = counts[name]
        parents = {t.parent for t in plan.tasks if t.parent is not None}
        got = (len(plan.tasks), len(parents), sum(t.milestone for t in plan.tasks))
        want = (tasks - BLANK_ROWS.get(name, 0), OUTLINE_SUMMARIES.get(name, summaries), milestones)
        assert got == want, name
        assert len(plan.links) == links, name
        keys = [t.key for t in plan.tasks]
        assert len(set(keys)) == len(keys) and "0" not in keys, name  # UID 0 is not a task
        seen: set[str] = set()
        for task in plan.tasks:  # parents come before their children
            assert task.parent is None or task.parent in seen, name
            seen.add(task.key)
            assert task.start is None or task.finish is None or task.finish >= task.start, name


def test_outline_dates_notes_and_assignees(corpus: Path) -> None:
    plan = read_mspdi(corpus / "mspdi" / "mpxj_legacy_sample.xml")
    assert (plan.name, plan.start) == ("sample", date(2003, 1, 7))
    by_name = {t.name: t for t in plan.tasks}
    first, second, third = by_name["First Task"], by_name["Second Task"], by_name["Third task"]
    assert first.parent is None and second.parent == third.parent == first.key
    assert by_name["Related Task 6b"].parent == by_name["Task Relationships"].key
    assert (first.start, first.finish, first.duration_days) == (
        date(2003, 1, 7), date(2003, 3, 18), 50.0
    )  # fmt: skip
    assert first.notes == "Test Task Notes"
    assert third.milestone and third.duration_days == 0
    assert second.assignee == "First Resource"
    assert plan.people == ["First Resource", "Second Resource"]
    assert any("beyond the first person" in w for w in plan.warnings)


def test_link_types_and_lags_in_working_days(corpus: Path) -> None:
    plan = read_mspdi(corpus / "mspdi" / "mpxj_legacy_sample.xml")
    names = {t.key: t.name for t in plan.tasks}
    links = {(names[k.predecessor], names[k.successor]): (k.type, k.lag_days) for k in plan.links}
    assert links[("Related Task 2a", "Related Task 2b")] == ("FS", 1.0)  # 4800 tenths of a minute
    assert links[("Related Task 3a", "Related Task 3b")] == ("FS", -1.0)  # a lead
    assert links[("Related Task 4a", "Related Task 4b")] == ("SS", 0.0)
    assert links[("Related Task 5a", "Related Task 5b")] == ("FF", 0.0)
    assert links[("Related Task 6a", "Related Task 6b")] == ("SF", 0.0)
    weeks = read_mspdi(corpus / "mspdi" / "mpxj_task-links-project2019-mspdi.xml")
    lags = [(k.type, k.lag_days) for k in weeks.links]
    # LagFormat 9 (weeks) still stores working minutes: 24000 tenths = 5 days of 480 minutes
    assert lags == [("FS", 0.0), ("FS", 1.0), ("FS", 2.0), ("FS", 5.0), ("FS", 10.0),
                    ("SF", 2.0), ("SS", 2.0), ("FF", 2.0)]  # fmt: skip


def test_blank_rows_progress_baselines_and_24_hour_days(corpus: Path) -> None:
    null = read_mspdi(corpus / "mspdi" / "mpxj_mspdinulltasks.xml")
    assert [t.name for t in null.tasks] == ["Task 1", "Task 2", "Task 3", "Task 4", "Task 5"]
    assert "3 blank task row(s)" in " ".join(null.warnings)
    resource = read_mspdi(corpus / "mspdi" / "mpxj_mspdiresource.xml")
    done = next(t for t in resource.tasks if t.name == "Completed Task")
    assert done.percent_complete == 100 and done.duration_days == 2.0  # PT16H0M0S
    baselines = read_mspdi(corpus / "mspdi" / "mpxj_task-baselines-project2007-mspdi.xml")
    starts = {t.name: t.baseline_start for t in baselines.tasks if t.baseline_start}
    finishes = {t.name: t.baseline_finish for t in baselines.tasks if t.baseline_finish}
    # sparse baselines (Number 0 only; 1-10 are other saved baselines): some dates, some not
    assert starts["Baseline Start - Task"] == date(2014, 4, 1)
    assert 0 < len(starts) + len(finishes) < len(baselines.tasks)
    day = read_mspdi(corpus / "mspdi" / "ganttproject_issue2659.xml")  # MinutesPerDay 1440
    (task,) = day.tasks
    # finishing at midnight ends the day before: a one-day task, not two
    assert (task.start, task.finish, task.duration_days) == (date(2025, 1, 30),) * 2 + (1.0,)


def test_percent_and_elapsed_lags(tmp_path: Path) -> None:
    def link(form: int, lag: int) -> str:
        return (
            "<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type>"
            f"<LinkLag>{lag}</LinkLag><LagFormat>{form}</LagFormat></PredecessorLink>"
        )

    tasks = "".join(
        f"<Task><UID>{uid}</UID><Name>T{uid}</Name><Duration>PT40H0M0S</Duration>{extra}</Task>"
        for uid, extra in ((1, ""), (2, link(19, 50)), (3, link(8, 7 * 1440 * 10)))
    )
    body = (
        f'<Project xmlns="{NS}"><MinutesPerDay>480</MinutesPerDay><Tasks>{tasks}</Tasks></Project>'
    )
    plan = read_mspdi(write(tmp_path, body))
    # 50 % of a 5-day predecessor; 7 elapsed (calendar) days are 5 working days
    assert [k.lag_days for k in plan.links] == [2.5, pytest.approx(5.0)]
    assert any("Elapsed-time lags" in w for w in plan.warnings)


@pytest.mark.parametrize(
    ("text", "minutes", "days"),
    [("PT16H0M0S", 480, 2.0), ("PT7H30M0S", 450, 1.0), ("PT0H0M0S", 480, 0.0),
     ("PT57H8M24S", 480, 7.1425), ("P1DT4H0M0S", 480, 1.5), ("soon", 480, None), (None, 480, None)],
)  # fmt: skip
def test_duration_in_working_days(text: str | None, minutes: int, days: float | None) -> None:
    got = duration_days(text, minutes)
    assert got == days if days is None else got == pytest.approx(days)


def write(tmp_path: Path, body: str, name: str = "plan.xml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


HOSTILE = {
    "billion laughs": (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        f'<Project xmlns="{NS}"><Name>&lol2;</Name></Project>'
    ),
    "external entity": (
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<Project xmlns="{NS}"><Name>&x;</Name></Project>'
    ),
}


@pytest.mark.parametrize("attack", sorted(HOSTILE))
def test_hostile_xml_is_refused(tmp_path: Path, attack: str) -> None:
    with pytest.raises(ExchangeError, match="DTD, entities or external references"):
        read_mspdi(write(tmp_path, HOSTILE[attack]))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "is empty"),
        ("<Project><Tasks>", "not a readable XML file"),
        ('<Project xmlns="urn:other"/>', "not a Microsoft Project XML file"),
        ("<project><tasks/></project>", "In MS Project or ProjectLibre"),
    ],
)
def test_wrong_files_are_refused_with_a_reason(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ExchangeError, match=message):
        read_mspdi(write(tmp_path, body))
    with pytest.raises(ExchangeError, match="no such file"):
        read_mspdi(tmp_path / "missing.xml")
