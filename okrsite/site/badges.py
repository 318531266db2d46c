"""SVG badges per objective and per team (score and status), for READMEs and wikis.

Files: `badges/objectives/<id>.svg` (the objective's score and pace) and `badges/teams/<id>.svg`
(the current period's roll-up of the team and the teams below it). docs/feeds-and-badges.md
documents the addresses and the rules for readers.

Each badge is a two-part label | value in the shields.io look: 20 px high, Verdana (or DejaVu
Sans, its usual stand-in) at 11 px, text widths estimated from a table of advance widths (no font
files) and pinned with `textLength`, so the text fills its box whichever font renders it. Colours
pass WCAG AA (4.5:1) for their text. `<title>` and `role="img"` with `aria-label` name the badge
for assistive technology. No scripts, no ids, no references to anything outside the file; the
bytes depend on the content only. At some 700 bytes, ten thousand badges are seven megabytes,
made from one template string by code (`data_file` plans), not by Jinja.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from okrsite.model import Objective, Status, Team
from okrsite.periods import Period
from okrsite.score.model import Grade, ObjectiveScore, Pace
from okrsite.score.objective import grade as grade_of
from okrsite.score.rollup import descendants
from okrsite.site import urls
from okrsite.site.context import SiteView
from okrsite.site.i18n import Lang
from okrsite.site.pageplan import PagePlan, data_file

# Advance widths at 110 px (tenths of a pixel at 11 px) of DejaVu Sans, measured in Chromium's
# canvas; Verdana's are within a few percent. Printable ASCII (32..126), then Latin-1 and Latin
# Extended-A (160..383), then a few signs people type in titles.
_ASCII = (
    35, 44, 51, 92, 70, 105, 86, 30, 43, 43, 55, 92, 35, 40, 35, 37, 70, 70, 70, 70, 70, 70, 70, 70,
    70, 70, 37, 37, 92, 92, 92, 58, 110, 75, 75, 77, 85, 70, 63, 85, 83, 32, 32, 72, 61, 95, 82, 87,
    66, 87, 76, 70, 67, 81, 75, 109, 75, 67, 75, 43, 37, 43, 92, 55, 55, 67, 70, 60, 70, 68, 39, 70,
    70, 31, 31, 64, 31, 107, 70, 67, 70, 70, 45, 57, 43, 70, 65, 90, 65, 65, 58, 70, 37, 70, 92,
)  # fmt: skip
_LATIN = (
    35, 44, 70, 70, 70, 70, 37, 55, 55, 110, 52, 67, 92, 0, 110, 55, 55, 92, 44, 44, 55, 70, 70, 35,
    55, 44, 52, 67, 107, 107, 107, 58, 75, 75, 75, 75, 75, 75, 107, 77, 70, 70, 70, 70, 32, 32, 32, 32,
    85, 82, 87, 87, 87, 87, 87, 92, 87, 81, 81, 81, 81, 67, 67, 69, 67, 67, 67, 67, 67, 67, 108, 60,
    68, 68, 68, 68, 31, 31, 31, 31, 67, 70, 67, 67, 67, 67, 67, 92, 67, 70, 70, 70, 70, 65, 70, 65,
    75, 67, 75, 67, 75, 67, 77, 60, 77, 60, 77, 60, 77, 60, 85, 70, 85, 70, 70, 68, 70, 68, 70, 68,
    70, 68, 70, 68, 85, 70, 85, 70, 85, 70, 85, 70, 83, 70, 101, 76, 32, 31, 32, 31, 32, 31, 32, 31,
    32, 31, 65, 61, 32, 31, 72, 64, 64, 61, 31, 61, 31, 61, 41, 61, 38, 62, 31, 82, 70, 82, 70, 82,
    70, 89, 82, 70, 87, 67, 87, 67, 87, 67, 118, 113, 76, 45, 76, 45, 76, 45, 70, 57, 70, 57, 70, 57,
    70, 57, 67, 43, 67, 43, 67, 43, 81, 70, 81, 70, 81, 70, 81, 70, 81, 70, 81, 70, 109, 90, 67, 65,
    67, 75, 58, 75, 58, 75, 58, 39,
)  # fmt: skip
_SIGNS = {"–": 55, "—": 110, "‘": 35, "’": 35, "“": 57, "”": 57, "…": 110, "•": 65, "·": 35, "€": 70}
_WIDE, _OTHER = 110, 70  # East Asian wide characters; anything else unknown (as wide as `n`)

PADDING = 60  # tenths of a pixel on each side of a text
MAX_LABEL = 1800  # a label longer than 180 px is cut at a word, with an ellipsis

# (background, text); every pair has a contrast of at least 4.5:1 (tests/test_badges.py checks it).
LABEL = ("#555", "#fff")
COLOURS = {
    "green": ("#1d6b34", "#fff"),
    "yellow": ("#f5d06b", "#1f2328"),
    "red": ("#b3261e", "#fff"),
    "grey": ("#a8b1bb", "#1f2328"),
}
_PACE_COLOURS = {Pace.ON_TRACK: "green", Pace.AT_RISK: "yellow", Pace.OFF_TRACK: "red"}
_GRADE_COLOURS = {Grade.GREEN: "green", Grade.YELLOW: "yellow", Grade.RED: "red"}
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="20" viewBox="0 0 {w} 20" role="img"'
    " aria-label={aria}><title>{title}</title>"
    '<rect width="{w}" height="20" rx="3" fill="{lbg}"/>'
    '<path fill="{vbg}" d="M{lw} 0h{r}a3 3 0 0 1 3 3v14a3 3 0 0 1-3 3h-{r}z"/>'
    '<g font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="110" text-anchor="middle"'
    ' transform="scale(.1)">'
    '<text x="{lx}" y="140" fill="{lfg}" textLength="{ltl}">{label}</text>'
    '<text x="{vx}" y="140" fill="{vfg}" textLength="{vtl}">{value}</text>'
    "</g></svg>\n"
)


@dataclass(frozen=True, slots=True)
class Badge:
    """What a badge says: a label (already short), a value on a colour, and the whole in words
    for its title."""

    label: str
    value: str
    colour: str  # a key of COLOURS
    title: str


def plans(view: SiteView) -> Iterator[PagePlan]:
    """A badge per objective, then one per team."""
    below = descendants(view.site)
    for o in view.site.objectives:
        yield data_file(urls.objective_badge(o.id), _bind(objective_svg, view, o), frozenset({f"o:{o.id}"}))
    for t in view.site.teams:
        # The team and every team below it, and their objectives: not any objective of the site.
        deps = frozenset(
            {f"t:{tid}" for tid in below[t.id]}
            | {f"o:{o.id}" for tid in below[t.id] for o in view.by_team.get(tid, ())}
        )
        yield data_file(urls.team_badge(t.id), _bind(team_svg, view, t, below[t.id]), deps)


def _bind(fn: Callable[..., bytes], *args: object) -> Callable[[], bytes]:
    """`fn` with its arguments, called later (a lambda in a loop would see the last ones)."""
    return lambda: fn(*args)


def objective_svg(view: SiteView, o: Objective) -> bytes:
    """`badges/objectives/<id>.svg`."""
    return svg(objective_badge(view, o))


def team_svg(view: SiteView, t: Team, members: list[str]) -> bytes:
    """`badges/teams/<id>.svg`."""
    return svg(team_badge(view, t, members))


# What a badge says -----------------------------------------------------------------------------


def objective_badge(view: SiteView, o: Objective) -> Badge:
    """The objective's title, and its score with its pace (or its grade once final)."""
    lang = view.lang
    s = view.score(o.id)
    status, colour = _objective_status(lang, o, s)
    shown = s.score is not None and s.pace not in (Pace.NOT_STARTED, Pace.CANCELLED)
    score = lang.formats.score(s.score)
    value = f"{score} {status}" if shown else status
    said = lang._("score %(score)s, %(status)s", score=score, status=status) if shown else status
    title = f"{o.title} ({o.period.key}): {said}"
    return Badge(shorten(o.title), value, colour, title)


