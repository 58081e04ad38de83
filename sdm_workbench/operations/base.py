"""Reversible operations: one user action = one operation = one transaction = one undo step."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain.errors import DomainError
from ..store import Store


class Operation(ABC):
    """A change that can be applied and reverted, any number of times, in that alternation.

    ``apply`` and ``revert`` run inside one transaction and raise DomainError (nothing
    changed) when the change is not allowed.
    """

    label: str = "Change"

    @abstractmethod
    def apply(self, session: Session) -> None: ...

    @abstractmethod
    def revert(self, session: Session) -> None: ...


class Macro(Operation):
    """Several operations as one step (a multi-row paste, an import)."""

    def __init__(self, label: str, operations: Sequence[Operation]) -> None:
        self.label = label
        self.operations = list(operations)

    def apply(self, session: Session) -> None:
        for operation in self.operations:
            operation.apply(session)

    def revert(self, session: Session) -> None:
        for operation in reversed(self.operations):
            operation.revert(session)


def run(store: Store, operation: Operation) -> Operation:
    """Apply ``operation`` in one transaction; on any error nothing is changed."""
    try:
        with store.unit_of_work() as session:
            operation.apply(session)
    except IntegrityError as exc:  # the database's own constraints are the last line
        raise DomainError(f"The database refused the change: {exc.orig}") from exc
    return operation


def undo(store: Store, operation: Operation) -> Operation:
    """Revert ``operation`` in one transaction; on any error nothing is changed."""
    try:
        with store.unit_of_work() as session:
            operation.revert(session)
    except IntegrityError as exc:
        raise DomainError(f"The database refused to undo the change: {exc.orig}") from exc
    return operation
