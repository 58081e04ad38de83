"""Template words for our closed vocabularies: RAID status, type and response, task status,
budget category. Unknown words raise ValueError with a message a manager understands.
"""

from __future__ import annotations

import re
from typing import Any

from ...domain.enums import CostCategory, RaidStatus, RaidType, ResponseStrategy


def _word(value: Any) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", str(value).casefold()).split())


RAID_STATUS = {
    "open": RaidStatus.OPEN,
    "new": RaidStatus.OPEN,
    "active": RaidStatus.OPEN,
    "wip": RaidStatus.OPEN,
    "in progress": RaidStatus.OPEN,
    "raised": RaidStatus.OPEN,
    "identified": RaidStatus.OPEN,
    "not started": RaidStatus.OPEN,
    "escalated": RaidStatus.OPEN,
    "monitoring": RaidStatus.MONITORING,
    "monitor": RaidStatus.MONITORING,
    "on hold": RaidStatus.MONITORING,
    "onhold": RaidStatus.MONITORING,
    "pending": RaidStatus.MONITORING,
    "watch": RaidStatus.MONITORING,
    "closed": RaidStatus.CLOSED,
    "close": RaidStatus.CLOSED,
    "resolved": RaidStatus.CLOSED,
    "done": RaidStatus.CLOSED,
    "complete": RaidStatus.CLOSED,
    "completed": RaidStatus.CLOSED,
    "mitigated": RaidStatus.CLOSED,
    "cancelled": RaidStatus.CLOSED,
    "canceled": RaidStatus.CLOSED,
    "valid": RaidStatus.CLOSED,  # an assumption confirmed
    "invalid": RaidStatus.OCCURRED,
    "occurred": RaidStatus.OCCURRED,
    "realised": RaidStatus.OCCURRED,
    "realized": RaidStatus.OCCURRED,
}

RAID_TYPE = {
    "r": RaidType.RISK,
    "risk": RaidType.RISK,
    "risks": RaidType.RISK,
    "a": RaidType.ASSUMPTION,
    "assumption": RaidType.ASSUMPTION,
    "assumptions": RaidType.ASSUMPTION,
    "i": RaidType.ISSUE,
    "issue": RaidType.ISSUE,
    "issues": RaidType.ISSUE,
    "d": RaidType.DEPENDENCY,
    "dependency": RaidType.DEPENDENCY,
    "dependencies": RaidType.DEPENDENCY,
    "decision": RaidType.DECISION,
    "decisions": RaidType.DECISION,
}

RESPONSE = {
    "avoid": ResponseStrategy.AVOID,
    "reduce": ResponseStrategy.REDUCE,
    "mitigate": ResponseStrategy.REDUCE,
    "mitigation": ResponseStrategy.REDUCE,
    "control": ResponseStrategy.REDUCE,
    "transfer": ResponseStrategy.TRANSFER,
    "accept": ResponseStrategy.ACCEPT,
    "retain": ResponseStrategy.ACCEPT,
    "exploit": ResponseStrategy.EXPLOIT,
    "enhance": ResponseStrategy.ENHANCE,
    "share": ResponseStrategy.SHARE,
}

TASK_STATUS_PERCENT = {
    "done": 100.0,
    "complete": 100.0,
    "completed": 100.0,
    "closed": 100.0,
    "finished": 100.0,
    "not started": 0.0,
    "pending": 0.0,
    "planned": 0.0,
    "new": 0.0,
    "to do": 0.0,
    "open": 0.0,
}

_CATEGORY_WORDS = (
    (r"licen[cs]|subscription|software|saas|tool", CostCategory.LICENCES),
    (r"hardware|server|laptop|device|equipment|material", CostCategory.HARDWARE),
    (r"travel|trip|flight|hotel", CostCategory.TRAVEL),
    (r"contingen|reserve|risk", CostCategory.CONTINGENCY),
    (r"vendor|consult|contract|outsourc|third party|services", CostCategory.SERVICES),
)


def _lookup(table: dict[str, Any], value: Any, what: str) -> Any:
    word = _word(value)
    if word in table:
        return table[word]
    first = word.split(" ")[0] if word else ""
    if first in table:  # "Closed - resolved", "Accept (monitor)"
        return table[first]
    known = ", ".join(sorted({str(getattr(v, "value", v)) for v in table.values()}))
    raise ValueError(f"{str(value).strip()!r} is not a {what} (use {known})")


def raid_status(value: Any) -> RaidStatus:
    return _lookup(RAID_STATUS, value, "status")  # type: ignore[no-any-return]


def raid_type(value: Any) -> RaidType:
    return _lookup(RAID_TYPE, value, "RAID type")  # type: ignore[no-any-return]


def response_strategy(value: Any) -> ResponseStrategy:
    return _lookup(RESPONSE, value, "response strategy")  # type: ignore[no-any-return]


def task_percent(value: Any) -> float | None:
    """Percent complete a task status implies; None when it does not say (In progress)."""
    return TASK_STATUS_PERCENT.get(_word(value))


def raid_type_of_title(title: str) -> RaidType | None:
    """The RAID type a sheet title or header names ("Issue Register", "Assumptions")."""
    for word in _word(title).split():
        found = RAID_TYPE.get(word)
        if found is not None and len(word) > 1:
            return found
    return None


def cost_category(value: Any, name: str = "") -> CostCategory:
    """A category cell, else a guess from the line's name; labour when nothing says otherwise."""
    if value is not None and str(value).strip():
        word = _word(value)
        for category in CostCategory:
            if word == category.value or word.rstrip("s") == category.value.rstrip("s"):
                return category
        text = word
    else:
        text = _word(name)
    if re.search(r"labou?r|staff|people|salar|manager|developer|lead|designer", text):
        return CostCategory.LABOUR
    for pattern, category in _CATEGORY_WORDS:
        if re.search(pattern, text):
            return category
    return CostCategory.LABOUR
