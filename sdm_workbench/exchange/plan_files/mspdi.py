"""Microsoft Project XML (MSPDI): plans saved by MS Project 2003-2019, ProjectLibre, GanttProject.

Parsed with defusedxml, so a file with a DTD, entities or external references (billion
laughs, XXE) is refused instead of expanded. What the workbench cannot carry over (blank
rows, percentage lags, several people on one task) is said in ``PlanFile.warnings``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from xml.etree.ElementTree import Element

from ..errors import ExchangeError
from .model import PlanFile, PlanLink, PlanTask
from .mspdi_calendar import read_calendar
from .mspdi_xml import NS, _q, _text
from .xml_file import read_xml

DEFAULT_MINUTES_PER_DAY = 480
LINK_TYPES = {"0": "FF", "1": "FS", "2": "SF", "3": "SS"}
ELAPSED_LAG_FORMATS = frozenset({4, 6, 8, 10, 12, 36, 38, 40, 42, 44})  # e-minutes ... e-months
PERCENT_LAG_FORMATS = frozenset({19, 20, 51, 52})
_DURATION = re.compile(
    r"^-?P(?:(\d+)D)?T?(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$"
)


def _number(element: Element, tag: str) -> float | None:
    text = _text(element, tag)
    try:
        return None if text is None else float(text)
    except ValueError:
        return None


def _flag(element: Element, tag: str) -> bool:
    return _text(element, tag) in ("1", "true")


def _moment(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _finish_day(start: datetime | None, finish: datetime | None) -> date | None:
    """A finish at midnight (24-hour calendars) ends the day before."""
    if finish is None:
        return None
    if finish.time() == datetime.min.time() and start is not None and finish > start:
        return (finish - timedelta(days=1)).date()
    return finish.date()


def duration_days(text: str | None, minutes_per_day: float) -> float | None:
    """``PT16H0M0S`` (working time) as working days of ``minutes_per_day``; None if unreadable."""
    match = _DURATION.match(text or "")
    if match is None or not any(match.groups()):
        return None
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    total = days * minutes_per_day + hours * 60 + minutes + seconds / 60
    return -total / minutes_per_day if (text or "").startswith("-") else total / minutes_per_day


def _root(path: Path) -> Element:
    root = read_xml(path)
    if root.tag != _q("Project"):
        raise ExchangeError(
            f"{path.name} is not a Microsoft Project XML file (MSPDI): its root element is "
            f"{root.tag.rsplit('}', 1)[-1]!r}, not 'Project' in {NS}. In MS Project or "
            "ProjectLibre, use File > Save As > XML."
        )
    return root


def _baseline(task: Element) -> tuple[date | None, date | None]:
    for baseline in task.findall(_q("Baseline")):
        if _text(baseline, "Number") in (None, "0"):
            start = _moment(_text(baseline, "Start"))
            return (start.date() if start else None), _finish_day(
                start, _moment(_text(baseline, "Finish"))
            )
    return None, None


def _assignees(root: Element, warnings: list[str]) -> tuple[list[str], dict[str, str]]:
    """Resource names, and the first named resource of each task (by task UID)."""
    names: dict[str, str] = {}
    for resource in root.iterfind(f"{_q('Resources')}/{_q('Resource')}"):
        uid, name = _text(resource, "UID"), _text(resource, "Name")
        if uid is not None and name is not None:
            names[uid] = name
    first: dict[str, str] = {}
    extra = 0
    for assignment in root.iterfind(f"{_q('Assignments')}/{_q('Assignment')}"):
        task, person = _text(assignment, "TaskUID"), _text(assignment, "ResourceUID")
        if task is None or person is None or person not in names:
            continue  # MS Project's "unassigned" placeholder (-65535), or a nameless resource
        if task in first:
            extra += first[task] != names[person]
            continue
        first[task] = names[person]
    if extra:
        warnings.append(
            f"{extra} task assignment(s) beyond the first person of a task were left out "
            "(a task has one assignee here)."
        )
    return list(dict.fromkeys(names.values())), first


class _Reader:
    """One pass over the tasks: outline parents, dates, durations and links."""

    def __init__(self, root: Element, plan: PlanFile, minutes_per_day: float) -> None:
        self.root = root
        self.plan = plan
        self.minutes_per_day = minutes_per_day
        self.durations: dict[str, float] = {}

    def tasks(self, assignees: dict[str, str]) -> list[tuple[str, Element]]:
        blank = 0
        outline: list[tuple[int, str]] = []  # (level, key) of the open summary rows
        kept: list[tuple[str, Element]] = []
        seen: set[str] = set()
        dropped_below: int | None = None  # the level of a repeated task left out, with its tasks
        for task in self.root.iterfind(f"{_q('Tasks')}/{_q('Task')}"):
            uid = _text(task, "UID")
            if uid is None or uid == "0":
                continue  # UID 0 is the project summary row
            name = _text(task, "Name")
            if _flag(task, "IsNull") or name is None:
                blank += 1
                continue
            outline_level = _number(task, "OutlineLevel")  # 0 is ProjectLibre's project row
            level = 1 if outline_level is None else int(outline_level)
            if dropped_below is not None and level > dropped_below:
                continue  # inside a task left out: its links and parent would point elsewhere
            dropped_below = None
            if uid in seen:
                self.plan.warnings.append(
                    f"Task '{name}' repeats UID {uid}; it was left out, with the tasks under it."
                )
                dropped_below = level
                continue
            seen.add(uid)
            while outline and outline[-1][0] >= level:
                outline.pop()
            parent = outline[-1][1] if outline else None
            outline.append((level, uid))
            self.plan.tasks.append(self._task(task, uid, name, parent, assignees.get(uid)))
            kept.append((uid, task))
        if blank:
            self.plan.warnings.append(f"{blank} blank task row(s) (no name) were skipped.")
        return kept

    def _task(
        self, task: Element, uid: str, name: str, parent: str | None, assignee: str | None
    ) -> PlanTask:
        start = _moment(_text(task, "Start"))
        finish = _moment(_text(task, "Finish"))
        days = duration_days(_text(task, "Duration"), self.minutes_per_day)
        if days is not None:
            self.durations[uid] = days
        baseline_start, baseline_finish = _baseline(task)
        percent = min(max(_number(task, "PercentComplete") or 0.0, 0.0), 100.0)
        return PlanTask(
            key=uid,
            name=name,
            parent=parent,
            start=start.date() if start else None,
            finish=_finish_day(start, finish),
            duration_days=days,
            milestone=_flag(task, "Milestone"),
            percent_complete=percent,
            notes=_text(task, "Notes"),
            assignee=assignee,
            baseline_start=baseline_start,
            baseline_finish=baseline_finish,
        )

    def links(self, kept: list[tuple[str, Element]]) -> None:
        keys = {uid for uid, _ in kept}
        dropped = 0
        for uid, task in kept:
            for link in task.findall(_q("PredecessorLink")):
                before = _text(link, "PredecessorUID")
                if before not in keys or before == uid:
                    dropped += 1
                    continue
                assert before is not None
                kind = LINK_TYPES.get(_text(link, "Type") or "1", "FS")
                lag = self._lag(link, before)
                self.plan.links.append(PlanLink(before, uid, kind, lag))
        if dropped:
            self.plan.warnings.append(
                f"{dropped} link(s) to tasks not in the file (or blank rows) were left out."
            )

    def _lag(self, link: Element, predecessor: str) -> float:
        """LinkLag is tenths of a minute of working time; LagFormat only says how it is shown."""
        tenths = _number(link, "LinkLag") or 0.0
        if not tenths:
            return 0.0
        form = int(_number(link, "LagFormat") or 7)
        if form in PERCENT_LAG_FORMATS:  # LinkLag is then the percentage of the predecessor
            return tenths / 100 * self.durations.get(predecessor, 0.0)
        if form in ELAPSED_LAG_FORMATS:  # calendar time: about 5 working days in 7
            note = "Elapsed-time lags (calendar days) were converted to working days (5 in 7)."
            if note not in self.plan.warnings:
                self.plan.warnings.append(note)
            return tenths / 10 / 1440 * 5 / 7
        return tenths / 10 / self.minutes_per_day


def read_mspdi(path: str | Path) -> PlanFile:
    """The plan in an MSPDI file; ExchangeError (with a reason a manager can act on) if refused."""
    file = Path(path)
    root = _root(file)
    title = _text(root, "Title") or _text(root, "Name") or ""
    title = re.sub(r"\.xml$", "", title, flags=re.IGNORECASE)  # MPXJ's Name is the file name
    start = _moment(_text(root, "StartDate"))
    plan = PlanFile(title or file.stem, start.date() if start else None)
    minutes_per_day = _number(root, "MinutesPerDay") or DEFAULT_MINUTES_PER_DAY
    plan.people, assignees = _assignees(root, plan.warnings)
    plan.calendar = read_calendar(root, plan.warnings)
    reader = _Reader(root, plan, minutes_per_day)
    kept = reader.tasks(assignees)
    reader.links(kept)
    if not plan.tasks:
        plan.warnings.append(f"{file.name} holds no tasks.")
    return plan
