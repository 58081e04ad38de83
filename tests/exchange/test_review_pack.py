"""The review pack: workbook sheets and rows read back, PDF pages and text, CLI exit codes.

The PDF is read with the small reader in ``pdf_text.py`` (pypdf and poppler are not
installed in the project's environment).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from sdm_workbench.analytics.review_history import ReviewData, load_review
from sdm_workbench.cli import main
from sdm_workbench.exchange.review_pack import SHEETS
from sdm_workbench.operations import run
from sdm_workbench.operations.review_agenda import AddAgendaItem, EditAgendaItem
from sdm_workbench.operations.reviews import record_decision
from sdm_workbench.store import Store

from .conftest import TODAY
from .pdf_text import page_count, pages, squeeze

FORMULA = '=HYPERLINK("http://example.org","click")'


def _load(store: Store, code: str | None = None) -> ReviewData:
    with store.session() as session:
        return load_review(session, code)


def _pack(store: Store, out: Path, *extra: str) -> int:
    assert store.path is not None
    return main(["--db", str(store.path), "review-pack", "--out", str(out), *extra])


def test_the_pack_of_the_latest_review(
    small: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    review = _load(small)
    assert review.held_on < TODAY and review.snapshot is not None  # not a planned one
    run(small, record_decision(review.id, FORMULA, review.held_on))
    review = _load(small)
    assert _pack(small, tmp_path / "pack") == 0
    xlsx = tmp_path / "pack" / f"{review.code}-review-pack.xlsx"
    pdf = xlsx.with_suffix(".pdf")
    assert f"Wrote {xlsx}" in capsys.readouterr().out

    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == list(SHEETS)
    summary = book["Summary"]
    assert summary["B1"].value == f"{review.code} {review.title}"
    assert summary["B2"].value == datetime.combine(review.held_on, datetime.min.time())
    assert summary.freeze_panes == "A8"
    snapshot = review.snapshot
    codes = [r[1] for r in summary.iter_rows(min_row=8, values_only=True)]
    assert codes == [s.code for s in snapshot.services] + [p.code for p in snapshot.projects]
    rags = [r[3] for r in summary.iter_rows(min_row=8, values_only=True)]
    assert rags == [s.rag for s in snapshot.services] + [p.rag for p in snapshot.projects]

    for name in SHEETS[1:]:
        assert book[name].freeze_panes == "A2", name
    changes = list(book["Changes"].iter_rows(min_row=2, values_only=True))
    assert [r[6] for r in changes] == [c.sentence for c in review.changes]
    actions = list(book["Actions"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in actions] == [a.code for a in review.open_actions]
    assert all(isinstance(r[3], datetime) for r in actions)  # real dates, not text
    overdue = {a.code for a in review.open_actions if a.overdue(review.held_on)}
    assert {r[0] for r in actions if r[5] == "yes"} == overdue
    decisions = book["Decisions"]
    assert [r[1] for r in decisions.iter_rows(min_row=2, values_only=True)] == [
        d.text for d in review.decisions
    ]
    typed = next(c for c in decisions["B"] if c.value == FORMULA)
    assert typed.data_type == "s"  # text typed in the meeting never becomes a formula
    raid = list(book["RAID"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[4]) for r in raid] == [(r.code, r.score) for r in snapshot.raid]

    text = "".join(pages(pdf))
    assert squeeze(f"{review.code} {review.title}") in text
    for number, item in enumerate(review.agenda, start=1):
        assert squeeze(f"{number}. {item.title}") in text
    for change in review.changes:
        assert squeeze(change.sentence) in text
    assert squeeze(FORMULA) in text


def test_a_big_review_runs_over_numbered_pages(
    small: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert small.path is not None
    scope = ",".join([f"CUS-00{n}" for n in range(1, 6)] + [f"PRJ-00{n}" for n in range(1, 9)])
    db = ["--db", str(small.path)]
    assert (
        main(
            [
                *db,
                "review-start",
                "--scope",
                scope,
                "--date",
                "2026-03-16",
                "--title",
                "Everything at once",
            ]
        )
        == 0
    )
    code = capsys.readouterr().out.split()[2]
    assert code.startswith("REV-")
    review = _load(small, code)
    assert review.title == "Everything at once" and len(review.agenda) > 10
    assert _pack(small, tmp_path, "--review", code) == 0
    pdf = tmp_path / f"{code}-review-pack.pdf"
    count = page_count(pdf)
    texts = pages(pdf)
    assert count == len(texts) > 1
    for number, text in enumerate(texts, start=1):
        assert text.endswith(squeeze(f"{code} \u2013 page {number} of {count}"))
    everything = "".join(texts)
    for item in review.agenda:
        assert squeeze(item.title) in everything


def test_review_pack_refuses_clearly(
    store: Store, small: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _pack(store, tmp_path / "none") == 1  # an empty workbench has no review
    assert "There is no review in this workbench yet." in capsys.readouterr().err
    assert not (tmp_path / "none").exists()
    assert _pack(small, tmp_path, "--review", "REV-999") == 1
    assert capsys.readouterr().err.strip() == "sdm-workbench: There is no review REV-999."
    assert small.path is not None
    db = ["--db", str(small.path)]
    assert main([*db, "review-start", "--scope", "SVC-001,XYZ-9"]) == 1
    assert "'XYZ-9' is not a service, project or customer code" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main([*db, "review-pack"])  # --out is required
    assert usage.value.code == 2
    with pytest.raises(SystemExit) as usage:
        main([*db, "review-start", "--scope", "SVC-001", "--date", "16/03/2026"])
    assert usage.value.code == 2


def test_review_start_defaults_to_today(small: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert small.path is not None
    assert main(["--db", str(small.path), "review-start", "--scope", "SVC-002"]) == 0
    assert capsys.readouterr().out.startswith("Start review REV-")
    review = _load(small)
    assert review.held_on == date.today() and review.snapshot is not None
    assert [s.code for s in review.snapshot.services] == ["SVC-002"]


def test_the_pack_follows_the_edited_agenda_and_says_what_decisions_are_about(
    small: Store, tmp_path: Path
) -> None:
    review = _load(small)
    order = [i.key for i in review.agenda_all]
    dropped = review.agenda[-1]
    run(small, EditAgendaItem(review.id, dropped.key, hidden=True, name=dropped.title))
    added = run(small, AddAgendaItem(review.id, "Any other business", order, len(order)))
    service = next(i.service for i in review.agenda if i.service is not None)
    run(
        small,
        record_decision(
            review.id, "Renew the support contract", review.held_on, service_id=service.id
        ),
    )
    review = _load(small)
    assert review.agenda[-1].key == added.key and dropped.key not in {i.key for i in review.agenda}
    assert _pack(small, tmp_path, "--review", review.code) == 0

    book = openpyxl.load_workbook(tmp_path / f"{review.code}-review-pack.xlsx")
    decisions = list(book["Decisions"].iter_rows(values_only=True))
    assert decisions[0] == ("Date", "Decision", "Made by", "RAID item", "Subject")
    about = {r[1]: r[4] for r in decisions[1:]}
    assert about["Renew the support contract"] == service.label

    text = "".join(pages(tmp_path / f"{review.code}-review-pack.pdf"))
    assert squeeze(f"{len(review.agenda)}. Any other business") in text
    assert squeeze(f"Renew the support contract [{service.code} {service.name}]") in text
    if dropped.title not in {i.title for i in review.agenda}:
        assert squeeze(f". {dropped.title} \u2013") not in text  # hidden: not printed
