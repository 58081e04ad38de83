"""What changed since the last review, on a crafted pair of snapshots; the agenda's order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from sdm_workbench.analytics.review_agenda import AgendaKind, build_agenda
from sdm_workbench.analytics.review_changes import ChangeKind, Direction, changes_since
from sdm_workbench.analytics.review_model import (
    ActionEntry,
    BreachedTicket,
    BudgetFigures,
    EarnedValueFigures,
    KpiValue,
    Milestone,
    ProjectStatus,
    RaidEntry,
    ReviewScope,
    ServiceStatus,
    Snapshot,
    SnapshotFormatError,
)

SLA = KpiValue(
    "sla_attainment", "SLA attainment (resolution)", "%", "higher is better", 96.0, 95, "green"
)
CSAT = KpiValue("csat", "Customer satisfaction (CSAT)", "%", "higher is better", 88.0, 85, "green")
MTTA = KpiValue("mtta", "Mean time to respond", "minutes", "lower is better", None, 240, "none")


def _breach(ticket: int, name: str) -> BreachedTicket:
    return BreachedTicket(ticket, name, 2, "resolution", datetime(2026, 3, 1, 12, 0))


def _risk(item: int, code: str, score: int | None, *, status: str = "open") -> RaidEntry:
    band = None if score is None else "high" if score > 12 else "medium" if score > 4 else "low"
    return RaidEntry(item, code, "risk", f"Risk {code}", status, score, band, None, None, 20)


def _action(item: int, code: str, due: date, **links: int) -> ActionEntry:
    return ActionEntry(
        item,
        code,
        f"Do {code}",
        "Ana",
        due,
        "open",
        links.get("review"),
        links.get("service"),
        links.get("project"),
        links.get("raid"),
    )


def _project(variance: float, go_live: date, risks_score: int) -> ProjectStatus:
    return ProjectStatus(
        id=20,
        code="PRJ-002",
        name="Mail migration",
        status="active",
        rag="green",
        percent_complete=40.0,
        evm=EarnedValueFigures(100_000, 50_000, 40_000, 42_000, 0.95, 0.8, 105_263.16),
        budget=BudgetFigures(100_000, 42_000, 100_000 + variance * 1000, variance * 1000, variance),
        kpis=(
            KpiValue(
                "cpi", "Cost performance index", "ratio", "higher is better", 0.95, 1.0, "amber"
            ),
        ),
        milestones=(
            Milestone(7, "Go live", go_live, date(2026, 4, 1), False),
            Milestone(8, "Handover", date(2026, 5, 1), date(2026, 5, 1), False),
        ),
    )


@pytest.fixture
def before() -> Snapshot:
    service = ServiceStatus(
        10, "SVC-001", "Email", "green", 96.0, (CSAT, MTTA, SLA), (_breach(1, "INC001"),)
    )
    return Snapshot(
        as_of=date(2026, 2, 10),
        period="Feb 2026",
        scope=ReviewScope((10,), (20,)),
        services=(service,),
        projects=(_project(3.0, date(2026, 4, 1), 9),),
        raid=(_risk(30, "RSK-0001", 9), _risk(31, "RSK-0002", 6)),
    )


@pytest.fixture
def after(before: Snapshot) -> Snapshot:
    service = replace(
        before.services[0],
        rag="red",
        sla_attainment=88.5,
        kpis=(CSAT, replace(MTTA, value=500.0, rag="red"), replace(SLA, value=88.5, rag="red")),
        breaches=(_breach(1, "INC001"), _breach(2, "INC002"), _breach(3, "INC003")),
    )
    return replace(
        before,
        as_of=date(2026, 3, 10),
        period="Mar 2026",
        services=(service,),
        projects=(_project(10.5, date(2026, 4, 15), 12),),
        raid=(
            _risk(30, "RSK-0001", 16),  # up: 9 -> 16
            _risk(31, "RSK-0002", 4),  # down: 6 -> 4
            _risk(32, "RSK-0003", 20),  # new
            _risk(33, "RSK-0004", 2, status="closed"),  # new but closed: not news
        ),
    )


def test_nothing_changed_without_a_previous_snapshot(after: Snapshot) -> None:
    assert changes_since(None, after) == []
    assert changes_since(after, after) == []


def test_changes_between_a_crafted_pair(before: Snapshot, after: Snapshot) -> None:
    changes = changes_since(before, after)
    by_kind = {k: [c for c in changes if c.kind is k] for k in ChangeKind}

    # Only the KPI that crossed a threshold; MTTA had no rating before, CSAT did not move.
    (kpi,) = by_kind[ChangeKind.KPI_RAG]
    assert (kpi.subject, kpi.service_id, kpi.direction) == (SLA.name, 10, Direction.WORSE)
    assert kpi.before == "green (96 %)" and kpi.after == "red (88.5 %)"
    assert kpi.sentence == (
        "SLA attainment (resolution) of SVC-001 Email went from green to red (96 % \u2192 88.5 %)."
    )
    (breach,) = by_kind[ChangeKind.SLA_BREACH]
    assert (breach.before, breach.after) == ("1", "3")
    assert breach.sentence == "2 new SLA breaches on SVC-001 Email: INC002, INC003."

    (milestone,) = by_kind[ChangeKind.MILESTONE]
    assert (milestone.subject, milestone.before, milestone.after) == (
        "Go live",
        "2026-04-01",
        "2026-04-15",
    )
    assert "slipped 14 days" in milestone.sentence
    assert "14 days after its baseline" in milestone.sentence

    (budget,) = by_kind[ChangeKind.BUDGET]
    assert (budget.before, budget.after, budget.project_id) == ("+3.0 %", "+10.5 %", 20)
    assert "(+7.5 points)" in budget.sentence and budget.direction is Direction.WORSE

    scores = {c.raid_item_id: c for c in by_kind[ChangeKind.RISK_SCORE]}
    assert set(scores) == {30, 31}
    assert (scores[30].before, scores[30].after, scores[30].direction) == ("9", "16", "worse")
    assert (
        scores[30].sentence == "Risk RSK-0001 \u201cRisk RSK-0001\u201d rose from 9 to 16 (high)."
    )
    assert scores[31].direction is Direction.BETTER and "fell from 6 to 4" in scores[31].sentence

    (new,) = by_kind[ChangeKind.NEW_RAID]
    assert new.raid_item_id == 32 and new.project_id == 20
    assert new.sentence.startswith("New risk on PRJ-002 Mail migration: RSK-0003")


def test_small_budget_drift_and_new_subjects_are_not_changes(
    before: Snapshot, after: Snapshot
) -> None:
    calm = replace(after, projects=(_project(7.9, date(2026, 4, 1), 9),))
    assert not [c for c in changes_since(before, calm) if c.kind is ChangeKind.BUDGET]
    # A project new to the scope has no "before": nothing about it is reported.
    other = replace(after.projects[0], id=21, code="PRJ-003")
    grown = replace(after, projects=(other,))
    assert not [c for c in changes_since(before, grown) if c.project_id == 21]


def test_snapshots_round_trip_through_json(after: Snapshot) -> None:
    text = after.to_json()
    assert Snapshot.from_json(text) == after
    assert Snapshot.from_json(text).to_json() == text
    with pytest.raises(SnapshotFormatError, match="format"):
        Snapshot.from_json(text.replace('"format_version": 1', '"format_version": 7'))
    with pytest.raises(SnapshotFormatError):
        Snapshot.from_json("{}")


def test_agenda_order_overdue_first_then_services_projects_and_the_rest(
    before: Snapshot, after: Snapshot
) -> None:
    actions = [
        _action(1, "ACT-0001", date(2026, 3, 20), project=20),  # open, not yet due
        _action(2, "ACT-0002", date(2026, 3, 1), service=10),  # overdue
        _action(3, "ACT-0003", date(2026, 2, 1), raid=30),  # overdue, older
        _action(4, "ACT-0004", date(2026, 4, 1), raid=30),  # via the project's risk
        _action(5, "ACT-0005", date(2026, 5, 1), review=99),  # carried over, linked to nothing
    ]
    changes = changes_since(before, after)
    agenda = build_agenda(after, changes, actions)
    assert [i.kind for i in agenda] == [
        AgendaKind.OVERDUE_ACTIONS,
        AgendaKind.SERVICE,
        AgendaKind.PROJECT,
        AgendaKind.OPEN_ACTIONS,
    ]
    overdue, service, project, rest = agenda
    assert [a.code for a in overdue.actions] == ["ACT-0003", "ACT-0002"]
    assert overdue.title == "Overdue actions (2)"
    assert service.key == "service:10" and service.rag == "red"
    assert {c.kind for c in service.changes} == {ChangeKind.KPI_RAG, ChangeKind.SLA_BREACH}
    assert service.charts[0] == "sla_attainment" and "mtta" in service.charts
    assert [k.key for k in service.chart_values()] == list(service.charts)
    assert project.project_id == 20 and service.actions == ()
    assert [a.code for a in project.actions] == ["ACT-0001", "ACT-0004"]
    # Open risks, highest score first; the closed one is left out.
    assert [r.code for r in project.risks] == ["RSK-0003", "RSK-0001", "RSK-0002"]
    assert all(c.project_id == 20 for c in project.changes)
    assert [a.code for a in rest.actions] == ["ACT-0005"]


def test_an_agenda_without_actions_has_no_action_items(after: Snapshot) -> None:
    agenda = build_agenda(after, [], [])
    assert [i.kind for i in agenda] == [AgendaKind.SERVICE, AgendaKind.PROJECT]
    assert agenda[0].changes == ()


def test_a_raid_item_of_a_project_and_its_service_is_told_once(
    before: Snapshot, after: Snapshot
) -> None:
    both = replace(_risk(34, "RSK-0005", 15), service_id=10, project_id=20)
    changes = changes_since(before, replace(after, raid=(*after.raid, both)))
    told = [c for c in changes if c.raid_item_id == 34]
    assert len(told) == 1 and told[0].project_id == 20 and told[0].service_id is None
