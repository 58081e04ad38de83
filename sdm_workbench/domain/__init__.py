"""Domain entities, vocabularies and validation; free of Qt and of any session."""

from .base import Base, Entity, new_uid
from .errors import ConflictError, DomainError, NotFoundError, Problem
from .kinds import KINDS, Kind, kind, kind_of_table

__all__ = [
    "KINDS",
    "Base",
    "ConflictError",
    "DomainError",
    "Entity",
    "Kind",
    "NotFoundError",
    "Problem",
    "kind",
    "kind_of_table",
    "new_uid",
]
