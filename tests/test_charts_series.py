"""Sparklines and score distributions."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from okrsite.charts import distribution, sparkline
from tests.chart_helpers import (
    by_class,
    data_rows,
    desc,
    parse,
    parse_table,
)

# --- sparkline ------------------------------------------------------------------------------------


def test_sparkline_empty() -> None:
    root = parse(sparkline([], id_prefix="s", title="Uptime"), "s")
    assert root.findtext("title") == "Uptime"
    assert [el.tag for el in root] == ["title", "desc"]


def test_sparkline_one_value() -> None:
    root = parse(sparkline([7.5], id_prefix="s", title="T"), "s")
    assert len(by_class(root, "chart-point")) == 1
    assert not by_class(root, "chart-line")
    assert "7.5" in desc(root)


def test_sparkline_many_values_marks_the_last() -> None:
    root = parse(sparkline([3, 1, 4, 1, 5], id_prefix="s", title="T"), "s")
    assert root.get("class") == "sparkline"
    points = (by_class(root, "chart-line")[0].get("points") or "").split()
    assert len(points) == 5
    dot = by_class(root, "chart-point")[0]
    assert f"{dot.get('cx')},{dot.get('cy')}" == points[-1]
    assert "lowest 1, highest 5" in desc(root)


def test_sparkline_flat_series_sits_in_the_middle() -> None:
    root = parse(sparkline([2, 2, 2], id_prefix="s", title="T"), "s")
    assert {p.split(",")[1] for p in (by_class(root, "chart-line")[0].get("points") or "").split()} == {"12"}


# --- distribution ---------------------------------------------------------------------------------


def bars(scores: list[float]) -> tuple[list[tuple[str, str]], ET.Element]:
    """(range, colour) of each bar, left to right, and the table."""
    svg, table = distribution(scores, yellow=0.4, green=0.7, id_prefix="d", title="Scores")
    root = parse(svg, "d")
    found = [
        ((el.findtext("title") or "").split(":")[0], (el.get("class") or "").split("chart-bar-")[1])
        for el in by_class(root, "chart-bar")
    ]
    return found, parse_table(table)


def test_distribution_bins_and_colours() -> None:
    found, table = bars([0.0, 0.35, 0.7, 1.0])
    assert found == [("0.0–0.1", "red"), ("0.3–0.4", "red"), ("0.7–0.8", "green"), ("0.9–1.0", "green")]
    counts = [int(row[1]) for row in data_rows(table)]
    assert counts == [1, 0, 0, 1, 0, 0, 0, 1, 0, 1]


def test_distribution_yellow_bin() -> None:
    found, table = bars([0.45])
    assert found == [("0.4–0.5", "yellow")]
    assert data_rows(table)[4] == ["0.4–0.5", "1", "yellow"]


def test_distribution_bar_heights_follow_counts() -> None:
    svg, _ = distribution([0.1, 0.15, 0.9], yellow=0.4, green=0.7, id_prefix="d", title="T")
    heights = [float(el.get("height", "nan")) for el in by_class(parse(svg, "d"), "chart-bar")]
    assert heights[0] == pytest.approx(2 * heights[1], abs=0.1)


def test_distribution_empty_and_out_of_range() -> None:
    found, table = bars([])
    assert found == [] and len(data_rows(table)) == 10
    found, _ = bars([-0.2, 1.3])
    assert found == [("0.0–0.1", "red"), ("0.9–1.0", "green")]
