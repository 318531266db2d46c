"""Small and summary charts: a sparkline of a series, and the distribution of a period's scores."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from markupsafe import Markup

from okrsite.charts.base import (
    _COLOUR_WORDS,
    _COLOURS,
    _H,
    _SH,
    _SPAD,
    _SW,
    _W,
    _X0,
    _X1,
    _Y0,
    _Y1,
    ENGLISH,
    N_,
    Words,
    _axes,
    _e,
    _head,
    _n,
    _num,
    _polyline,
    _row,
    _scale,
    _svg,
    _table,
    _text,
    _x_tick,
)


def sparkline(values: Sequence[float], *, id_prefix: str, title: str, words: Words = ENGLISH) -> Markup:
    """A tiny line (viewBox 100x24, `<svg class="sparkline">`) with a `chart-point` on the last value.

    Values are spaced evenly; a flat series sits in the middle. Empty input gives the svg with its
    title and a "No values yet." description only. Returns the svg (no table).
    """
    vals = [v for v in values if math.isfinite(v)]
    body = ""
    if vals:
        x = _scale(0, len(vals) - 1, _SPAD, _SW - _SPAD)
        y = _scale(min(vals), max(vals), _SH - _SPAD, _SPAD)
        xs, ys = [_n(x(i)) for i in range(len(vals))], [_n(y(v)) for v in vals]
        if len(vals) > 1:
            body = _polyline(xs, ys)
        body += f'<circle class="chart-point" cx="{xs[-1]}" cy="{ys[-1]}" r="2"/>'
    w = words
    if not vals:
        desc = w._("No values yet.")
    elif len(vals) == 1:
        desc = w._("One value: %(value)s.", value=_num(vals[0], w))
    else:
        desc = w._(
            "%(count)s values from %(first)s to %(last)s; lowest %(low)s, highest %(high)s.",
            count=len(vals),
            first=_num(vals[0], w),
            last=_num(vals[-1], w),
            low=_num(min(vals), w),
            high=_num(max(vals), w),
        )
    return _svg("sparkline", id_prefix, (_SW, _SH), title, desc, body)


def _bin(score: float) -> int:
    """0.0..0.1 is bin 0, ..., 0.9..1.0 (1.0 included) is bin 9; outside 0..1 is clamped."""
    return min(max(math.floor(round(score * 10, 9)), 0), 9)


def _bin_colour(i: int, yellow: float, green: float) -> str:
    lower = i / 10
    return "green" if lower >= green else "yellow" if lower >= yellow else "red"


def _count_ticks(most: int) -> list[float]:
    step = next(s for k in range(20) for s in (10**k, 2 * 10**k, 5 * 10**k) if max(most, 1) <= 5 * s)
    return [float(t) for t in range(0, -(-max(most, 1) // step) * step + 1, step)]


_RANGES = [f"{i / 10:.1f}–{(i + 1) / 10:.1f}" for i in range(10)]  # digits and a dash: nothing to escape
_BIN_WIDTH = (_X1 - _X0) / 10
_SCORE_TICKS = [(_x_tick(_X0 + i * _BIN_WIDTH), f"{i / 10:.1f}") for i in range(11)]


@lru_cache(maxsize=64)
def _score_axis(words: Words) -> tuple[list[str], list[tuple[str, str]]]:
    """The bins' ranges and the score ticks with the language's decimal sign."""
    ranges = [words.signs(r) for r in _RANGES]
    return ranges, [(tick, words.signs(label)) for tick, label in _SCORE_TICKS]


def distribution(
    scores: Sequence[float],
    *,
    yellow: float,
    green: float,
    id_prefix: str,
    title: str,
    words: Words = ENGLISH,
) -> tuple[Markup, Markup]:
    """A histogram of objective scores (viewBox 600x240) in 10 bins from 0 to 1 (1.0 in the last).

    Each non-empty bin is a `chart-bar chart-bar-{red,yellow,green}` rect, coloured by the bin's
    lower edge against the thresholds, with its count above it. Returns (svg, table with a row per
    bin: score range, count, colour).
    """
    counts = [0] * 10
    for s in scores:
        if math.isfinite(s):
            counts[_bin(s)] += 1
    colours = [_bin_colour(i, yellow, green) for i in range(10)]
    yticks = _count_ticks(max(counts))
    y = _scale(0, yticks[-1], _Y0, _Y1)
    ranges, ticks = _score_axis(words)
    body = _axes(yticks, lambda t: f"{t:g}", ticks)
    for i, c in enumerate(counts):
        if c:
            left, top = _X0 + i * _BIN_WIDTH, y(c)
            x, w, h = _n(left + 3), _n(_BIN_WIDTH - 6), _n(_Y0 - top)
            bar = f'class="chart-bar chart-bar-{colours[i]}" x="{x}" y="{_n(top)}" width="{w}" height="{h}"'
            body.append(f"<rect {bar}><title>{ranges[i]}: {c}</title></rect>")
            body.append(_text(str(c), _n(left + _BIN_WIDTH / 2), _n(top - 4)))
    total = sum(counts)
    named = {k: words._(m) for k, m in _COLOUR_WORDS.items()}
    desc = words.ngettext("%(num)s score", "%(num)s scores", total)
    if total:
        bins = [
            words._("%(count)s in %(range)s", count=words.signs(f"{c:,d}"), range=ranges[i])
            for i, c in enumerate(counts)
            if c
        ]
        tally = [(k, sum(c for c, col in zip(counts, colours, strict=True) if col == k)) for k in _COLOURS]
        desc += ": " + ", ".join(bins) + "; " + ", ".join(f"{named[k]} {n}" for k, n in tally)
    desc += "."
    rows = [_row(ranges[i], str(counts[i]), _e(named[colours[i]])) for i in range(10)]
    head = _head(words, N_("Score"), "%(Objectives)s", N_("Colour"))
    return _svg("chart", id_prefix, (_W, _H), title, desc, "".join(body)), _table(title, head, rows)
