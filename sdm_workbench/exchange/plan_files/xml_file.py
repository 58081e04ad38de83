"""Opening a plan file's XML safely: size first, then a parser that refuses DTDs and entities.

Both plan readers (MSPDI, GanttProject) open their files here, so the refusals a manager
sees are the same whichever tool made the plan.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse

from ..archive import check_size
from ..errors import ExchangeError

MAX_PLAN_BYTES = 64 * 1024 * 1024  # far above any real plan; refused before it is parsed


def read_xml(path: Path) -> Element:
    """The root element of ``path``; ExchangeError for a missing, empty, oversized, hostile
    (DTD, entities, external references) or unreadable file."""
    check_size(path, MAX_PLAN_BYTES)
    try:
        root: Element = parse(path, forbid_dtd=True).getroot()
    except DefusedXmlException as exc:
        raise ExchangeError(
            f"{path.name} was refused: it declares a DTD, entities or external references, "
            f"which project plans never need and attacks use ({type(exc).__name__})."
        ) from exc
    except ParseError as exc:
        raise ExchangeError(f"{path.name} is not a readable XML file ({exc}).") from exc
    except OSError as exc:
        raise ExchangeError(f"Could not read {path.name} ({exc.strerror or exc}).") from exc
    return root