def _objective_status(lang: Lang, o: Objective, s: ObjectiveScore) -> tuple[str, str]:
    if o.status is Status.DRAFT:
        return lang._("draft"), "grey"
    label = lang.label("pace", s.pace.value).lower()
    if s.pace is Pace.FINAL:
        return label, _GRADE_COLOURS.get(s.grade, "grey")
    return label, _PACE_COLOURS.get(s.pace, "grey")


def team_badge(view: SiteView, t: Team, members: list[str]) -> Badge:
    """The team's current period (the shortest running one it has objectives in) and the mean
    score of its objectives and those of the teams below it, with their pace."""
    lang = view.lang
    _ = lang._
    none = _("no %(objectives)s")
    period = _team_period(view, t.id)
    if period is None:
        return Badge(shorten(t.name), none, "grey", f"{t.name}: {none}")
    label = f"{shorten(t.name, MAX_LABEL - text_width(' ' + period.key))} {period.key}"
    where = f"{t.name}, {period.key}"
    in_period = [o for m in members for o in view.by_team.get(m, ()) if o.period == period]
    scores = [view.score(o.id) for o in in_period if o.status is not Status.CANCELLED]
    if not scores:
        return Badge(
            label, none, "grey", f"{t.name}: " + _("no %(objectives)s in %(period)s", period=period.key)
        )
    values = [s.score for s in scores if s.score is not None]
    mean = sum(values) / len(values) if values else None
    status, colour = _team_status(view, scores, mean)
    count = lang.ngettext("%(num)s %(objective)s", "%(num)s %(objectives)s", len(scores))
    if mean is None:
        return Badge(label, status, colour, f"{where}: {status} ({count})")
    score = lang.formats.score(mean)
    said = _("mean score %(score)s, %(status)s", score=score, status=status)
    return Badge(label, f"{score} {status}", colour, f"{where}: {said} ({count})")


