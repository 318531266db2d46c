"""A key result's charts: the bullet (start to target, where it stands) and the check-in history
against the ideal pace line."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from markupsafe import Markup

from okrsite.charts.base import (
    _BEND,
    _BH,
    _BULLET_TICKS,
    _BULLET_TRACK,
    _BW,
    _BX,
    _H,
    _TODAY_Y,
    _TRACK_W,
    _W,
    _X0,
    _X0S,
    _X1,
    _X1S,
    _Y0,
    _Y0S,
    _Y1,
    _Y1S,
    ENGLISH,
    N_,
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
    _progress,
    _row,
    _scale,
    _svg,
    _table,
    _text,
    _time,
)


def bullet(
    start: float,
    current: float | None,
    target: float,
    *,
    id_prefix: str,
    label: str,
    fmt: Fmt,
    words: Words = ENGLISH,
) -> Markup:
    """A horizontal progress bar (viewBox 300x28) from start (left) to target, for either direction.

    Returns the `<svg class="bullet">`: a `bullet-track` rect for 0..100% of the way, a `bullet-fill`
    rect for the progress (width 0 when there is no value or it went backwards), a `bullet-over` rect
    beyond the target when exceeded (drawn up to 150%), `bullet-start`/`bullet-target` ticks and labels.
    """
    p = _progress(start, current, target)
    shown = 0.0 if p is None or math.isnan(p) else min(max(p, 0.0), 1.5)
    fill = _n(_TRACK_W * min(shown, 1.0))
    body = [_BULLET_TRACK, f'<rect class="bullet-fill" x="{_BX}" y="4" width="{fill}" height="10"/>']
    if shown > 1:
        over = _n(_TRACK_W * (shown - 1))
        body.append(f'<rect class="bullet-over" x="{_BEND}" y="4" width="{over}" height="10"/>')
    f_start, f_target = fmt(start), fmt(target)
    body += [_BULLET_TICKS, _text(f_start, _BX, "26", "start"), _text(f_target, _BEND, "26")]
    w = words
    if p is None or current is None:
        desc = w._("Start %(start)s, target %(target)s; no value yet.", start=f_start, target=f_target)
    else:
        now, share = fmt(current), _share(w, abs(p))
        values = {"start": f_start, "target": f_target, "current": now, "share": share}
        if p < 0:
            message = N_(
                "Start %(start)s, target %(target)s, current %(current)s: went backwards, "
                "%(share)s of the way in the wrong direction."
            )
        elif p > 1:
            message = N_(
                "Start %(start)s, target %(target)s, current %(current)s: %(share)s of the way, "
                "target exceeded."
            )
        elif p == 1:
            message = N_(
                "Start %(start)s, target %(target)s, current %(current)s: %(share)s of the way, "
                "target reached."
            )
        else:
            message = N_("Start %(start)s, target %(target)s, current %(current)s: %(share)s of the way.")
        desc = w._(message, **values)
    return _svg("bullet", id_prefix, (_BW, _BH), label, desc, "".join(body))


def _share(words: Words, ratio: float) -> str:
    """A ratio as a whole percentage in the chart's language: `75%`, `75 %`."""
    return words._("%(percent)s%%", percent=round(ratio * 100))


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
    words: Words = ENGLISH,
) -> tuple[Markup, Markup]:
    """A key result's check-ins over its period (viewBox 600x240).

    The x axis spans the whole period; the y axis covers start, target and the values. Drawn: the
    ideal pace (`chart-ideal`) from (period start, start) to (period end, target), a `chart-target`
    line, a `chart-start` dot, the check-ins as a `chart-line` with `chart-point` dots, and a
    `chart-today` line at `as_of` when it falls inside the period. Check-ins outside the period are
    left out (the description says how many). Returns (svg, table of the check-ins drawn).
    """
    p0, p1 = min(period), max(period)
    shown = sorted(((d, v) for d, v in points if p0 <= d <= p1 and math.isfinite(v)), key=_by_date)
    values = [v for _, v in shown]
    yticks = _nice_ticks(min(start, target, *values), max(start, target, *values))
    y = _scale(yticks[0], yticks[-1], _Y0, _Y1)
    span = max((p1 - p0).days, 1)
    days = _scale(0, span, _X0, _X1)

    def x(d: date) -> float:
        return days((d - p0).days)

    # Each check-in formatted once, for the line, its dot, the table and the description.
    w, day = words, words.short_date
    xs, ys = [_n(x(d)) for d, _ in shown], [_n(y(v)) for v in values]
    dates, texts = [day(d) for d, _ in shown], [fmt(v) for v in values]
    f_start, f_target, y_target = fmt(start), fmt(target), y(target)
    ys_start, ys_target = _n(y(start)), _n(y_target)

    body = _axes(yticks, fmt, [(tick, day(d)) for d, tick in _date_axis(p0, p1, span)])
    body += [
        f'<line class="chart-target" x1="{_X0S}" x2="{_X1S}" y1="{ys_target}" y2="{ys_target}"/>',
        _text(w._("target %(value)s", value=f_target), _X1S, _n(y_target - 4), "end"),
        f'<line class="chart-ideal" x1="{_X0S}" x2="{_X1S}" y1="{ys_start}" y2="{ys_target}"/>',
    ]
    today = day(as_of) if p0 <= as_of <= p1 else None
    if today is not None:
        xa = _n(x(as_of))
        body.append(f'<line class="chart-today" x1="{xa}" x2="{xa}" y1="{_Y1S}" y2="{_Y0S}"/>')
        body.append(_text(today, xa, _TODAY_Y))
    if len(shown) > 1:
        body.append(_polyline(xs, ys))
    body.append(_dot(_X0S, ys_start, "3", w._("start %(value)s", value=f_start), "chart-start"))
    body += [_dot(xs[i], ys[i], "3.5", f"{dates[i]}: {texts[i]}") for i in range(len(shown))]

    desc = w._(
        "From %(first)s to %(last)s: start %(start)s, target %(target)s.",
        first=day(p0),
        last=day(p1),
        start=f_start,
        target=f_target,
    )
    if shown:
        pace = start + (target - start) * (shown[-1][0] - p0).days / span
        desc += " " + w.ngettext(
            "%(num)s %(check_in)s; latest %(value)s on %(date)s (on pace would be %(pace)s).",
            "%(num)s %(check_ins)s; latest %(value)s on %(date)s (on pace would be %(pace)s).",
            len(shown),
            value=texts[-1],
            date=dates[-1],
            pace=fmt(pace),
        )
    else:
        desc += " " + w._("No %(check_ins)s in the period.")
    if omitted := len(points) - len(shown):
        desc += " " + w.ngettext(
            "%(num)s %(check_in)s outside the period not shown.",
            "%(num)s %(check_ins)s outside the period not shown.",
            omitted,
        )
    if today is not None:
        desc += " " + w._("As of %(date)s.", date=today)
        desc = (
            desc.removesuffix(".") + "." if desc.endswith("..") else desc
        )  # `20. nov.` ends a sentence once
    caption = w._(
        "%(title)s (start %(start)s, target %(target)s)", title=title, start=f_start, target=f_target
    )
    rows = [_row(_time(d, dates[i]), _e(texts[i])) for i, (d, _) in enumerate(shown)]
    chart = _svg("chart", id_prefix, (_W, _H), title, desc, "".join(body))
    return chart, _table(caption, _date_value(w), rows)
