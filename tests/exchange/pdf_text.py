"""Just enough PDF reading to test the PDFs Qt writes: pages and their text.

Neither pypdf nor poppler is a dependency, so this reads what QPdfWriter produces: objects
with Flate-compressed content streams, Type0 fonts with a ToUnicode CMap (bfchar and
bfrange, the array form too), and glyphs shown with ``<hex> Tj``. Qt places every glyph
itself and draws no spaces, so the text comes back without whitespace: compare with
:func:`squeeze` applied to both sides. Ligatures (fi, ffi) are unfolded.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from pathlib import Path

_OBJECT = re.compile(rb"(\d+) 0 obj\b")
_REF = rb"(\d+) 0 R"


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Object number -> (dictionary text, decoded stream or None)."""
    found: dict[int, tuple[bytes, bytes | None]] = {}
    position = 0
    while (match := _OBJECT.search(data, position)) is not None:
        start = match.end()
        stream_at = data.find(b"stream", start)
        end = data.find(b"endobj", start)
        stream = None
        if 0 <= stream_at < end:
            body_start = stream_at + len(b"stream")
            stream_end = data.find(b"endstream", body_start)
            # Qt ends lines with a bare LF; the one before "endstream" belongs to the keyword
            # (compressed bytes may end in CR or LF themselves, so strip exactly one).
            stream = data[body_start + 1 : stream_end].removesuffix(b"\n")
            head = data[start:stream_at]
            if b"/FlateDecode" in head:
                stream = zlib.decompress(stream)
            end = data.find(b"endobj", stream_end)
        else:
            head = data[start:end]
        found[int(match.group(1))] = (head, stream)
        position = end + len(b"endobj")
    return found


def _cmap(text: bytes) -> dict[int, str]:
    table: dict[int, str] = {}

    def chars(hex_text: bytes) -> str:
        raw = bytes.fromhex(hex_text.decode())
        return raw.decode("utf-16-be")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(src, 16)] = chars(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, rest in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[.*?\]|<[0-9A-Fa-f]+>)", block, re.S
        ):
            low, high = int(lo, 16), int(hi, 16)
            if rest.startswith(b"["):
                for offset, dst in enumerate(re.findall(rb"<([0-9A-Fa-f]+)>", rest)):
                    table[low + offset] = chars(dst)
            else:
                first = int(rest[1:-1], 16)
                for code in range(low, high + 1):
                    table[code] = chr(first + code - low)
    return table


def pages(path: Path) -> list[str]:
    """The text of each page, in page order (without whitespace; see the module docstring)."""
    data = path.read_bytes()
    objects = _objects(data)
    tree = next(head for head, _ in objects.values() if re.search(rb"/Type\s*/Pages\b", head))
    kids = re.search(rb"/Kids\s*\[(.*?)\]", tree, re.S)
    assert kids is not None
    texts = []
    for number in (int(n) for n in re.findall(_REF, kids.group(1))):
        head, _ = objects[number]
        resources_ref = re.search(rb"/Resources\s+" + _REF, head)
        resources = objects[int(resources_ref.group(1))][0] if resources_ref else head
        fonts_block = re.search(rb"/Font\s*<<(.*?)>>", resources, re.S)
        fonts: dict[bytes, dict[int, str]] = {}
        for name, ref in re.findall(
            rb"/(\w+)\s+" + _REF, fonts_block.group(1) if fonts_block else b""
        ):
            unicode_ref = re.search(rb"/ToUnicode\s+" + _REF, objects[int(ref)][0])
            stream = objects[int(unicode_ref.group(1))][1] if unicode_ref else None
            fonts[name] = _cmap(stream or b"")
        contents = re.search(rb"/Contents\s+" + _REF, head)
        assert contents is not None
        content = objects[int(contents.group(1))][1] or b""
        current: dict[int, str] = {}
        out: list[str] = []
        for font, glyphs in re.findall(rb"/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj", content):
            if font:
                current = fonts.get(font, {})
                continue
            for i in range(0, len(glyphs), 4):
                out.append(current.get(int(glyphs[i : i + 4], 16), "\ufffd"))
        texts.append(squeeze("".join(out)))
    return texts


def page_count(path: Path) -> int:
    """The page count the document declares (its page tree's /Count)."""
    match = re.search(rb"/Type\s*/Pages\b.*?/Count\s+(\d+)", path.read_bytes(), re.S)
    assert match is not None
    return int(match.group(1))


def squeeze(text: str) -> str:
    """``text`` without whitespace, ligatures unfolded (NFKC)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
