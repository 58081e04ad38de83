"""Import ServiceNow / Jira incident exports (csv, xlsx) into one service's tickets.

Re-importing updates tickets by (service, external id) and never duplicates them. The
whole import is one ``Macro`` run in one transaction (one undo step). Rows the domain
refuses (say, resolved before opened) are skipped and reported with their line; the
import is refused only when every row fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.errors import DomainError
from ..domain.validation import validate
from ..operations import CreateRow, Macro, Operation, UpdateRow, run
from ..store import Store
from ..store.repository import find_by_code, list_rows
from .archive import check_workbook_file
from .errors import ExchangeError
from .ticket_rows import COLUMNS, collapse, read_tickets

__all__ = ["COLUMNS", "TicketImportResult", "import_tickets"]

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


@dataclass
class TicketImportResult:
    """What an import did (or, for a dry run, would do)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_with_reasons: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    macro: Macro | None = None

    @property
    def skipped(self) -> int:
        return len(self.skipped_with_reasons)

    def summary(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.skipped} skipped"
        )


def _service_id(store: Store, code: str) -> int:
    with store.session() as session:
        found = find_by_code(session, "service", code.strip())
    if found is None:
        raise ExchangeError(f"Unknown service code {code!r}.")
    return found.id


def _existing(store: Store, service_id: int) -> dict[str, dict[str, Any]]:
    with store.session() as session:
        rows = list_rows(session, "ticket", where={"service_id": service_id})
    return {str(r["external_id"]): dict(r.values) for r in rows}


def _message(error: DomainError) -> str:
    return " ".join(p.message for p in error.problems) or str(error)


def _same(old: Any, new: Any) -> bool:
    return bool(old == new or (old is not None and new is not None and str(old) == str(new)))


def import_tickets(
    store: Store,
    path: str | Path,
    service_code: str,
    *,
    dates: str | None = None,
    dry_run: bool = False,
) -> TicketImportResult:
    """Add or update the tickets of ``path`` in the service ``service_code``.

    ``dates`` ('dmy' or 'mdy') settles text dates the values cannot decide. Raises
    ExchangeError (nothing changed) when the file or the service is refused, or when
    every row fails.
    """
    file = Path(path)
    if dates not in (None, "dmy", "mdy"):
        raise ExchangeError(f"--dates must be dmy or mdy, not {dates!r}.")
    service_id = _service_id(store, service_code)
    if file.suffix.lower() in (".xlsx", ".xlsm"):
        check_workbook_file(file)
    source = read_tickets(file, dates)
    collapse(source)
    result = TicketImportResult(notes=list(source.notes))
    existing = _existing(store, service_id)
    operations: list[Operation] = []
    for row in source.rows:
        if "_error" in row.values:
            result.skipped_with_reasons.append((row.line, str(row.values["_error"])))
            continue
        values = {
            k: v for k, v in row.values.items() if k in STORED and (v is not None or k == "title")
        }
        if values.get("title") is not None:
            values["title"] = str(values["title"])[:300]
        current = existing.get(str(values.get("external_id") or ""))
        try:
            if current is None:
                validate("ticket", {**values, "service_id": service_id})
                operations.append(CreateRow("ticket", {**values, "service_id": service_id}))
                result.added += 1
                existing[str(values["external_id"])] = {**values, "_new": True}
                continue
            if current.get("_new"):
                raise DomainError(f"Ticket {values['external_id']} appears twice in the file.")
            changes = {k: v for k, v in values.items() if not _same(current.get(k), v)}
            if not changes:
                result.unchanged += 1
                continue
            validate("ticket", changes, current)
            operations.append(UpdateRow("ticket", int(current["id"]), changes))
            result.updated += 1
        except DomainError as exc:
            result.skipped_with_reasons.append((row.line, _message(exc)))
    if source.rows and result.skipped == len(source.rows):
        line, reason = result.skipped_with_reasons[0]
        raise ExchangeError(f"{file.name}: no row could be imported (line {line}: {reason}).")
    if operations and not dry_run:
        macro = Macro(f"Import {len(operations)} tickets from {file.name}", operations)
        run(store, macro)
        result.macro = macro
    return result
