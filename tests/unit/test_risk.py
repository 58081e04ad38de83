"""Risk scores, bands, heat maps, trends and exposure against DOMAIN.md, by hand."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from sdm_workbench.analytics.risk import (
    DEFAULT_BANDS,
    Assessment,
    Band,
    RiskBands,
    RiskItem,
    ScoreTrend,
    active,
    exposure,
    heat_map,
    rate,
    score,
    score_trend,
    total_exposure,
)


def test_score_is_probability_times_impact() -> None:
    assert score(3, 4) == 12 and score(1, 1) == 1 and score(5, 5) == 25
    assert score(None, 4) is None and score(3, None) is None
    with pytest.raises(ValueError, match="probability must be between 1 and 5, got 6"):
        score(6, 1)
    with pytest.raises(ValueError, match="impact must be between 1 and 5, got 0"):
        score(1, 0)


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (1, Band.LOW),
        (4, Band.LOW),
        (5, Band.MEDIUM),
        (12, Band.MEDIUM),
        (13, Band.HIGH),  # cannot occur as a product, still has a band
        (14, Band.HIGH),
        (15, Band.HIGH),
        (25, Band.HIGH),
        (0, Band.LOW),
        (30, Band.HIGH),
    ],
)
def test_default_bands(value: int, band: Band) -> None:
    assert DEFAULT_BANDS.band(value) is band


def test_bands_are_configurable_and_checked() -> None:
    strict = RiskBands(low_max=2, medium_max=8)
    assert [strict.band(s) for s in (2, 3, 8, 9)] == [Band.LOW, Band.MEDIUM, Band.MEDIUM, Band.HIGH]
    with pytest.raises(ValueError, match="Band limits"):
        RiskBands(low_max=10, medium_max=5)
    with pytest.raises(ValueError, match="Band limits"):
        RiskBands(low_max=4, medium_max=26)


def test_rating_with_residual_and_exposure() -> None:
    item = RiskItem(7, 4, 5, residual_probability=2, residual_impact=None, cost_impact=50_000)
    rated = rate(item)
    assert (rated.id, rated.score, rated.band) == (7, 20, Band.HIGH)
    # Residual impact not given: it stays at the inherent 5 -> 2 x 5 = 10, medium.
    assert (rated.residual_score, rated.residual_band) == (10, Band.MEDIUM)
    assert rated.exposure == pytest.approx(0.7 * 50_000)  # probability 4 -> 70 %
    assert rated.residual_exposure == pytest.approx(0.3 * 50_000)  # probability 2 -> 30 %
    unrated = rate(RiskItem(8, None, 3))
    assert (unrated.score, unrated.band, unrated.residual_score, unrated.exposure) == (
        None,
        None,
        None,
        None,
    )


def test_exposure_maps_probability_to_band_midpoints() -> None:
    assert [exposure(p, 1_000) for p in range(1, 6)] == pytest.approx([100, 300, 500, 700, 900])
    assert exposure(3, None) is None and exposure(None, 1_000) is None
    assert exposure(5, 1_000, scale={p: p / 5 for p in range(1, 6)}) == 1_000
    items = [
        RiskItem(1, 3, 3, residual_probability=1, cost_impact=20_000),  # 10 000; residual 2 000
        RiskItem(2, 5, 2, cost_impact=10_000),  # 9 000 either way
        RiskItem(3, 2, 4),  # no cost: counts 0
    ]
    assert total_exposure(items) == pytest.approx(19_000)
    assert total_exposure(items, residual=True) == pytest.approx(11_000)


RISKS = [
    RiskItem(1, 5, 5, residual_probability=3, residual_impact=4),
    RiskItem(2, 5, 5),  # no mitigation: residual = inherent
    RiskItem(3, 1, 2, residual_probability=1, residual_impact=1),
    RiskItem(4, 3, 4, residual_probability=2),
    RiskItem(5, None, 4),  # not assessed yet
    RiskItem(6, 4, 4, status="closed"),
    RiskItem(7, 2, 3, status="monitoring"),
]


def test_inherent_heat_map() -> None:
    grid = heat_map(active(RISKS))
    expected = np.zeros((5, 5), dtype=np.int64)
    expected[4, 4] = 2  # risks 1 and 2: probability 5, impact 5
    expected[0, 1] = 1  # risk 3
    expected[2, 3] = 1  # risk 4
    expected[1, 2] = 1  # risk 7 (monitoring counts as active; risk 6 is closed)
    assert np.array_equal(grid.counts, expected)
    assert grid.cell(5, 5) == (1, 2) and grid.cell(3, 4) == (4,) and grid.cell(1, 1) == ()
    assert grid.unscored == (5,) and grid.counts.sum() == 5


def test_residual_heat_map() -> None:
    grid = heat_map(active(RISKS), residual=True)
    assert grid.cell(3, 4) == (1,)  # mitigated from 5 x 5
    assert grid.cell(5, 5) == (2,)  # unmitigated keeps its rating
    assert grid.cell(1, 1) == (3,)
    assert grid.cell(2, 4) == (4,)  # residual probability 2, impact still 4
    assert grid.counts.sum() == 5 and grid.counts[4, 4] == 1
    with pytest.raises(ValueError):
        grid.cell(0, 3)


def test_trend_from_the_score_history() -> None:
    history = [
        Assessment(date(2024, 3, 1), 4, 4, 3, 3),  # 16, residual 9
        Assessment(date(2024, 1, 1), 2, 2),  # oldest
        Assessment(date(2024, 2, 1), 3, 3, 2, 2),  # 9, residual 4
    ]
    trend = score_trend(history)
    assert trend.direction is ScoreTrend.UP
    assert (trend.latest, trend.previous, trend.delta, trend.residual_delta) == (16, 9, 7, 5)
    assert (trend.latest_on, trend.previous_on) == (date(2024, 3, 1), date(2024, 2, 1))
    down = score_trend([Assessment(date(2024, 1, 1), 5, 5), Assessment(date(2024, 2, 1), 4, 5)])
    assert (down.direction, down.delta, down.residual_delta) == (ScoreTrend.DOWN, -5, -5)
    # Same product from a different cell: the score did not move.
    flat = score_trend([Assessment(date(2024, 1, 1), 2, 3), Assessment(date(2024, 2, 1), 3, 2)])
    assert (flat.direction, flat.delta) == (ScoreTrend.FLAT, 0)
    one = score_trend([Assessment(date(2024, 1, 1), 2, 3)])
    assert (one.direction, one.latest, one.delta) == (ScoreTrend.NEW, 6, None)
    assert score_trend([]).direction is ScoreTrend.NEW
