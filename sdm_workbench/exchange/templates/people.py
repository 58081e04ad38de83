"""People named in a template's owner and assignee columns: linked, or created once.

A name the workbench knows (case, dots and spaces aside: "J. Smith" is "j smith") links the
row to that person. An unknown name becomes a new person, planned once per import however
often and however spelt it recurs, and the rows name it (``owner_name``), which
:class:`~sdm_workbench.operations.CreateRow` resolves when the import is applied in the
same transaction. Placeholders ("TBD", "n/a") and names shared by several stored people
stay as text in the row's notes: guessing there would link the wrong person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ...domain.kinds import kind
from ...store.repository import read_columns
from ..plan import RowAdd, RowRef

PERSON = "person"
PLACEHOLDERS = frozenset(
    {"tbd", "tbc", "tba", "n/a", "na", "none", "nobody", "unassigned", "unknown", "-", "?"}
)
_SPLIT = re.compile(r"\s*(?:[,;/&+\n]|\band\b)\s*", re.IGNORECASE)
_NAME_LIMIT = int(getattr(kind(PERSON).table.c.name.type, "length", None) or 120)


def person_key(name: str) -> str:
    """The name as compared: case, dots, underscores and runs of spaces do not count."""
    return " ".join(re.sub(r"[._]", " ", name).casefold().split())


def names_in(text: str) -> list[str]:
    """The names in a cell: "Arun, Bex" and "Arun & Bex" name two people."""
    if person_key(text) in PLACEHOLDERS:
        return []
    parts = (" ".join(p.split()) for p in _SPLIT.split(text))
    return [p for p in parts if p.strip("-?. ") and person_key(p) not in PLACEHOLDERS]


@dataclass(frozen=True)
class Link:
    """Whom a cell names first: a stored person's id, or the name of a person the import
    adds; ``whole`` False when the cell said more than that one person (keep it as a note)."""

    person_id: int | None
    new_name: str | None
    whole: bool


@dataclass
class People:
    """The workbench's people by name, and the people this import adds (in order)."""

    known: dict[str, int] = field(default_factory=dict)  # key -> id (one person only)
    shared: set[str] = field(default_factory=set)  # keys of several stored people
    names: dict[int, str] = field(default_factory=dict)  # id -> name (for previews)
    new: dict[str, RowAdd] = field(default_factory=dict)  # key -> the add

    @classmethod
    def load(cls, session: Session) -> People:
        people = cls()
        columns = read_columns(session, PERSON, ["id", "name"])
        for person_id, name in zip(columns["id"], columns["name"], strict=True):
            key = person_key(str(name))
            people.names[int(person_id)] = str(name)
            if key in people.known or key in people.shared:
                people.known.pop(key, None)
                people.shared.add(key)
            else:
                people.known[key] = int(person_id)
        return people

    def link(self, text: str, sheet: str, line: int, column: int) -> Link | None:
        """Whom ``text`` names (planning an add for each unknown name); None: nobody usable."""
        names = names_in(text)
        first: Link | None = None
        for name in names:
            found = self._person(name, sheet, line, column)
            if found is not None and first is None:
                first = found
        if first is None:
            return None
        return Link(first.person_id, first.new_name, len(names) == 1)

    def _person(self, name: str, sheet: str, line: int, column: int) -> Link | None:
        key = person_key(name)
        if key in self.known:
            return Link(self.known[key], None, True)
        if key in self.shared or len(name) > _NAME_LIMIT:
            return None
        if key not in self.new:
            ref = RowRef(PERSON, sheet, line, None, f"new person {name}", {"name": column})
            self.new[key] = RowAdd(ref, {"name": name})
        return Link(None, str(self.new[key].values["name"]), True)

    def shown(self, person_id: object) -> str:
        """A stored person's name for a preview ('' for nobody)."""
        return self.names.get(person_id, "") if isinstance(person_id, int) else ""
