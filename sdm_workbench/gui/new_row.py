"""A form for adding one row: every field with its default; refusals shown at the fields."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..domain.columns import ColumnType
from ..domain.errors import DomainError, Problem
from ..domain.kinds import kind
from ..operations import CreateRow
from .edit_model import EditableRowModel
from .edit_values import edit_value
from .editors import LongTextEdit, create_editor, field_value, set_field_value
from .fields import FieldSpec, field_specs

Submit = Callable[[CreateRow], bool]
MIN_WIDTH = 620


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setForegroundRole(QPalette.ColorRole.BrightText)
    label.hide()
    return label


class NewRowDialog(QDialog):
    """Add a row of ``model``'s kind; ``starting`` pre-fills fields (e.g. the current project).

    The row is created through ``submit`` (the window's undo history); when the domain
    refuses it, each message appears under its field and the dialog stays open.
    """

    def __init__(
        self,
        model: EditableRowModel,
        submit: Submit,
        starting: Mapping[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        k = kind(model.kind)
        self.setObjectName("newRowDialog")
        self.setWindowTitle(f"New {k.noun}")
        self._model = model
        self._submit = submit
        self.operation: CreateRow | None = None
        self.editors: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}

        body = QWidget(self)
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in field_specs(model.kind):
            self._add_field(form, body, spec, (starting or {}).get(spec.name, spec.default))
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.summary = _error_label(self)
        self.summary.setObjectName("newRowProblems")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.add_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.add_button.setText(f"Add {k.noun}")
        buttons.accepted.connect(self.try_add)
        buttons.rejected.connect(self.reject)
        note = QLabel("Fields marked * are required. An empty code gets the next free one.", self)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.summary)
        layout.addWidget(note)
        layout.addWidget(buttons)
        code_editor = self.editors.get(k.code_column or "")
        if isinstance(code_editor, QLineEdit):
            code_editor.setPlaceholderText("Automatic: the next free code")
        height = min(720, body.sizeHint().height() + 140)
        self.resize(max(MIN_WIDTH, body.sizeHint().width() + 60), height)

    def _add_field(self, form: QFormLayout, body: QWidget, spec: FieldSpec, value: Any) -> None:
        editor = create_editor(spec, body, self._model.choices)
        if isinstance(editor, LongTextEdit):
            editor.setFixedHeight(editor.fontMetrics().lineSpacing() * 3 + 14)
        label = f"{spec.header} *" if spec.required else spec.header
        if spec.column.type is not ColumnType.REF:  # references start from an id
            value = edit_value(spec.column, value, None)
        set_field_value(editor, value)
        error = _error_label(body)
        container = QWidget(body)
        box = QVBoxLayout(container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(editor)
        box.addWidget(error)
        form.addRow(label, container)
        self.editors[spec.name] = editor
        self._errors[spec.name] = error

    def values(self) -> dict[str, Any]:
        """What the form holds, as CreateRow takes it (empty fields left out)."""
        values: dict[str, Any] = {}
        for spec in field_specs(self._model.kind):
            value = field_value(self.editors[spec.name])
            if value is None or value == "":
                continue
            values.update(self._model.changes_for(spec.column, value))
        return values

    def try_add(self) -> None:
        """Create the row; on refusal show every message at its field and stay open."""
        self._show_problems([])
        try:
            operation = CreateRow(self._model.kind, self.values())
        except DomainError as exc:
            self._show_problems(list(exc.problems))
            return
        if self._submit(operation):
            self.operation = operation
            self.accept()
            return
        error = self._model.history.last_error
        self._show_problems(list(error.problems) if error else [])

    def _show_problems(self, problems: list[Problem]) -> None:
        general: list[str] = []
        for shown in self._errors.values():
            shown.hide()
        for problem in problems:
            field = problem.field.removesuffix("_code").removesuffix("_name")
            label = self._errors.get(problem.field) or self._errors.get(f"{field}_id")
            if label is None:
                general.append(problem.message)
                continue
            label.setText(problem.message)
            label.show()
        self.summary.setText("\n".join(general))
        self.summary.setVisible(bool(general))
        first = next((p.field for p in problems if p.field in self.editors), None)
        if first:
            self.editors[first].setFocus()
