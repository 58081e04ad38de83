"""Plain inputs of the SLA clock: ticket and pause columns, targets, and which SLA applies.

Everything is numpy columns or small frozen dataclasses built from row mappings, so the
clock never sees a database session. Missing ids are ``-1``; missing instants are NaT.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sdm_workbench.domain.enums import SlaMetric, SlaStatus, TargetUnit

from .calendar import BusinessCalendar

I64 = NDArray[np.int64]
Instants = NDArray[np.datetime64]
InstantsLike = ArrayLike | Sequence[Any]  # datetime64, datetimes, or None for "not yet"

# Units the clock can measure, as (minutes per unit or None = per business day, business?).
# "minutes" and "hours" run on the 24x7 clock; the business units on the SLA's calendar.
CLOCK_UNITS: dict[str, tuple[float | None, bool]] = {
    TargetUnit.MINUTES: (1.0, False),
    TargetUnit.HOURS: (60.0, False),
    TargetUnit.BUSINESS_HOURS: (60.0, True),
    TargetUnit.BUSINESS_DAYS: (None, True),
}
CLOCK_METRICS = (SlaMetric.RESPONSE_TIME, SlaMetric.RESOLUTION_TIME)


def _ids(values: ArrayLike) -> I64:
    return np.asarray(values, dtype=np.int64)


def _instants(values: InstantsLike) -> Instants:
    arr = np.asarray(values)
    if arr.dtype.kind != "M":
        arr = np.array([np.datetime64("NaT") if v is None else v for v in arr.ravel()])
        arr = arr.astype("datetime64[m]")
    return arr.astype("datetime64[m]", copy=False)


@dataclass(frozen=True)
class TicketColumns:
    """One entry per ticket. Instants are naive UTC as ``datetime64[m]`` (NaT = not yet).

    ``sla`` is the id of the SLA that applies (see :func:`pick_sla`), -1 for none.
    """

    ids: I64
    priority: I64
    opened: Instants
    first_response: Instants
    resolved: Instants
    sla: I64

    def __post_init__(self) -> None:
        n = len(self.ids)
        for name in ("priority", "opened", "first_response", "resolved", "sla"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"TicketColumns.{name} has not {n} entries like ids.")

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(
        cls,
        ids: ArrayLike,
        priority: ArrayLike,
        opened: InstantsLike,
        first_response: InstantsLike,
        resolved: InstantsLike,
        sla: ArrayLike,
    ) -> TicketColumns:
        """Columns from array-likes (datetimes, datetime64 or None for instants)."""
        return cls(
            _ids(ids),
            _ids(priority),
            _instants(opened),
            _instants(first_response),
            _instants(resolved),
            _ids(sla),
        )

    @classmethod
    def from_rows(
        cls, rows: Iterable[Mapping[str, Any]], sla: ArrayLike | None = None
    ) -> TicketColumns:
        """Columns from ``tickets`` rows (``id``, ``priority``, ``opened_at``, ...).

        The SLA per ticket comes from ``sla`` or else each row's ``sla_id`` (-1 if absent).
        """
        rows = list(rows)
        return cls.build(
            [r["id"] for r in rows],
            [r.get("priority", 3) for r in rows],
            [r["opened_at"] for r in rows],
            [r.get("first_response_at") for r in rows],
            [r.get("resolved_at") for r in rows],
            [r.get("sla_id", -1) for r in rows] if sla is None else sla,
        )


@dataclass(frozen=True)
class PauseColumns:
    """Spans when a ticket's clock stops; ``ticket`` is a row index into TicketColumns.

    ``end`` NaT means still paused. Pauses may overlap; the clock merges them.
    """

    ticket: I64
    start: Instants
    end: Instants

    def __len__(self) -> int:
        return len(self.ticket)

    @classmethod
    def empty(cls) -> PauseColumns:
        return cls(np.zeros(0, np.int64), _instants([]), _instants([]))

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]], ticket_ids: ArrayLike) -> PauseColumns:
        """From ``ticket_pauses`` rows (``ticket_id``, ``start_at``, ``end_at``).

        Rows whose ticket is not among ``ticket_ids`` are left out.
        """
        position = {int(t): i for i, t in enumerate(np.asarray(ticket_ids).tolist())}
        rows = [r for r in rows if int(r["ticket_id"]) in position]
        return cls(
            np.array([position[int(r["ticket_id"])] for r in rows], dtype=np.int64),
            _instants([r["start_at"] for r in rows]),
            _instants([r.get("end_at") for r in rows]),
        )


@dataclass(frozen=True)
class TargetSpec:
    """One SLA target (a row of ``sla_targets``); ``priority`` None applies to all."""

    sla: int
    metric: str
    target: float
    unit: str
    comparator: str = "<="
    priority: int | None = None
    id: int = -1

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> TargetSpec:
        return cls(
            sla=int(row["sla_id"]),
            metric=str(row["metric"]),
            target=float(row["target"]),
            unit=str(row["unit"]),
            comparator=str(row.get("comparator") or "<="),
            priority=None if row.get("priority") is None else int(row["priority"]),
            id=int(row.get("id", -1)),
        )

    @property
    def is_clock_target(self) -> bool:
        """True for a response or resolution time in a unit of time."""
        return self.metric in CLOCK_METRICS and self.unit in CLOCK_UNITS


@dataclass(frozen=True)
class SlaRef:
    """What picking an SLA needs from an ``slas`` row."""

    id: int
    service_id: int
    customer_id: int | None = None
    status: str = SlaStatus.ACTIVE
    calendar_id: int | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> SlaRef:
        return cls(
            id=int(row["id"]),
            service_id=int(row["service_id"]),
            customer_id=row.get("customer_id"),
            status=str(row.get("status") or SlaStatus.ACTIVE),
            calendar_id=row.get("calendar_id"),
        )


def pick_sla(service: ArrayLike, customer: ArrayLike, slas: Sequence[SlaRef]) -> I64:
    """The SLA id per ticket (-1 for none), from its service and customer (-1 = none).

    An active SLA of the ticket's service for the ticket's customer wins; else the active
    SLA of the service without a customer. Among equals, the lowest SLA id.
    """
    service, customer = _ids(service), _ids(customer)
    active = sorted((s for s in slas if s.status == SlaStatus.ACTIVE), key=lambda s: s.id)
    result = np.full(service.shape, -1, dtype=np.int64)
    if not active:
        return result
    own = [-1 if s.customer_id is None else s.customer_id for s in active]
    width = max(int(customer.max(initial=-1)), *own) + 2
    keys = np.array([s.service_id * width + c + 1 for s, c in zip(active, own, strict=True)])
    keys, first = np.unique(keys, return_index=True)  # first occurrence = lowest id
    ids = np.array([s.id for s in active], dtype=np.int64)[first]
    for wanted in (service * width, service * width + customer + 1):  # general, then exact
        found = np.searchsorted(keys, wanted).clip(0, len(keys) - 1)
        hit = keys[found] == wanted
        result[hit] = ids[found[hit]]
    return result


def sla_calendars(
    slas: Sequence[SlaRef],
    service_calendar: Mapping[int, int | None],
    calendars: Mapping[int, BusinessCalendar],
) -> dict[int, BusinessCalendar]:
    """The calendar per SLA id: its own, else its service's, else 24x7 UTC."""
    result: dict[int, BusinessCalendar] = {}
    for sla in slas:
        calendar_id = sla.calendar_id
        if calendar_id is None:
            calendar_id = service_calendar.get(sla.service_id)
        calendar = calendars.get(calendar_id) if calendar_id is not None else None
        result[sla.id] = calendar or BusinessCalendar.always_open()
    return result
