"""Child process entry of the storage benchmark (its peak memory is its own)."""

from __future__ import annotations

import sys

from .storage import child_main

raise SystemExit(child_main(sys.argv[1:]))
