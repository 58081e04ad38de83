"""The ``import-tickets``, ``import-surveys`` and ``import-plan`` commands (csv, xlsx, plans)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli_common import DB_HELP, EXIT_OK, Command, _open, _refuse
from .domain.errors import DomainError


def add_commands(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    commands: dict[str, Command] | None = None,
) -> None:
    """Add ``import-tickets``, ``import-surveys`` and ``import-plan``."""
    tickets = _flat_file_parser(
        subparsers, "import-tickets", "tickets",
        "add or update a service's tickets from a ServiceNow/Jira export",
    )  # fmt: skip
    tickets.add_argument("--mapping", metavar="NAME", help="read the columns with a saved mapping")
    tickets.add_argument(
        "--column", action="append", default=[], metavar="FIELD=HEADER",
        help="read FIELD from the column HEADER (FIELD= leaves it unread); repeatable",
    )  # fmt: skip
    tickets.add_argument("--save-mapping", metavar="NAME", help="save the columns used as NAME")
    _flat_file_parser(
        subparsers, "import-surveys", "survey",
        "add or update a service's survey responses (CSAT, NPS, CES, ...)",
    )  # fmt: skip
    plan = subparsers.add_parser(
        "import-plan", help="add a project from MS Project XML (.xml) or GanttProject (.gan)"
    )
    plan.add_argument("--db", help=DB_HELP, default=argparse.SUPPRESS)
    plan.add_argument(
        "--project", metavar="CODE",
        help="the new project's code, or an existing project without tasks to fill",
    )  # fmt: skip
    plan.add_argument("source", type=Path, metavar="FILE.xml|FILE.gan", help="the plan to read")
    plan.add_argument("--dry-run", action="store_true", help="print the plan; change nothing")
    if commands is not None:
        commands.update(COMMANDS)


def _flat_file_parser(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    noun: str,
    help_text: str,
) -> argparse.ArgumentParser:
    """A command reading one service's rows from a csv or xlsx export (tickets, surveys)."""
    parser: argparse.ArgumentParser = subparsers.add_parser(name, help=help_text)
    parser.add_argument("--db", help=DB_HELP, default=argparse.SUPPRESS)
    parser.add_argument("--service", required=True, metavar="CODE", help="the service (SVC-001)")
    parser.add_argument(
        "source", type=Path, metavar="FILE.csv|FILE.xlsx", help=f"the {noun} export to read"
    )
    parser.add_argument(
        "--dates", choices=("dmy", "mdy"), help="day-first or month-first text dates"
    )
    parser.add_argument("--dry-run", action="store_true", help="print the counts; change nothing")
    return parser


def cmd_import_tickets(args: argparse.Namespace) -> int:
    """Exit 0 when rows were imported (skipped rows on stderr); 1 when refused, nothing changed."""
    from .exchange.ticket_mapping import (
        column_option,
        full_mapping,
        load_ticket_mapping,
        save_ticket_mapping,
    )
    from .exchange.tickets import import_tickets

    name = args.source.name
    store = _open(args)
    try:
        saved = load_ticket_mapping(args.mapping) if args.mapping else None
        columns = dict(saved.columns) if saved else {}
        columns.update(column_option(text) for text in args.column)
        dates = args.dates or (saved.dates if saved else None)
        result = import_tickets(
            store, args.source, args.service, dates=dates, dry_run=args.dry_run,
            mapping=columns or None,
        )  # fmt: skip
        if args.save_mapping:
            path = save_ticket_mapping(full_mapping(result.columns, dates), args.save_mapping)
            print(f"Saved the mapping {args.save_mapping!r} ({path}).")
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


def cmd_import_surveys(args: argparse.Namespace) -> int:
    """Exit 0 when rows were imported (refused rows listed on stderr), 1 when none could be."""
    from .exchange.surveys import import_surveys

    name = args.source.name
    store = _open(args)
    try:
        plan = import_surveys(
            store, args.source, args.service, dates=args.dates, dry_run=args.dry_run
        )
    except DomainError as exc:  # ExchangeError included: nothing was changed
        return _refuse(exc, name)
    finally:
        store.close()
    for note in plan.notes:
        print(f"Note: {note}")
    for refusal in plan.refused:
        print(refusal.where(name), file=sys.stderr)
    print(f"{plan.summary()}.")
    if args.dry_run:
        print("Dry run: nothing was changed.")
    return EXIT_OK


def cmd_import_plan(args: argparse.Namespace) -> int:
    """Exit 0 when the plan was added (or a dry run planned); 1 when refused, nothing changed."""
    from .exchange.plan_files.apply import apply_plan_file
    from .exchange.plan_files.importer import plan_plan_file, read_plan_file

    name = args.source.name
    try:
        read = read_plan_file(args.source)
    except DomainError as exc:  # not a plan, hostile, unreadable: the store is not opened
        return _refuse(exc, name)
    store = _open(args)
    try:
        plan = plan_plan_file(store, read, args.source, project=args.project)
        print(plan.summary())
        if args.dry_run:
            print("Dry run: nothing was changed.")
            return EXIT_OK
        operation = apply_plan_file(store, plan)
    except DomainError as exc:  # ExchangeError included: nothing was changed
        return _refuse(exc, name)
    finally:
        store.close()
    what = "Added project" if plan.project_id is None else "Added to project"
    print(
        f"{what} {operation.project_code}: {len(plan.tasks)} task(s), "
        f"{len(plan.links)} dependency(ies), {len(plan.new_people)} new person(s) "
        "(one undo step)."
    )
    return EXIT_OK


COMMANDS: dict[str, Command] = {
    "import-tickets": cmd_import_tickets,
    "import-surveys": cmd_import_surveys,
    "import-plan": cmd_import_plan,
}
