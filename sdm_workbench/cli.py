"""The command line (DESIGN.md section 5): headless commands; no command opens the GUI."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from . import __version__
from .cli_exchange import add_commands as add_exchange_commands
from .cli_review import add_commands as add_review_commands
from .paths import user_paths
from .store import DamagedDatabaseError, NotAWorkbenchError, SchemaTooNewError, Store

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
VIEWS = (
    "overview",
    "services",
    "slas",
    "projects",
    "timeline",
    "budgets",
    "raid",
    "tickets",
    "surveys",
    "kpis",
    "reviews",
    "people",
    "presenter",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sdm-workbench",
        description="Services, SLAs, projects, budgets and risks in one offline workbench. "
        "Without a command, the workbench window opens.",
    )
    parser.add_argument("--version", action="version", version=f"sdm-workbench {__version__}")
    db_help = "workbench file or database URL (default: the file in your user data folder)"
    parser.add_argument("--db", help=db_help)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="fill an empty workbench with the demo portfolio")
    demo.add_argument("--db", help=db_help, default=argparse.SUPPRESS)
    demo.add_argument("--scale", choices=("small", "medium", "large"), default="small")
    demo.add_argument("--seed", type=int, default=1)

    kpi = commands.add_parser("kpi", help="every KPI per service and project, with RAG and trend")
    kpi.add_argument("--db", help=db_help, default=argparse.SUPPRESS)
    kpi.add_argument("--as-of", type=_parse_date, help="YYYY-MM-DD (default: today)")
    kpi.add_argument("--period", choices=("month", "quarter"), default="month")
    kpi.add_argument("--from", dest="start", type=_parse_date, help="custom range start")
    kpi.add_argument("--to", dest="end", type=_parse_date, help="custom range end (inclusive)")
    kpi.add_argument("--format", choices=("table", "json", "csv"), default="table")
    kpi.add_argument(
        "--scope",
        action="append",
        choices=("portfolio", "service", "sla", "customer", "project"),
        help="scopes to report (repeatable; default: portfolio, service and project)",
    )

    check = commands.add_parser("check", help="integrity and invariants report (exit 1 on any)")
    check.add_argument("--db", help=db_help, default=argparse.SUPPRESS)

    bench = commands.add_parser("bench", help="benchmarks against baselines measured alongside")
    bench.add_argument("--scale", choices=("small", "medium", "large"), action="append")
    bench.add_argument("--only", help="run only figures whose name contains this word")
    bench.add_argument("--json", action="store_true", help="print JSON for machines")

    shot = commands.add_parser("screenshot", help="render one view to a PNG, offscreen")
    shot.add_argument("--db", help=db_help, default=argparse.SUPPRESS)
    shot.add_argument("--view", choices=VIEWS, required=True)
    shot.add_argument("--size", default="1366x768", help="WIDTHxHEIGHT (default 1366x768)")
    shot.add_argument("--theme", choices=("light", "dark"), default="light")
    shot.add_argument("out", type=Path, help="the PNG to write")
    add_exchange_commands(commands, COMMANDS)
    add_review_commands(commands, COMMANDS)
    return parser


def open_store(db: str | None) -> Store:
    paths = user_paths().ensure()
    return Store.open(db or paths.default_database, backup_dir=paths.backup_dir)


def _fail(message: str) -> int:
    print(f"sdm-workbench: {message}", file=sys.stderr)
    return EXIT_REJECTED


def cmd_demo(args: argparse.Namespace) -> int:
    from . import demo

    store = open_store(args.db)
    try:
        demo.create_demo(store, scale=args.scale, seed=args.seed)
    except ValueError as exc:
        return _fail(str(exc))
    finally:
        store.close()
    print(f"Demo portfolio ({args.scale}, seed {args.seed}) written to {store.describe()}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from .store.invariants import check
    from .store.repository import counts

    store = open_store(args.db)
    try:
        problems = check(store)
        with store.session() as session:
            total = sum(counts(session).values())
    finally:
        store.close()
    for problem in problems:
        print(problem)
    if problems:
        return _fail(f"{len(problems)} problem(s) found in {store.describe()}")
    print(f"No problems found in {store.describe()} ({total} rows checked).")
    return EXIT_OK


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-31") from None


KPI_COLUMNS = ("scope", "scope_code", "key", "value", "unit", "rag", "target", "previous",
               "trend", "period")  # fmt: skip


def cmd_kpi(args: argparse.Namespace) -> int:
    from .analytics.kpi_inputs import load
    from .analytics.kpis import compute_kpis
    from .analytics.periods import Period

    period = None
    if args.start or args.end:
        if not (args.start and args.end) or args.end < args.start:
            print("sdm-workbench: give --from and --to, the end not before the start",
                  file=sys.stderr)  # fmt: skip
            return EXIT_USAGE
        period = Period(args.start, args.end)
    as_of = args.as_of or (args.end if period else date.today())
    store = open_store(args.db)
    try:
        inputs = load(store)
    finally:
        store.close()
    scopes = tuple(args.scope or ("portfolio", "service", "project"))
    results = compute_kpis(inputs, as_of, period=period, period_kind=args.period, scopes=scopes)
    if args.format == "json":
        period = results[0].period if results else None
        payload = {"as_of": as_of.isoformat(), "period": period,
                   "kpis": [r.as_dict() for r in results]}  # fmt: skip
        print(json.dumps(payload, indent=2))
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(KPI_COLUMNS)
        for r in results:
            row = r.as_dict()
            writer.writerow(["" if row[c] is None else row[c] for c in KPI_COLUMNS])
    else:
        print(f"{'scope':<10} {'code':<10} {'KPI':<38} {'value':>10} {'unit':<10} "
              f"{'RAG':<6} {'trend':<7} {'previous':>10}")  # fmt: skip
        for r in results:
            print(
                f"{r.scope:<10} {r.scope_code:<10} {r.name[:38]:<38} {_num(r.value):>10} "
                f"{r.unit[:10]:<10} {r.rag.value:<6} {r.trend.value:<7} {_num(r.previous):>10}"
            )
    return EXIT_OK


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:,.2f}"


def cmd_bench(args: argparse.Namespace) -> int:
    from . import bench

    figures = bench.run(args.scale or ["small"], only=args.only)
    if args.json:
        print(json.dumps(figures, indent=2))
        return EXIT_OK
    print(f"{'figure':<34} {'ours s':>9} {'baseline s':>11} {'ratio':>7}  goal   baseline")
    for f in figures:
        print(
            f"{f['name']:<34} {f['ours_s']:>9.3f} {f['baseline_s']:>11.3f} {f['ratio']:>7.2f}  "
            f"{f.get('goal') or '-':<6} {f['baseline']}"
        )
    return EXIT_OK


def _parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise SystemExit(f"sdm-workbench: --size must look like 1366x768, not {text!r}") from None
    return width, height


def cmd_screenshot(args: argparse.Namespace) -> int:
    size = _parse_size(args.size)
    store = open_store(args.db)
    try:
        from .gui.screenshot import render

        render(store, args.view, size, args.theme, args.out)
    finally:
        store.close()
    print(f"Wrote {args.out}")
    return EXIT_OK


COMMANDS = {
    "demo": cmd_demo,
    "check": cmd_check,
    "kpi": cmd_kpi,
    "bench": cmd_bench,
    "screenshot": cmd_screenshot,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        from .app import run_gui

        return run_gui(args.db)
    try:
        return COMMANDS[args.command](args)
    except (SchemaTooNewError, DamagedDatabaseError, NotAWorkbenchError) as exc:
        return _fail(str(exc))
