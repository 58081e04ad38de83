"""Import ServiceNow / Jira incident exports (csv, xlsx) into one service's tickets.

Plan, then apply: :func:`plan_tickets` reads and checks every row and says what would
change (added / updated / unchanged / skipped with reasons, the column mapping, the date
order); :func:`ticket_macro` is the whole import as one operation (one transaction, one
undo step). Re-importing updates tickets by (service, external id) and never duplicates
them. Rows the domain refuses (say, resolved before opened) are skipped and reported with
their line; the import is refused only when every row fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import compress, filterfalse
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..domain.errors import DomainError
from ..domain.validation import validate
from ..operations import Macro, Operation, run
from ..store import Store
from ..store.gc_pause import paused_gc
from ..store.repository import find_by_code
from ..store.rows import table
from .archive import check_workbook_file
from .bulk_rows import ImportRows, NewRows, QuickCheck, RowChange
from .errors import ExchangeError
from .flat_files import DateOrder, Progress, step
from .ticket_rows import COLUMNS, collapse, read_tickets

__all__ = [
    "COLUMNS",
    "TicketImportResult",
    "TicketPlan",
    "import_tickets",
    "plan_tickets",
    "ticket_macro",
]

# Fields written to the ticket table (the rest only steer reading).
STORED = (
    "external_id",
    "title",
    "priority",
    "state",
    "category",
    "assignment_group",
    "opened_at",
    "resolved_at",
    "closed_at",
    "reassignment_count",
    "reopen_count",
)
STORED_SET = frozenset(STORED)
TITLE_LENGTH = 300
_CHECK = QuickCheck("ticket", ("service_id", *STORED))


@dataclass
class TicketPlan:
    """What an import will do (or, after :func:`import_tickets`, did)."""

    file_name: str = ""
    service_code: str = ""
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_with_reasons: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # our field -> header in the file
    date_order: DateOrder = field(default_factory=lambda: DateOrder(None, True))
    read_rows: int = 0
    headers: list[str] = field(default_factory=list)  # every header of the file, in order
    operation: ImportRows | None = None
    macro: Macro | None = None  # set once applied

    @property
    def skipped(self) -> int:
        return len(self.skipped_with_reasons)

    @property
    def is_empty(self) -> bool:
        return self.operation is None

    def summary(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.skipped} skipped"
        )


TicketImportResult = TicketPlan  # the name the CLI and older callers use


def service_id_of(store: Store, code: str) -> int:
    """The id of the service ``code``; ExchangeError when there is none."""
    with store.session() as session:
        found = find_by_code(session, "service", code.strip())
    if found is None:
        raise ExchangeError(f"Unknown service code {code!r}.")
    return found.id


def _existing(store: Store, service_id: int) -> dict[str, dict[str, Any]]:
    """The service's stored tickets by external id (typed values, with id and version)."""
    t = table("tickets")
    query = select(t.c.id, t.c.version, *(t.c[c] for c in STORED)).where(
        t.c.service_id == service_id
    )
    with store.session() as session:
        return {str(r.external_id): dict(r._mapping) for r in session.execute(query)}


def message_of(error: DomainError) -> str:
    return " ".join(p.message for p in error.problems) or str(error)


def _same(old: Any, new: Any) -> bool:
    return bool(old == new or (old is not None and new is not None and str(old) == str(new)))


def plan_tickets(
    store: Store,
    path: str | Path,
    service_code: str,
    *,
    dates: str | None = None,
    guess_dates: bool = False,
    progress: Progress | None = None,
    mapping: Mapping[str, str] | None = None,
) -> TicketPlan:
    """Read ``path`` and plan its tickets into the service ``service_code``; change nothing.

    ``dates`` ('dmy' or 'mdy') settles text dates the values cannot decide; without it,
    ``guess_dates`` reads them day-first (for a preview to confirm) instead of refusing.
    ``mapping`` (field -> header) corrects the built-in column names. Raises ExchangeError
    when the file or the service is refused or every row fails, and Cancelled when
    ``progress`` returns False.
    """
    with paused_gc():
        return _plan(store, Path(path), service_code, dates, guess_dates, progress, mapping)


