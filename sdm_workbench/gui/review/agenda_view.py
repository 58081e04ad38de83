"""The selected review's agenda on the Reviews screen, as rich text in a read-only browser.

Order as in :func:`~sdm_workbench.analytics.review_agenda.build_agenda`: overdue actions
first, then each service and project with its status word and colour, what changed since
the previous review, the KPIs worth a look, open risks and issues and open actions; then
the review's decisions and attendance. RAG is always a word too, never colour alone.
Everything people typed is escaped: a title like ``<b>`` shows as typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from ...analytics.rag import Rag
from ...analytics.review_agenda import AgendaItem
from ...analytics.review_changes import Direction, ReviewChange
from ...analytics.review_history import ReviewData
from ...analytics.review_model import ActionEntry, KpiValue, RaidEntry
from ..palette import application_is_dark, rag_colour

RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "none": "No rating"}
ARROWS = {Direction.WORSE: "\u25b2 worse", Direction.BETTER: "\u25bc better"}


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "no value"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text} %" if unit == "%" else f"{text} {unit}".strip()


def _chip(rag: str, dark: bool) -> str:
    """A coloured square and the RAG word (readable in greyscale too)."""
    colour = rag_colour(Rag(rag) if rag in Rag._value2member_map_ else Rag.NONE, dark).name()
    return (
        f'<span style="color:{colour}">\u25a0</span> '
        f'<b style="color:{colour}">{RAG_WORDS.get(rag, escape(rag))}</b>'
    )


def _list(lines: Iterable[str]) -> str:
    items = "".join(f"<li>{line}</li>" for line in lines)
    return f"<ul style='margin-top:2px'>{items}</ul>" if items else ""


def _section(title: str, body: str) -> str:
    return f"<p style='margin-bottom:0'><i>{escape(title)}</i></p>{body}" if body else ""


def _change(change: ReviewChange, dark: bool) -> str:
    arrow = ARROWS.get(change.direction)
    if arrow is None:
        return escape(change.sentence)
    rag = Rag.RED if change.direction is Direction.WORSE else Rag.GREEN
    colour = rag_colour(rag, dark).name()
    return f'<span style="color:{colour}">{arrow}</span> {escape(change.sentence)}'


def _action(action: ActionEntry, as_of: date, dark: bool) -> str:
    owner = escape(action.owner) if action.owner else "no owner"
    due = action.due_date.isoformat() if action.due_date else "no due date"
    text = f"<b>{escape(action.code)}</b> {escape(action.title)} \u2013 {owner}, due {due}"
    if action.overdue(as_of) and action.due_date is not None:
        days = (as_of - action.due_date).days
        colour = rag_colour(Rag.RED, dark).name()
        text += f' <b style="color:{colour}">overdue {days} days</b>'
    return text


def _risk(risk: RaidEntry) -> str:
    score = f", score {risk.score} ({risk.band})" if risk.score is not None else ""
    owner = f", owner {escape(risk.owner)}" if risk.owner else ""
    return f"<b>{escape(risk.code)}</b> {escape(risk.title)} ({risk.type}{score}{owner})"


def _kpi(kpi: KpiValue, dark: bool) -> str:
    target = f" (target {_number(kpi.target, kpi.unit)})" if kpi.target is not None else ""
    return f"{escape(kpi.name)}: {_number(kpi.value, kpi.unit)}{target} {_chip(kpi.rag, dark)}"


def _status_line(item: AgendaItem) -> str:
    if item.service is not None:
        svc = item.service
        breaches = len({b.id for b in svc.breaches})
        return (
            f"SLA attainment {_number(svc.sla_attainment, '%')}; "
            f"{breaches} ticket{'s' if breaches != 1 else ''} past SLA in the last months."
        )
    if item.project is not None:
        prj = item.project
        cpi = "n/a" if prj.evm.cpi is None else f"{prj.evm.cpi:.2f}"
        spi = "n/a" if prj.evm.spi is None else f"{prj.evm.spi:.2f}"
        variance = prj.budget.variance_percent
        drift = "" if variance is None else f"; forecast {variance:+.1f} % of budget"
        return (
            f"{escape(prj.status.capitalize())}, {_number(prj.percent_complete, '%')} complete; "
            f"CPI {cpi}, SPI {spi}{drift}."
        )
    return ""


def _item(number: int, item: AgendaItem, as_of: date, dark: bool) -> str:
    parts = [f"<h3>{number}. {escape(item.title)} &nbsp; {_chip(item.rag, dark)}</h3>"]
    status = _status_line(item)
    if status:
        parts.append(f"<p>{status}</p>")
    parts.append(_section("What changed", _list(_change(c, dark) for c in item.changes)))
    parts.append(_section("KPIs worth a look", _list(_kpi(k, dark) for k in item.chart_values())))
    parts.append(_section("Open risks and issues", _list(_risk(r) for r in item.risks)))
    parts.append(_section("Open actions", _list(_action(a, as_of, dark) for a in item.actions)))
    return "".join(parts)


def agenda_html(review: ReviewData, dark: bool = False) -> str:
    """The agenda and the captured decisions and attendance of ``review`` as HTML."""
    held = review.held_on.isoformat()
    compared = (
        f"what changed is compared with {escape(review.previous_code)}"
        if review.previous_code
        else "no earlier review of this scope to compare with"
    )
    parts = [
        f"<h2>{escape(review.code)} {escape(review.title)}</h2>",
        f"<p>Held on {held} \u00b7 {escape(review.status)} \u00b7 {compared}.</p>",
    ]
    if review.snapshot is None:
        parts.append(
            "<p><i>This review has no snapshot, so there is no agenda to show. "
            "<b>Start review\u2026</b> starts one with the same scope ticked.</i></p>"
        )
        parts.append(
            _section(
                "Open actions",
                _list(_action(a, review.held_on, dark) for a in review.open_actions),
            )
        )
    as_of = review.snapshot.as_of if review.snapshot else review.held_on
    for number, item in enumerate(review.agenda, start=1):
        parts.append(_item(number, item, as_of, dark))
    parts.append(_decisions_and_attendance(review))
    return "".join(parts)


def _decisions_and_attendance(review: ReviewData) -> str:
    decisions = [
        f"{d.decided_on.isoformat()}: {escape(d.text)}"
        + (f" [{escape(d.raid_item)}]" if d.raid_item else "")
        + (f" \u2013 {escape(d.made_by)}" if d.made_by else "")
        for d in review.decisions
    ]
    html = ""
    if decisions:
        html += "<h3>Decisions</h3>" + _list(decisions)
    present = [escape(a.name) for a in review.attendees if a.present]
    absent = [escape(a.name) for a in review.attendees if not a.present]
    if present or absent:
        html += "<h3>Attendance</h3>"
        html += f"<p>Present: {', '.join(present) or 'nobody recorded'}"
        html += f"; apologies: {', '.join(absent)}.</p>" if absent else ".</p>"
    return html


class AgendaView(QTextBrowser):
    """Read-only agenda of one review (or a short message when there is none to show)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewAgenda")
        self.setOpenLinks(False)
        self.review: ReviewData | None = None
        self._shown_id: int | None = None

    def show_review(self, review: ReviewData | None, message: str = "") -> None:
        """Show ``review``'s agenda; ``message`` instead when there is no review to show."""
        self.review = review
        bar = self.verticalScrollBar()
        same = review is not None and review.id == self._shown_id
        keep = bar.value() if same else 0
        self._shown_id = None if review is None else review.id
        if review is None:
            self.setHtml(f"<p><i>{escape(message or 'Select a review on the left.')}</i></p>")
        else:
            self.setHtml(agenda_html(review, application_is_dark()))
        bar.setValue(keep)  # a live refresh of the same review keeps the reader's place

    def titles(self) -> Sequence[str]:
        """The agenda items' titles in order (what the view shows; handy for tests)."""
        return [] if self.review is None else [i.title for i in self.review.agenda]
