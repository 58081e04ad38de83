"""Which Designer form shows a kind, and where each of its fields goes in that form.

The ``.ui`` files (``ui/*.ui``, compiled into ``gui/forms``) decide the layout: a widget with
a dynamic property ``fields`` lists the columns it shows, by name; ``*`` takes every short
field no other widget named and ``*long`` every long text left over. So a kind without a
form of its own still gets every field, in the generic ``record_form.ui``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QTabWidget,
    QWidget,
)

from ...domain.columns import ColumnType
from ..fields import FieldSpec
from ..forms.ui_project_form import Ui_ProjectForm
from ..forms.ui_record_form import Ui_RecordForm
from ..forms.ui_risk_form import Ui_RiskForm
from ..forms.ui_sla_form import Ui_SlaForm

FIELDS_PROPERTY = "fields"
REST = "*"
REST_LONG = "*long"
PAIRS_PER_LINE = 3


class FormUi(Protocol):
    """What every form in ``ui/`` has (the object names the code relies on)."""

    heading: QLabel
    kindLabel: QLabel
    tabs: QTabWidget
    detailsTab: QWidget
    notesTab: QWidget

    def setupUi(self, form: QWidget) -> None: ...


FORMS: dict[str, type[FormUi]] = {
    "sla": Ui_SlaForm,
    "project": Ui_ProjectForm,
    "raid_item": Ui_RiskForm,
}


def load_form(kind_name: str, page: QWidget) -> FormUi:
    """Build the kind's Designer form (the generic one when it has none) into ``page``."""
    ui = FORMS.get(kind_name, Ui_RecordForm)()
    ui.setupUi(page)
    return ui


def field_places(page: QWidget, specs: Sequence[FieldSpec]) -> list[tuple[QWidget, list[str]]]:
    """Each container of the form with the columns it shows; every column exactly once.

    A name in a ``fields`` list that the kind does not have is a mistake in the ``.ui``
    file, reported at once rather than leaving a field out.
    """
    names = [s.name for s in specs]
    long = {s.name for s in specs if s.column.type is ColumnType.LONG_TEXT}
    containers = [w for w in page.findChildren(QWidget) if w.property(FIELDS_PROPERTY)]
    named: list[tuple[QWidget, list[str]]] = []
    taken: set[str] = set()
    for widget in containers:
        listed = str(widget.property(FIELDS_PROPERTY)).split()
        if listed in ([REST], [REST_LONG]):
            continue
        unknown = [n for n in listed if n not in names or n in taken]
        if unknown:
            raise ValueError(f"{widget.objectName()}: unknown or repeated fields {unknown}")
        named.append((widget, listed))
        taken.update(listed)
    rest = {
        REST: [n for n in names if n not in taken and n not in long],
        REST_LONG: [n for n in names if n not in taken and n in long],
    }
    for widget in containers:
        listed = str(widget.property(FIELDS_PROPERTY)).split()
        if listed in ([REST], [REST_LONG]):
            named.append((widget, rest.pop(listed[0], [])))
    missing = [n for group in rest.values() for n in group]
    if missing:
        raise ValueError(f"The form has no place for {missing}")
    return named


def caption(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return label


def place(container: QWidget, fields: Sequence[tuple[FieldSpec, QWidget]]) -> None:
    """Put each field's box (with a caption) into the container's layout."""
    layout = container.layout()
    container.setVisible(bool(fields))
    if isinstance(layout, QFormLayout):
        for spec, box in fields:
            layout.addRow(caption(spec.header, container), box)
    elif isinstance(layout, QGridLayout):
        for i, (spec, box) in enumerate(fields):
            line, pair = divmod(i, PAIRS_PER_LINE)
            layout.addWidget(caption(spec.header, container), line, pair * 2)
            layout.addWidget(box, line, pair * 2 + 1)
        for pair in range(PAIRS_PER_LINE):
            layout.setColumnStretch(pair * 2 + 1, 1)
    elif isinstance(layout, QBoxLayout):
        titled = isinstance(container, QGroupBox) and len(fields) == 1
        for spec, box in fields:
            if not titled:  # a group box of one field already says what it is
                layout.addWidget(caption(spec.header, container))
            stretch = 1 if spec.column.type is ColumnType.LONG_TEXT else 0
            layout.addWidget(box, stretch)
    else:
        raise ValueError(f"{container.objectName()} needs a form, grid or box layout")
