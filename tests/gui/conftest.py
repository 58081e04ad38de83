"""GUI fixtures: a small seeded workbench and a main window on it; Qt warnings fail tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sdm_workbench.domain.enums import Criticality, TicketState
from sdm_workbench.domain.operations_log import Ticket
from sdm_workbench.domain.people import Person
from sdm_workbench.domain.services import Service, Sla
from sdm_workbench.gui.gc_guard import collect_on_gui_thread
from sdm_workbench.gui.main_window import MainWindow
from sdm_workbench.gui.settings import open_settings
from sdm_workbench.store import Store

# The offscreen platform says these on every show() and raise() (tool tips, pop-ups);
# they are not problems of ours.
QT_NOISE = r"This plugin does not support (propagateSizeHints|raise)\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/gui" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(QT_NOISE))


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread(qapp: QApplication) -> None:
    """As in the app: garbage is collected on the GUI thread only (gui/gc_guard.py), so a
    dashboard or stamp worker never frees a Qt object; the root conftest collects after."""
    collect_on_gui_thread(qapp)


def seed(store: Store, tickets: int = 3) -> None:
    """People, services (one with a multi-line description), an SLA and a few tickets."""
    with store.unit_of_work() as session:
        ann = Person(name="Ann Owner", is_stakeholder=True)
        bob = Person(name="Bob Builder")
        session.add_all([ann, bob])
        session.flush()
        mail = Service(
            code="SVC-001",
            name="Mail",
            owner_id=ann.id,
            criticality=Criticality.HIGH,
            description="Corporate e-mail\nincluding archiving",
        )
        web = Service(code="SVC-002", name="Web portal", owner_id=bob.id)
        desk = Service(code="SVC-003", name="Service desk")
        session.add_all([mail, web, desk])
        session.flush()
        session.add(
            Sla(code="SLA-001", name="Mail gold", service_id=mail.id, start_date=date(2025, 1, 1))
        )
        opened = datetime(2025, 3, 3, 9, 0)
        for n in range(tickets):
            session.add(
                Ticket(
                    external_id=f"INC{n:05d}",
                    service_id=(mail.id, web.id)[n % 2],
                    title=f"Cannot log in ({n})",
                    priority=1 + n % 5,
                    state=TicketState.NEW if n % 2 else TicketState.RESOLVED,
                    opened_at=opened + timedelta(hours=n),
                    resolved_at=None if n % 2 else opened + timedelta(hours=n + 2),
                    resolved_first_contact=bool(n % 2),
                )
            )


@pytest.fixture
def seeded(store: Store) -> Store:
    seed(store)
    return store


@pytest.fixture
def window(qtbot: QtBot, seeded: Store) -> Iterator[MainWindow]:
    """A main window on the seeded store, with settings in the isolated config folder."""
    main = MainWindow(seeded, settings=open_settings())
    qtbot.addWidget(main)
    main.resize(1000, 700)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()  # before the store fixture closes the engine
