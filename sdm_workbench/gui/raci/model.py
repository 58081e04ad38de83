"""The RACI matrix as a table model: activities down, teams and people across, R/A/C/I cells.

Column 0 names the activity (projects show ▸/▾ and their task count; click to expand).
Editing a cell is one undo step through ``EditHistory.perform``: a Macro of CreateRow,
UpdateRow and DeleteRows on ``raci`` that turns the cell's entries into the roles typed.
Activities without an Accountable, or with more than one, are flagged (a red square, a
tint, a tooltip naming the problem) and counted in the first column's header.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ...analytics.rag import Rag
from ...domain.errors import DomainError
from ...operations import CreateRow, DeleteRows, Macro, Operation, UpdateRow
from ...store import Store
from ..history import EditHistory
from ..palette import application_is_dark, cell_background, cell_foreground, rag_icon
from .data import ROLE_NAMES, ROLES, Activity, Assignee, Entry, Key, Matrix, load_matrix, roles_text

Index = QModelIndex | QPersistentModelIndex
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
# Kinds whose changes can alter what the matrix shows.
WATCHED = frozenset({"raci", "person", "team", "service", "project", "task"})
_CENTER = Qt.AlignmentFlag.AlignCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
ROLE_HELP = "Type R, A, C or I (A/R for both), or leave the cell empty."


def parse_roles(text: str) -> set[str]:
    """``"a/r"`` -> ``{"A", "R"}``; empty text -> no roles; anything else is refused."""
    letters = [c for c in str(text or "").upper() if not c.isspace() and c not in "/,+;&-"]
    wrong = [c for c in letters if c not in ROLES]
    if wrong:
        raise DomainError(f"{''.join(wrong)!r} is not a RACI role. {ROLE_HELP}")
    return set(letters)


class RaciModel(QAbstractTableModel):
    """The matrix over one read of ``load_matrix``; re-read by :meth:`reload`."""

    def __init__(self, store: Store, history: EditHistory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.history = history
        self.expanded: set[int] = set()
        self.text = ""
        self.flagged_only = False
        self.everyone = False
        self._matrix = self._read()

    # --- what is shown -------------------------------------------------------------------
    @property
    def matrix(self) -> Matrix:
        return self._matrix

    def activity(self, row: int) -> Activity:
        return self._matrix.activities[row]

    def assignee(self, column: int) -> Assignee:
        return self._matrix.assignees[column - 1]

    def flagged_count(self) -> int:
        return len(self._matrix.flagged)

    def find(self, activity: Key, assignee: Key | None = None) -> QModelIndex:
        """The index of an activity's row (and an assignee's column), invalid when hidden."""
        rows = [i for i, a in enumerate(self._matrix.activities) if a.key == activity]
        if not rows:
            return QModelIndex()
        column = 0
        if assignee is not None:
            keys = [a.key for a in self._matrix.assignees]
            if assignee not in keys:
                return QModelIndex()
            column = keys.index(assignee) + 1
        return self.index(rows[0], column)

    def set_view(
        self,
        *,
        text: str | None = None,
        flagged_only: bool | None = None,
        everyone: bool | None = None,
    ) -> None:
        """Change the filter (words, flagged rows only, people without entries too)."""
        self.text = self.text if text is None else text.strip()
        self.flagged_only = self.flagged_only if flagged_only is None else flagged_only
        self.everyone = self.everyone if everyone is None else everyone
        self.reload()

    def toggle(self, row: int) -> bool:
        """Expand or collapse a project row; False for other rows."""
        activity = self.activity(row)
        if activity.kind != "project" or not activity.task_count:
            return False
        self.expanded ^= {activity.id}
        self.reload()
        return True

    def reload(self, kinds: Collection[str] | None = None) -> None:
        """Re-read (``kinds``: what changed; ignored unless the matrix shows it)."""
        if kinds is not None and not WATCHED & set(kinds):
            return
        fresh = self._read()
        old = self._matrix
        same_shape = [a.key for a in fresh.activities] == [a.key for a in old.activities] and [
            a.key for a in fresh.assignees
        ] == [a.key for a in old.assignees]
        if not same_shape:
            self.beginResetModel()
            self._matrix = fresh
            self.endResetModel()
            return
        self._matrix = fresh  # same rows and columns: repaint, keep selection and scroll
        if fresh.activities:
            last = self.index(len(fresh.activities) - 1, len(fresh.assignees))
            self.dataChanged.emit(self.index(0, 0), last)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 0)

    def _read(self) -> Matrix:
        with self._store.session() as session:
            return load_matrix(session, self.expanded, self.text, self.flagged_only, self.everyone)

    # --- Qt model interface --------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._matrix.activities)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._matrix.assignees) + 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        flags |= Qt.ItemFlag.ItemNeverHasChildren
        if index.column() > 0:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if section == 0:
            flagged = self.flagged_count()
            if role == Qt.ItemDataRole.DisplayRole:
                return f"Activity — {flagged} flagged" if flagged else "Activity"
            if role == Qt.ItemDataRole.ToolTipRole:
                return (
                    f"{flagged} activities have no Accountable or more than one"
                    if flagged
                    else "Every activity has exactly one Accountable"
                )
            return None
        assignee = self.assignee(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return assignee.short
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{'Team' if assignee.kind == 'team' else 'Person'}: {assignee.label}"
        if role == Qt.ItemDataRole.FontRole and assignee.kind == "team":
            font = QFont()
            font.setItalic(True)  # teams read apart from people
            return font
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        activity = self.activity(index.row())
        if index.column() == 0:
            return self._activity_data(activity, role)
        if not 0 < index.column() < self.columnCount():
            return None
        assignee = self.assignee(index.column())
        entries = self._matrix.entries(activity.key, assignee.key)
        roles = {e.role for e in entries}
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return roles_text(roles)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTER
        if role == Qt.ItemDataRole.FontRole and "A" in roles:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and roles:
            names = ", ".join(ROLE_NAMES[r] for r in ROLES if r in roles)
            return f"{assignee.label}: {names} for {activity.label}"
        if role == KEY_ROLE:
            return (activity.key, assignee.key)
        return None

    def _activity_data(self, activity: Activity, role: int) -> Any:
        flagged = activity.key in self._matrix.flagged
        if role == Qt.ItemDataRole.DisplayRole:
            indent = "    " * activity.depth
            if activity.kind == "project" and activity.task_count:
                arrow = "▾" if activity.id in self.expanded else "▸"
                return f"{arrow} {activity.label}  ({activity.task_count} tasks)"
            return f"{indent}{activity.label}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._problem(activity) or f"{activity.kind.capitalize()}: {activity.label}"
        if role == KEY_ROLE:
            return activity.key
        if role == Qt.ItemDataRole.FontRole and activity.kind != "task":
            font = QFont()
            font.setBold(True)
            return font
        if not flagged:
            return None
        dark = application_is_dark()
        if role == Qt.ItemDataRole.DecorationRole:
            return rag_icon(Rag.RED, dark)
        if role == Qt.ItemDataRole.BackgroundRole:
            return cell_background(Rag.RED, dark)
        if role == Qt.ItemDataRole.ForegroundRole:
            return cell_foreground(Rag.RED, dark)
        return None

    def _problem(self, activity: Activity) -> str | None:
        """Why an activity is flagged, in words (None: it is fine)."""
        if activity.key not in self._matrix.flagged:
            return None
        holders = self._matrix.accountable.get(activity.key, [])
        if not holders:
            return f"No Accountable for {activity.label}: give one person or team the A."
        labels = {a.key: a.label for a in self._matrix.assignees}
        names = ", ".join(labels.get(k, f"#{k[1]}") for k in holders)
        return f"{len(holders)} Accountables for {activity.label} ({names}): keep exactly one."

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() == 0:
            return False
        activity = self.activity(index.row())
        assignee = self.assignee(index.column())
        action = f"RACI: {assignee.label} on {activity.label}"
        try:
            wanted = parse_roles(value)
        except DomainError as exc:
            self.history.report(action, exc)
            return False
        entries = self._matrix.entries(activity.key, assignee.key)
        steps = _steps(activity, assignee, entries, wanted)
        if not steps:
            return True
        text = roles_text(wanted) or "no role"
        if not self.history.perform(Macro(f"RACI: {assignee.label} {text} on {activity.label}",
                                          steps)):  # fmt: skip
            self.reload()  # show what is there now
            return False
        self.reload()
        return True


def _steps(
    activity: Activity, assignee: Assignee, entries: list[Entry], wanted: set[str]
) -> list[Operation]:
    """Operations that turn a cell's ``entries`` into the ``wanted`` roles, changing as few
    rows as possible (a changed role is an update, so the row keeps its uid and notes)."""
    have = {e.role for e in entries}
    surplus = [e for e in entries if e.role not in wanted]
    missing = [r for r in ROLES if r in wanted - have]
    steps: list[Operation] = []
    while surplus and missing:
        entry = surplus.pop(0)
        steps.append(UpdateRow("raci", entry.id, {"role": missing.pop(0)}, entry.version))
    if surplus:
        steps.append(DeleteRows("raci", [e.id for e in surplus]))
    for role in missing:
        values = {"role": role, f"{assignee.kind}_id": assignee.id,
                  f"{activity.kind}_id": activity.id}  # fmt: skip
        steps.append(CreateRow("raci", values))
    return steps
