"""Human names of columns, shared by messages, tables and workbooks."""

from __future__ import annotations

_OVERRIDES = {
    "uid": "UID",
    "id": "ID",
    "start_date": "Start",
    "finish_date": "Finish",
    "end_date": "End",
    "start_at": "Start",
    "end_at": "End",
    "opened_at": "Opened",
    "first_response_at": "First response",
    "resolved_at": "Resolved",
    "closed_at": "Closed",
    "deployed_at": "Deployed",
    "committed_at": "Committed",
    "restored_at": "Restored",
    "baseline_start": "Baseline start",
    "baseline_finish": "Baseline finish",
    "percent_complete": "% complete",
    "duration_days": "Duration (days)",
    "lag_days": "Lag (days)",
    "budget_at_completion": "Budget at completion",
    "csat": "CSAT",
    "nps": "NPS",
    "ces": "CES",
    "raid_item_id": "RAID item",
    "sla_id": "SLA",
    "kpi_id": "KPI",
    "is_milestone": "Milestone",
    "resolved_first_contact": "Resolved at first contact",
    "external_id": "External ID",
    "period_start": "Period start",
    "period_end": "Period end",
}


def column_label(column: str) -> str:
    """Column name to label: ``finish_date`` -> ``Finish``, ``owner_id`` -> ``Owner``."""
    if column in _OVERRIDES:
        return _OVERRIDES[column]
    name = column.removesuffix("_id")
    if name.startswith("exp_"):
        name = "expected " + name[4:]
    elif name.startswith("perc_"):
        name = "perceived " + name[5:]
    return name.replace("_", " ").capitalize()