def _plan(
    store: Store,
    file: Path,
    service_code: str,
    dates: str | None,
    guess_dates: bool,
    progress: Progress | None,
    mapping: Mapping[str, str] | None,
) -> TicketPlan:
    service_id = service_id_of(store, service_code)
    if file.suffix.lower() in (".xlsx", ".xlsm"):
        check_workbook_file(file)
    source = read_tickets(file, dates, guess=guess_dates, progress=progress, mapping=mapping)
    collapse(source)
    plan = TicketPlan(
        file.name, service_code.strip(), notes=list(source.notes), columns=source.columns,
        date_order=source.date_order, read_rows=source.read_rows, headers=source.headers,
    )  # fmt: skip
    count = len(source)
    values = {f: source.values[f] for f in STORED if f in source.values}
    titles = values.get("title")
    if titles is not None and max(map(len, filter(None, titles)), default=0) > TITLE_LENGTH:
        values["title"] = [
            t[:TITLE_LENGTH] if t is not None and len(t) > TITLE_LENGTH else t for t in titles
        ]
    step(progress, 0.6)
    existing = _existing(store, service_id)
    ids = values.get("external_id", [None] * count)
    skipped: list[tuple[int, str]] = [(source.lines[n], e) for n, e in source.errors.items()]
    if not source.errors and None not in ids and len(set(ids)) == count:
        # The usual export: every row read, each ticket once. Only the stored ones differ.
        updates = list(compress(range(count), map(existing.__contains__, ids))) if existing else []
        fresh = _others(count, updates)
    else:
        fresh, updates = [], []
        seen: set[str] = set()
        for n, value in enumerate(ids):
            if n in source.errors:
                continue
            key = str(value or "")
            if key in seen:
                skipped.append((source.lines[n], f"Ticket {key} appears twice in the file."))
                continue
            seen.add(key)
            (updates if key in existing else fresh).append(n)
    step(progress, 0.7)
    refused = set()
    for n in _CHECK.suspects({**values, "service_id": [service_id] * count}, fresh):
        try:
            validate("ticket", {**_row(values, n), "service_id": service_id})
        except DomainError as exc:  # the manager's message for this row
            skipped.append((source.lines[n], message_of(exc)))
            refused.add(n)
    if refused:
        fresh = [n for n in fresh if n not in refused]
    step(progress, 0.8)
    changes: list[RowChange] = []
    for n in updates:
        current = existing[str(ids[n] or "")]
        new = {k: v for k, v in _row(values, n).items() if not _same(current.get(k), v)}
        if not new:
            plan.unchanged += 1
            continue
        try:
            if _CHECK.suspect({**current, **new}):
                validate("ticket", new, current)
        except DomainError as exc:
            skipped.append((source.lines[n], message_of(exc)))
            continue
        old = {k: current[k] for k in new}
        changes.append(RowChange(int(current["id"]), int(current["version"]), old, new))
    plan.skipped_with_reasons = sorted(skipped, key=lambda s: s[0])
    if count and plan.skipped == count:
        line, reason = plan.skipped_with_reasons[0]
        raise ExchangeError(f"{file.name}: no row could be imported (line {line}: {reason}).")
    plan.added, plan.updated = len(fresh), len(changes)
    if fresh or changes:
        label = f"Import {len(fresh) + len(changes)} tickets from {file.name}"
        rows = NewRows.of(values, fresh if len(fresh) < count else None, service_id=service_id)
        plan.operation = ImportRows("ticket", label, rows, changes)
    step(progress, 1.0)
    return plan


def _others(count: int, taken: list[int]) -> list[int]:
    """The indices below ``count`` that are not in ``taken``."""
    if not taken:
        return list(range(count))
    return list(filterfalse(set(taken).__contains__, range(count)))


def _row(values: Mapping[str, list[Any]], n: int) -> dict[str, Any]:
    """Row ``n`` as a dict of its filled fields (empty cells change nothing)."""
    return {f: v for f, col in values.items() if (v := col[n]) is not None}


def ticket_macro(plan: TicketPlan) -> Macro:
    """The planned import as one operation (one undo step); empty when nothing changes."""
    operations: list[Operation] = [plan.operation] if plan.operation is not None else []
    label = plan.operation.label if plan.operation else f"Import tickets from {plan.file_name}"
    return Macro(label, operations)


def import_tickets(
    store: Store,
    path: str | Path,
    service_code: str,
    *,
    dates: str | None = None,
    dry_run: bool = False,
    mapping: Mapping[str, str] | None = None,
) -> TicketPlan:
    """Add or update the tickets of ``path`` in the service ``service_code``.

    ``dates`` ('dmy' or 'mdy') settles text dates the values cannot decide; ``mapping``
    (field -> header) corrects the built-in column names. Raises ExchangeError (nothing
    changed) when the file or the service is refused, or when every row fails.
    """
    plan = plan_tickets(store, path, service_code, dates=dates, mapping=mapping)
    if plan.operation is not None and not dry_run:
        macro = ticket_macro(plan)
        run(store, macro)
        plan.macro = macro
    return plan
