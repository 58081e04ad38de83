"""Reading MSPDI elements: tags in Microsoft Project's namespace, and their trimmed text."""

from __future__ import annotations

from xml.etree.ElementTree import Element

NS = "http://schemas.microsoft.com/project"


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _text(element: Element, tag: str) -> str | None:
    found = element.find(_q(tag))
    if found is None or found.text is None or not found.text.strip():
        return None
    return found.text.strip()