def _team_period(view: SiteView, tid: str) -> Period | None:
    """The shortest current period with objectives of the team (or below it), else the shortest
    current period (the badge then says there are none)."""
    now = view.current_periods()
    mine = [p for p in now if (tid, p.key) in view.card.team_trees]
    pool = mine or now
    return min(pool, key=lambda p: (p.days, p.start, p.key)) if pool else None


def _team_status(view: SiteView, scores: list[ObjectiveScore], mean: float | None) -> tuple[str, str]:
    """The objectives' pace rule applied to the mean: the mean score against the mean expected
    score of the running ones; `final` (coloured by the mean's grade) once all have ended."""
    lang = view.lang
    if mean is None:
        return lang._("no score"), "grey"
    if all(s.pace is Pace.FINAL for s in scores):
        grade = grade_of(mean, False, view.config.scoring)
        return lang.label("pace", "final").lower(), _GRADE_COLOURS.get(grade, "grey")
    running = [
        s for s in scores if s.expected is not None and s.score is not None and s.pace in _PACE_COLOURS
    ]
    if not running:
        return lang.label("pace", "not_started").lower(), "grey"
    expected = sum(s.expected or 0.0 for s in running) / len(running)
    gap = expected - sum(s.score or 0.0 for s in running) / len(running)
    pace = Pace.ON_TRACK if gap <= view.config.scoring.at_risk else Pace.AT_RISK
    if gap > view.config.scoring.off_track:
        pace = Pace.OFF_TRACK
    return lang.label("pace", pace.value).lower(), _PACE_COLOURS[pace]


# Drawing ---------------------------------------------------------------------------------------


def char_width(ch: str) -> int:
    """A character's advance in tenths of a pixel at 11 px."""
    code = ord(ch)
    if 32 <= code <= 126:
        return _ASCII[code - 32]
    if 160 <= code <= 383:
        return _LATIN[code - 160]
    if ch in _SIGNS:
        return _SIGNS[ch]
    if unicodedata.combining(ch):
        return 0
    return _WIDE if unicodedata.east_asian_width(ch) in "WF" else _OTHER


def text_width(text: str) -> int:
    """A text's width in tenths of a pixel at 11 px (kerning left out: `textLength` absorbs it)."""
    return sum(char_width(ch) for ch in text)


def shorten(text: str, limit: int = MAX_LABEL) -> str:
    """`text`, or as many of its words as fit in `limit` tenths of a pixel, with an ellipsis."""
    if text_width(text) <= limit:
        return text
    room = limit - char_width("…")
    words = text.split()
    kept = ""
    for word in words:
        candidate = f"{kept} {word}" if kept else word
        if text_width(candidate) > room:
            break
        kept = candidate
    if not kept:  # one long first word: cut it
        for ch in words[0] if words else text:
            if text_width(kept + ch) > room:
                break
            kept += ch
    return kept.rstrip(" ,;:-–") + "…"


def svg(badge: Badge) -> bytes:
    """The badge's SVG document."""
    label, value = _clean(badge.label), _clean(badge.value)
    ltl, vtl = text_width(label), text_width(value)
    lw, vw = math.ceil(ltl / 10) + 2 * PADDING // 10, math.ceil(vtl / 10) + 2 * PADDING // 10
    vbg, vfg = COLOURS[badge.colour]
    title = _clean(badge.title)
    return _SVG.format(
        w=lw + vw,
        aria=quoteattr(title),
        title=escape(title),
        lbg=LABEL[0],
        vbg=vbg,
        lw=lw,
        r=vw - 3,
        lfg=LABEL[1],
        lx=lw * 5,
        ltl=ltl,
        label=escape(label),
        vx=lw * 10 + vw * 5,
        vfg=vfg,
        vtl=vtl,
        value=escape(value),
    ).encode()


def _clean(text: str) -> str:
    """One line of text XML 1.0 can hold."""
    return " ".join(_NOT_XML.sub("", text).split())
