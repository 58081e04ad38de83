"""Budget lines by cost category with monthly planned, actual and forecast amounts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Entity, enum_type
from .enums import CostCategory


def money() -> Numeric[float]:
    """Exact decimal on PostgreSQL, read back as float for the calculators."""
    return Numeric(14, 2, asdecimal=False)


class BudgetLine(Entity):
    __tablename__ = "budget_lines"

    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[CostCategory] = mapped_column(enum_type(CostCategory, "cost_category"))
    name: Mapped[str] = mapped_column(String(160))
    budget_at_completion: Mapped[float] = mapped_column(money(), default=0.0)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    notes: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("(project_id IS NULL) <> (service_id IS NULL)", name="project_xor_service"),
        CheckConstraint("budget_at_completion >= 0", name="bac_not_negative"),
        CheckConstraint("length(currency) = 3", name="currency_code"),
    )


class BudgetMonth(Entity):
    """Amounts for one calendar month (``month`` is the first day of that month)."""

    __tablename__ = "budget_months"

    line_id: Mapped[int] = mapped_column(
        ForeignKey("budget_lines.id", ondelete="CASCADE"), index=True
    )
    month: Mapped[date] = mapped_column(Date)
    planned: Mapped[float] = mapped_column(money(), default=0.0)
    actual: Mapped[float | None] = mapped_column(money())
    forecast: Mapped[float | None] = mapped_column(money())

    __table_args__ = (
        UniqueConstraint("line_id", "month", name="uq_budget_months_line_month"),
        CheckConstraint("planned >= 0", name="planned_not_negative"),
        CheckConstraint("actual IS NULL OR actual >= 0", name="actual_not_negative"),
        CheckConstraint("forecast IS NULL OR forecast >= 0", name="forecast_not_negative"),
    )
