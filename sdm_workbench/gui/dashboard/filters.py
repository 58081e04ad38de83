"""What the dashboard is filtered on: one scope (portfolio, service, customer or project) and a
reporting period (a month, a quarter or a custom range); kept per user in QSettings.

The KPI calculators measure one scope member at a time, so the service, customer and project
filters are one choice, not a cross product (a service's tickets for one customer are not a
KPI scope the analytics know).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QSettings

from ...analytics.periods import Period, month_of, months_back, quarter_of
from .data import PORTFOLIO, ScopeRef

SCOPE_KEY = "dashboard/scope"
PERIOD_KEY = "dashboard/period"
PERIOD_KINDS = ("month", "quarter", "custom")


@dataclass(frozen=True)
class PeriodChoice:
    """The period the tiles sum up: ``kind`` month or quarter (the one holding ``start``) or
    a custom range ``start``..``end``. ``start`` None means the current month or quarter."""

    kind: str = "month"
    start: date | None = None
    end: date | None = None

    def period(self, as_of: date) -> Period:
        """The concrete period on ``as_of`` (a running month or quarter is the current one)."""
        if self.kind == "quarter":
            return quarter_of(self.start or as_of)
        if self.kind == "custom" and self.start is not None and self.end is not None:
            return Period(min(self.start, self.end), max(self.start, self.end), "custom")
        return month_of(self.start or as_of)

    def to_text(self) -> str:
        parts = [self.kind, self.start.isoformat() if self.start else "",
                 self.end.isoformat() if self.end else ""]  # fmt: skip
        return "|".join(parts)

    @classmethod
    def from_text(cls, text: str) -> PeriodChoice:
        """The choice written by :meth:`to_text`; anything unreadable is the current month."""
        try:
            kind, start, end = text.split("|")
            if kind not in PERIOD_KINDS:
                return cls()
            return cls(kind, date.fromisoformat(start) if start else None,
                       date.fromisoformat(end) if end else None)  # fmt: skip
        except ValueError:
            return cls()


def recent_months(as_of: date, count: int = 24) -> list[Period]:
    """Months to choose from, newest first."""
    return months_back(as_of, count)[::-1]


def recent_quarters(as_of: date, count: int = 8) -> list[Period]:
    """Quarters to choose from, newest first."""
    quarters = [quarter_of(as_of)]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return quarters


def scope_to_text(scope: ScopeRef) -> str:
    return f"{scope.scope}|{scope.code}"


def scope_from_text(text: str, known: tuple[ScopeRef, ...]) -> ScopeRef:
    """The known scope written by :func:`scope_to_text` (the portfolio if it is gone)."""
    for scope in known:
        if scope_to_text(scope) == text:
            return scope
    return PORTFOLIO


def load_choice(settings: QSettings | None) -> tuple[str, PeriodChoice]:
    """The remembered scope (as text, resolved once the scopes are known) and period."""
    if settings is None:
        return scope_to_text(PORTFOLIO), PeriodChoice()
    scope = str(settings.value(SCOPE_KEY, scope_to_text(PORTFOLIO)))
    return scope, PeriodChoice.from_text(str(settings.value(PERIOD_KEY, "")))


def save_choice(settings: QSettings | None, scope: ScopeRef, choice: PeriodChoice) -> None:
    if settings is not None:
        settings.setValue(SCOPE_KEY, scope_to_text(scope))
        settings.setValue(PERIOD_KEY, choice.to_text())
