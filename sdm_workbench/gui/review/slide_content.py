"""What one presenter slide says, as plain data: built from a review's agenda item.

Kept apart from the painting so tests can read a slide's words, and so the notes window can
name the current and next item without drawing anything. Status is always a word and a
shape besides a colour (``tone``), so a slide reads in greyscale and on a washed-out
projector.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...analytics.review_agenda import AgendaItem, AgendaKind
from ...analytics.review_changes import Direction
from ...analytics.review_history import ReviewData
from ...analytics.review_model import ActionEntry, KpiValue, RaidEntry

RAG_WORDS = {"red": "RED", "amber": "AMBER", "green": "GREEN", "none": "NO RATING"}
BAND_TONES = {"high": "red", "medium": "amber", "low": "green"}


@dataclass(frozen=True)
class Bullet:
    """One line of a section; ``tone`` picks the marker's colour and shape (see slide_paint)."""

    text: str
    tone: str = "neutral"  # red / amber / green / worse / better / neutral
    flag: str = ""  # a word drawn after the text in the tone's colour ("OVERDUE")


@dataclass(frozen=True)
class Section:
    title: str
    bullets: tuple[Bullet, ...]


@dataclass(frozen=True)
class SlideContent:
    """Everything drawn on one slide; ``number`` is 1-based, ``total`` the number of slides."""

    header: str
    title: str
    rag: str
    facts: str
    sections: tuple[Section, ...] = ()
    kpis: tuple[KpiValue, ...] = ()
    number: int = 1
    total: int = 1
    key: str = ""
    notes: str = ""  # the presenter's own: on the laptop's notes window, never on a slide

    @property
    def rag_word(self) -> str:
        return RAG_WORDS.get(self.rag, self.rag.upper())

    def words(self) -> str:
        """All the slide's text, for tests and accessibility."""
        lines = [self.header, self.title, self.rag_word, self.facts]
        for section in self.sections:
            lines.append(section.title)
            lines += [f"{b.text} {b.flag}".strip() for b in section.bullets]
        lines += [k.name for k in self.kpis]
        return "\n".join(line for line in lines if line)


def day(value: date | None) -> str:
    return "no date" if value is None else f"{value.day} {value:%b %Y}"


def header_of(review: ReviewData) -> str:
    return f"{review.code} \u00b7 {review.title} \u00b7 {day(review.held_on)}"


def empty_slide(header: str, message: str) -> SlideContent:
    """The one slide shown when there is nothing to present (no review, no snapshot)."""
    return SlideContent(header, message, "none", "", key="")


def slides_of(review: ReviewData) -> list[SlideContent]:
    """One slide per agenda item, in agenda order."""
    if not review.agenda:
        return [
            empty_slide(
                header_of(review), "This review has no snapshot, so there is no agenda to show."
            )
        ]
    total = len(review.agenda)
    return [_slide(review, item, n, total) for n, item in enumerate(review.agenda, start=1)]


def _slide(review: ReviewData, item: AgendaItem, number: int, total: int) -> SlideContent:
    as_of = review.snapshot.as_of if review.snapshot else review.held_on
    sections: list[Section] = []
    if item.changes:
        since = f" since {review.previous_code}" if review.previous_code else ""
        sections.append(
            Section(
                f"What changed{since}",
                tuple(
                    Bullet(_without(c.sentence, item.title), _change_tone(c.direction))
                    for c in item.changes
                ),
            )
        )
    elif item.service is not None or item.project is not None:
        note = "No earlier review to compare with." if not review.previous_code else "No change."
        sections.append(Section("What changed", (Bullet(note),)))
    if item.risks:
        sections.append(Section("Open risks and issues", tuple(_risk(r) for r in item.risks)))
    if item.actions:
        sections.append(Section("Actions due", tuple(_action(a, as_of) for a in item.actions)))
    return SlideContent(
        header=header_of(review),
        title=f"{number}. {item.title}",
        rag="" if item.kind is AgendaKind.FREE else item.rag,
        facts=_facts(item),
        sections=tuple(sections),
        kpis=tuple(item.chart_values()),
        number=number,
        total=total,
        key=item.key,
        notes=item.notes,
    )


def _without(sentence: str, subject: str) -> str:
    """The sentence without naming the slide's own subject again (it is the title)."""
    for joint in (" of ", " on ", " for "):
        sentence = sentence.replace(f"{joint}{subject}", "")
    return sentence


def _change_tone(direction: Direction) -> str:
    return {Direction.WORSE: "worse", Direction.BETTER: "better"}.get(direction, "neutral")


def _facts(item: AgendaItem) -> str:
    if item.service is not None:
        s = item.service
        attained = "no value" if s.sla_attainment is None else f"{s.sla_attainment:.1f} %"
        breaches = len(s.breaches)
        count = (
            "no SLA breaches"
            if not breaches
            else f"{breaches} SLA breach" + ("es" if breaches > 1 else "")
        )
        return f"SLA attainment {attained} \u00b7 {count} in the window"
    if item.project is not None:
        p = item.project
        pct = "\u2013" if p.percent_complete is None else f"{p.percent_complete:.0f} %"
        cpi = "\u2013" if p.evm.cpi is None else f"{p.evm.cpi:.2f}"
        spi = "\u2013" if p.evm.spi is None else f"{p.evm.spi:.2f}"
        drift = p.budget.variance_percent
        budget = "\u2013" if drift is None else f"{drift:+.1f} %"
        return (
            f"{pct} complete \u00b7 CPI {cpi} \u00b7 SPI {spi} \u00b7 forecast {budget} on budget"
        )
    if item.kind is AgendaKind.FREE:
        return ""  # an item added by hand is its title (and whatever is said about it)
    actions = len(item.actions)
    return f"{actions} action{'s' if actions != 1 else ''}"


def _risk(r: RaidEntry) -> Bullet:
    score = "unrated" if r.score is None else f"score {r.score}"
    owner = f", {r.owner}" if r.owner else ""
    band = (r.band or "").upper()
    return Bullet(
        f"{r.code} {r.title} ({score}{owner})", BAND_TONES.get(r.band or "", "none"), band
    )


def _action(a: ActionEntry, as_of: date) -> Bullet:
    owner = a.owner or "no owner"
    due = "no due date" if a.due_date is None else f"due {day(a.due_date)}"
    late = a.overdue(as_of)
    return Bullet(
        f"{a.code} {a.title} \u2013 {owner}, {due}",
        "red" if late else "neutral",
        "OVERDUE" if late else "",
    )
