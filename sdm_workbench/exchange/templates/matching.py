"""Match a template's column headers to our fields: synonyms first, then fuzzy (difflib).

Headers in the wild carry hints and line breaks ("Prob-ability\\n1=low 2=med 3=high",
"Risk Owner\\n(who)", "Cost ($)"); :func:`normalise` strips those to the words that name
the column. A misspelt header ("Likelhood") still matches by similarity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from .fields import IGNORED, fields_of

FUZZY_THRESHOLD = 0.8
_HINT = re.compile(r"\(.*?\)|\d\s*=\s*[a-z]+|\bdd/mm/yyyy\b|\bmm/dd/yyyy\b|\byyyy-mm-dd\b")
_NOT_WORD = re.compile(r"[^a-z0-9#%]+")


def normalise(header: Any) -> str:
    """Lower-case words of a header, without hints in brackets, scale legends and punctuation.

    Hyphens inside a word are dropped ("Prob-ability" is "probability"); other punctuation
    separates words.
    """
    if header is None:
        return ""
    text = str(header).casefold().replace("\u2026", " ")
    text = _HINT.sub(" ", text)
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", "", text)
    text = text.replace("%", " % ")
    return " ".join(_NOT_WORD.sub(" ", text).split())


def first_line(header: Any) -> str:
    """The header's first non-empty line, normalised ("Risk Impact\\nLow\\nHigh": risk impact)."""
    for line in str(header or "").splitlines():
        if line.strip():
            return normalise(line)
    return ""


def similarity(header: str, synonym: str) -> float:
    """1.0 exact; 0.9 when the header starts with the synonym's words; else difflib's ratio."""
    if not header or not synonym:
        return 0.0
    if header == synonym:
        return 1.0
    if len(synonym) >= 5 and header.startswith(synonym + " "):  # "Risk ..." says too little
        return 0.9
    return SequenceMatcher(None, header, synonym).ratio()


def _could_reach(header: str, synonym: str, bar: float, equal: bool = False) -> bool:
    """Whether :func:`similarity` may exceed ``bar`` (reach it, with ``equal``): an exact
    or prefix match, or a ratio whose bound from the two lengths allows it."""
    if not header or not synonym:
        return False
    if header == synonym or header.startswith(synonym + " "):
        return True
    bound = 2.0 * min(len(header), len(synonym)) / (len(header) + len(synonym))
    return bound >= bar if equal else bound > bar


@dataclass(frozen=True)
class Match:
    field: str | None  # None: no field (or a derived column we ignore)
    score: float


def best_field(target: str, header: Any) -> Match:
    """The field of ``target`` that ``header`` names best (field None below the threshold)."""
    return _best_field(target, normalise(header), first_line(header))


@lru_cache(maxsize=4096)  # header search tries the same cells for each target and row
def _best_field(target: str, whole: str, first: str) -> Match:
    candidates = {whole, first} - {""}
    if not candidates:
        return Match(None, 0.0)
    best = Match(None, 0.0)
    for f in fields_of(target):
        for synonym in f.synonyms:
            # difflib is most of the cost of finding a header: skip what cannot win.
            if not any(_could_reach(c, synonym, best.score) for c in candidates):
                continue
            score = max(similarity(c, synonym) for c in candidates)
            if score > best.score:
                best = Match(f.key, score)
    bar = max(best.score, FUZZY_THRESHOLD)  # below it, IGNORED cannot change the outcome
    ignored = max(
        (similarity(c, s) for c in candidates for s in IGNORED if _could_reach(c, s, bar, True)),
        default=0.0,
    )
    if ignored >= max(best.score, FUZZY_THRESHOLD) and best.score < 1.0:
        return Match(None, ignored)
    return best if best.score >= FUZZY_THRESHOLD else Match(None, best.score)


# When a field is taken by a better column, a column that wanted it may take this one.
SECOND_CHOICE = {("raid_item", "title"): "description"}


def match_headers(
    target: str, headers: list[Any], filled: dict[int, int] | None = None
) -> dict[int, Match]:
    """Each column's field (0-based column -> Match); a field goes to its best column only.

    Between equally good headers, the column with more values below it wins ("Predecessor"
    left empty beside a filled "Predecessors").
    """
    found = {i: best_field(target, h) for i, h in enumerate(headers) if str(h or "").strip()}
    counts = filled or {}
    taken: dict[str, int] = {}
    for i in sorted(found, key=lambda i: (-found[i].score, -counts.get(i, 0), i)):
        key = found[i].field
        if key is None:
            continue
        if key in taken:
            second = SECOND_CHOICE.get((target, key))
            if second and second not in taken:
                taken[second] = i
                found[i] = Match(second, found[i].score)
            else:
                found[i] = Match(None, found[i].score)
            continue
        taken[key] = i
    return found
