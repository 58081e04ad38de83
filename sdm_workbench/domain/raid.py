"""The RAID log (risks, assumptions, issues, dependencies, decisions) and risk score history."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Entity, enum_type
from .enums import RaidStatus, RaidType, ResponseStrategy


def _scale(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} IS NULL OR {column} BETWEEN 1 AND 5", name=f"{column}_range")


class RaidItem(Entity):
    __tablename__ = "raid_items"

    code: Mapped[str] = mapped_column(String(24), unique=True)
    type: Mapped[RaidType] = mapped_column(enum_type(RaidType, "raid_type"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    cause: Mapped[str | None] = mapped_column(Text)
    effect: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(80))
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    probability: Mapped[int | None] = mapped_column(Integer)
    impact: Mapped[int | None] = mapped_column(Integer)
    residual_probability: Mapped[int | None] = mapped_column(Integer)
    residual_impact: Mapped[int | None] = mapped_column(Integer)
    cost_impact: Mapped[float | None] = mapped_column(Numeric(14, 2, asdecimal=False))
    response_strategy: Mapped[ResponseStrategy | None] = mapped_column(
        enum_type(ResponseStrategy, "response_strategy")
    )
    mitigation: Mapped[str | None] = mapped_column(Text)
    proximity: Mapped[date | None] = mapped_column(Date)
    status: Mapped[RaidStatus] = mapped_column(
        enum_type(RaidStatus, "raid_status"), default=RaidStatus.OPEN
    )
    raised_on: Mapped[date | None] = mapped_column(Date)
    review_date: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        _scale("probability"),
        _scale("impact"),
        _scale("residual_probability"),
        _scale("residual_impact"),
        CheckConstraint("cost_impact IS NULL OR cost_impact >= 0", name="cost_not_negative"),
    )


class RiskScoreEntry(Entity):
    """A risk's probability and impact as assessed on one day (the trend)."""

    __tablename__ = "risk_score_history"

    raid_item_id: Mapped[int] = mapped_column(
        ForeignKey("raid_items.id", ondelete="CASCADE"), index=True
    )
    assessed_on: Mapped[date] = mapped_column(Date)
    probability: Mapped[int] = mapped_column(Integer)
    impact: Mapped[int] = mapped_column(Integer)
    residual_probability: Mapped[int | None] = mapped_column(Integer)
    residual_impact: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(String(300))

    __table_args__ = (
        CheckConstraint("probability BETWEEN 1 AND 5", name="probability_range"),
        CheckConstraint("impact BETWEEN 1 AND 5", name="impact_range"),
        _scale("residual_probability"),
        _scale("residual_impact"),
    )
