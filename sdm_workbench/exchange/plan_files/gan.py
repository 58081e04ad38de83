"""Read GanttProject files (.gan, formats 1.x to 3.x) into a :class:`~.model.PlanFile`.

A .gan file is XML: ``<project name>`` holds nested ``<task>`` elements (nesting is the
outline), each with ``start``, ``duration`` (working days), ``complete`` and ``meeting``
(milestone); ``<depend>`` inside the *predecessor* names the successor; ``<allocation>``
puts ``<resource>`` people on tasks; ``<previous>`` holds baselines. GanttProject stores no
finish date, so we work it out from the file's own calendar (weekend days, holidays), the
way GanttProject draws it. Parsing goes through defusedxml: entity tricks are refused.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from xml.etree.ElementTree import Element

from ...analytics.workdays import WorkingDays
from ..errors import ExchangeError
from .gan_calendar import DateReader, calendar_of, finish_of, number, years_touched
from .model import PlanFile, PlanLink, PlanTask
from .xml_file import read_xml

# GanttProject's dependency types (TaskDependencyConstraint ids).
_LINK_TYPES = {"1": "SS", "2": "FS", "3": "FF", "4": "SF"}
_GAN_PARTS = {"tasks", "resources", "allocations", "calendars", "description", "view"}
_SHOWN = 5  # names listed in one warning before "and N more"


def read_gan(path: Path) -> PlanFile:
    """Read a GanttProject file; raise :class:`ExchangeError` when it is not one."""
    root = _parse(path)
    tasks = root.find("tasks")
    reader = DateReader(_all_dates(root), root.get("locale", ""))
    plan = PlanFile(name=(root.get("name") or "").strip() or path.stem, start=None)
    plan.warnings.extend(reader.warnings)
    elements = list(_walk(tasks, None)) if tasks is not None else []
    calendar, how, carried = calendar_of(root, years_touched(reader, elements), plan.warnings)
    if elements:  # a file without tasks has no plan for a calendar to serve
        plan.warnings.append(how)
        plan.calendar = carried
    people = _people(root, plan.warnings)
    plan.people = list(dict.fromkeys(people.values()))
    assignees = _assignees(root, people, plan.warnings)
    baselines = _baselines(root, reader, calendar, plan.warnings)
    bad: dict[str, list[str]] = {"start date": [], "duration": []}
    seen: set[str] = set()
    left_out: set[int] = set()  # a repeated task and everything under it (by element identity)
    for element, parent in elements:
        if id(element) in left_out:
            continue
        key = element.get("id", "")
        name = (element.get("name") or "").strip() or f"Task {key}"
        if key in seen:  # its subtasks and links name this id: they would land on the first
            plan.warnings.append(
                f"Task '{name}' repeats id {key}; it was left out, with the tasks under it."
            )
            left_out.update(id(e) for e in element.iter("task"))
            continue
        seen.add(key)
        start = reader.read(element.get("start"))
        duration = number(element.get("duration"))
        for what, text, value in (
            ("start date", "start", start),
            ("duration", "duration", duration),
        ):
            if element.get(text) and value is None:
                bad[what].append(name)
        milestone = element.get("meeting") == "true" or duration == 0
        base_start, base_finish = baselines.get(key, (None, None))
        plan.tasks.append(
            PlanTask(
                key=key,
                name=name,
                parent=parent,
                start=start,
                finish=finish_of(calendar, start, duration, milestone),
                duration_days=0.0 if milestone else duration,
                milestone=milestone,
                percent_complete=min(100.0, max(0.0, number(element.get("complete")) or 0.0)),
                notes=_notes(element),
                assignee=assignees.get(key),
                baseline_start=base_start,
                baseline_finish=base_finish,
            )
        )
    if bad["start date"]:
        plan.warnings.append(f"Unreadable start dates were left empty: {_list(bad['start date'])}.")
    if bad["duration"]:
        plan.warnings.append(
            f"Unreadable durations: {_list(bad['duration'])}; a summary task spans its "
            "subtasks instead, other tasks get no finish date."
        )
    plan.tasks = _span_summaries(plan.tasks, calendar)
    starts = [t.start for t in plan.tasks if t.start is not None]
    plan.start = min(starts) if starts else None
    kept = [(e, parent) for e, parent in elements if id(e) not in left_out]
    plan.links = _links(kept, {t.key for t in plan.tasks}, plan.warnings)
    return plan


def _span_summaries(tasks: list[PlanTask], calendar: WorkingDays | None) -> list[PlanTask]:
    """Summary tasks without a finish (unreadable duration) end with their last subtask."""
    found = {t.key: t for t in tasks}
    for task in reversed(tasks):  # children come after parents: deepest summaries first
        parent = found.get(task.parent or "")
        if parent is None or parent.start is None or task.finish is None:
            continue
        if parent.duration_days is None and (parent.finish is None or parent.finish < task.finish):
            found[parent.key] = replace(parent, finish=task.finish)
    for key, task in found.items():
        if task.duration_days is None and task.start and task.finish:
            days = (
                calendar.span(task.start, task.finish)
                if calendar
                else (task.finish - task.start).days + 1
            )
            found[key] = replace(task, duration_days=float(days))
    return [found[t.key] for t in tasks]


# -- the file ----------------------------------------------------------------------------


def _parse(path: Path) -> Element:
    root = read_xml(path)
    if root.tag != "project" or not (root.get("version") or _GAN_PARTS & {c.tag for c in root}):
        hint = (
            " (it looks like a Microsoft Project XML file)" if root.tag.endswith("}Project") else ""
        )
        raise ExchangeError(f"{path.name} is not a GanttProject file{hint}.")
    return root


def _walk(parent: Element, parent_key: str | None) -> Iterator[tuple[Element, str | None]]:
    """Tasks in file order, each before its subtasks, with the key of its summary task."""
    for element in parent.findall("task"):
        yield element, parent_key
        yield from _walk(element, element.get("id", ""))


def _all_dates(root: Element) -> list[str]:
    found = [t.get("start", "") for t in root.iter("task")]
    found += [t.get("start", "") for t in root.iter("previous-task")]
    return [text for text in found if text]


def _notes(element: Element) -> str | None:
    found = element.find("notes")
    # GanttProject indents CDATA notes with the XML; strip that, keep the user's line breaks.
    text = textwrap.dedent((found.text or "") if found is not None else "").strip()
    return text or None


def _list(names: list[str]) -> str:
    shown = ", ".join(f"'{n}'" for n in names[:_SHOWN])
    more = len(names) - _SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


# -- dates and the calendar ----------------------------------------------------------------


# -- people, baselines, links ----------------------------------------------------------------


def _people(root: Element, warnings: list[str]) -> dict[str, str]:
    """Resource id -> name; resources without a name cannot become people."""
    people: dict[str, str] = {}
    nameless = 0
    for resource in root.iter("resource"):
        if name := (resource.get("name") or "").strip():
            people[resource.get("id", "")] = name
        else:
            nameless += 1
    if nameless:
        warnings.append(f"{nameless} resource(s) without a name were left out.")
    return people


def _assignees(root: Element, people: dict[str, str], warnings: list[str]) -> dict[str, str]:
    """Task key -> the responsible person (else the first allocated one)."""
    chosen: dict[str, tuple[bool, str]] = {}
    crowded: set[str] = set()
    for allocation in root.iter("allocation"):
        task, person = allocation.get("task-id", ""), people.get(allocation.get("resource-id", ""))
        if person is None:
            continue
        responsible = allocation.get("responsible") == "true"
        if task in chosen:
            crowded.add(task)
            if responsible and not chosen[task][0]:
                chosen[task] = (True, person)
        else:
            chosen[task] = (responsible, person)
    if crowded:
        warnings.append(
            f"{len(crowded)} task(s) have several people; only the responsible one (else the "
            "first) became the assignee."
        )
    return {task: person for task, (_, person) in chosen.items()}


def _baselines(
    root: Element, reader: DateReader, calendar: WorkingDays | None, warnings: list[str]
) -> dict[str, tuple[date | None, date | None]]:
    sets = root.findall("previous/previous-tasks")
    if not sets:
        return {}
    first = sets[0]
    if len(sets) > 1:
        warnings.append(
            f"The file has {len(sets)} baselines; only the first ('{first.get('name', '')}') "
            "was carried over."
        )
    found: dict[str, tuple[date | None, date | None]] = {}
    for item in first.findall("previous-task"):
        start = reader.read(item.get("start"))
        duration = number(item.get("duration"))
        milestone = item.get("meeting") == "true" or duration == 0
        found[item.get("id", "")] = (start, finish_of(calendar, start, duration, milestone))
    return found


def _links(
    elements: list[tuple[Element, str | None]], keys: set[str], warnings: list[str]
) -> list[PlanLink]:
    links: dict[tuple[str, str], PlanLink] = {}
    dangling = 0
    for element, _ in elements:
        before = element.get("id", "")
        for depend in element.findall("depend"):
            after = depend.get("id", "")
            if after not in keys or before not in keys or after == before:
                dangling += 1
                continue
            kind = _LINK_TYPES.get(depend.get("type", "2"))
            if kind is None:
                warnings.append(
                    f"A link of unknown type {depend.get('type')} was read as finish-to-start."
                )
            lag = number(depend.get("difference")) or 0.0
            links.setdefault((before, after), PlanLink(before, after, kind or "FS", lag))
    if dangling:
        warnings.append(f"{dangling} link(s) to no other task of the file were left out.")
    return list(links.values())
