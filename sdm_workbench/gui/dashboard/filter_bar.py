"""The dashboard's filter bar: which scope (portfolio, a service, a customer or a project) and
which period (a month, a quarter or a custom range) the tiles and charts show."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from .data import PORTFOLIO, ScopeRef
from .filters import PeriodChoice, recent_months, recent_quarters

SCOPE_PREFIX = {"service": "Service ", "customer": "Customer ", "project": "Project "}
KIND_LABELS = (("month", "Month"), ("quarter", "Quarter"), ("custom", "Custom range"))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class FilterBar(QWidget):
    """Scope and period pickers; ``changed`` fires once per user choice."""

    changed = Signal()

    def __init__(self, as_of: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._as_of = as_of
        self._scopes: tuple[ScopeRef, ...] = (PORTFOLIO,)
        self.scope_box = QComboBox(self)
        self.scope_box.setObjectName("scopeBox")
        self.scope_box.setMinimumContentsLength(22)
        # as wide as 22 characters, not as the longest service name: the bar must fit a laptop
        self.scope_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.scope_box.setToolTip("The whole portfolio, one service, one customer or one project")
        self.scope_box.addItem(PORTFOLIO.label, PORTFOLIO)
        scope_label = QLabel("&Scope:", self)
        scope_label.setBuddy(self.scope_box)
        self.kind_box = QComboBox(self)
        self.kind_box.setObjectName("periodKind")
        for kind, text in KIND_LABELS:
            self.kind_box.addItem(text, kind)
        period_label = QLabel("&Period:", self)
        period_label.setBuddy(self.kind_box)
        self.period_box = QComboBox(self)
        self.period_box.setObjectName("periodBox")
        self.period_box.setMinimumContentsLength(14)
        self.period_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.from_edit = QDateEdit(self)
        self.to_edit = QDateEdit(self)
        for edit, name in ((self.from_edit, "periodFrom"), (self.to_edit, "periodTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd MMM yyyy")
        self.from_edit.setToolTip("First day of the range")
        self.to_edit.setToolTip("Last day of the range")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (scope_label, self.scope_box, period_label, self.kind_box,
                       self.period_box, self.from_edit, self.to_edit):  # fmt: skip
            layout.addWidget(widget)
        self._fill_periods("month", None)
        self.scope_box.currentIndexChanged.connect(self._emit)
        self.kind_box.currentIndexChanged.connect(self._on_kind)
        self.period_box.currentIndexChanged.connect(self._emit)
        self.from_edit.dateChanged.connect(self._emit)
        self.to_edit.dateChanged.connect(self._emit)

    # --- what is chosen ------------------------------------------------------------------
    @property
    def scope(self) -> ScopeRef:
        found = self.scope_box.currentData()
        return found if isinstance(found, ScopeRef) else PORTFOLIO

    @property
    def choice(self) -> PeriodChoice:
        kind = str(self.kind_box.currentData())
        if kind == "custom":
            return PeriodChoice("custom", self.from_edit.date().toPython(),  # type: ignore[arg-type]
                                self.to_edit.date().toPython())  # type: ignore[arg-type]  # fmt: skip
        start = self.period_box.currentData()  # ISO text: a date would come back as a QDate
        return PeriodChoice(kind, date.fromisoformat(start) if isinstance(start, str) else None)

    # --- setting -------------------------------------------------------------------------
    def set_scopes(self, scopes: tuple[ScopeRef, ...]) -> None:
        """Offer ``scopes`` (grouped, with separators); keeps the choice while it exists."""
        if scopes == self._scopes:
            return
        self._scopes = scopes
        current = self.scope
        self.scope_box.blockSignals(True)
        self.scope_box.clear()
        group = ""
        for scope in scopes:
            if scope.scope != group and self.scope_box.count():
                self.scope_box.insertSeparator(self.scope_box.count())
            group = scope.scope
            self.scope_box.addItem(SCOPE_PREFIX.get(scope.scope, "") + scope.label, scope)
        index = self.scope_box.findData(current)
        self.scope_box.setCurrentIndex(max(index, 0))
        self.scope_box.blockSignals(False)
        if self.scope != current:
            self.changed.emit()  # the chosen scope is gone: back to the portfolio

    def set_scope(self, scope: ScopeRef) -> bool:
        """Choose ``scope`` if it is offered; False when it is not (yet)."""
        index = self.scope_box.findData(scope)
        if index < 0:
            return False
        self.scope_box.setCurrentIndex(index)
        return True

    def set_choice(self, choice: PeriodChoice) -> None:
        """Show ``choice`` without announcing it (restoring what the user had)."""
        self.blockSignals(True)
        try:
            self.kind_box.setCurrentIndex(max(self.kind_box.findData(choice.kind), 0))
            self._fill_periods(choice.kind, choice.start)
            if choice.kind == "custom":
                period = choice.period(self._as_of)
                self.from_edit.setDate(_qdate(period.start))
                self.to_edit.setDate(_qdate(period.end))
        finally:
            self.blockSignals(False)

    # --- internals -----------------------------------------------------------------------
    def _fill_periods(self, kind: str, start: date | None) -> None:
        custom = kind == "custom"
        self.period_box.setVisible(not custom)
        self.from_edit.setVisible(custom)
        self.to_edit.setVisible(custom)
        self.period_box.blockSignals(True)
        self.period_box.clear()
        if kind == "quarter":
            self.period_box.addItem("Current quarter", None)
            for period in recent_quarters(self._as_of):
                self.period_box.addItem(period.label, period.start.isoformat())
        else:
            self.period_box.addItem("Current month", None)
            for period in recent_months(self._as_of):
                self.period_box.addItem(period.label, period.start.isoformat())
        index = self.period_box.findData(start.isoformat()) if start is not None else 0
        self.period_box.setCurrentIndex(max(index, 0))
        self.period_box.blockSignals(False)
        if custom and self.from_edit.date() >= self.to_edit.date():
            for edit in (self.from_edit, self.to_edit):
                edit.blockSignals(True)
            # a sensible first range: the last three whole months
            last = recent_months(self._as_of, 4)
            self.from_edit.setDate(_qdate(last[-1].start))
            self.to_edit.setDate(_qdate(last[1].end))
            for edit in (self.from_edit, self.to_edit):
                edit.blockSignals(False)

    def _on_kind(self, _index: int) -> None:
        self._fill_periods(str(self.kind_box.currentData()), None)
        self._emit()

    def _emit(self, *_args: object) -> None:
        self.changed.emit()
