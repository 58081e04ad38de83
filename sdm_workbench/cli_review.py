"""The ``review-start`` and ``review-pack`` commands (DESIGN.md section 5), wired in by ``cli.py``.

``review-pack`` writes ``REV-008-review-pack.xlsx`` and ``.pdf`` into ``--out`` (the latest
review with a snapshot when no ``--review`` is given); the PDF is drawn by Qt, imported
lazily and offscreen. Exit codes: 0 done; 1 refused (no such review, unknown scope code,
a file that cannot be written), with the reason on stderr; 2 usage (argparse).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from .domain.errors import DomainError

EXIT_OK, EXIT_REJECTED = 0, 1
DB_HELP = "workbench file or database URL (default: the file in your user data folder)"

Command = Callable[[argparse.Namespace], int]


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-31") from None


def add_commands(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    commands: dict[str, Command] | None = None,
) -> None:
    """Add ``review-start`` and ``review-pack``; their functions go to ``commands``."""
    start = subparsers.add_parser(
        "review-start", help="start a review: its scope and a snapshot as of its date"
    )
    start.add_argument("--db", help=DB_HELP, default=argparse.SUPPRESS)
    start.add_argument(
        "--scope", required=True, help="comma-separated codes: SVC-001,PRJ-002,CUS-003"
    )
    start.add_argument("--date", type=_date, help="held on YYYY-MM-DD (default: today)")
    start.add_argument("--title", help="the review's title")
    pack = subparsers.add_parser("review-pack", help="write a review's pack (.xlsx and .pdf)")
    pack.add_argument("--db", help=DB_HELP, default=argparse.SUPPRESS)
    pack.add_argument("--review", metavar="CODE_OR_ID", help="REV-004 or an id (default: latest)")
    pack.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write to")
    if commands is not None:
        commands.update(COMMANDS)


def _fail(message: str) -> int:
    print(f"sdm-workbench: {message}", file=sys.stderr)
    return EXIT_REJECTED


def cmd_review_start(args: argparse.Namespace) -> int:
    from .analytics.review_snapshot import scope_from_codes
    from .cli import open_store  # late: cli.py imports this module
    from .operations import run
    from .operations.reviews import StartReview

    store = open_store(args.db)
    try:
        with store.session() as session:
            scope = scope_from_codes(session, args.scope.split(","))
        operation = run(store, StartReview(scope, args.date or date.today(), args.title))
    except DomainError as exc:
        return _fail(str(exc))
    finally:
        store.close()
    print(f"{operation.label} ({store.describe()})")
    return EXIT_OK


def cmd_review_pack(args: argparse.Namespace) -> int:
    from .analytics.review_history import load_review
    from .analytics.review_model import SnapshotFormatError
    from .cli import open_store
    from .exchange import ExchangeError
    from .exchange.review_pack import pack_name, write_review_xlsx

    store = open_store(args.db)
    try:
        with store.session() as session:
            review = load_review(session, args.review)
    except (DomainError, SnapshotFormatError) as exc:
        return _fail(str(exc))
    finally:
        store.close()
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        xlsx = write_review_xlsx(review, args.out / pack_name(review, ".xlsx"))
        from .gui.review.pack_pdf import write_review_pdf  # draws: Qt only when needed
        from .gui.screenshot import application

        application()
        pdf = write_review_pdf(review, args.out / pack_name(review, ".pdf"))
    except (OSError, ExchangeError) as exc:
        return _fail(f"the review pack could not be written: {exc}")
    print(f"Wrote {xlsx}")
    print(f"Wrote {pdf}")
    return EXIT_OK


COMMANDS: dict[str, Command] = {"review-start": cmd_review_start, "review-pack": cmd_review_pack}
