"""What every chart shares: the words it speaks (`Words`), sizes, fixed fragments, escaping,
the `<svg>` frame, accessible tables, scales, ticks and axes. See okrsite/charts/__init__.py."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from functools import lru_cache
from operator import itemgetter
from typing import ClassVar, Protocol

from markupsafe import Markup, escape

Fmt = Callable[[float], str]
Band = tuple[str, float, float | None]


class Words(Protocol):
    """The words and signs of a chart's text in the site's language (okrsite.site.i18n.Lang is
    one). Messages are format strings with `%(name)s` placeholders, extracted into the site's
    catalogue from the `words._(...)` and `words.ngettext(...)` calls below."""

    def _(self, message: str, **variables: object) -> str:
        """A message translated, its placeholders filled."""
        ...

    def ngettext(self, singular: str, plural: str, n: int, **variables: object) -> str:
        """The form of a message for `n` (given as `%(num)s`)."""
        ...

    def short_date(self, d: date) -> str:
        """A date for axes and descriptions: `Jan 20`, `20. jan.`."""
        ...

    def signs(self, text: str) -> str:
        """Digits written the English way (`0.5`, `-3`) with the language's signs (`0,5`)."""
        ...

    def __hash__(self) -> int:
        """Words are hashable (fixed fragments are cached per language)."""
        ...


class _English:
    """English words: the messages as they are (with the default terms), and `short_date` of
    this module."""

    terms: ClassVar[dict[str, str]] = {  # the terms the messages here use
        "check_in": "check-in",
        "check_ins": "check-ins",
        "Objectives": "Objectives",
    }

    def _(self, message: str, **variables: object) -> str:
        return message % {**self.terms, **variables}

    def ngettext(self, singular: str, plural: str, n: int, **variables: object) -> str:
        return (singular if n == 1 else plural) % {**self.terms, "num": f"{n:,d}", **variables}

    def short_date(self, d: date) -> str:
        return short_date(d)  # looked up on each call: a test may replace it

    def signs(self, text: str) -> str:
        return text


ENGLISH: Words = _English()

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_OPS = {">=": "at least %(value)s", ">": "above %(value)s", "<=": "at most %(value)s", "<": "below %(value)s"}
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
_by_date = itemgetter(0)


def short_date(d: date) -> str:
    """A date for axis labels and descriptions, like `Jan 20` (templates may replace this)."""
    return f"{_MONTHS[d.month - 1]} {d.day}"


def _n(v: float) -> str:
    """A coordinate rounded to 0.1, without a trailing `.0` and never `-0`.

    `:.1f` rounds the exact binary value half to even, just as `round(v, 1)` does.
    """
    s = f"{v:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
        return "0" if s == "-0" else s
    return s


def _num(v: float, words: Words = ENGLISH) -> str:
    """A plain number with at most two decimals (for sparklines, which get no formatter)."""
    return words.signs(f"{round(v, 2) + 0.0:.2f}".rstrip("0").rstrip("."))


def _e(text: str) -> str:
    """`str(markupsafe.escape(text))`, skipped for the usual plain string with nothing to escape."""
    if type(text) is str and not ("&" in text or "<" in text or ">" in text or "'" in text or '"' in text):
        return text
    return str(escape(text))


# Fixed numbers and fragments of the line charts and the bullet, formatted once.
_X0S, _X1S, _Y0S, _Y1S = _n(_X0), _n(_X1), _n(_Y0), _n(_Y1)
_YLABEL_X, _XLABEL_Y, _TICK_Y, _TODAY_Y = _n(_X0 - 6), _n(_Y0 + 16), _n(_Y0 + 4), _n(_Y1 - 5)
_PLOT_W = _n(_X1 - _X0)
_AXIS_LINES = (
    f'<line class="chart-axis" x1="{_X0S}" x2="{_X1S}" y1="{_Y0S}" y2="{_Y0S}"/>'
    f'<line class="chart-axis" x1="{_X0S}" x2="{_X0S}" y1="{_Y1S}" y2="{_Y0S}"/>'
)
_BX, _BEND = _n(_TRACK_X), _n(_TRACK_X + _TRACK_W)
_BULLET_TRACK = f'<rect class="bullet-track" x="{_BX}" y="4" width="{_n(_TRACK_W)}" height="10"/>'
_BULLET_TICKS = (
    f'<line class="bullet-start" x1="{_BX}" x2="{_BX}" y1="1" y2="17"/>'
    f'<line class="bullet-target" x1="{_BEND}" x2="{_BEND}" y1="1" y2="17"/>'
)


def _svg(kind: str, id_prefix: str, size: tuple[int, int], title: str, desc: str, body: str) -> Markup:
    # split() drops exactly the characters str.isspace() accepts: one part equal to the prefix means
    # it is non-empty and has no whitespace.
    if id_prefix.split() != [id_prefix]:
        raise ValueError(f"id_prefix must be non-empty without whitespace, not {id_prefix!r}")
    p = _e(f"{id_prefix}")
    head = f'<title id="{p}-title">{_e(title)}</title><desc id="{p}-desc">{_e(desc)}</desc>'
    return Markup(
        f'<svg class="{kind}" role="img" aria-labelledby="{p}-title {p}-desc"'
        f' viewBox="0 0 {size[0]} {size[1]}" width="100%" preserveAspectRatio="xMidYMid meet"'
        f' font-size="{_FONT[kind]}">{head}{body}</svg>'
    )


