"""The first start: no workbench yet, so offer the demo, an empty workbench, or a file.

"Open the demo portfolio" is the default button, so a newcomer who just presses Enter (or
runs the README's command) lands in a full workbench to explore.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

FILE_FILTER = "Workbench files (*.sqlite *.sqlite3 *.db *.sdmw);;All files (*)"


class FirstRunChoice(Enum):
    DEMO = "demo"
    EMPTY = "empty"
    OPEN = "open"
    QUIT = "quit"


class FirstRunDialog(QMessageBox):
    """Three ways to start; closing the dialog means quit (nothing is created)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunDialog")
        self.setWindowTitle("Welcome to SDM Workbench")
        self.setIcon(QMessageBox.Icon.Information)
        self.setText("<b>Welcome to SDM Workbench</b>")
        self.setInformativeText(
            "There is no workbench on this computer yet. Explore a demo portfolio (services, "
            "SLAs, projects, risks, tickets and KPIs of a fictitious department), start with "
            "an empty workbench, or open a workbench file you already have."
        )
        self.choice_buttons: dict[FirstRunChoice, QPushButton] = {
            FirstRunChoice.DEMO: self.addButton(
                "Open the &demo portfolio", QMessageBox.ButtonRole.AcceptRole
            ),
            FirstRunChoice.EMPTY: self.addButton("Start &empty", QMessageBox.ButtonRole.ActionRole),
            FirstRunChoice.OPEN: self.addButton("&Open a file…", QMessageBox.ButtonRole.ActionRole),
        }
        quit_button = self.addButton(QMessageBox.StandardButton.Close)
        quit_button.hide()  # Escape and the window's close box still mean "quit"
        self.setEscapeButton(quit_button)
        self.setDefaultButton(self.choice_buttons[FirstRunChoice.DEMO])
        for choice, button in self.choice_buttons.items():
            button.setObjectName(f"firstRun_{choice.value}")

    def choice(self) -> FirstRunChoice:
        """What was clicked (after ``exec``); QUIT when the dialog was closed."""
        clicked = self.clickedButton()
        for choice, button in self.choice_buttons.items():
            if button is clicked:
                return choice
        return FirstRunChoice.QUIT


def ask_first_run(parent: QWidget | None = None) -> FirstRunChoice:
    """Show the chooser and wait for the answer."""
    dialog = FirstRunDialog(parent)
    try:
        dialog.exec()
        return dialog.choice()
    finally:
        dialog.deleteLater()


def ask_workbench_file(parent: QWidget | None = None) -> Path | None:
    """A file picker for an existing workbench; None when cancelled."""
    name, _filter = QFileDialog.getOpenFileName(parent, "Open a workbench", "", FILE_FILTER)
    return Path(name) if name else None
