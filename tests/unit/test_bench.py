"""The benchmark harness: the shape of its figures (never their times; machines are noisy)."""

from __future__ import annotations

import pytest

from sdm_workbench import bench

KEYS = {"name", "ours_s", "baseline", "baseline_s", "ratio", "goal"}


def test_small_run_reports_demo_and_open_figures() -> None:
    figures = bench.run(["small"], only="_small")
    assert [f["name"] for f in figures] == [
        "demo_small",
        "open_small",
        "kpi_small",
        "export_small",
        "window_open_small",
        "table_sort_small",
        "dashboard_first_paint_small",
        "dashboard_refresh_small",
    ]
    for figure in figures:
        assert set(figure) >= KEYS
        for key in ("ours_s", "baseline_s", "ratio"):
            assert isinstance(figure[key], float) and figure[key] > 0, key
        assert isinstance(figure["baseline"], str) and figure["baseline"]
    demo_figure = figures[0]
    assert demo_figure["goal"] == "<= 3"
    assert demo_figure["rows"] > 5_000
    assert demo_figure["peak_mib"] is None or demo_figure["peak_mib"] > 0
    window = figures[4]
    assert window["goal"] == "<= 1.5" and window["peak_goal_mib"] == 400
    assert window["peak_mib"] > window["bare_peak_mib"] > 0
    table = figures[5]
    assert table["rows"] > 300 and table["scroll_page_s"] > 0
    paint = figures[6]
    assert paint["goal"] == "<= 2" and paint["plots"] >= 1 and paint["compute_s"] > 0
    assert "same chart widgets" in paint["baseline"] and paint["bare_ratio"] > 0


def test_only_selects_figures_by_word() -> None:
    names = [f["name"] for f in bench.run(["small"], only="open")]
    assert names == ["open_small", "window_open_small"]
    assert bench.run(["small"], only="gantt") == []


def test_analytics_figures_have_goals() -> None:
    figures = bench.run(["small"], only="critical_path")
    assert [f["name"] for f in figures] == ["critical_path_30k"]
    assert figures[0]["goal"] == "<= 15"
    assert figures[0]["ratio"] > 0


def test_streaming_figure_reports_per_update_times() -> None:
    (figure,) = bench.run(["small"], only="chart_stream")
    assert figure["name"] == "chart_stream_100k" and figure["goal"] is None
    assert figure["ours_s"] > 0 and figure["baseline_s"] > 0


def test_screen_figures_have_goals() -> None:
    (figure,) = bench.run(["small"], only="timeline_paint")
    assert figure["name"] == "timeline_paint_30k" and figure["goal"] == "<= 2"
    assert figure["ratio"] > 0 and figure["links"] > 50_000


def test_unknown_scale_is_refused() -> None:
    with pytest.raises(ValueError, match="huge"):
        bench.run(["huge"])
