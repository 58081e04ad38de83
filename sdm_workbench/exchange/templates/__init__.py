"""Foreign templates (RAID logs, risk registers, budgets, plans made by other people).

Find the header row, match columns by name (synonyms, then fuzzy), normalise scales and
dates, and plan the rows into one project or service as the same kind of import plan our
round-trip import makes; a mapping can be corrected and saved by name for next time.
"""

from .detect import detect_mapping, is_foreign
from .fields import TARGET_LABELS, TARGETS, fields_of
from .mapping import (
    ColumnMapping,
    SheetMapping,
    TemplateMapping,
    load_mapping,
    mapping_dir,
    save_mapping,
    saved_mappings,
)
from .plan import (
    Parent,
    TemplatePlan,
    apply_template,
    find_parent,
    foreign_workbook,
    plan_template,
    template_macro,
)

__all__ = [
    "TARGETS",
    "TARGET_LABELS",
    "ColumnMapping",
    "Parent",
    "SheetMapping",
    "TemplateMapping",
    "TemplatePlan",
    "apply_template",
    "detect_mapping",
    "fields_of",
    "find_parent",
    "foreign_workbook",
    "is_foreign",
    "load_mapping",
    "mapping_dir",
    "plan_template",
    "save_mapping",
    "saved_mappings",
    "template_macro",
]
