"""Dark theme: check boxes and radio buttons (in dialogs and in lists) keep a visible frame."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QStyleOptionButton,
    QStyleOptionViewItem,
)
from pytestqt.qtbot import QtBot

from sdm_workbench.gui.theme import IndicatorStyle, apply_theme, indicator_frame, palette_for

PE = QStyle.PrimitiveElement
BOX = QRect(3, 3, 14, 14)


def frame_contrast(style: QStyle, element: QStyle.PrimitiveElement, dark: bool) -> int:
    """The largest lightness step between the drawn indicator's pixels and the Base fill."""
    palette = palette_for(dark)
    option: QStyleOption = (
        QStyleOptionViewItem() if element is PE.PE_IndicatorItemViewItemCheck
        else QStyleOptionButton()
    )  # fmt: skip
    option.rect = BOX
    option.palette = palette
    option.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Off
    base = palette.color(palette.ColorRole.Base)
    image = QImage(20, 20, QImage.Format.Format_ARGB32)
    image.fill(base)
    painter = QPainter(image)
    style.drawPrimitive(element, option, painter, None)
    painter.end()
    return max(
        abs(QColor(image.pixel(x, y)).lightness() - base.lightness())
        for x in range(20)
        for y in range(20)
    )


@pytest.mark.parametrize(
    "element",
    [PE.PE_IndicatorCheckBox, PE.PE_IndicatorRadioButton, PE.PE_IndicatorItemViewItemCheck],
)
def test_unticked_indicators_have_a_visible_frame(
    qtbot: QtBot, element: QStyle.PrimitiveElement
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "dark")
    style = app.style()
    assert isinstance(style, IndicatorStyle)
    plain = QStyleFactory.create("Fusion")
    assert frame_contrast(plain, element, dark=True) < 20  # why the fix exists: it vanished
    assert frame_contrast(style, element, dark=True) >= 60
    assert frame_contrast(style, element, dark=False) >= 60
    apply_theme(app, "light")


def test_the_light_palette_keeps_fusions_own_frame() -> None:
    assert indicator_frame(palette_for(False)) is None
    assert indicator_frame(palette_for(True)) == palette_for(True).color(
        palette_for(True).ColorRole.PlaceholderText
    )


def test_applying_a_theme_twice_keeps_one_style(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "dark")
    first = app.style()
    apply_theme(app, "light")
    assert app.style() is first and isinstance(first, IndicatorStyle)
    assert first.baseStyle().name().lower() == "fusion"
