"""Inline SVG charts drawn at build time: no JavaScript, no external resources, no inline styles.

Every chart is `<svg role="img" aria-labelledby="P-title P-desc">` with a `<title>` and a `<desc>`
that gives the numbers in words; `P` is the caller's `id_prefix` (no whitespace), and those two ids
are the only ids a chart uses. Functions that draw a series also return an HTML `<table>` (caption,
header row, one row per value) for a `<details>` below the chart. Output is deterministic:
coordinates are rounded to 0.1 and nothing is random. All text is escaped; results are `Markup`.

Colours come from the site CSS through these classes: `chart`, `chart-axis`, `chart-grid`,
`chart-label`, `chart-line`, `chart-ideal`, `chart-point`, `chart-target`, `chart-start`,
`chart-band-healthy`, `chart-band-warning`, `chart-band-breach`, `chart-bar`, `chart-bar-red`,
`chart-bar-yellow`, `chart-bar-green`, `chart-today`, `bullet`, `bullet-track`, `bullet-fill`,
`bullet-over`, `bullet-target`, `bullet-start`, `sparkline`; plus one added here: `chart-table`
(the accessible table). The only presentation attributes used are `font-size` on the root `<svg>`
(text size depends on the viewBox; a CSS `font-size` on `.chart-label` would override it) and
`fill="none"` on polylines (so a line never renders as a filled shape without CSS).

Sizes (viewBox units): `history`, `kpi_chart` and `distribution` 600x240, `bullet` 300x28,
`sparkline` 100x24; all are `width="100%"` and keep their aspect ratio.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from itertools import pairwise

from markupsafe import Markup, escape

Fmt = Callable[[float], str]
Band = tuple[str, float, float | None]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_OPS = {">=": "at least", ">": "above", "<=": "at most", "<": "below"}
# Line charts: viewBox size and the plot area's margins.
_W, _H = 600, 240
_LEFT, _RIGHT, _TOP, _BOTTOM = 64, 24, 18, 28
_X0, _X1, _Y0, _Y1 = _LEFT, _W - _RIGHT, _H - _BOTTOM, _TOP  # plot edges; y grows downwards
# Bullet: the track is 0%..100% of the way; over-achievement is drawn up to 150%.
_BW, _BH, _TRACK_X, _TRACK_W = 300, 28, 4.0, 192.0
_SW, _SH, _SPAD = 100, 24, 2.5
_FONT = {"chart": "11", "bullet": "9", "sparkline": "8"}
_COLOURS = ("red", "yellow", "green")
_MAX_DOTS = 31  # a KPI series longer than this gets a dot on its last value only


def short_date(d: date) -> str:
    """A date for axis labels and descriptions, like `Jan 20` (templates may replace this)."""
    return f"{_MONTHS[d.month - 1]} {d.day}"


def _n(v: float) -> str:
    """A coordinate rounded to 0.1, without a trailing `.0` and never `-0`."""
    s = f"{round(v, 1) + 0.0:.1f}"
    return s[:-2] if s.endswith(".0") else s


def _num(v: float) -> str:
    """A plain number with at most two decimals (for sparklines, which get no formatter)."""
    return f"{round(v, 2) + 0.0:.2f}".rstrip("0").rstrip(".")


def _e(text: str) -> str:
    return str(escape(text))


def _el(tag: str, body: str | None = None, **attrs: str | float) -> str:
    """An element; `class_` becomes `class`, `text_anchor` becomes `text-anchor`. `body` is markup."""
    a = "".join(
        f' {k.rstrip("_").replace("_", "-")}="{escape(v if isinstance(v, str) else _n(v))}"'
        for k, v in attrs.items()
    )
    return f"<{tag}{a}/>" if body is None else f"<{tag}{a}>{body}</{tag}>"


def _svg(
    kind: str, id_prefix: str, size: tuple[int, int], title: str, desc: str, body: Iterable[str]
) -> Markup:
    if not id_prefix or any(c.isspace() for c in id_prefix):
        raise ValueError(f"id_prefix must be non-empty without whitespace, not {id_prefix!r}")
    head = _el("title", _e(title), id=f"{id_prefix}-title") + _el("desc", _e(desc), id=f"{id_prefix}-desc")
    labelledby, box, font = f"{id_prefix}-title {id_prefix}-desc", f"0 0 {size[0]} {size[1]}", _FONT[kind]
    attrs = {"role": "img", "aria_labelledby": labelledby, "viewBox": box, "width": "100%"}
    attrs |= {"preserveAspectRatio": "xMidYMid meet", "font_size": font}
    return Markup(_el("svg", head + "".join(body), class_=kind, **attrs))


def _table(caption: str, head: Sequence[str], rows: Sequence[Sequence[str]]) -> Markup:
    """`<table class="chart-table">`; the first cell of a row is its header. Cells are markup."""
    thead = "<tr>" + "".join(_el("th", _e(h), scope="col") for h in head) + "</tr>"
    body = [
        "<tr>" + _el("th", row[0], scope="row") + "".join(_el("td", c) for c in row[1:]) + "</tr>"
        for row in rows
    ] or ["<tr>" + _el("td", "No data yet.", colspan=str(len(head))) + "</tr>"]
    inner = _el("caption", _e(caption)) + _el("thead", thead) + _el("tbody", "".join(body))
    return Markup(_el("table", inner, class_="chart-table"))


def _text(label: str, x: float, y: float, anchor: str = "middle") -> str:
    return _el("text", _e(label), class_="chart-label", x=x, y=y, text_anchor=anchor)


def _time(d: date) -> str:
    return _el("time", _e(short_date(d)), datetime=d.isoformat())


def _scale(d0: float, d1: float, r0: float, r1: float) -> Callable[[float], float]:
    """A linear map from [d0, d1] to [r0, r1]; an empty domain maps to the middle."""
    if d1 == d0:
        return lambda v: (r0 + r1) / 2
    k = (r1 - r0) / (d1 - d0)
    return lambda v: r0 + (v - d0) * k


def _nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """About `count` round tick values (steps 1, 2, 2.5, 5 x 10^k) covering lo..hi."""
    lo, hi = min(lo, hi), max(lo, hi)
    if hi == lo:
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    raw = (hi - lo) / (count - 1)
    mag = 10.0 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw * (1 - 1e-9))
    digits = max(0, 1 - math.floor(math.log10(step)))
    first, last = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
    return [round(i * step, digits) + 0.0 for i in range(first, last + 1)]


def _date_ticks(a: date, b: date) -> list[date]:
    """Month starts (at most 6) for spans of 8 weeks or more, else up to 5 evenly spaced days."""
    span = (b - a).days
    if span >= 56:
        first, last = a.year * 12 + a.month - 1 + (a.day > 1), b.year * 12 + b.month - 1
        months = [date(i // 12, i % 12 + 1, 1) for i in range(first, last + 1)]
        return months[:: -(-len(months) // 6)]
    n = min(span, 4)
    return sorted({a + timedelta(days=round(i * span / n)) for i in range(n + 1)}) if n else [a]


def _axes(
    yticks: Sequence[float], y: Callable[[float], float], ylabel: Fmt, xticks: Sequence[tuple[float, str]]
) -> list[str]:
    """Horizontal grid lines with value labels, the two axis lines, and x tick marks with labels."""
    out: list[str] = []
    for t in yticks:
        out.append(_el("line", class_="chart-grid", x1=_X0, x2=_X1, y1=y(t), y2=y(t)))
        out.append(_text(ylabel(t), _X0 - 6, y(t) + 4, "end"))
    out.append(_el("line", class_="chart-axis", x1=_X0, x2=_X1, y1=_Y0, y2=_Y0))
    out.append(_el("line", class_="chart-axis", x1=_X0, x2=_X0, y1=_Y1, y2=_Y0))
    for x, label in xticks:
        out.append(_el("line", class_="chart-axis", x1=x, x2=x, y1=_Y0, y2=_Y0 + 4))
        out.append(_text(label, x, _Y0 + 16))
    return out


def _polyline(xy: Sequence[tuple[float, float]]) -> str:
    points = " ".join(f"{_n(x)},{_n(y)}" for x, y in xy)
    return _el("polyline", class_="chart-line", fill="none", points=points)


def _dot(x: float, y: float, r: float, tip: str | None = None, cls: str = "chart-point") -> str:
    return _el("circle", None if tip is None else _el("title", _e(tip)), class_=cls, cx=x, cy=y, r=r)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _progress(start: float, current: float | None, target: float) -> float | None:
    """(current - start) / (target - start); None without a value; 1 or 0 when start == target."""
    if current is None or not math.isfinite(current):
        return None
    if target == start:
        return 1.0 if current == target else 0.0
    return (current - start) / (target - start)


def bullet(
    start: float, current: float | None, target: float, *, id_prefix: str, label: str, fmt: Fmt
) -> Markup:
    """A horizontal progress bar (viewBox 300x28) from start (left) to target, for either direction.

    Returns the `<svg class="bullet">`: a `bullet-track` rect for 0..100% of the way, a `bullet-fill`
    rect for the progress (width 0 when there is no value or it went backwards), a `bullet-over` rect
    beyond the target when exceeded (drawn up to 150%), `bullet-start`/`bullet-target` ticks and labels.
    """
    p = _progress(start, current, target)
    shown = 0.0 if p is None or math.isnan(p) else min(max(p, 0.0), 1.5)
    end = _TRACK_X + _TRACK_W
    body = [
        _el("rect", class_="bullet-track", x=_TRACK_X, y=4, width=_TRACK_W, height=10),
        _el("rect", class_="bullet-fill", x=_TRACK_X, y=4, width=_TRACK_W * min(shown, 1.0), height=10),
    ]
    if shown > 1:
        body.append(_el("rect", class_="bullet-over", x=end, y=4, width=_TRACK_W * (shown - 1), height=10))
    body += [
        _el("line", class_="bullet-start", x1=_TRACK_X, x2=_TRACK_X, y1=1, y2=17),
        _el("line", class_="bullet-target", x1=end, x2=end, y1=1, y2=17),
        _text(fmt(start), _TRACK_X, 26, "start"),
        _text(fmt(target), end, 26),
    ]
    desc = f"Start {fmt(start)}, target {fmt(target)}"
    if p is None or current is None:
        desc += "; no value yet."
    elif p < 0:
        desc += (
            f", current {fmt(current)}: went backwards, {round(-p * 100)}% of the way in the wrong direction."
        )
    else:
        done = ", target exceeded" if p > 1 else (", target reached" if p == 1 else "")
        desc += f", current {fmt(current)}: {round(p * 100)}% of the way{done}."
    return _svg("bullet", id_prefix, (_BW, _BH), label, desc, body)


def history(
    points: Sequence[tuple[date, float]],
    *,
    period: tuple[date, date],
    start: float,
    target: float,
    as_of: date,
    id_prefix: str,
    title: str,
    fmt: Fmt,
) -> tuple[Markup, Markup]:
    """A key result's check-ins over its period (viewBox 600x240).

    The x axis spans the whole period; the y axis covers start, target and the values. Drawn: the
    ideal pace (`chart-ideal`) from (period start, start) to (period end, target), a `chart-target`
    line, a `chart-start` dot, the check-ins as a `chart-line` with `chart-point` dots, and a
    `chart-today` line at `as_of` when it falls inside the period. Check-ins outside the period are
    left out (the description says how many). Returns (svg, table of the check-ins drawn).
    """
    p0, p1 = min(period), max(period)
    shown = sorted(((d, v) for d, v in points if p0 <= d <= p1 and math.isfinite(v)), key=lambda dv: dv[0])
    values = [v for _, v in shown]
    yticks = _nice_ticks(min(start, target, *values), max(start, target, *values))
    y = _scale(yticks[0], yticks[-1], _Y0, _Y1)
    days = _scale(0, max((p1 - p0).days, 1), _X0, _X1)

    def x(d: date) -> float:
        return days((d - p0).days)

    def pace(d: date) -> float:
        return start + (target - start) * (d - p0).days / max((p1 - p0).days, 1)

    body = _axes(yticks, y, fmt, [(x(d), short_date(d)) for d in _date_ticks(p0, p1)])
    body += [
        _el("line", class_="chart-target", x1=_X0, x2=_X1, y1=y(target), y2=y(target)),
        _text(f"target {fmt(target)}", _X1, y(target) - 4, "end"),
        _el("line", class_="chart-ideal", x1=_X0, x2=_X1, y1=y(start), y2=y(target)),
    ]
    if p0 <= as_of <= p1:
        body.append(_el("line", class_="chart-today", x1=x(as_of), x2=x(as_of), y1=_Y1, y2=_Y0))
        body.append(_text(short_date(as_of), x(as_of), _Y1 - 5))
    if len(shown) > 1:
        body.append(_polyline([(x(d), y(v)) for d, v in shown]))
    body.append(_dot(_X0, y(start), 3, f"start {fmt(start)}", "chart-start"))
    body += [_dot(x(d), y(v), 3.5, f"{short_date(d)}: {fmt(v)}") for d, v in shown]

    desc = f"From {short_date(p0)} to {short_date(p1)}: start {fmt(start)}, target {fmt(target)}."
    if shown:
        last_d, last_v = shown[-1]
        desc += f" {_plural(len(shown), 'check-in')}; latest {fmt(last_v)} on {short_date(last_d)}"
        desc += f" (on pace would be {fmt(pace(last_d))})."
    else:
        desc += " No check-ins in the period."
    if omitted := len(points) - len(shown):
        desc += f" {_plural(omitted, 'check-in')} outside the period not shown."
    if p0 <= as_of <= p1:
        desc += f" As of {short_date(as_of)}."
    caption = f"{title} (start {fmt(start)}, target {fmt(target)})"
    table = _table(caption, ("Date", "Value"), [(_time(d), _e(fmt(v))) for d, v in shown])
    return _svg("chart", id_prefix, (_W, _H), title, desc, body), table


def _holds(band: Band, v: float) -> bool:
    op, low, high = band
    if op == "between":
        a, b = sorted((low, high if high is not None else low))
        return a <= v <= b
    return {">=": v >= low, ">": v > low, "<=": v <= low, "<": v < low}[op]


def _band_words(band: Band, fmt: Fmt) -> str:
    op, low, high = band
    if op == "between":
        return f"between {fmt(low)} and {fmt(high if high is not None else low)}"
    return f"{_OPS[op]} {fmt(low)}"


def _status(healthy: Band | None, warning: Band | None, v: float) -> str:
    if healthy is not None and _holds(healthy, v):
        return "healthy"
    if warning is not None and _holds(warning, v):
        return "warning"
    return "breach" if healthy is not None else ""


def _regions(
    healthy: Band | None, warning: Band | None, lo: float, hi: float
) -> list[tuple[str, float, float]]:
    """Disjoint (status, low, high) stretches of lo..hi; healthy wins over warning; breach is the rest."""
    bounds = {c for b in (healthy, warning) if b is not None for c in b[1:] if c is not None and lo < c < hi}
    cuts = sorted({lo, hi} | bounds)
    out: list[tuple[str, float, float]] = []
    for a, b in pairwise(cuts):
        status = _status(healthy, warning, (a + b) / 2)
        if out and out[-1][0] == status and out[-1][2] == a:
            out[-1] = (status, out[-1][1], b)
        elif status:
            out.append((status, a, b))
    return out


def kpi_chart(
    points: Sequence[tuple[date, float]],
    *,
    healthy: Band | None,
    warning: Band | None,
    id_prefix: str,
    title: str,
    fmt: Fmt,
) -> tuple[Markup, Markup]:
    """A KPI series over its dates (viewBox 600x240) on shaded bands.

    A band is (op, low, high) with op one of `>=`, `>`, `<=`, `<`, `between` (high only for
    between). Behind the line: `chart-band-healthy`, `chart-band-warning` and, when a healthy band is
    given, `chart-band-breach` for the rest (healthy wins where the bands overlap). The y range covers
    the values and the thresholds with a margin. Returns (svg, table with a Status column when a band
    is given). Raises ValueError for an unknown operator or a `between` without a high value.
    """
    for band in (healthy, warning):
        if band and (band[0] not in (*_OPS, "between") or (band[0] == "between" and band[2] is None)):
            raise ValueError(f"bad band {band!r}: use >=, >, <=, < or between (with a high value)")
    shown = sorted(((d, v) for d, v in points if math.isfinite(v)), key=lambda dv: dv[0])
    values = [v for _, v in shown]
    marks = [c for b in (healthy, warning) if b is not None for c in b[1:] if c is not None]
    lo, hi = min(values + marks, default=0.0), max(values + marks, default=1.0)
    pad = (hi - lo) * 0.05
    yticks = _nice_ticks(lo - pad, hi + pad)
    y = _scale(yticks[0], yticks[-1], _Y0, _Y1)
    first, last = (shown[0][0], shown[-1][0]) if shown else (date.min, date.min)
    days = _scale(0, (last - first).days, _X0, _X1)

    def x(d: date) -> float:
        return days((d - first).days)

    body = [
        _el("rect", class_=f"chart-band-{status}", x=_X0, y=y(b), width=_X1 - _X0, height=y(a) - y(b))
        for status, a, b in _regions(healthy, warning, yticks[0], yticks[-1])
    ]
    body += _axes(yticks, y, fmt, [(x(d), short_date(d)) for d in _date_ticks(first, last)] if shown else [])
    if len(shown) > 1:
        body.append(_polyline([(x(d), y(v)) for d, v in shown]))
    dotted = shown if len(shown) <= _MAX_DOTS else shown[-1:]
    body += [_dot(x(d), y(v), 3.5, f"{short_date(d)}: {fmt(v)}") for d, v in dotted]

    rules = [
        f"{name} when {_band_words(b, fmt)}" for name, b in (("healthy", healthy), ("warning", warning)) if b
    ]
    desc = "; ".join(rules) + ". " if rules else ""
    desc = desc[:1].upper() + desc[1:]
    if shown:
        (d0, _), (d1, v1) = shown[0], shown[-1]
        status = _status(healthy, warning, v1)
        desc += f"{_plural(len(shown), 'value')} from {short_date(d0)} to {short_date(d1)}, "
        desc += f"lowest {fmt(min(values))}, highest {fmt(max(values))}; latest {fmt(v1)}"
        desc += f" ({status})." if status else "."
    else:
        desc += "No values yet."
    with_status = healthy is not None or warning is not None
    head = ("Date", "Value", "Status") if with_status else ("Date", "Value")
    rows = [(_time(d), _e(fmt(v)), _e(_status(healthy, warning, v)))[: len(head)] for d, v in shown]
    return _svg("chart", id_prefix, (_W, _H), title, desc, body), _table(title, head, rows)


def sparkline(values: Sequence[float], *, id_prefix: str, title: str) -> Markup:
    """A tiny line (viewBox 100x24, `<svg class="sparkline">`) with a `chart-point` on the last value.

    Values are spaced evenly; a flat series sits in the middle. Empty input gives the svg with its
    title and a "No values yet." description only. Returns the svg (no table).
    """
    vals = [v for v in values if math.isfinite(v)]
    body: list[str] = []
    if vals:
        x = _scale(0, len(vals) - 1, _SPAD, _SW - _SPAD)
        y = _scale(min(vals), max(vals), _SH - _SPAD, _SPAD)
        xy = [(x(i), y(v)) for i, v in enumerate(vals)]
        if len(xy) > 1:
            body.append(_polyline(xy))
        body.append(_dot(*xy[-1], 2))
    if not vals:
        desc = "No values yet."
    elif len(vals) == 1:
        desc = f"One value: {_num(vals[0])}."
    else:
        desc = f"{len(vals)} values from {_num(vals[0])} to {_num(vals[-1])}; "
        desc += f"lowest {_num(min(vals))}, highest {_num(max(vals))}."
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


def distribution(
    scores: Sequence[float], *, yellow: float, green: float, id_prefix: str, title: str
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
    ranges = [f"{i / 10:.1f}–{(i + 1) / 10:.1f}" for i in range(10)]
    yticks = _count_ticks(max(counts))
    y = _scale(0, yticks[-1], _Y0, _Y1)
    width = (_X1 - _X0) / 10
    body = _axes(yticks, y, lambda t: f"{t:g}", [(_X0 + i * width, f"{i / 10:.1f}") for i in range(11)])
    for i, c in enumerate(counts):
        if c:
            tip = _el("title", _e(f"{ranges[i]}: {c}"))
            cls = f"chart-bar chart-bar-{colours[i]}"
            left, top = _X0 + i * width, y(c)
            body.append(_el("rect", tip, class_=cls, x=left + 3, y=top, width=width - 6, height=_Y0 - top))
            body.append(_text(str(c), left + width / 2, top - 4))
    total = sum(counts)
    desc = _plural(total, "score")
    if total:
        desc += ": " + ", ".join(f"{c} in {ranges[i]}" for i, c in enumerate(counts) if c)
        tally = [(k, sum(c for c, col in zip(counts, colours, strict=True) if col == k)) for k in _COLOURS]
        desc += "; " + ", ".join(f"{k} {n}" for k, n in tally)
    desc += "."
    rows = [(_e(ranges[i]), str(counts[i]), colours[i]) for i in range(10)]
    table = _table(title, ("Score", "Objectives", "Colour"), rows)
    return _svg("chart", id_prefix, (_W, _H), title, desc, body), table
