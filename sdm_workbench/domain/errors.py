"""Errors the domain raises, with messages a manager understands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One reason an input was refused; ``field`` is empty for a whole-row problem."""

    field: str
    message: str

    def __str__(self) -> str:
        return self.message


class DomainError(Exception):
    """Input was refused; nothing was changed."""

    def __init__(self, problems: Sequence[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(" ".join(p.message for p in self.problems))


class NotFoundError(DomainError):
    """The row asked for is not there (deleted meanwhile, or a wrong id)."""


class ConflictError(DomainError):
    """Someone else changed the row since it was read."""
