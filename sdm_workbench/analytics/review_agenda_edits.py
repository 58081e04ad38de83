"""A review's generated agenda merged with the edits stored for it.

The manager may reorder the generated items, hide some, retitle them, write presenter notes
and add free items (a title only). Edits are stored per agenda key (``service:3``), so they
survive a rebuild of the agenda; an edit whose item is no longer generated (say "Overdue
actions" once none is overdue) is kept but not shown.

Order: items with a stored position come in that order; an item without one (never moved,
or generated after the last move) keeps its generated place, just after the generated item
that precedes it. Free items without a position go last.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .review_agenda import AgendaItem, AgendaKind

FREE_PREFIX = "free:"


@dataclass(frozen=True)
class AgendaEdit:
    """One stored row of ``review_agenda_items`` (a ``ReviewAgendaItem``)."""

    id: int
    agenda_key: str | None
    position: int | None = None
    title: str | None = None
    hidden: bool = False
    notes: str | None = None

    @property
    def key(self) -> str:
        """The key of the item this edits (a free item's own ``free:<id>``)."""
        return self.agenda_key or f"{FREE_PREFIX}{self.id}"


def free_id(key: str) -> int | None:
    """The stored row id in a free item's key (``free:12`` -> 12), else None."""
    tail = key.removeprefix(FREE_PREFIX)
    return int(tail) if key.startswith(FREE_PREFIX) and tail.isdigit() else None


def _edited(item: AgendaItem, edit: AgendaEdit | None) -> AgendaItem:
    if edit is None:
        return item
    return replace(
        item,
        title=(edit.title or "").strip() or item.title,
        hidden=edit.hidden,
        notes=edit.notes or "",
        entry_id=edit.id,
    )


def _free(edit: AgendaEdit) -> AgendaItem:
    return AgendaItem(
        AgendaKind.FREE,
        (edit.title or "").strip() or "Untitled item",
        "none",
        notes=edit.notes or "",
        hidden=edit.hidden,
        entry_id=edit.id,
    )


def apply_edits(built: Sequence[AgendaItem], edits: Iterable[AgendaEdit]) -> list[AgendaItem]:
    """Every item of the agenda in its edited order, hidden ones included (flagged)."""
    by_key = {e.key: e for e in edits}
    items = {i.key: _edited(i, by_key.get(i.key)) for i in built}
    for edit in by_key.values():
        if edit.agenda_key is None:
            items[edit.key] = _free(edit)
    placed = sorted(
        (k for k in items if k in by_key and by_key[k].position is not None),
        key=lambda k: (by_key[k].position or 0, k),
    )
    order = list(placed)
    previous: str | None = None
    for item in built:
        if item.key not in order:
            at = order.index(previous) + 1 if previous is not None else 0
            order.insert(at, item.key)
        previous = item.key
    order += [k for k in items if k not in order]  # free items never moved
    return [items[k] for k in order]


def visible(items: Iterable[AgendaItem]) -> list[AgendaItem]:
    """The items presented and printed: the hidden ones left out."""
    return [i for i in items if not i.hidden]
