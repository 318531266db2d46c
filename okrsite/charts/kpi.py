"""A KPI's chart: its values over time on the healthy, warning and breach bands."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from itertools import pairwise

from markupsafe import Markup

from okrsite.charts.base import (
    _H,
    _MAX_DOTS,
    _OPS,
    _PLOT_W,
    _STATUS,
    _W,
    _X0,
    _X0S,
    _X1,
    _Y0,
    _Y1,
    ENGLISH,
    N_,
    Band,
    Fmt,
    Words,
    _axes,
    _by_date,
    _date_axis,
    _date_value,
    _dot,
    _e,
    _n,
    _nice_ticks,
    _polyline,
    _row,
    _scale,
    _svg,
    _table,
    _time,
)


def _holds(band: Band, v: float) -> bool:
    op, low, high = band
    if op == "between":
        a, b = sorted((low, high if high is not None else low))
        return a <= v <= b
    return {">=": v >= low, ">": v > low, "<=": v <= low, "<": v < low}[op]


def _band_words(band: Band, fmt: Fmt, words: Words) -> str:
    op, low, high = band
    if op == "between":
        return words._(
            "between %(low)s and %(high)s", low=fmt(low), high=fmt(high if high is not None else low)
        )
    return words._(_OPS[op], value=fmt(low))


_OPS_MESSAGES = (
    N_("at least %(value)s"),
    N_("above %(value)s"),
    N_("at most %(value)s"),
    N_("below %(value)s"),
)


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
    words: Words = ENGLISH,
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
    shown = sorted(((d, v) for d, v in points if math.isfinite(v)), key=_by_date)
    values = [v for _, v in shown]
    marks = [c for b in (healthy, warning) if b is not None for c in b[1:] if c is not None]
    lo, hi = min(values + marks, default=0.0), max(values + marks, default=1.0)
    pad = (hi - lo) * 0.05
    yticks = _nice_ticks(lo - pad, hi + pad)
    y = _scale(yticks[0], yticks[-1], _Y0, _Y1)
    first, last = (shown[0][0], shown[-1][0]) if shown else (date.min, date.min)
    days = _scale(0, (last - first).days, _X0, _X1)
    w, day = words, words.short_date
    xs, ys = [_n(days((d - first).days)) for d, _ in shown], [_n(y(v)) for v in values]
    dates, texts = [day(d) for d, _ in shown], [fmt(v) for v in values]

    body = []
    for status, a, b in _regions(healthy, warning, yticks[0], yticks[-1]):
        top, height = _n(y(b)), _n(y(a) - y(b))
        body.append(
            f'<rect class="chart-band-{status}" x="{_X0S}" y="{top}" width="{_PLOT_W}" height="{height}"/>'
        )
    xticks = _date_axis(first, last, (last - first).days) if shown else ()
    body += _axes(yticks, fmt, [(tick, day(d)) for d, tick in xticks])
    if len(shown) > 1:
        body.append(_polyline(xs, ys))
    dotted = range(len(shown)) if len(shown) <= _MAX_DOTS else range(len(shown) - 1, len(shown))
    body += [_dot(xs[i], ys[i], "3.5", f"{dates[i]}: {texts[i]}") for i in dotted]

    rules = []
    if healthy:
        rules.append(w._("healthy when %(band)s", band=_band_words(healthy, fmt, w)))
    if warning:
        rules.append(w._("warning when %(band)s", band=_band_words(warning, fmt, w)))
    desc = "; ".join(rules) + ". " if rules else ""
    desc = desc[:1].upper() + desc[1:]
    if shown:
        status = _status(healthy, warning, values[-1])
        desc += w.ngettext(
            "%(num)s value from %(first)s to %(last)s, lowest %(low)s, highest %(high)s; latest %(latest)s",
            "%(num)s values from %(first)s to %(last)s, lowest %(low)s, highest %(high)s; latest %(latest)s",
            len(shown),
            first=dates[0],
            last=dates[-1],
            low=fmt(min(values)),
            high=fmt(max(values)),
            latest=texts[-1],
        )
        desc += f" ({w._(_STATUS[status])})." if status else "."
    else:
        desc += w._("No values yet.")
    if healthy is not None or warning is not None:
        head = _date_value(w, status=True)
        named = {k: _e(w._(m)) for k, m in _STATUS.items()}
        rows = [
            _row(_time(d, dates[i]), _e(texts[i]), named.get(_status(healthy, warning, v), ""))
            for i, (d, v) in enumerate(shown)
        ]
    else:
        head, rows = (
            _date_value(w),
            [_row(_time(d, dates[i]), _e(texts[i])) for i, (d, _) in enumerate(shown)],
        )
    return _svg("chart", id_prefix, (_W, _H), title, desc, "".join(body)), _table(title, head, rows)
