"""Look at a file before loading it as a workbook: refuse what is not a sane, plain .xlsx.

Refused with a message a manager can act on: a missing or empty file, an oversized one, an
old binary .xls, a password-protected workbook (Excel stores those as an encrypted OLE2
container), a truncated or damaged zip, a zip that is not a workbook (e.g. a Word file), an
encrypted zip entry, and a "zip bomb" that would unpack to far more than any portfolio.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from .errors import ExchangeError

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_UNPACKED_BYTES = 3 * 1024 * 1024 * 1024
MAX_ENTRIES = 20_000
MAX_RATIO = 200  # unpacked / packed size of a single large entry

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def check_workbook_file(path: str | Path) -> Path:
    """Return ``path`` when it looks like a readable .xlsx; raise ExchangeError otherwise."""
    file = Path(path)
    try:
        return _check(file)
    except OSError as exc:
        raise ExchangeError(f"{file.name} cannot be read ({exc.strerror or exc}).") from exc


def check_size(file: Path, limit: int | None = None) -> None:
    """Refuse a missing, empty or oversized file (over ``limit``, by default a workbook's
    :data:`MAX_FILE_BYTES`) before anything reads it."""
    limit = MAX_FILE_BYTES if limit is None else limit
    if not file.is_file():
        raise ExchangeError(f"Could not read {file.name}: no such file ({file}).")
    size = file.stat().st_size
    if size == 0:
        raise ExchangeError(f"{file.name} is empty.")
    if size > limit:
        raise ExchangeError(
            f"{file.name} is too large to import ({_megabytes(size)}; at most {_megabytes(limit)})."
        )


def _check(file: Path) -> Path:
    name = file.name
    check_size(file)
    with open(file, "rb") as handle:
        head = handle.read(8)
        if head == _OLE2:
            body = head + handle.read(1024 * 1024)
            if _ENCRYPTION_INFO in body:
                raise ExchangeError(
                    f"{name} is protected with a password. Save a copy without a password "
                    "(File > Info > Protect Workbook) and import that."
                )
            raise ExchangeError(
                f"{name} is an old Excel 97-2003 workbook (.xls). "
                "Save it as an Excel Workbook (.xlsx) and import that."
            )
    if not head.startswith(_ZIP):
        raise ExchangeError(
            f"{name} is not an Excel workbook (.xlsx); it may be a CSV or another kind of file."
        )
    _check_zip(file, name)
    return file


def _check_zip(file: Path, name: str) -> None:
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ExchangeError(
            f"{name} is damaged or incomplete (its zip archive cannot be read: {exc}). "
            "Was it copied or downloaded completely?"
        ) from exc
    names = {entry.filename for entry in entries}
    if len(entries) > MAX_ENTRIES:
        raise ExchangeError(f"{name} holds too many parts ({len(entries)}) to be a workbook.")
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise ExchangeError(f"{name} is encrypted; save a copy without a password.")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED_BYTES or any(
        entry.file_size > 10 * 1024 * 1024
        and entry.file_size > MAX_RATIO * max(entry.compress_size, 1)
        for entry in entries
    ):
        raise ExchangeError(
            f"{name} would unpack to {_megabytes(unpacked)}, far more than a workbook "
            "should; it was not opened."
        )
    if "[Content_Types].xml" not in names or not any(
        n.startswith("xl/") and n.endswith("workbook.xml") for n in names
    ):
        what = "a Word document" if "word/document.xml" in names else "a zip archive"
        raise ExchangeError(f"{name} is {what}, not an Excel workbook (.xlsx).")
    if "xl/workbook.bin" in names:
        raise ExchangeError(f"{name} is a binary workbook (.xlsb); save it as .xlsx.")
