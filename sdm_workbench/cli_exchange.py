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
from datetime import date
from pathlib import Path

from .cli_common import DB_HELP, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, Command, _open, _refuse
from .cli_imports import COMMANDS as IMPORT_COMMANDS
from .cli_imports import add_commands as add_import_commands
from .domain.errors import DomainError
from .exchange import apply_plan, export_workbook, plan_import
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
    add_import_commands(subparsers)
    if commands is not None:
        commands.update(COMMANDS)


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


COMMANDS: dict[str, Command] = {
    "export": cmd_export,
    "import": cmd_import,
    **IMPORT_COMMANDS,
}
