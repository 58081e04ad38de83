"""Import survey responses (CSAT, NPS, CES, SERVQUAL) from csv or xlsx into a service.

Plan, then apply, like tickets: :func:`plan_surveys` reads every row and says what would
change; :func:`survey_macro` is the import as one operation (one undo step). A response is
known again by a stable uid made from the service and its response id (or, without one,
its respondent and date), so re-importing a file updates and never duplicates. A cell out
of its scale refuses its row, reported as ``file:row:column: message``; the rest imports.
A respondent naming a customer of the workbench (code or name) is linked to it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from sqlalchemy import func, select

from ..domain.errors import DomainError
from ..domain.validation import validate
from ..operations import Macro, run
from ..store import Store
from ..store.rows import table
from .archive import check_workbook_file
from .bulk_rows import ImportRows, RowChange
from .errors import ExchangeError
from .flat_files import (
    DateOrder,
    Progress,
    blank,
    inspect_dates,
    parse_datetime,
    read_table,
    settle_order,
    step,
)
from .survey_rows import SCORES, find_header, label, parse_score

STORED = ("service_id", "customer_id", "responded_on", *SCORES, "comment")
_NAMESPACE = uuid.UUID("6f1d2c1e-5b0a-4c55-9a51-2f6b3f0e7a11")  # survey response uids


@dataclass(frozen=True)
class Refusal:
    """A row left out: its 1-based line, 0-based column (-1: the whole row) and why."""

    line: int
    column: int
    message: str

    def where(self, file_name: str) -> str:
        """``file:row:column: message`` (DESIGN.md section 5)."""
        column = f":{get_column_letter(self.column + 1)}" if self.column >= 0 else ""
        return f"{file_name}:{self.line}{column}: {self.message}"


@dataclass
class SurveyPlan:
    """What a survey import will do (or, after :func:`import_surveys`, did)."""

    file_name: str = ""
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[Refusal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # our field -> header in the file
    date_order: DateOrder = field(default_factory=lambda: DateOrder(None, True))
    read_rows: int = 0
    operation: ImportRows | None = None
    macro: Macro | None = None

    @property
    def is_empty(self) -> bool:
        return self.operation is None

    def summary(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.refused)} refused"
        )


def _lookup(store: Store, kind_table: str) -> tuple[dict[str, int], dict[int, str]]:
    """Code and lower-case name -> id, and id -> uid, of services or customers."""
    t = table(kind_table)
    keys: dict[str, int] = {}
    uids: dict[int, str] = {}
    with store.session() as session:
        for row in session.execute(select(t.c.id, t.c.uid, t.c.code, t.c.name)):
            keys.setdefault(str(row.name).strip().casefold(), row.id)
            keys[str(row.code).strip().casefold()] = row.id
            uids[row.id] = row.uid
    return keys, uids


def _existing(store: Store, uids: list[str]) -> dict[str, dict[str, Any]]:
    t = table("survey_responses")
    found: dict[str, dict[str, Any]] = {}
    with store.session() as session:
        for start in range(0, len(uids), 500):
            query = select(t).where(t.c.uid.in_(uids[start : start + 500]))
            found.update({r.uid: dict(r._mapping) for r in session.execute(query)})
    return found


def _response_uid(service_uid: str, values: dict[str, Any], raw: dict[str, Any]) -> str:
    ident = raw.get("response_id")
    if not blank(ident):
        key = f"id:{str(ident).strip()}"
    elif not blank(raw.get("respondent")):
        key = f"who:{str(raw['respondent']).strip().casefold()}:{values['responded_on']}"
    else:  # nothing names it: the whole answer does
        key = "row:" + "|".join(f"{k}={values.get(k)}" for k in STORED[2:])
    return str(uuid.uuid5(_NAMESPACE, f"{service_uid}:{key}"))


def _read(
    path: Path, dates: str | None, guess: bool
) -> tuple[SurveyPlan, list[Any], dict[str, int], int]:
    table_rows = read_table(path, "survey responses")
    header = find_header(table_rows)
    if header is None:
        raise ExchangeError(
            f"{path.name}: no header row names a date and a score "
            "(CSAT, NPS, CES or SERVQUAL expectation/perception)."
        )
    at, columns = header
    heads = table_rows[at]
    plan = SurveyPlan(path.name, columns={f: str(heads[i]) for f, i in columns.items()})
    body = [(n, r) for n, r in enumerate(table_rows[at + 1 :], start=at + 2)]
    body = [(n, r) for n, r in body if any(not blank(c) for c in r)]
    at_date = columns["date"]
    texts = [r[at_date] for _, r in body if at_date < len(r) and isinstance(r[at_date], str)]
    plan.date_order = settle_order(inspect_dates(texts), dates, path.name, guess=guess)
    plan.read_rows = len(body)
    return plan, body, columns, at


def plan_surveys(
    store: Store,
    path: str | Path,
    service_code: str,
    *,
    dates: str | None = None,
    guess_dates: bool = False,
    progress: Progress | None = None,
) -> SurveyPlan:
    """Read ``path`` and plan its responses into ``service_code`` (or a Service column's)."""
    file = Path(path)
    services, service_uids = _lookup(store, "services")
    customers, _ = _lookup(store, "customers")
    home = services.get(service_code.strip().casefold())
    if home is None:
        raise ExchangeError(f"Unknown service code {service_code!r}.")
    if file.suffix.lower() in (".xlsx", ".xlsm"):
        check_workbook_file(file)
    plan, body, columns, _at = _read(file, dates, guess_dates)
    step(progress, 0.3)
    planned: list[tuple[int, str, dict[str, Any]]] = []
    strangers: set[str] = set()
    for n, (line, row) in enumerate(body):
        if n % 2000 == 0:
            step(progress, 0.3 + 0.5 * n / max(len(body), 1))
        raw = {f: (row[i] if i < len(row) else None) for f, i in columns.items()}
        try:
            values = _values(raw, columns, plan.date_order.order, services, home)
        except _CellError as exc:
            plan.refused.append(Refusal(line, exc.column, exc.message))
            continue
        who = raw.get("respondent")
        if not blank(who):
            values["customer_id"] = customers.get(str(who).strip().casefold())
            if values["customer_id"] is None:
                strangers.add(str(who).strip())
        uid = _response_uid(service_uids[values["service_id"]], values, raw)
        planned.append((line, uid, values))
    if strangers:
        plan.notes.append(
            f"{len(strangers)} respondent(s) are not customers of the workbench "
            "(by code or name); their responses are imported without a customer."
        )
    _plan_rows(store, plan, planned)
    if body and not planned:
        first = plan.refused[0]
        raise ExchangeError(f"No response could be imported ({first.where(file.name)}).")
    step(progress, 1.0)
    return plan


class _CellError(Exception):
    def __init__(self, column: int, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


def _values(
    raw: dict[str, Any], columns: dict[str, int], order: str | None,
    services: dict[str, int], home: int,
) -> dict[str, Any]:  # fmt: skip
    values: dict[str, Any] = {"service_id": home}
    service = raw.get("service")
    if not blank(service):
        found = services.get(str(service).strip().casefold())
        if found is None:
            raise _CellError(columns["service"], f"Unknown service {str(service).strip()!r}.")
        values["service_id"] = found
    try:
        when = parse_datetime(raw["date"], order)
    except ValueError as exc:
        raise _CellError(columns["date"], f"The date {exc}.") from exc
    if when is None:
        raise _CellError(columns["date"], "The date is missing.")
    values["responded_on"] = when.date()
    for f in SCORES:
        if f in raw:
            try:
                values[f] = parse_score(f, raw[f])
            except ValueError as exc:
                raise _CellError(columns[f], str(exc)) from exc
    if all(values.get(f) is None for f in SCORES):
        raise _CellError(-1, "No score in this row.")
    comment = raw.get("comment")
    values["comment"] = None if blank(comment) else str(comment).strip()
    return values


def _plan_rows(
    store: Store, plan: SurveyPlan, planned: list[tuple[int, str, dict[str, Any]]]
) -> None:
    existing = _existing(store, [uid for _, uid, _ in planned])
    new_rows: list[dict[str, Any]] = []
    changes: list[RowChange] = []
    seen: set[str] = set()
    for line, uid, values in planned:
        try:
            if uid in seen:
                raise DomainError("This response appears twice in the file (same id).")
            seen.add(uid)
            current = existing.get(uid)
            if current is None:
                validate("survey", {**values, "uid": uid})
                new_rows.append({**values, "uid": uid})
                continue
            new = {k: v for k, v in values.items() if k in STORED and current.get(k) != v}
            if not new:
                plan.unchanged += 1
                continue
            validate("survey", new, current)
            old = {k: current[k] for k in new}
            changes.append(RowChange(int(current["id"]), int(current["version"]), old, new))
        except DomainError as exc:
            text = " ".join(p.message for p in exc.problems) or str(exc)
            plan.refused.append(Refusal(line, -1, text))
    plan.added, plan.updated = len(new_rows), len(changes)
    if new_rows or changes:
        label_ = f"Import {len(new_rows) + len(changes)} survey responses from {plan.file_name}"
        plan.operation = ImportRows("survey", label_, new_rows, changes)


def survey_macro(plan: SurveyPlan) -> Macro:
    """The planned import as one operation (one undo step)."""
    ops = [plan.operation] if plan.operation is not None else []
    return Macro(ops[0].label if ops else f"Import survey responses from {plan.file_name}", ops)


def import_surveys(
    store: Store,
    path: str | Path,
    service_code: str,
    *,
    dates: str | None = None,
    dry_run: bool = False,
) -> SurveyPlan:
    """Plan ``path`` into ``service_code`` and apply it (unless ``dry_run``) as one step."""
    plan = plan_surveys(store, path, service_code, dates=dates)
    if plan.operation is not None and not dry_run:
        plan.macro = survey_macro(plan)
        run(store, plan.macro)
    return plan


def count_responses(store: Store, service_id: int | None = None) -> int:
    """How many survey responses are stored (of one service), for previews and tests."""
    t = table("survey_responses")
    query = select(func.count()).select_from(t)
    if service_id is not None:
        query = query.where(t.c.service_id == service_id)
    with store.session() as session:
        return int(session.execute(query).scalar_one())


__all__ = ["Refusal", "SurveyPlan", "import_surveys", "label", "plan_surveys", "survey_macro"]
