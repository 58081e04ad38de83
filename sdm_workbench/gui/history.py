"""Undo and redo over operations: one user action = one ``QUndoCommand`` = one operation.

Pushing a command runs its redo, which runs the operation (DESIGN rule 3: nothing is applied
before the push). An operation the domain refuses changes nothing; its command marks itself
obsolete, so Qt drops it instead of keeping a step that never happened. The same holds for a
later undo or redo that is refused (say the row was changed by someone else meanwhile): the
step leaves the stack, which then matches the database again, and the user is told why.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..domain.errors import DomainError
from ..operations import Operation, run, undo
from ..store import Store

log = logging.getLogger("sdm_workbench")


class OperationCommand(QUndoCommand):
    """Runs one operation on redo and reverts it on undo; never leaves a half step behind."""

    def __init__(self, history: EditHistory, operation: Operation) -> None:
        super().__init__(operation.label)
        self._history = history
        self.operation = operation
        self._applied_once = False

    def redo(self) -> None:
        if self._attempt(run, "Redo " if self._applied_once else ""):
            self.setText(self.operation.label)  # now says what it did ("Edit service SVC-1: Name")
            if self._applied_once:
                self._history.stepped.emit(f"Redone: {self.text()}.")
            self._applied_once = True

    def undo(self) -> None:
        if self._attempt(undo, "Undo "):
            self._history.stepped.emit(f"Undone: {self.text()}.")

    def _attempt(self, step: Callable[[Store, Operation], Operation], verb: str) -> bool:
        try:
            step(self._history.store, self.operation)
        except DomainError as exc:
            self.setObsolete(True)  # Qt then drops this command: the stack stays truthful
            self._history.report(f"{verb}{self.text()}", exc)
            return False
        except Exception:  # a bug: log it and show the crash dialog, keep the stack sound
            self.setObsolete(True)
            log.exception("%s%s failed", verb, self.text())
            self._history.report(f"{verb}{self.text()}", DomainError("Unexpected error."))
            sys.excepthook(*sys.exc_info())
            return False
        return True


class EditHistory(QObject):
    """The window's undo stack, and the one door through which the GUI changes data.

    ``refused`` carries the action's name and the domain's error when a change was refused.
    """

    refused = Signal(str, object)  # action text, DomainError
    performed = Signal(object)  # the operation, after it was applied
    stepped = Signal(str)  # "Undone: …" / "Redone: …", for the status bar

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.stack = QUndoStack(self)
        self.last_error: DomainError | None = None

    def perform(self, operation: Operation) -> bool:
        """Apply ``operation`` as one undo step; False (and ``refused``) when refused."""
        self.last_error = None
        self.stack.push(OperationCommand(self, operation))
        if self.last_error is not None:
            return False
        self.performed.emit(operation)
        return True

    def report(self, action: str, error: DomainError) -> None:
        self.last_error = error
        self.refused.emit(action, error)

    def clear(self) -> None:
        """Forget every step (another workbench was opened: that is never an undo step)."""
        self.stack.clear()
