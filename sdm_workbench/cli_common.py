"""What the exchange commands share: exit codes, the ``--db`` help and refusing a file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from .domain.errors import DomainError
from .exchange import CellIssue, ExchangeError

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
DB_HELP = "workbench file or database URL (default: the file in your user data folder)"

Command = Callable[[argparse.Namespace], int]


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
    from .cli import open_store  # late: cli.py imports this module (via cli_exchange)

    return open_store(getattr(args, "db", None))
