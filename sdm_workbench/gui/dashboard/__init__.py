"""The portfolio dashboard (the Overview): live KPI tiles and pyqtgraph charts."""

from .data import PORTFOLIO, DashboardData, ScopeRef
from .view import DashboardView

__all__ = ["PORTFOLIO", "DashboardData", "DashboardView", "ScopeRef"]
