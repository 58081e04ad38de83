"""The view names of ``sdm-workbench screenshot`` (DESIGN section 5) and what shows them now.

Views without their own screen yet show the closest kind table; the editors, timeline,
dashboards and presenter issues replace entries here as they land.
"""

from __future__ import annotations

VIEW_KINDS: dict[str, str] = {
    "overview": "service",
    "services": "service",
    "slas": "sla",
    "projects": "project",
    "timeline": "task",
    "budgets": "budget_line",
    "raid": "raid_item",
    "tickets": "ticket",
    "surveys": "survey",
    "kpis": "kpi",
    "reviews": "review",
    "people": "person",
    "presenter": "review",
}
VIEWS = tuple(VIEW_KINDS)
# Views shown in a window of their own rather than in the main window.
WINDOW_VIEWS = frozenset({"presenter"})


def kind_for_view(view: str) -> str:
    """The kind a view name shows; a clear error listing the names for a wrong one."""
    try:
        return VIEW_KINDS[view]
    except KeyError:
        raise ValueError(f"Unknown view {view!r}; choose one of: {', '.join(VIEWS)}") from None
