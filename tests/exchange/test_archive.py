"""Files that are not sane workbooks are refused with a clear message, before any parsing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from sdm_workbench.exchange import ExchangeError, archive, check_workbook_file, plan_import
from sdm_workbench.store import Store


def _refused(store: Store, path: Path) -> str:
    with pytest.raises(ExchangeError) as caught:
        plan_import(store, path)
    return str(caught.value)


def test_a_csv_named_xlsx(small: Store, tmp_path: Path) -> None:
    path = tmp_path / "tickets.xlsx"
    path.write_text("Number,Opened\nINC001,2026-01-01\n")
    assert "is not an Excel workbook (.xlsx)" in _refused(small, path)


def test_a_truncated_workbook(small: Store, small_xlsx: Path, tmp_path: Path) -> None:
    data = small_xlsx.read_bytes()
    path = tmp_path / "half.xlsx"
    path.write_bytes(data[: len(data) // 2])
    assert "half.xlsx is damaged or incomplete" in _refused(small, path)


def test_a_workbook_with_a_damaged_part(small: Store, small_xlsx: Path, tmp_path: Path) -> None:
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(small_xlsx) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 3]  # cut XML
            target.writestr(info, data)
    message = _refused(small, path)
    assert message.startswith("damaged.xlsx cannot be read as a workbook")


def test_empty_missing_and_other_zip_files(small: Store, tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert _refused(small, empty) == "empty.xlsx is empty."
    assert "no such file" in _refused(small, tmp_path / "nowhere.xlsx")
    document = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(document, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    assert _refused(small, document) == (
        "letter.xlsx is a Word document, not an Excel workbook (.xlsx)."
    )


def test_password_protected_and_old_xls(small: Store, tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    protected = tmp_path / "secret.xlsx"
    protected.write_bytes(ole + "EncryptionInfo".encode("utf-16-le") + b"\0" * 100)
    assert "protected with a password" in _refused(small, protected)
    old = tmp_path / "old.xlsx"
    old.write_bytes(ole + "Workbook".encode("utf-16-le"))
    assert "old Excel 97-2003 workbook (.xls)" in _refused(small, old)


def test_too_large_and_zip_bombs(small_xlsx: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ExchangeError, match="too large to import"):
        check_workbook_file(small_xlsx)
    monkeypatch.setattr(archive, "MAX_FILE_BYTES", 10**9)
    monkeypatch.setattr(archive, "MAX_UNPACKED_BYTES", 10_000)
    with pytest.raises(ExchangeError, match="far more than a workbook should"):
        check_workbook_file(small_xlsx)
