"""How referenced rows are named in cells, read once per export or import (id <-> label)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from ..domain.kinds import kind
from ..store.repository import read_columns
from .schema import RefBy


class Labels:
    """Lazily loaded maps from ids to the text a reference cell shows, and back."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._by_id: dict[tuple[str, RefBy], dict[int, str]] = {}
        self._names: dict[str, dict[int, str]] = {}
        self._by_text: dict[tuple[str, RefBy], dict[str, list[int]]] = {}

    def column_of(self, kind_name: str, by: RefBy) -> str:
        k = kind(kind_name)
        if by is RefBy.CODE:
            assert k.code_column is not None
            return k.code_column
        if by is RefBy.NAME:
            assert k.title_column is not None
            return k.title_column
        return "uid"

    def _id_map(self, kind_name: str, column: str) -> dict[int, str]:
        found = read_columns(self.session, kind_name, ["id", column])
        return {
            int(i): str(t) for i, t in zip(found["id"], found[column], strict=True) if t is not None
        }

    def by_id(self, kind_name: str, by: RefBy) -> dict[int, str]:
        """id -> code, name or uid of every row of ``kind_name``."""
        key = (kind_name, by)
        if key not in self._by_id:
            self._by_id[key] = self._id_map(kind_name, self.column_of(kind_name, by))
        return self._by_id[key]

    def names(self, kind_name: str) -> dict[int, str]:
        """id -> title (or code) of every row, for the read-only "(name)" columns."""
        if kind_name not in self._names:
            k = kind(kind_name)
            column = k.title_column or k.code_column
            self._names[kind_name] = {} if column is None else self._id_map(kind_name, column)
        return self._names[kind_name]

    def ids_of(self, kind_name: str, by: RefBy, text: str) -> list[int]:
        """The ids whose code, name or uid is ``text`` (names may repeat; codes may not)."""
        key = (kind_name, by)
        if key not in self._by_text:
            found: dict[str, list[int]] = defaultdict(list)
            for row_id, label in self.by_id(kind_name, by).items():
                found[label.strip().casefold() if by is RefBy.NAME else label.strip()].append(
                    row_id
                )
            self._by_text[key] = dict(found)
        wanted = text.strip().casefold() if by is RefBy.NAME else text.strip()
        return self._by_text[key].get(wanted, [])
