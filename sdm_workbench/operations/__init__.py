"""Every user-visible change as a reversible, validated operation."""

from .base import Macro, Operation, run, undo
from .rows import CreateRow, DeleteRows, UpdateRow, next_code

__all__ = ["CreateRow", "DeleteRows", "Macro", "Operation", "UpdateRow", "next_code", "run", "undo"]
