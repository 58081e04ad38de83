"""Saved as typed: text captured in a meeting reaches the database within half a second.

A laptop may die mid-meeting, so nothing typed may wait for Enter. :class:`TypedEntry` keeps
one entry (a decision, an action, a raised risk, the meeting notes) in the database while it
is typed: the first keystroke creates the row at once, later keystrokes are written at most
:data:`SAVE_EVERY_MS` apart (a throttle, not a debounce: someone typing without a pause is
still saved twice a second).

Undo stays sensible: one step per entry, not per keystroke. Every save of an entry is an
operation pushed through the undo stack as a :class:`CaptureCommand`, and consecutive
commands of the same entry *merge* (``QUndoCommand.mergeWith``) into one step that holds
the whole sequence as a :class:`~sdm_workbench.operations.Macro` (create, update, update,
...). Undo reverts the sequence newest first, in one transaction; redo replays it. We chose
merging over a draft row kept outside the undo stack because every write then stays a real,
validated operation run through the one door (DESIGN rule 3), and the step's text names what
was typed. Qt merges only with the newest step, so an edit to an entry after some other step
(say a tick in the attendance list) becomes a step of its own, which is what undo should do.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand

from ...operations import CreateRow, DeleteRows, Macro, Operation, UpdateRow
from ...store import repository as repo
from ..history import EditHistory, OperationCommand

SAVE_EVERY_MS = 400
CAPTURE_COMMAND_ID = 0x5D1  # any fixed number: Qt only merges commands with equal ids
_entries = itertools.count(1)


class CaptureCommand(OperationCommand):
    """One entry's undo step; later saves of the same entry merge into it."""

    def __init__(self, history: EditHistory, operation: Operation, entry: int, label: str) -> None:
        self.macro = Macro(label, [operation])
        super().__init__(history, self.macro)
        self.entry = entry

    def id(self) -> int:
        return CAPTURE_COMMAND_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        # Qt asks even when the newer command was refused (obsolete): never merge those.
        if not isinstance(other, CaptureCommand) or other.entry != self.entry:
            return False
        if other.isObsolete():
            return False
        self.macro.operations.extend(other.macro.operations)
        self.macro.label = other.macro.label
        self.setText(other.macro.label)
        return True


def push_capture(history: EditHistory, command: CaptureCommand) -> bool:
    """Like :meth:`EditHistory.perform`, for a command that may merge with the newest step."""
    history.last_error = None
    operation = command.macro  # Qt deletes the command itself when it merges
    history.stack.push(command)
    if history.last_error is not None:
        return False
    history.performed.emit(operation)
    return True


def short(text: str, width: int = 40) -> str:
    """``text`` on one line, cut with an ellipsis after ``width`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "\u2026"


class TypedEntry(QObject):
    """Keeps one row's text column equal to what is being typed, as one undo step.

    ``create`` makes the row's operation from the first text (None: the row exists already,
    ``row_id`` given, as for the meeting notes). Emptying the field deletes a created row
    (or clears the column of an existing one). :meth:`finish` ends the entry: the next
    keystroke starts a new row and a new undo step.
    """

    saved = Signal()

    def __init__(
        self,
        history: EditHistory,
        kind_name: str,
        column: str,
        noun: str,
        create: Callable[[str], CreateRow] | None = None,
        row_id: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.history, self.kind_name, self.column, self.noun = history, kind_name, column, noun
        self._create = create
        self.row_id = row_id
        self._present = row_id is not None  # False once an undo removed the row
        self._saved = ""
        self._pending: str | None = None
        self._entry = next(_entries)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_EVERY_MS)
        self._timer.timeout.connect(self.flush)

    @property
    def saved_text(self) -> str:
        return self._saved

    def set_text(self, text: str) -> None:
        """The field now says ``text``: save at once when it starts a row, else soon."""
        self._pending = text
        if self._create is not None and not self._present and text.strip():
            self.flush()  # the very first keystroke is in the database at once
        elif not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Write what is pending now (a no-op when it is saved already)."""
        self._timer.stop()
        text, self._pending = self._pending, None
        if text is None or (text == self._saved and (self._present or not text.strip())):
            return
        if self._present and self.row_id is not None:
            if text.strip():
                self._push(UpdateRow(self.kind_name, self.row_id, {self.column: text}), text)
            elif self._create is not None:
                if self._push(DeleteRows(self.kind_name, [self.row_id]), ""):
                    self._present = False
            else:
                self._push(UpdateRow(self.kind_name, self.row_id, {self.column: None}), "")
        elif self._create is not None and text.strip():
            create = self._create(text)
            if self._push(create, text):
                self.row_id, self._present = create.row_id, True

    def update_fields(self, changes: Mapping[str, Any]) -> None:
        """Change other columns of the entry's row (owner, due date, link) in the same step."""
        self.flush()
        if self._present and self.row_id is not None:
            self._push(UpdateRow(self.kind_name, self.row_id, changes), self._saved)

    def finish(self) -> int | None:
        """Save, then let go: the next keystroke starts a new entry. Returns the row id."""
        self.flush()
        row_id = self.row_id if self._present else None
        if self._create is not None:
            self.row_id, self._present = None, False
        self._saved = ""
        self._entry = next(_entries)
        return row_id

    def sync(self) -> str | None:
        """After an undo or redo: the text the field should show now, or None to keep it."""
        if self.row_id is None or self._pending is not None:
            return None  # nothing saved yet, or keystrokes on their way: the field is right
        with self.history.store.session() as session:
            row = repo.get(session, self.kind_name, self.row_id)
        text = "" if row is None or row[self.column] is None else str(row[self.column])
        self._present = row is not None
        if text == self._saved:
            return None
        self._saved = text
        return text

    def _push(self, operation: Operation, text: str) -> bool:
        label = f"Capture {self.noun} \u201c{short(text)}\u201d" if text else f"Clear {self.noun}"
        done = push_capture(
            self.history, CaptureCommand(self.history, operation, self._entry, label)
        )
        if done:
            self._saved = text
            self.saved.emit()
        return done
