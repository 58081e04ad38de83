"""Choices for reference cells: every row of the referenced kind by code or title.

Editors list them (with completion); typed or pasted text is matched against them, and text
that matches nothing is handed to the operation by code or name, so the domain's own message
("Unknown service code 'SVC-999'.") is what the user reads.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from ..domain.columns import Column
from ..domain.errors import DomainError, Problem
from ..domain.kinds import kind
from ..store import Store
from ..store.row_query import label_rows


@dataclass(frozen=True)
class Choice:
    """One row that a reference may point at."""

    id: int
    label: str  # what the table shows (code, else title, else #id)
    aliases: tuple[str, ...]  # lower-case texts that also pick it (code, title)


class ReferenceChoices:
    """Per referenced kind, loaded on first use and forgotten when that kind changes."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._cache: dict[str, list[Choice]] = {}

    def choices(self, kind_name: str) -> list[Choice]:
        if kind_name not in self._cache:
            self._cache[kind_name] = self._load(kind_name)
        return self._cache[kind_name]

    def forget(self, kinds: Collection[str] | None = None) -> None:
        if kinds is None:
            self._cache.clear()
        for name in kinds or ():
            self._cache.pop(name, None)

    def find(self, kind_name: str, text: str) -> int | None:
        """The one row whose label, code or title is ``text`` (any case), else None."""
        wanted = text.strip().lower()
        if wanted.startswith("#") and wanted[1:].isdigit():
            number = int(wanted[1:])
            return number if any(c.id == number for c in self.choices(kind_name)) else None
        found = [c.id for c in self.choices(kind_name) if c.label.lower() == wanted]
        if not found:
            found = [c.id for c in self.choices(kind_name) if wanted in c.aliases]
        return found[0] if len(set(found)) == 1 else None

    def _load(self, kind_name: str) -> list[Choice]:
        with self._store.session() as session:
            rows = label_rows(session, kind_name)
        result = []
        for row_id, values in rows:
            texts = [str(v) for v in values if v not in (None, "")]
            label = str(values[0]) if values and values[0] not in (None, "") else f"#{row_id}"
            result.append(Choice(row_id, label, tuple(t.lower() for t in texts)))
        result.sort(key=lambda c: (c.label.lower(), c.id))
        return result


def reference_changes(choices: ReferenceChoices, column: Column, value: Any) -> dict[str, Any]:
    """Changes for an UpdateRow/CreateRow from an id, a label, or empty (None)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return {column.name: None}
    if isinstance(value, int) and not isinstance(value, bool):
        return {column.name: value}
    assert column.ref_kind is not None
    text = str(value).strip()
    found = choices.find(column.ref_kind, text)
    if found is not None:
        return {column.name: found}
    target = kind(column.ref_kind)
    base = column.name.removesuffix("_id")
    if target.code_column:
        return {f"{base}_code": text}  # the domain says "Unknown … code" in its words
    if target.title_column:
        return {f"{base}_name": text}
    raise DomainError([Problem(column.name, f"Unknown {target.noun} {text!r}.")])
