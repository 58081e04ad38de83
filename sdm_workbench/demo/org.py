"""People, teams, customers and business calendars of the demo organisation."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import holidays

from . import vocab
from .context import Builder


@dataclass(frozen=True)
class CalendarSpec:
    """A calendar as the ticket clock needs it: spans in minutes per weekday (Mon first)."""

    id: int
    code: str
    timezone: str
    spans: tuple[tuple[int, int] | None, ...]
    country: str | None
    subdivision: str | None
    closed: frozenset[date]


def public_holidays(spec: CalendarSpec, years: Iterable[int]) -> frozenset[date]:
    """The calendar's public holidays in ``years`` (a plain set: lookups are hot)."""
    if not spec.country:
        return frozenset()
    found = holidays.country_holidays(spec.country, subdiv=spec.subdivision, years=list(years))
    return frozenset(found.keys())


def _ascii(text: str) -> str:
    text = text.replace("ß", "ss").replace("ü", "ue").replace("ö", "oe").replace("ä", "ae")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.replace("'", "").replace(" ", "").lower()


def _hours(span: tuple[int, int] | None) -> str:
    if span is None:
        return ""
    return f"{span[0] // 60:02d}:{span[0] % 60:02d}-{span[1] // 60:02d}:{span[1] % 60:02d}"


def add_people(b: Builder) -> None:
    """Staff by role, customer contacts and executives, with unique names."""
    rnd = b.random("people")
    s = b.scale
    contacts_needed = 2 * s.customers
    staff = s.people - contacts_needed
    first, last = vocab.FIRST_NAMES, vocab.LAST_NAMES
    picks = rnd.sample(range(len(first) * len(last)), s.people)
    names = [(first[p % len(first)], last[p // len(first)]) for p in picks]
    executives = max(2, s.people // 50)
    sdms = max(3, s.services // 4)
    pms = max(3, s.projects // 5)
    roles: dict[str, list[int]] = {"executive": [], "sdm": [], "pm": [], "staff": [], "contact": []}
    for index, (given, family) in enumerate(names):
        if index < staff:
            if index < executives:
                role, title = "executive", vocab.EXECUTIVE_TITLES[index % 4]
            elif index < executives + sdms:
                role, title = "sdm", "Service Delivery Manager"
            elif index < executives + sdms + pms:
                role, title = "pm", "Project Manager"
            else:
                role, title = "staff", rnd.choice(vocab.STAFF_TITLES[2:])
            organisation, domain = vocab.COMPANY, vocab.COMPANY_DOMAIN
        else:
            role, title = "contact", rnd.choice(vocab.CONTACT_TITLES)
            organisation, domain = None, "customer.example"
        person = b.add(
            "people",
            name=f"{given} {family}",
            email=f"{_ascii(given)}.{_ascii(family)}@{domain}",
            job_title=title,
            organisation=organisation,
            is_stakeholder=role in ("contact", "executive"),
            notes=None,
        )
        roles[role].append(person)
    b.info["roles"] = roles
    b.info["staff"] = [p for r in ("sdm", "pm", "staff") for p in roles[r]]


def add_teams(b: Builder) -> None:
    rnd = b.random("teams")
    roles = b.info["roles"]
    names = [f"{t}{r}" for r in vocab.TEAM_REGIONS for t in vocab.TEAMS][: b.scale.teams]
    workers = roles["staff"] + roles["sdm"]
    teams: list[tuple[int, str]] = []
    for index, name in enumerate(names):
        lead = workers[index % len(workers)]
        team = b.add("teams", code=f"TEAM-{index + 1:02d}", name=name, lead_id=lead, notes=None)
        teams.append((team, name))
    members: dict[int, set[int]] = {team: set() for team, _ in teams}
    for index, person in enumerate(workers):
        members[teams[index % len(teams)][0]].add(person)
        if rnd.random() < 0.2:
            members[rnd.choice(teams)[0]].add(person)
    for team, _ in teams:
        members[team].add(workers[(team - 1) % len(workers)])  # the lead belongs to the team
        for person in sorted(members[team]):
            b.add("team_members", team_id=team, person_id=person)
    b.info["teams"] = teams
    b.info["team_members"] = {team: sorted(people) for team, people in members.items()}


def add_customers(b: Builder) -> None:
    rnd = b.random("customers")
    contacts = b.info["roles"]["contact"]
    people = b.tables["people"]
    names = [
        (f"{name}{suffix}", sector)
        for suffix in vocab.CUSTOMER_SUFFIXES
        for name, sector in vocab.CUSTOMERS
    ]
    customers: list[tuple[int, str]] = []
    by_customer: dict[int, list[int]] = {}
    for index in range(b.scale.customers):
        name, sector = names[index]
        pair = contacts[2 * index : 2 * index + 2]
        customer = b.add(
            "customers",
            code=f"CUS-{index + 1:03d}",
            name=name,
            sector=sector,
            contact_id=pair[0],
            notes=rnd.choice((None, None, "Key account", "Contract renewal next year")),
        )
        for person in pair:
            people[person - 1]["organisation"] = name
        customers.append((customer, name))
        by_customer[customer] = pair
    b.info["customers"] = customers
    b.info["contacts"] = by_customer


# code, name, zone, working spans Mon.., holiday country, subdivision, closed days
_CalendarRow = tuple[
    str, str, str, tuple[tuple[int, int], ...], str | None, str | None, dict[date, str]
]
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _thanksgiving_friday(year: int) -> date:
    first = date(year, 11, 1)
    thursday = first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    return thursday + timedelta(days=1)


def add_calendars(b: Builder) -> None:
    """Berlin (DE holidays), New York (US), London (GB) office hours and a 24x7 calendar."""
    years = range(b.today.year - 2, b.today.year + 2)
    office = (480, 1080)
    definitions: tuple[_CalendarRow, ...] = (
        ("CAL-DE", "Germany office hours (Berlin)", "Europe/Berlin", (office,) * 5, "DE", "BE",
         {**{date(y, 12, 24): "Christmas Eve" for y in years},
          **{date(y, 12, 31): "New Year's Eve" for y in years}}),
        ("CAL-US", "US East office hours (New York)", "America/New_York", ((480, 1020),) * 5, "US",
         "NY", {_thanksgiving_friday(y): "Day after Thanksgiving" for y in years}),
        ("CAL-UK", "UK office hours (London)", "Europe/London", ((540, 1050),) * 5, "GB", "ENG",
         {date(y, 12, 24): "Christmas Eve (office closed)" for y in years}),
        ("CAL-247", "24x7 operations", "UTC", ((0, 1440),) * 7, None, None, {}),
    )  # fmt: skip
    specs: list[CalendarSpec] = []
    for code, name, zone, spans, country, subdivision, closed in definitions:
        week = tuple(spans) + (None,) * (7 - len(spans))
        hours = {f"{day}_hours": _hours(span) for day, span in zip(_WEEKDAYS, week, strict=True)}
        calendar_id = b.add(
            "business_calendars",
            code=code,
            name=name,
            timezone=zone,
            **hours,
            holiday_country=country,
            holiday_subdivision=subdivision,
            notes=None,
        )
        for day, label in sorted(closed.items()):
            b.add("calendar_closed_days", calendar_id=calendar_id, day=day, name=label)
        specs.append(
            CalendarSpec(calendar_id, code, zone, week, country, subdivision, frozenset(closed))
        )
    b.info["calendars"] = specs
