"""The period report: a print-ready page per period, and per team in it, for a review meeting.

`reports/<period>/index.html` covers every objective of the period, grouped by team (personal
OKRs last); `reports/<period>/<team>/index.html` a team's own objectives. Each has a cover line
(organisation, period, as-of date), a summary (mean score, counts by grade and pace), the
commitments met and missed, every objective with its key results, final scores and a one-line
reason, the health of the KPIs those objectives use or guard, and the reflections written in the
objective bodies (see `reflection`). `report.css` makes it print to clean A4 pages.

Whether a commitment was met is the scoring stage's rule, never a new one: a committed objective
is met when it is final at 1.0 (as `score.rollup.aggregate` counts it) and missed when its score
says `missed_commitment`; an aspirational one succeeds at the configured `aspirational_target`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date

from okrsite import charts
from okrsite.model import KPI, Commitment, KeyResult, KRKind, Objective, Status
from okrsite.periods import Period, PeriodKind
from okrsite.quantity import Quantity
from okrsite.score.kpi import kpi_state
from okrsite.score.model import Aggregate, KRScore, ObjectiveScore, Pace
from okrsite.site import urls
from okrsite.site.context import Context, SiteView
from okrsite.site.i18n import ENGLISH, N_, Lang
from okrsite.site.objective_page import body_html
from okrsite.site.pageplan import PagePlan

REFLECTION_HEADING = re.compile(
    r"(reflections?|retrospective|lessons learn(ed|t)|what we learn(ed|t)"  # English
    r"|refleksion(er)?|tilbageblik|hvad vi lærte|det (har vi lært|lærte vi)|læring|erfaringer"  # Danish
    r"|reflektion(er)?|återblick|retrospektiv|vad vi lärde oss|lärdomar|erfarenheter)"  # Swedish
    r"(?!\w)",
    re.IGNORECASE,
)
"""A heading whose text starts with one of these words opens a reflection (case-insensitive)."""
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")

# Where each objective lands in the "Commitments" section.
MET, MISSED, OPEN, BELOW, CANCELLED = "met", "missed", "open", "below", "cancelled"
_TITLES = {
    PeriodKind.QUARTER: N_("Quarterly report"),
    PeriodKind.HALF: N_("Half-year report"),
    PeriodKind.YEAR: N_("Annual report"),
}


def report_path(period: str, team: str = "") -> str:
    """The report of a period, or of one team in it."""
    return f"reports/{period}/{team}/index.html" if team else f"reports/{period}/index.html"


def plans(view: SiteView) -> Iterator[PagePlan]:
    """A report for every period, and one for every team with objectives in it."""
    for p in view.periods:
        objectives = [o for o in view.site.objectives if o.period == p]
        deps = {f"period:{p.key}", *(f"k:{k}" for k in _kpi_ids(objectives))}
        yield PagePlan(report_path(p.key), "report.html", _bind(period_report, view, p), frozenset(deps))
        for team in _teams_of(view, objectives):
            own = [o for o in objectives if o.team == team]
            # Not `period:`, which every edit in the period touches: the team's own objectives, and
            # `t:` for one that moves in or out (the team's aggregates change with it).
            team_deps = {f"t:{team}", *(f"o:{o.id}" for o in own), *(f"k:{k}" for k in _kpi_ids(own))}
            yield PagePlan(
                report_path(p.key, team),
                "report.html",
                _bind(team_report, view, p, team),
                frozenset(team_deps),
            )


def _bind(fn: Callable[..., Context], *args: object) -> Callable[[], Context]:
    return lambda: fn(*args)


def _teams_of(view: SiteView, objectives: list[Objective]) -> list[str]:
    """The teams (in the site's team order) that own objectives in the list."""
    owners = {o.team for o in objectives}
    return [t.id for t in view.team_order() if t.id in owners]


def _kpi_ids(objectives: list[Objective]) -> list[str]:
    """The KPIs the objectives lift into key results or keep as guardrails, once each."""
    ids: dict[str, None] = {}
    for o in objectives:
        ids.update(dict.fromkeys(kr.kpi for kr in o.key_results if kr.kpi))
        ids.update(dict.fromkeys(o.guardrails))
    return list(ids)


def period_report(view: SiteView, p: Period) -> Context:
    """The report of every objective in a period, grouped by team."""
    page = report_path(p.key)
    lang = view.lang
    crumbs = _crumbs(lang, p)
    ctx = view.frame(
        page,
        f"{_title(lang, p)} {p.key}",
        [*crumbs, (lang._("Report"), "")],
        switch=lambda q: report_path(q.key),
        current=p.key,
        section="Periods",
    )
    objectives = [o for o in view.site.objectives if o.period == p]
    ctx.update(_body(view, page, p, objectives, view.card.periods[p.key].aggregate, team=""))
    ctx["team_reports"] = [
        {"name": view.name_of(t), "url": urls.relative(page, report_path(p.key, t))}
        for t in _teams_of(view, objectives)
    ]
    return ctx


def _crumbs(lang: Lang, p: Period) -> list[tuple[str, str]]:
    """Home > Periods > the period: where every report of `p` hangs."""
    return [
        (lang._("Home"), "index.html"),
        (lang._("Periods"), "periods/index.html"),
        (p.key, urls.period(p.key)),
    ]


def team_report(view: SiteView, p: Period, team: str) -> Context:
    """The report of one team's own objectives in a period."""
    page = report_path(p.key, team)
    name = view.name_of(team)
    has = {o.period.key for o in view.by_team.get(team, ())}
    lang = view.lang
    crumbs = _crumbs(lang, p)
    ctx = view.frame(
        page,
        f"{_title(lang, p)} {p.key}: {name}",
        [*crumbs, (lang._("Report"), report_path(p.key)), (name, "")],
        switch=lambda q: report_path(q.key, team) if q.key in has else report_path(q.key),
        current=p.key,
        section="Periods",
    )
    objectives = [o for o in view.by_team.get(team, ()) if o.period == p]
    stats = view.card.teams.get((team, p.key), Aggregate())
    ctx.update(_body(view, page, p, objectives, stats, team=team))
    ctx["team_reports"] = []
    return ctx


def _title(lang: Lang, p: Period) -> str:
    return lang._(_TITLES.get(p.kind, N_("Period report")))


def _body(
    view: SiteView, page: str, p: Period, objectives: list[Objective], stats: Aggregate, team: str
) -> Context:
    """What both kinds of report show of a list of objectives; `stats` is the scoring stage's
    aggregate of them (the period's, or the team's in the period)."""
    entries = [_objective(view, page, o) for o in objectives]
    scores = [e["score"] for e in entries if e["score"] is not None and e["state"] != CANCELLED]
    chart, table = charts.distribution(
        scores,
        yellow=view.config.scoring.yellow,
        green=view.config.scoring.green,
        id_prefix="report-dist",
        title=(
            view.lang._(
                "Score distribution, %(period)s, %(team_name)s", period=p.key, team_name=view.name_of(team)
            )
            if team
            else view.lang._("Score distribution, %(period)s", period=p.key)
        ),
        words=view.lang,
    )
    return {
        "cover": _cover(view, page, p, team),
        "summary": {
            "objectives": stats.objectives,
            "scored": stats.scored,
            "mean_score": stats.mean_score,
            "grades": dict(stats.grades),
            "paces": dict(stats.paces),
            "committed": stats.committed,
            "committed_met": stats.committed_met,
            "committed_missed": stats.committed_missed,
            "aspirational": sum(
                1 for e in entries if e["commitment"] == "aspirational" and e["state"] != CANCELLED
            ),
            "aspirational_met": sum(
                1 for e in entries if e["commitment"] == "aspirational" and e["state"] == MET
            ),
            "too_safe": stats.too_safe,
        },
        "chart": chart,
        "table": table,
        "commitments": _commitments(entries),
        "groups": _groups(view, page, p, entries, team),
        "kpis": _kpis(view, page, p, objectives),
        "mark": view.config.scoring.aspirational_target,
    }


def _cover(view: SiteView, page: str, p: Period, team: str) -> Context:
    roots = [t for t in view.site.teams if not t.parent]
    final = view.as_of > p.end
    return {
        "title": _title(view.lang, p),
        "organisation": roots[0].name if len(roots) == 1 else view.config.title,
        "period": p.key,
        "start": p.start,
        "end": p.end,
        "team": view.name_of(team) if team else "",
        "team_url": urls.relative(page, urls.team(team)) if team else "",
        "period_url": urls.relative(page, urls.period(p.key)),
        "period_report": urls.relative(page, report_path(p.key)) if team else "",
        "final": final,
        "elapsed": min(1.0, max(0.0, ((view.as_of - p.start).days + 1) / p.days)),
    }


def _objective(view: SiteView, page: str, o: Objective) -> Context:
    """One objective of the report: its card, verdict, key results and reflection."""
    s = view.score(o.id)
    scoring = view.config.scoring
    state = commitment_state(o, s, scoring.aspirational_target)
    text = reflection(o.body)
    return {
        **view.card_of(page, o),
        "state": state,
        "why": why(o, s, state, scoring.aspirational_target, view.lang),
        "mark": 1.0 if o.commitment is Commitment.COMMITTED else scoring.aspirational_target,
        "expected": s.expected,
        "source": s.score_source,
        "krs": [_kr(view.lang, kr, ks) for kr, ks in zip(o.key_results, s.key_results, strict=True)],
        "guardrails": [
            {"title": view.kpis[g.kpi].title if g.kpi in view.kpis else g.kpi, "health": g.health.value}
            for g in s.guardrails
        ],
        "reflection": body_html(view, page, text) if text else None,
    }


def commitment_state(o: Objective, s: ObjectiveScore, mark: float) -> str:
    """Where an objective stands against its commitment: met, missed (committed) or below
    (aspirational), still open, or cancelled. The committed rules are the scoring stage's."""
    if o.status is Status.CANCELLED:
        return CANCELLED
    if o.commitment is Commitment.COMMITTED:
        if s.missed_commitment:
            return MISSED
        return MET if s.pace is Pace.FINAL and (s.score or 0) >= 1.0 else OPEN
    if s.pace is not Pace.FINAL:
        return OPEN
    return MET if s.score is not None and s.score >= mark else BELOW


def why(o: Objective, s: ObjectiveScore, state: str, mark: float, lang: Lang | None = None) -> str:
    """One line on why the objective stands where it does (in `lang`, English by default)."""
    lang = lang or ENGLISH
    _, score_of = lang._, lang.formats.score
    if state == CANCELLED:
        return _("Cancelled: not graded.")
    if s.score is None:
        return _("No %(key_result)s can be scored yet.")
    score = score_of(s.score)
    if s.score_source == "override":
        scored = _("%(score)s (set by hand)", score=score)
    elif s.score_source == "aligned":
        scored = _("%(score)s (the mean of the %(objectives)s aligned to it)", score=score)
    else:
        scored = score
    committed = o.commitment is Commitment.COMMITTED
    if state == OPEN:
        pace = lang.label("pace", s.pace.value).lower()
        if s.expected is not None:
            expected = score_of(s.expected)
            if committed:
                return _(
                    "Committed: %(score)s against %(expected)s expected by now, %(pace)s.",
                    score=scored,
                    expected=expected,
                    pace=pace,
                )
            return _(
                "Aspirational: %(score)s against %(expected)s expected by now, %(pace)s.",
                score=scored,
                expected=expected,
                pace=pace,
            )
        if committed:
            return _("Committed: %(score)s, %(pace)s.", score=scored, pace=pace)
        return _("Aspirational: %(score)s, %(pace)s.", score=scored, pace=pace)
    if committed:
        if state == MET:
            return _("Committed and delivered in full: %(score)s.", score=scored)
        return _(
            "Committed, ended at %(score)s: short of the %(full)s a commitment expects.",
            score=scored,
            full=score_of(1.0),
        )
    if state == MET and s.score >= 1.0:
        return _("Aspirational, met in full (%(score)s): was the bar set high enough?", score=scored)
    if state == MET:
        return _(
            "Aspirational, ended at %(score)s: %(mark)s or more counts as success.",
            score=scored,
            mark=score_of(mark),
        )
    return _(
        "Aspirational, ended at %(score)s: below the %(mark)s that counts as success.",
        score=scored,
        mark=score_of(mark),
    )


def _kr(lang: Lang, kr: KeyResult, ks: KRScore) -> Context:
    return {
        "title": kr.title,
        "values": kr_values(kr, ks, lang),
        "score": ks.score,
        "counted": ks.counted,
        "status": kr.status.value,
        "status_label": lang.label("kr_status", kr.status.value),
        "note": kr.note,
    }


def kr_values(kr: KeyResult, ks: KRScore, lang: Lang | None = None) -> str:
    """A key result's numbers in one line: `5d → 4.1d (target 4d)`, `Done`, `80% done`."""
    lang = lang or ENGLISH
    _, fmt = lang._, lang.formats
    if kr.kind is KRKind.MILESTONE or (kr.kind is KRKind.BASELINE and ks.current is None):
        done = ks.score if ks.score is not None else 0.0
        return _("Done") if done >= 1.0 else _("%(percent)s done", percent=fmt.percent(done))
    if kr.kind is KRKind.MAINTAIN and kr.band is not None:
        current = fmt.quantity(ks.current) if ks.current else _("no value yet")
        return _("%(current)s (keep %(band)s)", current=current, band=lang.threshold(kr.band))
    start = kr.start if kr.start and not kr.start_assumed else None
    goal = None if kr.comparison is not None else kr.target
    shown = _distinct([start, ks.current, goal], lang)
    goal_text = lang.threshold(kr.comparison) if kr.comparison is not None else shown[2]
    text = (f"{shown[0]} → " if start else "") + (shown[1] if ks.current else _("no value yet"))
    return text + (" " + _("(target %(target)s)", target=goal_text) if goal_text else "")


def _distinct(values: list[Quantity | None], lang: Lang) -> list[str]:
    """Values as the site shows them (`$1.2M`), or written out in full when that rounding would
    make different values look the same (`$0.01 → $0.01`)."""
    fmt = lang.formats
    shown = [fmt.quantity(q) if q is not None else "" for q in values]
    real = [q for q in values if q is not None]
    texts = {fmt.quantity(q) for q in real}
    if len(texts) < len({q.value for q in real}):
        shown = [fmt.plain(q) if q is not None else "" for q in values]
    return shown


def reflection(body: str) -> str:
    """The reflection sections of a Markdown body, without their headings ("" when there is none).

    A reflection starts at an ATX heading (`#` to `######`) whose text begins with Reflection(s),
    Retrospective, Lessons learned (or learnt) or What we learned (or learnt), or their Danish and
    Swedish words (REFLECTION_HEADING: Refleksion, Hvad vi lærte, Reflektion, Lärdomar...), in
    any case, and runs to the next heading of the same or a higher level, or the end of the body;
    headings inside it stay in it. Several such sections are joined. Fenced code is never read as headings.
    """
    parts: list[list[str]] = []
    level = 0  # the level of the reflection heading we are in; 0 outside one
    fence = ""
    for line in body.split("\n"):
        m = _FENCE.match(line)
        heading = None if fence or m else _ATX.match(line)
        if m:
            fence = "" if fence == m.group(1) else (fence or m.group(1))
        if heading is not None:
            depth = len(heading.group(1))
            if level and depth <= level:
                level = 0
            if not level and REFLECTION_HEADING.match((heading.group(2) or "").strip()):
                level = depth
                parts.append([])
                continue
        if level:
            parts[-1].append(line)
    return "\n\n".join(text for text in ("\n".join(p).strip() for p in parts) if text)


def _commitments(entries: list[Context]) -> Context:
    """The objectives by commitment and state: what was met, missed, below the mark, still open."""

    def pick(commitment: str, state: str) -> list[Context]:
        return [e for e in entries if e["commitment"] == commitment and e["state"] == state]

    return {
        "committed": {s: pick("committed", s) for s in (MET, MISSED, OPEN)},
        "aspirational": {s: pick("aspirational", s) for s in (MET, BELOW, OPEN)},
        "cancelled": [e for e in entries if e["state"] == CANCELLED],
    }


def _groups(view: SiteView, page: str, p: Period, entries: list[Context], team: str) -> list[Context]:
    """The objectives by team in the site's team order (by title inside), personal OKRs last."""
    by_team: dict[str, list[Context]] = {}
    for e in entries:
        by_team.setdefault(view.objectives[e["id"]].team, []).append(e)
    order = [t.id for t in view.team_order() if t.id in by_team] + ([""] if "" in by_team else [])
    return [
        {
            "id": t or "individual",
            "name": view.name_of(t) if t else view.lang._("Personal OKRs"),
            "url": urls.relative(page, urls.team(t)) if t else "",
            "report": urls.relative(page, report_path(p.key, t)) if t and not team else "",
            "objectives": sorted(by_team[t], key=lambda e: (e["state"] == CANCELLED, e["title"])),
        }
        for t in order
    ]


def _kpis(view: SiteView, page: str, p: Period, objectives: list[Objective]) -> list[Context]:
    """The KPIs the objectives use or guard: health at the period's end (or today, if sooner)
    and today, with the objectives that rely on them."""
    end = min(p.end, view.as_of)
    out = []
    for kid in _kpi_ids(objectives):
        k = view.kpis.get(kid)
        if k is None:
            continue
        out.append(_kpi_row(view, page, k, end, objectives))
    return out


def _kpi_row(view: SiteView, page: str, k: KPI, end: date, objectives: list[Objective]) -> Context:
    then = kpi_state(k, end, view.config.grace_days)
    now = view.card.kpis[k.id]
    fmt = view.lang.formats
    lifted = [o.title for o in objectives if any(kr.kpi == k.id for kr in o.key_results)]
    guarded = [o.title for o in objectives if k.id in o.guardrails]
    return {
        "title": k.title,
        "url": urls.relative(page, urls.kpi(k.id)),
        "end": end,
        "health_end": then.health.value,
        "value_end": fmt.quantity(then.latest),
        "health_now": now.health.value,
        "value_now": fmt.quantity(now.latest),
        "healthy": view.lang.threshold(k.healthy),
        "lifted": lifted,
        "guarded": guarded,
    }
