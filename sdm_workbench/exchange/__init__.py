"""Excel exchange: the workbook schema, export, and round-trip import (plan, then apply).

Qt-free; the GUI and the CLI call these functions and show their messages.
"""

from .archive import check_workbook_file
from .errors import Cancelled, CellIssue, ExchangeError
from .export import ExportResult, export_workbook
from .importer import plan_import
from .plan import (
    Conflict,
    FieldChange,
    ImportPlan,
    RowAdd,
    RowDelete,
    RowUpdate,
    apply_plan,
    build_macro,
)
from .schema import SheetColumn, SheetSpec, sheet_for, sheets

__all__ = [
    "Cancelled",
    "CellIssue",
    "Conflict",
    "ExchangeError",
    "ExportResult",
    "FieldChange",
    "ImportPlan",
    "RowAdd",
    "RowDelete",
    "RowUpdate",
    "SheetColumn",
    "SheetSpec",
    "apply_plan",
    "build_macro",
    "check_workbook_file",
    "export_workbook",
    "plan_import",
    "sheet_for",
    "sheets",
]
