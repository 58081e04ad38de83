"""Money shown with its currency: ``€ 12,000.00``, ``USD 1,200.00``.

A kind's amounts are in the currency of its own ``currency`` column (a budget line), or of
the row it references that has one (a budget month follows its line). Amounts of kinds
without a currency stay plain numbers. The currencies of referenced rows are read a page at
a time, together with the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from PySide6.QtCore import QLocale
from sqlalchemy.orm import Session

from ..domain.columns import ColumnType, columns_for
from ..domain.kinds import kind
from ..store.repository import RowSnapshot, rows_where_in

CURRENCY = "currency"
# Symbols only where they name one currency; "$" or "kr" would be ambiguous, so the code.
SYMBOLS = {"EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}


@dataclass(frozen=True)
class CurrencySource:
    """Where a kind's rows name their currency: their own column, or a referenced row's."""

    ref_column: str | None  # None: the row's own ``currency`` column
    ref_kind: str | None = None


@cache
def currency_source(kind_name: str) -> CurrencySource | None:
    """How rows of ``kind_name`` find their currency (None: amounts without one)."""
    if CURRENCY in kind(kind_name).table.c:
        return CurrencySource(None)
    for column in columns_for(kind_name):
        ref_kind = column.ref_kind if column.type is ColumnType.REF else None
        if ref_kind is not None and CURRENCY in kind(ref_kind).table.c:
            return CurrencySource(column.name, ref_kind)
    return None


def format_money(value: Any, currency: str | None, locale: QLocale | None = None) -> str:
    """An amount with two decimals and digit grouping, after its currency when known."""
    number = (locale or QLocale()).toString(float(value), "f", 2)
    code = (currency or "").strip().upper()
    if not code:
        return number
    return f"{SYMBOLS.get(code, code)}\N{NO-BREAK SPACE}{number}"


class Currencies:
    """The currency of each shown row of one kind, read with the pages that show them."""

    def __init__(self, kind_name: str) -> None:
        self.source = currency_source(kind_name)
        self._of_ref: dict[int, str | None] = {}

    @property
    def ref_kind(self) -> str | None:
        return None if self.source is None else self.source.ref_kind

    def prefetch(self, session: Session, snaps: Iterable[RowSnapshot]) -> None:
        """Read the currencies of the referenced rows the snapshots point at."""
        source = self.source
        if source is None or source.ref_column is None or source.ref_kind is None:
            return
        wanted = {s.get(source.ref_column) for s in snaps} - self._of_ref.keys() - {None}
        found = rows_where_in(session, source.ref_kind, ["id", CURRENCY], "id", sorted(wanted))
        self._of_ref.update({int(row["id"]): row[CURRENCY] for row in found})

    def of(self, snap: RowSnapshot) -> str | None:
        source = self.source
        if source is None:
            return None
        if source.ref_column is None:
            value = snap.get(CURRENCY)
            return None if value is None else str(value)
        return self._of_ref.get(snap.get(source.ref_column))

    def forget(self) -> None:
        self._of_ref.clear()
