"""Rotating copies of a SQLite workbench, taken with the online backup API."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .change_counter import start_new_epoch

KEEP_BACKUPS = 10
SCHEDULE = timedelta(hours=24)
_STAMP = "%Y%m%dT%H%M%S%f"


def copy_database(source: Path, target: Path) -> Path:
    """Consistent copy of ``source`` even while others write to it; never a half-written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    partial.replace(target)
    return target


def backups_of(source: Path, backup_dir: Path) -> list[Path]:
    """Backups of ``source``, newest first."""
    if not backup_dir.is_dir():
        return []
    found = list(backup_dir.glob(f"{source.stem}-*.sqlite"))
    return sorted(found, key=lambda p: p.name, reverse=True)


def make_backup(source: Path, backup_dir: Path, reason: str, keep: int = KEEP_BACKUPS) -> Path:
    """Copy ``source`` into ``backup_dir`` and drop the oldest copies beyond ``keep``."""
    stamp = datetime.now(UTC).strftime(_STAMP)
    target = copy_database(source, backup_dir / f"{source.stem}-{stamp}-{reason}.sqlite")
    for old in backups_of(source, backup_dir)[keep:]:
        old.unlink(missing_ok=True)
    return target


def backup_if_due(source: Path, backup_dir: Path, every: timedelta = SCHEDULE) -> Path | None:
    """The scheduled backup: one when the newest copy is older than ``every``."""
    existing = backups_of(source, backup_dir)
    if existing:
        age = datetime.now().timestamp() - existing[0].stat().st_mtime
        if age < every.total_seconds():
            return None
    return make_backup(source, backup_dir, "scheduled")


def restore_backup(backup: Path, target: Path) -> None:
    """Put ``backup`` in place of ``target``; the damaged file is kept beside it."""
    if target.exists():
        stamp = datetime.now(UTC).strftime(_STAMP)
        shutil.move(target, target.with_name(f"{target.name}.damaged-{stamp}"))
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    copy_database(backup, target)
    start_new_epoch(target)  # results cached before the restore must never pass for current
