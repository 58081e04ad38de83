"""What a review snapshot holds: frozen dataclasses that round-trip through JSON (format 1).

A :class:`Snapshot` is the picture a review meeting saw *as of* its date: per service its KPI
values with RAG, SLA attainment and the tickets that breached their SLA; per project its RAG,
% complete, earned value, budget and milestones; the RAID items and open actions in scope.
It is stored as JSON text in ``review_snapshots.payload`` and never recomputed, so the next
review can say "what changed since" (:mod:`.review_changes`).

Everything is plain data (ids, codes, names, numbers, ISO dates) in a deterministic order, so
the same snapshot always serialises to the same text. RAG and band values are the strings of
:class:`~.rag.Rag` and :class:`~.risk.Band` ("red", "amber", "green", "none"; "low", ...).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar

FORMAT_VERSION = 1
RAG_ORDER = ("red", "amber", "green", "none")  # worst first
ACTIVE_RAID = frozenset({"open", "monitoring"})
OPEN_ACTIONS = frozenset({"open", "in progress"})


@dataclass(frozen=True)
class ReviewScope:
    """The services, projects and customers a review covers (ids, sorted, no duplicates)."""

    service_ids: tuple[int, ...] = ()
    project_ids: tuple[int, ...] = ()
    customer_ids: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        for name in ("service_ids", "project_ids", "customer_ids"):
            object.__setattr__(self, name, tuple(sorted(set(getattr(self, name)))))

    def __bool__(self) -> bool:
        return bool(self.service_ids or self.project_ids or self.customer_ids)


@dataclass(frozen=True)
class KpiValue:
    """One KPI of one service or project in the snapshot's period."""

    key: str
    name: str
    unit: str
    direction: str
    value: float | None
    target: float | None
    rag: str


@dataclass(frozen=True)
class BreachedTicket:
    """A ticket past its SLA target (``metric`` is "response" or "resolution")."""

    id: int
    external_id: str
    priority: int
    metric: str
    due_at: datetime | None


@dataclass(frozen=True)
class ServiceStatus:
    id: int
    code: str
    name: str
    rag: str
    sla_attainment: float | None
    kpis: tuple[KpiValue, ...] = ()
    breaches: tuple[BreachedTicket, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"

    def kpi(self, key: str) -> KpiValue | None:
        return next((k for k in self.kpis if k.key == key), None)


@dataclass(frozen=True)
class EarnedValueFigures:
    """EVM at the snapshot date (DOMAIN.md); ratios None where undefined."""

    bac: float
    pv: float
    ev: float
    ac: float
    cpi: float | None
    spi: float | None
    eac: float | None


@dataclass(frozen=True)
class BudgetFigures:
    """Whole-life budget: planned total, actual to date, forecast at completion.

    The forecast takes each month's actual where booked, else its forecast, else its plan;
    ``variance`` = forecast - planned (positive = over budget), also as % of planned.
    """

    planned: float
    actual: float
    forecast: float
    variance: float
    variance_percent: float | None
    currency: str = "EUR"


Day = date  # Milestone has a field called ``date``: its other annotations use this name


@dataclass(frozen=True)
class Milestone:
    """A milestone's current date and its baseline date; ``done`` when 100 % complete."""

    id: int
    name: str
    date: Day
    baseline: Day | None
    done: bool

    @property
    def slip_days(self) -> int | None:
        """Days after the baseline (negative: ahead of it); None without a baseline."""
        return None if self.baseline is None else (self.date - self.baseline).days


@dataclass(frozen=True)
class ProjectStatus:
    id: int
    code: str
    name: str
    status: str
    rag: str
    percent_complete: float | None
    evm: EarnedValueFigures
    budget: BudgetFigures
    kpis: tuple[KpiValue, ...] = ()
    milestones: tuple[Milestone, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"

    def kpi(self, key: str) -> KpiValue | None:
        return next((k for k in self.kpis if k.key == key), None)


@dataclass(frozen=True)
class CustomerRef:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class RaidEntry:
    """A RAID item in scope; ``score``/``band`` are inherent, None when unrated."""

    id: int
    code: str
    type: str
    title: str
    status: str
    score: int | None
    band: str | None
    residual_score: int | None
    service_id: int | None
    project_id: int | None
    owner: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status in ACTIVE_RAID


@dataclass(frozen=True)
class ActionEntry:
    """An open action item (status open or in progress) as of the snapshot date."""

    id: int
    code: str
    title: str
    owner: str | None
    due_date: date | None
    status: str
    review_id: int | None
    service_id: int | None
    project_id: int | None
    raid_item_id: int | None

    def overdue(self, as_of: date) -> bool:
        return self.due_date is not None and self.due_date < as_of


@dataclass(frozen=True)
class Snapshot:
    """The frozen picture of one review's scope as of ``as_of``; see the module docstring."""

    as_of: date
    period: str
    scope: ReviewScope
    services: tuple[ServiceStatus, ...] = ()
    projects: tuple[ProjectStatus, ...] = ()
    customers: tuple[CustomerRef, ...] = ()
    raid: tuple[RaidEntry, ...] = ()
    actions: tuple[ActionEntry, ...] = ()
    format_version: int = field(default=FORMAT_VERSION)

    def to_dict(self) -> dict[str, Any]:
        encoded = _encode(self)
        assert isinstance(encoded, dict)
        return encoded

    def to_json(self) -> str:
        """Deterministic JSON text (sorted keys), as stored in ``review_snapshots.payload``."""
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Snapshot:
        version = data.get("format_version")
        if version != FORMAT_VERSION:
            raise SnapshotFormatError(
                f"This review snapshot has format {version!r}; this version of the workbench "
                f"reads format {FORMAT_VERSION} only."
            )
        decoded = _decode(cls, data)
        assert isinstance(decoded, Snapshot)
        return decoded

    @classmethod
    def from_json(cls, text: str) -> Snapshot:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SnapshotFormatError(f"This review snapshot is not readable JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise SnapshotFormatError("This review snapshot is not a JSON object.")
        return cls.from_dict(data)

    def service(self, service_id: int) -> ServiceStatus | None:
        return next((s for s in self.services if s.id == service_id), None)

    def project(self, project_id: int) -> ProjectStatus | None:
        return next((p for p in self.projects if p.id == project_id), None)

    def raid_of(
        self, *, service_id: int | None = None, project_id: int | None = None
    ) -> list[RaidEntry]:
        """The RAID items of one service or one project."""
        return [
            r
            for r in self.raid
            if (service_id is not None and r.service_id == service_id)
            or (project_id is not None and r.project_id == project_id)
        ]


class SnapshotFormatError(ValueError):
    """A stored payload this version cannot read (other format, damaged, an older demo)."""


def worst_rag(rags: typing.Iterable[str]) -> str:
    """The worst of some RAG strings ("none" when there is none to rate)."""
    seen = set(rags)
    return next((r for r in RAG_ORDER if r in seen), "none")


# ---- JSON codec: dataclasses <-> plain dicts, driven by the type hints above ----

T = TypeVar("T")


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 6)  # stable text, no float noise in the stored payload
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _decode(inner[0], value)
    if origin is tuple:
        return tuple(_decode(typing.get_args(hint)[0], v) for v in value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = _hints(hint)
        names = {f.name for f in dataclasses.fields(hint)}
        try:
            return hint(**{k: _decode(hints[k], v) for k, v in value.items() if k in names})
        except (TypeError, KeyError, ValueError, AttributeError) as exc:
            raise SnapshotFormatError(f"This review snapshot is damaged: {exc}") from exc
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if hint is float and not isinstance(value, int):  # an int stays one: same text back
        return float(value)
    return value