@lru_cache(maxsize=64)
def _head(words: Words, *names: str) -> tuple[str, str]:
    """A table's `<thead>` (`names` are messages), and the body row it shows when there are no rows."""
    cells = "".join(f'<th scope="col">{_e(words._(h))}</th>' for h in names)
    empty = _e(words._("No data yet."))
    return f"<thead><tr>{cells}</tr></thead>", f'<tr><td colspan="{len(names)}">{empty}</td></tr>'


def _date_value(words: Words, status: bool = False) -> tuple[str, str]:
    if status:
        return _head(words, N_("Date"), N_("Value"), N_("Status"))
    return _head(words, N_("Date"), N_("Value"))


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Marks a message for extraction; it is translated where it is used."""
    return message


_STATUS = {"healthy": N_("healthy"), "warning": N_("warning"), "breach": N_("breach")}
_COLOUR_WORDS = {"red": N_("red"), "yellow": N_("yellow"), "green": N_("green")}


def _row(th: str, *tds: str) -> str:
    """A body row: a row header and at least one cell, all markup."""
    return f'<tr><th scope="row">{th}</th><td>{"</td><td>".join(tds)}</td></tr>'


def _table(caption: str, head: tuple[str, str], rows: Sequence[str]) -> Markup:
    """`<table class="chart-table">` with a `_head` and `_row`s; `caption` is text."""
    body = "".join(rows) or head[1]
    return Markup(
        f'<table class="chart-table"><caption>{_e(caption)}</caption>{head[0]}<tbody>{body}</tbody></table>'
    )


def _text(label: str, x: str, y: str, anchor: str = "middle") -> str:
    """A `chart-label` at `_n` coordinates; `label` is text."""
    return f'<text class="chart-label" x="{x}" y="{y}" text-anchor="{anchor}">{_e(label)}</text>'


def _time(d: date, label: str) -> str:
    """`<time>` with `label`, the text `short_date(d)` (an ISO date needs no escaping)."""
    return f'<time datetime="{d.isoformat()}">{_e(label)}</time>'


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


# The axes are cached: they depend only on their arguments, and a site has few periods and few
# distinct tick ranges. Their labels are added per chart (`fmt` and `short_date` belong to callers).


@lru_cache(maxsize=1024)
def _value_axis(yticks: tuple[float, ...]) -> tuple[str, ...]:
    """Per y tick on the scale yticks[0]..yticks[-1]: its grid line and the start of its label."""
    y = _scale(yticks[0], yticks[-1], _Y0, _Y1)
    out = []
    for t in yticks:
        at = y(t)
        line = f'<line class="chart-grid" x1="{_X0S}" x2="{_X1S}" y1="{_n(at)}" y2="{_n(at)}"/>'
        out.append(f'{line}<text class="chart-label" x="{_YLABEL_X}" y="{_n(at + 4)}" text-anchor="end">')
    return tuple(out)


def _x_tick(x: float) -> str:
    """An x tick mark and the start of its label."""
    xs = _n(x)
    line = f'<line class="chart-axis" x1="{xs}" x2="{xs}" y1="{_Y0S}" y2="{_TICK_Y}"/>'
    return f'{line}<text class="chart-label" x="{xs}" y="{_XLABEL_Y}" text-anchor="middle">'


@lru_cache(maxsize=256)
def _date_axis(a: date, b: date, span: int) -> tuple[tuple[date, str], ...]:
    """(date, `_x_tick`) for the `_date_ticks` of a..b on an x axis of `span` days from a."""
    x = _scale(0, span, _X0, _X1)
    return tuple((d, _x_tick(x((d - a).days))) for d in _date_ticks(a, b))


def _axes(yticks: Sequence[float], ylabel: Fmt, xticks: Iterable[tuple[str, str]]) -> list[str]:
    """Grid lines with value labels, the two axis lines, and x ticks given as (`_x_tick`, label)."""
    lines = _value_axis(tuple(yticks))
    out = [f"{line}{_e(ylabel(t))}</text>" for line, t in zip(lines, yticks, strict=True)]
    out.append(_AXIS_LINES)
    out += [f"{tick}{_e(label)}</text>" for tick, label in xticks]
    return out


def _polyline(xs: Sequence[str], ys: Sequence[str]) -> str:
    points = " ".join([f"{x},{y}" for x, y in zip(xs, ys, strict=True)])
    return f'<polyline class="chart-line" fill="none" points="{points}"/>'


def _dot(x: str, y: str, r: str, tip: str, cls: str = "chart-point") -> str:
    """A circle at `_n` coordinates with a tooltip; `tip` is text."""
    return f'<circle class="{cls}" cx="{x}" cy="{y}" r="{r}"><title>{_e(tip)}</title></circle>'


def _progress(start: float, current: float | None, target: float) -> float | None:
    """(current - start) / (target - start); None without a value; 1 or 0 when start == target."""
    if current is None or not math.isfinite(current):
        return None
    if target == start:
        return 1.0 if current == target else 0.0
    return (current - start) / (target - start)
