"""The RACI matrix: who is Responsible, Accountable, Consulted and Informed for what."""

from .model import RaciModel
from .view import RaciView

__all__ = ["RaciModel", "RaciView"]
