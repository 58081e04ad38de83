"""Just enough PDF reading for tests: page count and the text Qt's PDF writer draws.

Qt writes text as glyph ids (``<0012> Tj``) in a subset font whose ``/ToUnicode`` CMap
maps them back to characters; this decodes those, page by page, ignoring positions.
"""

from __future__ import annotations

import re
import zlib

_OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def _objects(raw: bytes) -> dict[int, bytes]:
    return {int(n): body for n, body in _OBJ.findall(raw)}


def _stream(body: bytes) -> bytes:
    found = _STREAM.search(body)
    if found is None:
        return b""
    data = found.group(1)
    return zlib.decompress(data) if b"/FlateDecode" in body else data


def _cmap(text: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[.*?\]|<[0-9A-Fa-f]+>)", block, re.S
        ):
            start, end = int(lo, 16), int(hi, 16)
            if dst.startswith(b"["):
                targets = re.findall(rb"<([0-9A-Fa-f]+)>", dst)
                for k, target in enumerate(targets):
                    mapping[start + k] = bytes.fromhex(target.decode()).decode("utf-16-be")
            else:
                first = int(dst[1:-1], 16)
                for k in range(end - start + 1):
                    mapping[start + k] = chr(first + k)
    return mapping


def page_count(raw: bytes) -> int:
    """Page objects in the file (``/Type /Page``, not ``/Pages``)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", raw))


def page_texts(raw: bytes) -> list[str]:
    """The characters drawn on each page, in drawing order."""
    objects = _objects(raw)
    texts = []
    for body in objects.values():
        if not re.search(rb"/Type\s*/Page(?![a-zA-Z])", body):
            continue
        fonts: dict[bytes, dict[int, str]] = {}
        resources = body
        ref = re.search(rb"/Resources\s+(\d+) 0 R", body)
        if ref:
            resources = objects[int(ref.group(1))]
        font_block = re.search(rb"/Font\s*<<(.*?)>>", resources, re.S)
        for name, number in re.findall(
            rb"/(\w+)\s+(\d+) 0 R", font_block.group(1) if font_block else b""
        ):
            font = objects[int(number)]
            unicode_ref = re.search(rb"/ToUnicode\s+(\d+) 0 R", font)
            if unicode_ref:
                fonts[name] = _cmap(_stream(objects[int(unicode_ref.group(1))]))
        contents = re.search(rb"/Contents\s+(\d+) 0 R", body)
        content = _stream(objects[int(contents.group(1))]) if contents else b""
        chars: list[str] = []
        current: dict[int, str] = {}
        for font, hexes in re.findall(rb"/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]+)>\s*Tj", content):
            if font:
                current = fonts.get(font, {})
                chars.append(" ")
                continue
            for k in range(0, len(hexes), 4):
                chars.append(current.get(int(hexes[k : k + 4], 16), "?"))
        texts.append("".join(chars))
    return texts
