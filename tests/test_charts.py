"""Inline SVG charts: well-formed, accessible, escaped, deterministic, and drawn to scale."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from itertools import pairwise

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from markupsafe import Markup

from okrsite import charts
from okrsite.charts import bullet, distribution, history, kpi_chart, short_date, sparkline
from tests.chart_helpers import (
    CHECKINS,
    Q1,
    WEEKLY,
    by_class,
    data_rows,
    desc,
    hours,
    parse,
    parse_table,
    pct,
    width,
)

# --- every chart ----------------------------------------------------------------------------------

Maker = Callable[[str, str], list[Markup]]
MAKERS: dict[str, Maker] = {
    "bullet": lambda p, t: [bullet(24, 15, 12, id_prefix=p, label=t, fmt=hours)],
    "history": lambda p, t: list(
        history(
            CHECKINS, period=Q1, start=24, target=12, as_of=date(2026, 2, 15), id_prefix=p, title=t, fmt=hours
        )
    ),
    "kpi": lambda p, t: list(
        kpi_chart(WEEKLY, healthy=(">=", 85, None), warning=(">=", 75, None), id_prefix=p, title=t, fmt=pct)
    ),
    "sparkline": lambda p, t: [sparkline([1, 3, 2, 5], id_prefix=p, title=t)],
    "distribution": lambda p, t: list(
        distribution([0.2, 0.5, 0.9], yellow=0.4, green=0.7, id_prefix=p, title=t)
    ),
}


@pytest.mark.parametrize("name", MAKERS)
def test_charts_are_accessible_and_well_formed(name: str) -> None:
    svg, *rest = MAKERS[name]("kr-7", "Cut build time")
    root = parse(svg, "kr-7")
    assert root.findtext("title") == "Cut build time"
    assert desc(root)
    for table in rest:
        assert parse_table(table).findtext("caption", "").startswith("Cut build time")


@pytest.mark.parametrize("name", MAKERS)
def test_text_is_escaped(name: str) -> None:
    evil = "<script>alert(\"x\")</script> & 'friends'"
    svg, *rest = MAKERS[name]("x", evil)
    assert parse(svg, "x").findtext("title") == evil
    for table in rest:
        assert parse_table(table).findtext("caption", "").startswith(evil)


@pytest.mark.parametrize("name", MAKERS)
def test_output_is_deterministic(name: str) -> None:
    assert MAKERS[name]("a", "T") == MAKERS[name]("a", "T")


@pytest.mark.parametrize("name", MAKERS)
def test_prefixes_keep_ids_apart(name: str) -> None:
    first, second = MAKERS[name]("one", "T")[0], MAKERS[name]("two", "T")[0]
    ids = [el.get("id") for svg in (first, second) for el in ET.fromstring(str(svg)).iter() if el.get("id")]
    assert len(ids) == len(set(ids)) == 4


@pytest.mark.parametrize("prefix", ["", "a b", "tab\there"])
def test_a_prefix_without_whitespace_is_required(prefix: str) -> None:
    with pytest.raises(ValueError, match="id_prefix"):
        sparkline([1], id_prefix=prefix, title="T")


def test_hostile_formatter_output_is_escaped() -> None:
    svg = bullet(0, 5, 10, id_prefix="b", label="L", fmt=lambda v: f"<b>{v:g}</b>")
    assert "<b>" not in str(svg)
    assert "&lt;b&gt;5&lt;/b&gt;" in str(svg)
    assert "current <b>5</b>" in desc(parse(svg, "b"))


def test_coordinates_have_at_most_one_decimal() -> None:
    svg, _ = history(
        CHECKINS, period=Q1, start=24, target=12, as_of=Q1[0], id_prefix="h", title="T", fmt=hours
    )
    for el in ET.fromstring(str(svg)).iter():
        for key in ("x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "width", "height"):
            if (value := el.get(key)) is not None:
                assert len(value.partition(".")[2]) <= 1, (el.tag, key, value)


def test_short_date() -> None:
    assert short_date(date(2026, 1, 20)) == "Jan 20"
    assert short_date(date(2026, 12, 1)) == "Dec 1"


def test_short_date_can_be_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts.base, "short_date", lambda d: f"{d.day}.{d.month}.")  # what ENGLISH calls
    svg, table = history(
        CHECKINS, period=Q1, start=24, target=12, as_of=Q1[0], id_prefix="h", title="T", fmt=hours
    )
    assert "latest 15h on 1.3." in desc(ET.fromstring(str(svg)))
    assert "20.1." in str(table)
    assert "Jan" not in str(svg) + str(table)


# --- bullet ---------------------------------------------------------------------------------------


def bullet_root(start: float, current: float | None, target: float) -> ET.Element:
    return parse(bullet(start, current, target, id_prefix="b", label="KR", fmt=hours), "b")


def test_decreasing_key_result_fills_by_progress() -> None:
    root = bullet_root(24, 15, 12)
    assert width(root, "bullet-fill") == pytest.approx(0.75 * width(root, "bullet-track"))
    assert not by_class(root, "bullet-over")
    assert "75%" in desc(root)
    assert "15h" in desc(root)


def test_increasing_key_result_fills_by_progress() -> None:
    root = bullet_root(0, 40, 80)
    assert width(root, "bullet-fill") == pytest.approx(0.5 * width(root, "bullet-track"))


def test_start_is_left_and_target_is_right_in_both_directions() -> None:
    for start, target in ((24, 12), (12, 24)):
        root = bullet_root(start, None, target)
        start_x = float(by_class(root, "bullet-start")[0].get("x1", "nan"))
        target_x = float(by_class(root, "bullet-target")[0].get("x1", "nan"))
        track = by_class(root, "bullet-track")[0]
        assert start_x == float(track.get("x", "nan"))
        assert target_x == pytest.approx(start_x + float(track.get("width", "nan")))


def test_over_achievement_is_drawn_beyond_the_target_and_capped() -> None:
    root = bullet_root(24, 9, 12)  # 125% of the way
    track = width(root, "bullet-track")
    assert width(root, "bullet-fill") == track
    over = by_class(root, "bullet-over")[0]
    assert float(over.get("width", "0")) == pytest.approx(0.25 * track)
    assert float(over.get("x", "0")) == pytest.approx(
        float(by_class(root, "bullet-target")[0].get("x1", "0"))
    )
    assert "125%" in desc(root) and "exceeded" in desc(root)
    capped = bullet_root(0, 1000, 10)
    assert width(capped, "bullet-over") == pytest.approx(0.5 * track)
    assert "10000%" in desc(capped)
    view_width = float((capped.get("viewBox") or "").split()[2])
    assert (
        float(by_class(capped, "bullet-over")[0].get("x", "0")) + width(capped, "bullet-over") <= view_width
    )


def test_going_backwards_leaves_the_fill_empty() -> None:
    root = bullet_root(24, 27, 12)
    assert width(root, "bullet-fill") == 0
    assert not by_class(root, "bullet-over")
    assert "backwards" in desc(root) and "25%" in desc(root)


def test_no_value_yet_and_no_span() -> None:
    root = bullet_root(24, None, 12)
    assert width(root, "bullet-fill") == 0
    assert "no value" in desc(root)
    assert width(bullet_root(5, 5, 5), "bullet-fill") == width(root, "bullet-track")
    assert width(bullet_root(5, 4, 5), "bullet-fill") == 0


def filled(start: float, current: float, target: float) -> float:
    root = ET.fromstring(str(bullet(start, current, target, id_prefix="p", label="L", fmt=str)))
    return width(root, "bullet-fill") + width(root, "bullet-over")


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(start=finite, target=finite, a=finite, b=finite)
def test_fill_is_monotone_in_current(start: float, target: float, a: float, b: float) -> None:
    assume(abs(target - start) > 1e-3)
    low, high = sorted((a, b))
    if target > start:
        assert filled(start, low, target) <= filled(start, high, target)
    else:
        assert filled(start, low, target) >= filled(start, high, target)


# --- history --------------------------------------------------------------------------------------


def history_chart(
    points: list[tuple[date, float]], as_of: date = date(2026, 2, 15)
) -> tuple[ET.Element, ET.Element]:
    svg, table = history(
        points, period=Q1, start=24, target=12, as_of=as_of, id_prefix="h", title="T", fmt=hours
    )
    return parse(svg, "h"), parse_table(table)


def plot_box(root: ET.Element) -> tuple[float, float]:
    """The x range of the plot, from the horizontal axis line."""
    axis = next(el for el in by_class(root, "chart-axis") if el.get("y1") == el.get("y2"))
    return float(axis.get("x1", "nan")), float(axis.get("x2", "nan"))


def test_history_without_check_ins() -> None:
    root, table = history_chart([])
    assert not by_class(root, "chart-point") and not by_class(root, "chart-line")
    assert by_class(root, "chart-ideal") and by_class(root, "chart-target") and by_class(root, "chart-start")
    assert "No check-ins" in desc(root)
    assert data_rows(table) == [["No data yet."]]


def test_history_with_one_check_in() -> None:
    root, table = history_chart(CHECKINS[:1])
    assert len(by_class(root, "chart-point")) == 1
    assert not by_class(root, "chart-line")
    assert data_rows(table) == [["Jan 20", "20h"]]
    assert "1 check-in;" in desc(root)


def test_history_with_many_check_ins() -> None:
    root, table = history_chart(list(reversed(CHECKINS)))
    points = by_class(root, "chart-point")
    xs = [float(p.get("cx", "nan")) for p in points]
    assert xs == sorted(xs) and len(xs) == 3
    line = by_class(root, "chart-line")[0]
    assert len((line.get("points") or "").split()) == 3
    assert data_rows(table) == [["Jan 20", "20h"], ["Feb 10", "18h"], ["Mar 1", "15h"]]
    assert "latest 15h on Mar 1" in desc(root)
    assert table.find("tbody/tr/th/time") is not None


def test_history_spans_the_whole_period_and_draws_the_ideal_pace() -> None:
    root, _ = history_chart(CHECKINS)
    left, right = plot_box(root)
    ideal = by_class(root, "chart-ideal")[0]
    assert (float(ideal.get("x1", "nan")), float(ideal.get("x2", "nan"))) == (left, right)
    start_y, target_y = float(ideal.get("y1", "nan")), float(ideal.get("y2", "nan"))
    assert start_y < target_y  # a decreasing KR: start (24h) is drawn higher than the target (12h)
    assert float(by_class(root, "chart-target")[0].get("y1", "nan")) == target_y
    labels = [el.text for el in by_class(root, "chart-label")]
    assert "Jan 1" in labels and "Feb 1" in labels and "Mar 1" in labels


def test_history_leaves_out_check_ins_outside_the_period() -> None:
    outside = [(date(2025, 12, 20), 30.0), *CHECKINS, (date(2026, 4, 2), 10.0)]
    root, table = history_chart(outside)
    assert len(by_class(root, "chart-point")) == 3
    assert len(data_rows(table)) == 3
    left, right = plot_box(root)
    assert all(left <= float(p.get("cx", "nan")) <= right for p in by_class(root, "chart-point"))
    assert "2 check-ins outside the period" in desc(root)


def test_history_marks_as_of_only_inside_the_period() -> None:
    root, _ = history_chart(CHECKINS, as_of=date(2026, 2, 15))
    left, right = plot_box(root)
    today = by_class(root, "chart-today")
    assert len(today) == 1 and left < float(today[0].get("x1", "nan")) < right
    assert "As of Feb 15" in desc(root)
    root, _ = history_chart(CHECKINS, as_of=date(2026, 5, 1))
    assert not by_class(root, "chart-today")


# --- KPI ------------------------------------------------------------------------------------------


def bands(healthy: charts.Band | None, warning: charts.Band | None = None) -> list[tuple[str, float, float]]:
    """(class, top, bottom) of each band rect, from the top of the chart down."""
    svg, _ = kpi_chart(WEEKLY, healthy=healthy, warning=warning, id_prefix="k", title="T", fmt=pct)
    rects = [el for el in parse(svg, "k").iter("rect") if (el.get("class") or "").startswith("chart-band-")]
    out = [
        (
            el.get("class", "")[len("chart-band-") :],
            float(el.get("y", "nan")),
            float(el.get("y", "nan")) + float(el.get("height", "nan")),
        )
        for el in rects
    ]
    return sorted(out, key=lambda b: b[1])


def assert_stacked(found: list[tuple[str, float, float]]) -> None:
    for (_, _, bottom), (_, top, _) in pairwise(found):
        assert bottom == pytest.approx(top, abs=0.11)


@pytest.mark.parametrize("op", [">=", ">"])
def test_kpi_bands_at_least(op: str) -> None:
    found = bands((op, 85, None), (op, 75, None))
    assert [b[0] for b in found] == ["healthy", "warning", "breach"]
    assert_stacked(found)


@pytest.mark.parametrize("op", ["<=", "<"])
def test_kpi_bands_at_most(op: str) -> None:
    found = bands((op, 80, None), (op, 82, None))
    assert [b[0] for b in found] == ["breach", "warning", "healthy"]
    assert_stacked(found)


def test_kpi_bands_between() -> None:
    found = bands(("between", 81, 82), ("between", 80, 83))
    assert [b[0] for b in found] == ["breach", "warning", "healthy", "warning", "breach"]
    assert_stacked(found)


def test_kpi_healthy_only_and_no_bands() -> None:
    assert [b[0] for b in bands((">=", 82, None))] == ["healthy", "breach"]
    assert bands(None) == []
    assert [b[0] for b in bands(None, ("between", 81, 82))] == ["warning"]


def test_kpi_y_range_covers_data_and_thresholds() -> None:
    svg, table = kpi_chart(WEEKLY, healthy=(">=", 99, None), warning=None, id_prefix="k", title="T", fmt=pct)
    root = parse(svg, "k")
    values = [
        float((el.text or "").rstrip("%"))
        for el in by_class(root, "chart-label")
        if el.get("text-anchor") == "end"
    ]
    assert min(values) <= 80 and max(values) >= 99
    assert [row[2] for row in data_rows(parse_table(table))] == ["breach"] * 4
    assert "Healthy when at least 99%" in desc(root)


def test_kpi_table_and_description() -> None:
    svg, table = kpi_chart(
        WEEKLY, healthy=(">=", 82, None), warning=(">=", 81, None), id_prefix="k", title="T", fmt=pct
    )
    rows = data_rows(parse_table(table))
    assert rows == [
        ["Jan 1", "80%", "breach"],
        ["Jan 8", "81%", "warning"],
        ["Jan 15", "82%", "healthy"],
        ["Jan 22", "83%", "healthy"],
    ]
    assert "latest 83% (healthy)" in desc(parse(svg, "k"))
    _, plain = kpi_chart(WEEKLY, healthy=None, warning=None, id_prefix="k", title="T", fmt=pct)
    assert [th.text for th in parse_table(plain).findall("thead/tr/th")] == ["Date", "Value"]


@pytest.mark.parametrize("count", [0, 1, 2, 40])
def test_kpi_handles_short_and_long_series(count: int) -> None:
    points = [(date(2026, 1, 1 + i % 28), 50.0) for i in range(count)]
    svg, table = kpi_chart(points, healthy=(">", 40, None), warning=None, id_prefix="k", title="T", fmt=pct)
    root = parse(svg, "k")
    assert len(data_rows(parse_table(table))) == max(count, 1)
    assert bool(by_class(root, "chart-line")) == (count > 1)
    assert len(by_class(root, "chart-point")) == (0 if count == 0 else 1 if count > 31 else count)
    if count == 1:
        left, right = plot_box(root)
        assert float(by_class(root, "chart-point")[0].get("cx", "nan")) == (left + right) / 2


@pytest.mark.parametrize("band", [("~", 1.0, None), ("between", 1.0, None)])
def test_kpi_rejects_bad_bands(band: charts.Band) -> None:
    with pytest.raises(ValueError, match="band"):
        kpi_chart(WEEKLY, healthy=band, warning=None, id_prefix="k", title="T", fmt=pct)
