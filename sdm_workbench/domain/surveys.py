"""Survey responses: CSAT, NPS, CES and SERVQUAL (expectation and perception per RATER)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Entity

RATER_DIMENSIONS = ("reliability", "assurance", "tangibles", "empathy", "responsiveness")


def _range(column: str, low: int, high: int) -> CheckConstraint:
    return CheckConstraint(
        f"{column} IS NULL OR {column} BETWEEN {low} AND {high}", name=f"{column}_range"
    )


class SurveyResponse(Entity):
    __tablename__ = "survey_responses"

    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True
    )
    responded_on: Mapped[date] = mapped_column(Date)
    csat: Mapped[int | None] = mapped_column(Integer)
    nps: Mapped[int | None] = mapped_column(Integer)
    ces: Mapped[int | None] = mapped_column(Integer)
    exp_reliability: Mapped[int | None] = mapped_column(Integer)
    perc_reliability: Mapped[int | None] = mapped_column(Integer)
    exp_assurance: Mapped[int | None] = mapped_column(Integer)
    perc_assurance: Mapped[int | None] = mapped_column(Integer)
    exp_tangibles: Mapped[int | None] = mapped_column(Integer)
    perc_tangibles: Mapped[int | None] = mapped_column(Integer)
    exp_empathy: Mapped[int | None] = mapped_column(Integer)
    perc_empathy: Mapped[int | None] = mapped_column(Integer)
    exp_responsiveness: Mapped[int | None] = mapped_column(Integer)
    perc_responsiveness: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        _range("csat", 1, 5),
        _range("nps", 0, 10),
        _range("ces", 1, 7),
        *(_range(f"{kind}_{dim}", 1, 7) for dim in RATER_DIMENSIONS for kind in ("exp", "perc")),
    )
