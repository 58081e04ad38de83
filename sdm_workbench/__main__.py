"""``sdm-workbench`` and ``python -m sdm_workbench``."""

from __future__ import annotations

import signal
import sys

from .cli import main as cli_main


def main() -> None:
    if hasattr(signal, "SIGPIPE"):  # `sdm-workbench kpi | head` ends quietly, as Unix tools do
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(cli_main())


if __name__ == "__main__":
    main()
