"""The edge between Python values and Qt values (DESIGN rule 8).

Dates become ``QDate``; stored timestamps are naive UTC and become local ``QDateTime``.
Nothing else in the GUI converts dates, so the rule lives in one place.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, QTimeZone


def to_qdate(value: date | None) -> QDate:
    """A ``QDate`` for a Python date; a null ``QDate`` for None."""
    if value is None:
        return QDate()
    return QDate(value.year, value.month, value.day)


def utc_to_local(value: datetime | None) -> QDateTime:
    """A stored naive-UTC timestamp as a local-time ``QDateTime`` (null for None)."""
    if value is None:
        return QDateTime()
    if value.tzinfo is not None:  # tolerate aware values: the instant is what counts
        return QDateTime.fromMSecsSinceEpoch(round(value.timestamp() * 1000)).toLocalTime()
    utc = QDateTime(
        QDate(value.year, value.month, value.day),
        QTime(value.hour, value.minute, value.second, value.microsecond // 1000),
        QTimeZone.utc(),
    )
    return utc.toLocalTime()


def from_qdate(value: QDate) -> date | None:
    """The Python date of a ``QDate``; None for a null or invalid one (never raises)."""
    if value.isNull() or not value.isValid():
        return None
    return date(value.year(), value.month(), value.day())


def use_readable_locale() -> QLocale:
    """Keep the user's locale, but replace the bare "C" locale (no month names, no digit
    grouping: typical of CI machines and containers) with English (UK)."""
    if QLocale().language() == QLocale.Language.C:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    return QLocale()


def local_to_utc(value: QDateTime) -> datetime | None:
    """A local-time ``QDateTime`` (from an editor) as the naive UTC the store keeps."""
    if value.isNull() or not value.isValid():
        return None
    utc = value.toUTC()
    day, time = utc.date(), utc.time()
    return datetime(day.year(), day.month(), day.day(), time.hour(), time.minute(), time.second())
