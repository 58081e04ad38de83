"""The details form of the selected row: built from ``ui/*.ui``, with its children."""

from .form import DetailsForm

__all__ = ["DetailsForm"]
