"""The wall screen (/wall/): a read-only, big-type view for an office screen.

One page of slides: the company's objectives of the current periods, the KPI health board, then
one slide per team (the company's teams in tree order) with its objectives, scores and pace. A
slide holds at most `PER_SLIDE` objectives or `KPIS_PER_SLIDE` KPIs, so that every slide fits a
screen; more make "1 of 2" slides. `wall.js` shows one slide at a time and moves on, reading its
settings from the query string (`?interval=`, `?team=`, `?reload=`, `?theme=`); without
JavaScript the slides read one under another.
"""

from __future__ import annotations

from collections.abc import Iterator

from okrsite.model import Commitment, Objective, Team
from okrsite.site.context import Context, SiteView, visible
from okrsite.site.i18n import N_, Lang
from okrsite.site.pageplan import PagePlan

PAGE = "wall/index.html"
PER_SLIDE = 4
"""Objectives on one slide: four cards (two by two) stay readable from across a room."""
KPIS_PER_SLIDE = 6
"""KPIs on one slide (three by two)."""
KRS_SHOWN = 5
"""Key results listed under an objective when a slide has room (one or two objectives)."""


def plans(view: SiteView) -> Iterator[PagePlan]:
    """The wall page; it shows every running objective and every KPI."""
    yield PagePlan(PAGE, "wall.html", lambda: wall_page(view), frozenset({"any-o", "any-k"}))


def wall_page(view: SiteView) -> Context:
    """The slides, with the small frame the wall's own template needs."""
    lang = view.lang
    wall = lang._("Wall screen")
    ctx = view.frame(PAGE, wall, [(lang._("Home"), "index.html"), (wall, "")])
    current = view.current_periods()
    running = [o for o in view.site.objectives if visible(o) and o.period in current]
    roots = [t.id for t in view.site.teams if not t.parent]
    slides = [
        *_chunked(
            lang,
            "company",
            lang._("Company %(objectives)s"),
            " ".join(roots),
            [_objective(view, o) for o in _ordered(o for o in running if view.is_company(o))],
            PER_SLIDE,
        ),
        *_chunked(
            lang,
            "kpis",
            lang._("%(Kpi)s health"),
            "",
            [_kpi(view, k.id) for k in view.site.kpis],
            KPIS_PER_SLIDE,
        ),
    ]
    for t in view.team_order():
        if t.parent:
            slides += _team_slides(view, t, running)
    for n, s in enumerate(slides, start=1):
        s["id"] = f"slide-{n}"
    ctx.update(
        periods_label=", ".join(p.key for p in current),
        slides=slides,
        empty_text=_empty_text(lang, [p.key for p in current]),
        script_messages=lang.script_messages(SCRIPT_MESSAGES),
    )
    return ctx


def _ordered(objectives: Iterator[Objective] | list[Objective]) -> list[Objective]:
    """Longer periods first (the year before its quarter), then by title: as the dashboard does."""
    return sorted(objectives, key=lambda o: (-o.period.days, o.title))


def _team_slides(view: SiteView, t: Team, running: list[Objective]) -> list[Context]:
    own = [_objective(view, o) for o in _ordered(o for o in running if o.team == t.id)]
    return _chunked(view.lang, "team", t.name, t.id, own, PER_SLIDE)


def _chunked(lang: Lang, kind: str, title: str, team: str, items: list[Context], size: int) -> list[Context]:
    """One slide, or several of at most `size` items each ("1 of 2"); an empty list gives one
    slide that says so."""
    chunks = [items[i : i + size] for i in range(0, len(items), size)] or [[]]
    return [
        {
            "kind": kind,
            "title": title,
            "team": team,
            "part": lang._(
                "%(n)s of %(total)s", n=lang.formats.integer(n), total=lang.formats.integer(len(chunks))
            )
            if len(chunks) > 1
            else "",
            "items": chunk,
        }
        for n, chunk in enumerate(chunks, start=1)
    ]


def _objective(view: SiteView, o: Objective) -> Context:
    s = view.score(o.id)
    mark = 1.0 if o.commitment is Commitment.COMMITTED else view.config.scoring.aspirational_target
    return {
        "title": o.title,
        "team": view.name_of(o.team) if o.team else view.name_of(o.owner),
        "period": o.period.key,
        "commitment": o.commitment.value,
        "score": s.score,
        "grade": s.grade.value,
        "pace": s.pace.value,
        "expected": s.expected,
        "mark": mark,
        "missed": s.missed_commitment,
        "krs": [
            {"title": kr.title, "score": ks.score}
            for kr, ks in zip(o.key_results, s.key_results, strict=True)
            if ks.counted
        ][:KRS_SHOWN],
    }


def _kpi(view: SiteView, kid: str) -> Context:
    k = view.kpis[kid]
    state = view.card.kpis[kid]
    return {
        "title": k.title,
        "health": state.health.value,
        "latest": view.lang.formats.quantity(state.latest),
        "trend": state.trend.value,
        "trend_good": state.trend_good,
        "healthy": view.lang.threshold(k.healthy),
        "stale": state.stale,
    }


def _empty_text(lang: Lang, keys: list[str]) -> str:
    """`No objectives running in 2026-Q4 or 2026.`"""
    if not keys:
        return lang._("No %(objectives)s running.")
    return lang._("No %(objectives)s running in %(periods)s.", periods=lang.alternatives(keys))


SCRIPT_MESSAGES = {
    "noTeam": N_("No slide for team %(list)s: showing every slide."),
    "slide": N_("Slide %(n)s of %(total)s: %(title)s"),
    "play": N_("Play"),
    "pause": N_("Pause"),
    "playing": N_("Playing"),
    "paused": N_("Paused"),
}
"""wall.js's words, given to it in the page's `data-i18n` (placeholders filled by the script)."""
