"""Closed vocabularies of the domain (values are what the database and workbooks hold)."""

from __future__ import annotations

from enum import StrEnum


class DeliveryModel(StrEnum):
    CUSTOMER_SERVICE = "customer service"
    SUPPORT = "support"
    PRODUCT_DELIVERY = "product delivery"
    DIRECT_INTERACTION = "direct interaction"
    REMOTE_SUPPORT = "remote support"
    AUTOMATED = "automated"


class LifecycleStage(StrEnum):
    INQUIRY = "inquiry"
    NEEDS_ASSESSMENT = "needs assessment"
    DESIGN = "design"
    DELIVERY = "delivery"
    FEEDBACK = "feedback"
    EVALUATION = "evaluation"
    IMPROVEMENT = "improvement"
    RETIRED = "retired"


class Criticality(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class RaciRole(StrEnum):
    RESPONSIBLE = "R"
    ACCOUNTABLE = "A"
    CONSULTED = "C"
    INFORMED = "I"


class MeasurementPeriod(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"


class SlaStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    EXPIRED = "expired"


class SlaMetric(StrEnum):
    RESPONSE_TIME = "response time"
    RESOLUTION_TIME = "resolution time"
    AVAILABILITY = "availability"
    CSAT = "csat"
    NPS = "nps"
    FIRST_CONTACT_RESOLUTION = "first contact resolution"
    CHANGE_FAILURE_RATE = "change failure rate"


class Comparator(StrEnum):
    LE = "<="
    LT = "<"
    GE = ">="
    GT = ">"


class TargetUnit(StrEnum):
    MINUTES = "minutes"
    HOURS = "hours"
    BUSINESS_HOURS = "business hours"
    BUSINESS_DAYS = "business days"
    PERCENT = "percent"
    SCORE = "score"


class TicketKind(StrEnum):
    INCIDENT = "incident"
    REQUEST = "request"


class TicketState(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in progress"
    ON_HOLD = "on hold"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Methodology(StrEnum):
    WATERFALL = "waterfall"
    AGILE = "agile"
    HYBRID = "hybrid"


class ProjectStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    ON_HOLD = "on hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class DependencyType(StrEnum):
    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


class CostCategory(StrEnum):
    LABOUR = "labour"
    LICENCES = "licences"
    HARDWARE = "hardware"
    SERVICES = "services"
    TRAVEL = "travel"
    CONTINGENCY = "contingency"


class RaidType(StrEnum):
    RISK = "risk"
    ASSUMPTION = "assumption"
    ISSUE = "issue"
    DEPENDENCY = "dependency"
    DECISION = "decision"


class ResponseStrategy(StrEnum):
    AVOID = "avoid"
    REDUCE = "reduce"
    TRANSFER = "transfer"
    ACCEPT = "accept"
    EXPLOIT = "exploit"
    ENHANCE = "enhance"
    SHARE = "share"


class RaidStatus(StrEnum):
    OPEN = "open"
    MONITORING = "monitoring"
    CLOSED = "closed"
    OCCURRED = "occurred"


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher is better"
    LOWER_IS_BETTER = "lower is better"


class KpiSource(StrEnum):
    COMPUTED = "computed"
    MANUAL = "manual"


class ReviewStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in progress"
    CLOSED = "closed"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in progress"
    DONE = "done"
    CANCELLED = "cancelled"
