"""The ``export`` and ``import`` commands (DESIGN.md section 5), wired in by ``cli.py``.

``import`` reads our own exports back (round trip) and, for a workbook without our
``_meta`` sheet, someone else's template (RAID log, risk register, budget, plan) into the
project or service given with ``--project``/``--service``.

Exit codes: 0 done; 1 input refused or conflicts found (nothing changed; one
``file:sheet:row:column: message`` line per reason on stderr); 2 usage (argparse, or a
template without ``--project``/``--service``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from .domain.errors import DomainError
from .exchange import CellIssue, ExchangeError, apply_plan, export_workbook, plan_import
from .exchange.reader import WorkbookReader
from .exchange.selection import Selection
from .exchange.templates import (
    apply_template,
    detect_mapping,
    find_parent,
    foreign_workbook,
    load_mapping,
    plan_template,
    save_mapping,
)

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
DB_HELP = "workbench file or database URL (default: the file in your user data folder)"

Command = Callable[[argparse.Namespace], int]


def add_commands(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    commands: dict[str, Command] | None = None,
) -> None:
    """Add ``export``, ``import``, ``import-tickets``, ``import-surveys`` and ``import-plan``."""
    export = subparsers.add_parser(
        "export", help="write the portfolio to a stakeholder workbook (.xlsx)"
    )
    export.add_argument("--db", help=DB_HELP, default=argparse.SUPPRESS)
    export.add_argument("out", type=Path, metavar="OUT.xlsx", help="the workbook to write")
    for option, noun in (("--services", "service"), ("--projects", "project"),
                         ("--customers", "customer")):  # fmt: skip
        export.add_argument(
            option, type=_codes, default=(), metavar="CODES",
            help=f"only these {noun} codes, comma-separated (e.g. {_EXAMPLE[noun]})",
        )  # fmt: skip
    export.add_argument("--from", dest="start", type=_day, help="events from this day (YYYY-MM-DD)")
    export.add_argument("--to", dest="end", type=_day, help="events up to this day (YYYY-MM-DD)")

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
    home = imp.add_mutually_exclusive_group()
    home.add_argument("--project", metavar="CODE", help="template rows go to this project")
    home.add_argument("--service", metavar="CODE", help="template rows go to this service")
    imp.add_argument("--mapping", metavar="NAME", help="read a template with a saved mapping")
    imp.add_argument(
        "--save-mapping", metavar="NAME", help="save the template mapping used under NAME"
    )
    imp.add_argument("--sheet", metavar="NAME", help="read only this sheet of a template")
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


_EXAMPLE = {"service": "SVC-001,SVC-004", "project": "PRJ-002", "customer": "CUS-001"}


def _codes(text: str) -> tuple[str, ...]:
    return tuple(code.strip() for code in text.split(",") if code.strip())


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-31") from None


def cmd_export(args: argparse.Namespace) -> int:
    store = _open(args)
    try:
        selection = Selection(
            services=args.services, projects=args.projects, customers=args.customers,
            start=args.start, end=args.end,
        )  # fmt: skip
        result = export_workbook(store, args.out, selection=selection)
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
    try:
        template = _template_options(args) or foreign_workbook(args.source)
    except DomainError as exc:  # unreadable, not a workbook, ...: nothing was changed
        return _refuse(exc, args.source.name)
    if template:
        return cmd_import_template(args)
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


def _template_options(args: argparse.Namespace) -> bool:
    return any(getattr(args, k, None) for k in ("project", "service", "mapping", "sheet"))


def cmd_import_template(args: argparse.Namespace) -> int:
    """A foreign template (no ``_meta``): detect or load the mapping, plan, then apply."""
    name = args.source.name
    store = _open(args)
    try:
        saved = load_mapping(args.mapping) if args.mapping else None
        if not (args.project or args.service):
            reader = WorkbookReader(args.source)
            try:
                print(detect_mapping(reader, saved, args.sheet).describe())
            finally:
                reader.close()
            print(
                f"{name} is not a workbook exported by SDM Workbench: give its rows a home "
                "with --project CODE or --service CODE.",
                file=sys.stderr,
            )
            return EXIT_USAGE
        parent = find_parent(store, args.project, args.service)
        plan = plan_template(store, args.source, parent, saved=saved, sheet=args.sheet)
        if args.save_mapping:
            path = save_mapping(plan.mapping, args.save_mapping)
            print(f"Saved mapping {plan.mapping.name!r} ({path}).")
        if args.dry_run:
            print(plan.mapping.describe())
        print(plan.summary())
        if args.dry_run or plan.is_empty:
            print("Dry run: nothing was changed." if args.dry_run else "Nothing to change.")
            return EXIT_OK
        macro = apply_template(store, plan)
    except DomainError as exc:  # ExchangeError included: nothing was changed
        return _refuse(exc, name)
    finally:
        store.close()
    print(f"Applied: {macro.label} ({len(macro.operations)} operation(s), one undo step).")
    return EXIT_OK


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
    "export": cmd_export,
    "import": cmd_import,
    "import-tickets": cmd_import_tickets,
    "import-surveys": cmd_import_surveys,
    "import-plan": cmd_import_plan,
}
