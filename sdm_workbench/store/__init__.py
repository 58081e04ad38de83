"""Engine, sessions, migrations, backups and change events over the workbench database."""

from .events import Change, ChangeBus, ChangeKind
from .migrate import SchemaTooNewError
from .store import DamagedDatabaseError, NotAWorkbenchError, Store

__all__ = [
    "Change",
    "ChangeBus",
    "ChangeKind",
    "DamagedDatabaseError",
    "NotAWorkbenchError",
    "SchemaTooNewError",
    "Store",
]
