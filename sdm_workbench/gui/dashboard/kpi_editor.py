"""Edit a KPI's definition from the dashboard: direction, target, amber and red thresholds.

The change is one operation (one undo step): an ``UpdateRow`` of the KPI's stored definition,
or a ``CreateRow`` when the KPI still runs on the catalogue's defaults.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...analytics.kpi_catalogue import KpiSpec
from ...analytics.rag import Rag, Thresholds, rag
from ...domain.enums import Direction
from ...operations import CreateRow, Operation, UpdateRow
from .format import format_value
from .palette import RAG_WORDS


@dataclass(frozen=True)
class Limits:
    """What the manager can change about a KPI."""

    direction: Direction
    target: float | None
    amber: float | None
    red: float | None

    @classmethod
    def of(cls, spec: KpiSpec) -> Limits:
        return cls(spec.direction, spec.target, spec.amber, spec.red)

    def thresholds(self) -> Thresholds:
        return Thresholds(self.direction, self.target, self.amber, self.red)


def definition_operation(
    spec: KpiSpec, limits: Limits, stored: Mapping[str, Any] | None
) -> Operation | None:
    """The one operation that gives KPI ``spec`` these ``limits`` (None: nothing changes).

    ``stored`` is the KPI's ``kpi`` row when it has one (then only changed fields are written,
    checked against the row's version so a teammate's edit is not overwritten).
    """
    values = {
        "direction": limits.direction.value,
        "target": limits.target,
        "amber_threshold": limits.amber,
        "red_threshold": limits.red,
    }
    if stored is not None:
        current = {k: getattr(stored.get(k), "value", stored.get(k)) for k in values}
        changes = {k: v for k, v in values.items() if current[k] != v}
        if not changes:
            return None
        return UpdateRow("kpi", int(stored["id"]), changes, expected_version=stored.get("version"))
    if limits == Limits.of(spec):
        return None
    return CreateRow("kpi", {"key": spec.key, "name": spec.name, "unit": spec.unit,
                             "description": spec.description or None, **values})  # fmt: skip


def _number(text: str) -> float | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    value = float(text)
    return value if math.isfinite(value) else None


class KpiDefinitionDialog(QDialog):
    """Direction, target and thresholds of one KPI, with what the RAG of ``value`` becomes."""

    def __init__(self, spec: KpiSpec, value: float | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"KPI: {spec.name}")
        self.spec, self.value = spec, value
        self.direction = QComboBox(self)
        for direction in Direction:
            self.direction.addItem(direction.value.capitalize(), direction)
        self.direction.setCurrentIndex(self.direction.findData(spec.direction))
        self.target, self.amber, self.red = (QLineEdit(self) for _ in range(3))
        unit = f" ({spec.unit})" if spec.unit else ""
        form = QFormLayout()
        form.addRow("&Direction:", self.direction)
        for edit, text, number in ((self.target, f"&Target{unit}:", spec.target),
                                   (self.amber, f"&Amber from{unit}:", spec.amber),
                                   (self.red, f"&Red from{unit}:", spec.red)):  # fmt: skip
            edit.setValidator(QDoubleValidator(edit))
            edit.setPlaceholderText("none")
            edit.setText("" if number is None else f"{number:g}")
            edit.textChanged.connect(self._preview)
            form.addRow(text, edit)
        self.direction.currentIndexChanged.connect(self._preview)
        self.preview = QLabel(self)
        self.preview.setObjectName("ragPreview")
        self.preview.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        explain = QLabel(
            "A value beyond the red threshold is red, beyond the amber one amber (the target "
            "stands in for an empty amber). Leave a field empty for none.", self
        )  # fmt: skip
        explain.setWordWrap(True)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(buttons)
        self._preview()

    def limits(self) -> Limits:
        direction = self.direction.currentData()
        return Limits(Direction(direction), _number(self.target.text()),
                      _number(self.amber.text()), _number(self.red.text()))  # fmt: skip

    def set_limits(self, limits: Limits) -> None:
        self.direction.setCurrentIndex(self.direction.findData(limits.direction))
        for edit, number in ((self.target, limits.target), (self.amber, limits.amber),
                             (self.red, limits.red)):  # fmt: skip
            edit.setText("" if number is None else f"{number:g}")

    def accept(self) -> None:
        try:
            self.limits()
        except ValueError:
            self.preview.setText("Enter numbers (or leave a field empty for none).")
            return
        super().accept()

    def preview_rag(self) -> Rag:
        return rag(self.value, self.limits().thresholds())

    def _preview(self, *_args: object) -> None:
        try:
            status = self.preview_rag()
        except ValueError:
            self.preview.setText("")
            return
        shown = format_value(self.value, self.spec.unit)
        self.preview.setText(f"The current value {shown} would be: {RAG_WORDS[status]}")
