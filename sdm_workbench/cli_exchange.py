"""The ``export`` and ``import`` commands (DESIGN.md section 5), wired in by ``cli.py``.

Exit codes: 0 done; 1 input refused or conflicts found (nothing changed; one
``file:sheet:row:column: message`` line per reason on stderr); 2 usage (argparse).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .domain.errors import DomainError
from .exchange import CellIssue, ExchangeError, apply_plan, export_workbook, plan_import

EXIT_OK, EXIT_REJECTED = 0, 1
DB_HELP = "workbench file or database URL (default: the file in your user data folder)"

Command = Callable[[argparse.Namespace], int]


def add_commands(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    commands: dict[str, Command] | None = None,
) -> None:
    """Add ``export``, ``import`` and ``import-tickets``; their functions go to ``commands``."""
    export = subparsers.add_parser(
        "export", help="write the portfolio to a stakeholder workbook (.xlsx)"
    )
    export.add_argument("--db", help=DB_HELP, default=argparse.SUPPRESS)
    export.add_argument("out", type=Path, metavar="OUT.xlsx", help="the workbook to write")

    imp = subparsers.add_parser(
        "import", help="bring an edited workbook back (plan, then apply as one step)"
    )
    imp.add_argument("--db", help=DB_HELP, default=argparse.SUPPRESS)
    imp.add_argument("source", type=Path, metavar="IN.xlsx", help="the workbook to read")
    imp.add_argument("--dry-run", action="store_true", help="print the plan; change nothing")
    imp.add_argument(
        "--delete-missing",
        action="store_true",
        help="delete exported rows that were removed from their sheet",
    )
    imp.add_argument(
        "--skip-conflicts",
        action="store_true",
        help="apply the rest when rows conflict (default: refuse the whole import)",
    )
    tickets = subparsers.add_parser(
        "import-tickets", help="add or update a service's tickets from a ServiceNow/Jira export"
    )
    tickets.add_argument("--db", help=DB_HELP, default=argparse.SUPPRESS)
    tickets.add_argument("--service", required=True, metavar="CODE", help="the service (SVC-001)")
    tickets.add_argument(
        "source", type=Path, metavar="FILE.csv|FILE.xlsx", help="the ticket export to read"
    )
    tickets.add_argument(
        "--dates", choices=("dmy", "mdy"), help="day-first or month-first text dates"
    )
    tickets.add_argument("--dry-run", action="store_true", help="print the counts; change nothing")
    if commands is not None:
        commands.update(COMMANDS)


def _refuse(error: DomainError, file_name: str) -> int:
    issues = (
        error.issues
        if isinstance(error, ExchangeError)
        else tuple(CellIssue("", 0, 0, p.message) for p in error.problems)
    )
    for issue in issues:
        print(issue.line(file_name), file=sys.stderr)
    return EXIT_REJECTED


def _open(args: argparse.Namespace) -> Any:
    from .cli import open_store  # late: cli.py imports this module

    return open_store(getattr(args, "db", None))


def cmd_export(args: argparse.Namespace) -> int:
    store = _open(args)
    try:
        result = export_workbook(store, args.out)
    except DomainError as exc:
        return _refuse(exc, args.out.name)
    finally:
        store.close()
    total = sum(result.rows.values())
    print(
        f"Wrote {result.path} ({total} rows in {len(result.rows)} sheets, {result.seconds:.1f} s)"
    )
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    name = args.source.name
    store = _open(args)
    try:
        plan = plan_import(store, args.source, delete_missing=args.delete_missing)
        print(plan.summary())
        if plan.conflicts and not args.skip_conflicts and not args.dry_run:
            for conflict in plan.conflicts:
                ref = conflict.ref
                where = ":".join(p for p in (name, ref.sheet, str(ref.row or "")) if p)
                print(f"{where}: {ref.label}: {conflict.reason}", file=sys.stderr)
            print(
                f"{name}: {len(plan.conflicts)} conflict(s); nothing was changed "
                "(use --skip-conflicts to apply the rest).",
                file=sys.stderr,
            )
            return EXIT_REJECTED
        if args.dry_run or plan.is_empty:
            print("Dry run: nothing was changed." if args.dry_run else "Nothing to change.")
            return EXIT_OK
        macro = apply_plan(store, plan)
    except DomainError as exc:  # ExchangeError included: nothing was changed
        return _refuse(exc, name)
    finally:
        store.close()
    print(f"Applied: {macro.label} ({len(macro.operations)} operation(s), one undo step).")
    return EXIT_OK


def cmd_import_tickets(args: argparse.Namespace) -> int:
    from .exchange.tickets import import_tickets

    name = args.source.name
    store = _open(args)
    try:
        result = import_tickets(
            store, args.source, args.service, dates=args.dates, dry_run=args.dry_run
        )
    except DomainError as exc:  # ExchangeError included: nothing was changed
        return _refuse(exc, name)
    finally:
        store.close()
    for note in result.notes:
        print(f"Note: {note}")
    for line, reason in result.skipped_with_reasons:
        print(f"{name}:{line}: skipped: {reason}", file=sys.stderr)
    print(
        f"{result.added} added, {result.updated} updated, {result.unchanged} unchanged, "
        f"{result.skipped} skipped."
    )
    if args.dry_run:
        print("Dry run: nothing was changed.")
    return EXIT_OK


COMMANDS: dict[str, Command] = {
    "export": cmd_export,
    "import": cmd_import,
    "import-tickets": cmd_import_tickets,
}
