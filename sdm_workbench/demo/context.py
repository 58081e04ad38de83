"""What every demo generator shares: scales, the row tables, seeded randomness, uids, dates."""

from __future__ import annotations

import calendar
import random
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Scale:
    """How much of everything one demo portfolio holds."""

    name: str
    people: int
    customers: int
    teams: int
    services: int
    projects: int
    tasks_per_project: int
    deps_per_task: float
    tickets: int
    risks: int
    other_raid: int
    kpi_months: int
    budget_months: int
    reviews: int


SCALES: dict[str, Scale] = {
    s.name: s
    for s in (
        Scale("small", 40, 6, 5, 12, 8, 50, 1.5, 2_000, 40, 24, 12, 12, 10),
        Scale("medium", 220, 20, 12, 60, 60, 100, 1.8, 50_000, 600, 200, 24, 18, 36),
        Scale("large", 800, 40, 30, 200, 300, 100, 2.0, 250_000, 5_000, 1_200, 36, 24, 100),
    )
}

# Insertion order: every table after the tables its foreign keys point to.
TABLE_ORDER: tuple[str, ...] = (
    "people",
    "teams",
    "team_members",
    "customers",
    "business_calendars",
    "calendar_closed_days",
    "services",
    "slas",
    "sla_targets",
    "tickets",
    "ticket_pauses",
    "outages",
    "change_records",
    "projects",
    "tasks",
    "dependencies",
    "survey_responses",
    "budget_lines",
    "budget_months",
    "raid_items",
    "risk_score_history",
    "kpi_definitions",
    "kpi_measurements",
    "raci_assignments",
    "reviews",
    "review_scope_items",
    "review_attendees",
    "decisions",
    "action_items",
    "review_snapshots",
    "review_agenda_items",
)


@dataclass
class DemoData:
    """Rows by table name, in an insertion order that satisfies the foreign keys."""

    tables: dict[str, list[dict[str, Any]]]

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}

    @property
    def row_count(self) -> int:
        return sum(len(rows) for rows in self.tables.values())


_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
# Where the 32 hex digits go in the 36 characters of a UUID's text.
_HEX_POSITIONS = np.array([i for i in range(36) if i not in (8, 13, 18, 23)])


def uid_strings(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` UUID4 texts from ``rng``: vectorised because the large scale needs ~600k."""
    raw = np.frombuffer(rng.bytes(16 * n), dtype=np.uint8).reshape(n, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40  # version 4
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # RFC 4122 variant
    digits = np.empty((n, 32), dtype=np.uint8)
    digits[:, 0::2] = _HEX[raw >> 4]
    digits[:, 1::2] = _HEX[raw & 0x0F]
    chars = np.full((n, 36), ord("-"), dtype=np.uint8)
    chars[:, _HEX_POSITIONS] = digits
    text = chars.tobytes().decode("ascii")
    return [text[i : i + 36] for i in range(0, 36 * n, 36)]


def nullable(present: NDArray[np.bool_], values: NDArray[Any]) -> NDArray[np.object_]:
    """``values`` as Python objects, None where not ``present`` (SQL NULL)."""
    out = values.astype(object)
    out[~present] = None
    return out


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


@dataclass
class Builder:
    """The rows under construction plus the seeded sources every generator draws from."""

    scale: Scale
    seed: int
    today: date
    tables: dict[str, list[dict[str, Any]]] = field(init=False)
    info: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.tables = {name: [] for name in TABLE_ORDER}
        self.info = {}  # facts one generator leaves for the next (ids by role, schedules...)

    @property
    def now(self) -> datetime:
        """The demo's "now": midnight UTC at the start of ``today``; nothing happens later."""
        return datetime.combine(self.today, time())

    def _key(self, topic: str) -> list[int]:
        return [self.seed, zlib.crc32(self.scale.name.encode()), zlib.crc32(topic.encode())]

    def rng(self, topic: str) -> np.random.Generator:
        """An independent numpy stream per topic, so one generator's draws never shift another's."""
        return np.random.default_rng(self._key(topic))

    def random(self, topic: str) -> random.Random:
        """An independent stdlib stream per topic, for choices among Python objects."""
        return random.Random("-".join(map(str, self._key(topic))))

    def next_id(self, table: str) -> int:
        return len(self.tables[table]) + 1

    def add(self, table: str, **values: Any) -> int:
        """Append one row with the next id and version 1; return the id."""
        rows = self.tables[table]
        row_id = len(rows) + 1
        rows.append({"id": row_id, "uid": "", "version": 1, **values})
        return row_id

    def finish(self) -> DemoData:
        """Give every row its uid and hand the tables over."""
        for name, rows in self.tables.items():
            if rows:
                for row, uid in zip(
                    rows, uid_strings(self.rng("uid:" + name), len(rows)), strict=True
                ):
                    row["uid"] = uid
        return DemoData(self.tables)
