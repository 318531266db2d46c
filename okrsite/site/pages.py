"""The list pages: dashboard, teams, people, KPIs, periods and 404, each with a small context."""

from __future__ import annotations

from operator import itemgetter
from urllib.parse import urlsplit

from okrsite import charts
from okrsite.export import aggregate as aggregate_json
from okrsite.model import KPI, CheckIn, Objective, Team
from okrsite.periods import Period
from okrsite.score.model import Aggregate
from okrsite.site import urls
from okrsite.site.context import Context, SiteView, visible
from okrsite.site.objective_page import body_html
from okrsite.thresholds import Threshold


def _agg(a: Aggregate | None) -> Context | None:
    return aggregate_json(a) if a is not None else None


def _kpi_card(view: SiteView, page: str, k: KPI) -> Context:
    state = view.card.kpis[k.id]
    recent = [p.value.value for p in k.values if p.date <= view.as_of][-12:]
    lang = view.lang
    return {
        "id": k.id,
        "title": k.title,
        "url": urls.relative(page, urls.kpi(k.id)),
        "health": state.health.value,
        "latest": lang.formats.quantity(state.latest),
        "latest_date": state.latest_date,
        "trend": state.trend.value,
        "trend_good": state.trend_good,
        "stale": state.stale,
        "healthy": lang.threshold(k.healthy),
        "team": view.owner_link(page, k.team),
        "spark": charts.sparkline(
            recent,
            id_prefix=f"spark-{k.id}",
            title=lang.ngettext(
                "%(title)s: last value", "%(title)s: last %(num)s values", len(recent), title=k.title
            ),
            words=lang,
        ),
    }


def _value(view: SiteView, c: CheckIn) -> str:
    fmt = view.lang.formats
    return fmt.quantity(c.value) if c.value else fmt.percent(c.progress)


def _recent_checkins(view: SiteView, page: str, objectives: list[Objective], limit: int = 8) -> list[Context]:
    rows = []
    for o in objectives:
        for kr in o.key_results:
            for c in kr.checkins:
                if c.date <= view.as_of:
                    rows.append(
                        {
                            "date": c.date,
                            "objective": o.title,
                            "url": urls.relative(page, urls.objective(o.id)),
                            "kr": kr.title,
                            "value": _value(view, c),
                            "note": c.note,
                            "by": view.owner_link(page, c.by or kr.owner or o.owner),
                        }
                    )
    rows.sort(key=lambda r: (r["date"], r["kr"]), reverse=True)
    return rows[:limit]


def _stale(view: SiteView, page: str, objectives: list[Objective]) -> list[Context]:
    rows = []
    for o in objectives:
        for kr, ks in zip(o.key_results, view.score(o.id).key_results, strict=True):
            if ks.stale:
                rows.append(
                    {
                        "objective": o.title,
                        "url": urls.relative(page, urls.objective(o.id)),
                        "kr": kr.title,
                        "owner": view.owner_link(page, kr.owner or o.owner),
                        "last": ks.last_checkin,
                    }
                )
    return rows


def dashboard(view: SiteView) -> Context:
    """Home: the company's objectives for the current periods, counts, KPIs, teams, activity."""
    page = "index.html"
    current = view.current_periods()
    ctx = view.frame(page, view.config.title, [(view.lang._("Home"), "")], section="Dashboard")
    running = [o for o in view.site.objectives if visible(o) and o.period in current]
    company = [o for o in running if view.is_company(o)]
    grades: dict[str, int] = {}
    paces: dict[str, int] = {}
    for o in running:
        s = view.score(o.id)
        grades[s.grade.value] = grades.get(s.grade.value, 0) + 1
        paces[s.pace.value] = paces.get(s.pace.value, 0) + 1
    health: dict[str, int] = {}
    for state in view.card.kpis.values():
        health[state.health.value] = health.get(state.health.value, 0) + 1
    teams = []
    for t in view.team_order():
        aggs = [view.card.team_trees.get((t.id, p.key)) for p in current]
        scored = [a for a in aggs if a is not None and a.mean_score is not None]
        mean = sum(a.mean_score or 0 for a in scored) / len(scored) if scored else None
        count = sum(a.objectives for a in aggs if a is not None)
        teams.append(
            {
                "name": t.name,
                "url": urls.relative(page, urls.team(t.id)),
                "mean": mean,
                "objectives": count,
                "depth": len(view.ancestors(t)),
            }
        )
    ctx.update(
        periods_now=[
            {"key": p.key, "url": urls.relative(page, urls.period(p.key)), "start": p.start, "end": p.end}
            for p in current
        ],
        company=[view.card_of(page, o) for o in sorted(company, key=lambda o: (-o.period.days, o.title))],
        counts={"objectives": len(running), "grades": grades, "paces": paces},
        kpi_health=health,
        kpis=[_kpi_card(view, page, k) for k in view.site.kpis],
        teams=teams,
        checkins=_recent_checkins(view, page, running),
        stale=_stale(view, page, running),
        withheld=withheld_summary(view),
    )
    return ctx


def withheld_summary(view: SiteView) -> str:
    """`2 objectives, 1 KPI and 1 team`: what a public build left out ("" when nothing)."""
    w, lang = view.withheld, view.lang
    parts = []
    if w.objectives:
        parts.append(lang.ngettext("%(num)s %(objective)s", "%(num)s %(objectives)s", w.objectives))
    if w.kpis:
        parts.append(lang.ngettext("%(num)s %(kpi)s", "%(num)s %(kpis)s", w.kpis))
    if w.teams:
        parts.append(lang.ngettext("%(num)s %(team)s", "%(num)s %(teams)s", w.teams))
    return lang.listing(parts)


def teams_index(view: SiteView) -> Context:
    """Every team, as a tree."""
    page = "teams/index.html"
    teams = view.lang.terms["Teams"]
    ctx = view.frame(page, teams, [(view.lang._("Home"), "index.html"), (teams, "")], section="Teams")
    ctx["teams"] = [
        {
            "name": t.name,
            "url": urls.relative(page, urls.team(t.id)),
            "depth": len(view.ancestors(t)),
            "lead": view.owner_link(page, t.lead),
            "objectives": len(view.by_team.get(t.id, ())),
        }
        for t in view.team_order()
    ]
    return ctx


def _by_period(view: SiteView, page: str, objectives: list[Objective]) -> list[Context]:
    groups: dict[Period, list[Objective]] = {}
    for o in objectives:
        groups.setdefault(o.period, []).append(o)
    return [
        {
            "key": p.key,
            "url": urls.relative(page, urls.period(p.key)),
            "objectives": [view.card_of(page, o) for o in sorted(groups[p], key=lambda o: o.title)],
        }
        for p in sorted(groups, key=lambda p: (p.start, -p.days), reverse=True)
    ]


def team_page(view: SiteView, t: Team) -> Context:
    """A team: mission, people, sub-teams, objectives by period, KPIs and its roll-ups."""
    page = urls.team(t.id)
    crumbs = [(view.lang._("Home"), "index.html"), (view.lang.terms["Teams"], "teams/index.html")]
    chain = [(a.name, urls.team(a.id)) for a in view.ancestors(t)]
    ctx = view.frame(page, t.name, [*crumbs, *reversed(chain), (t.name, "")], section="Teams")
    ctx.update(
        team={"id": t.id, "name": t.name, "lead": view.owner_link(page, t.lead)},
        mission=body_html(view, page, t.body),
        members=[view.owner_link(page, m) for m in t.members],
        sub_teams=[view.owner_link(page, c) for c in sorted(view.sub_teams.get(t.id, ()))],
        parent=view.owner_link(page, t.parent) if t.parent else None,
        periods=_by_period(view, page, list(view.by_team.get(t.id, ()))),
        kpis=[_kpi_card(view, page, k) for k in view.site.kpis if k.team == t.id],
        withheld=view.withheld.by_team.get(t.id, 0),
        aggregates=[
            {"period": p, **(_agg(a) or {})} for (tid, p), a in view.card.teams.items() if tid == t.id
        ],
    )
    return ctx


def people_index(view: SiteView) -> Context:
    """Everyone, with their team and how many objectives they own."""
    page = "people/index.html"
    people = view.lang._("People")
    ctx = view.frame(page, people, [(view.lang._("Home"), "index.html"), (people, "")], section="People")
    owned: dict[str, int] = {}
    for o in view.site.objectives:
        owned[o.owner] = owned.get(o.owner, 0) + 1
    rows = []
    for pid in view.people_ids():
        person = view.people.get(pid)
        rows.append(
            {
                "name": view.name_of(pid),
                "url": urls.relative(page, urls.person(pid)),
                "title": person.title if person else "",
                "team": view.owner_link(page, person.team) if person and person.team else None,
                "objectives": owned.get(pid, 0),
            }
        )
    ctx["people"] = sorted(rows, key=itemgetter("name"))
    return ctx


def person_page(view: SiteView, pid: str) -> Context:
    """A person: objectives and key results they own, check-ins they made."""
    page = urls.person(pid)
    person = view.people.get(pid)
    name = view.name_of(pid)
    crumbs = [(view.lang._("Home"), "index.html"), (view.lang._("People"), "people/index.html"), (name, "")]
    ctx = view.frame(page, name, crumbs, section="People")
    mine = view.involves.get(pid, [])
    owned = [o for o in mine if o.owner == pid]
    krs, checkins = [], []
    for o in mine:
        for kr, ks in zip(o.key_results, view.score(o.id).key_results, strict=True):
            if kr.owner == pid and o.owner != pid:
                krs.append(
                    {
                        "title": kr.title,
                        "objective": o.title,
                        "url": urls.relative(page, urls.objective(o.id)),
                        "score": ks.score,
                        "period": o.period.key,
                    }
                )
            for c in kr.checkins:
                if (c.by or kr.owner or o.owner) == pid and c.date <= view.as_of:
                    checkins.append(
                        {
                            "date": c.date,
                            "kr": kr.title,
                            "objective": o.title,
                            "url": urls.relative(page, urls.objective(o.id)),
                            "value": _value(view, c),
                            "note": c.note,
                        }
                    )
    checkins.sort(key=itemgetter("date"), reverse=True)
    ctx.update(
        person={
            "name": name,
            "title": person.title if person else "",
            "team": view.owner_link(page, person.team) if person and person.team else None,
        },
        periods=_by_period(view, page, owned),
        key_results=krs,
        checkins=checkins[:30],
    )
    return ctx


def kpi_board(view: SiteView) -> Context:
    """Every KPI as a card."""
    page = "kpis/index.html"
    kpis = view.lang.terms["Kpis"]
    ctx = view.frame(page, kpis, [(view.lang._("Home"), "index.html"), (kpis, "")], section="KPIs")
    ctx["kpis"] = [_kpi_card(view, page, k) for k in view.site.kpis]
    return ctx


def kpi_page(view: SiteView, k: KPI) -> Context:
    """One KPI: chart with bands, values, and the goals linked to it."""
    page = urls.kpi(k.id)
    lang = view.lang
    crumbs = [(lang._("Home"), "index.html"), (lang.terms["Kpis"], "kpis/index.html"), (k.title, "")]
    ctx = view.frame(page, k.title, crumbs, section="KPIs")
    state = view.card.kpis[k.id]
    anchor = k.healthy.low if k.healthy else (k.values[-1].value if k.values else None)
    scale = lang.formats.scale_for(anchor)

    def band(t: Threshold | None) -> tuple[str, float, float | None] | None:
        if t is None:
            return None
        return (t.op, scale.of(t.low.value), scale.of(t.high.value) if t.high else None)

    points = [(p.date, scale.of(p.value.value)) for p in k.values if p.date <= view.as_of]
    chart, table = charts.kpi_chart(
        points,
        healthy=band(k.healthy),
        warning=band(k.warning),
        id_prefix=f"kpi-{k.id}",
        title=lang._("%(title)s over time", title=k.title),
        fmt=scale.fmt,
        words=lang,
    )
    linked, guarded = [], []
    for o in view.kpi_uses.get(k.id, []):
        for kr in o.key_results:
            if kr.kpi == k.id:
                linked.append({"kr": kr.title, **view.card_of(page, o)})
        if k.id in o.guardrails:
            guarded.append(view.card_of(page, o))
    git = view.git.get(k.source.path)
    ctx.update(
        kpi={
            **_kpi_card(view, page, k),
            "measure": k.measure,
            "frequency": k.frequency.value,
            "warning": lang.threshold(k.warning),
            "owner": view.owner_link(page, k.owner),
            "target": {"value": lang.formats.quantity(k.target.value), "by": k.target.by}
            if k.target
            else None,
        },
        explanation=[lang.explanation(e) for e in state.explanation],
        chart=chart,
        table=table,
        values=[{"date": p.date, "value": lang.formats.quantity(p.value)} for p in reversed(k.values)][:60],
        linked=linked,
        guarded=guarded,
        body=body_html(view, page, k.body),
        last_change={"author": git[0], "date": git[1]} if git else None,
    )
    return ctx


def periods_index(view: SiteView) -> Context:
    """Every period, newest first, with its statistics."""
    page = "periods/index.html"
    periods = view.lang._("Periods")
    ctx = view.frame(page, periods, [(view.lang._("Home"), "index.html"), (periods, "")], section="Periods")
    ctx["periods"] = [
        {
            "key": p.key,
            "url": urls.relative(page, urls.period(p.key)),
            "start": p.start,
            "end": p.end,
            **(_agg(view.card.periods[p.key].aggregate) or {}),
        }
        for p in reversed(view.periods)
    ]
    return ctx


def period_page(view: SiteView, p: Period) -> Context:
    """A period's dashboard and statistics: score distribution, commitments, teams, too-safe flags."""
    page = urls.period(p.key)
    ctx = view.frame(
        page,
        view.lang._("Period %(key)s", key=p.key),
        [(view.lang._("Home"), "index.html"), (view.lang._("Periods"), "periods/index.html"), (p.key, "")],
        current=p.key,
        section="Periods",
    )
    stats = view.card.periods[p.key]
    objectives = [o for o in view.site.objectives if o.period == p]
    scores = [s for s in (view.score(o.id).score for o in objectives if visible(o)) if s is not None]
    chart, table = charts.distribution(
        scores,
        yellow=view.config.scoring.yellow,
        green=view.config.scoring.green,
        id_prefix="dist",
        title=view.lang._("Score distribution, %(period)s", period=p.key),
        words=view.lang,
    )
    by_team: dict[str, list[Objective]] = {}
    for o in objectives:
        by_team.setdefault(o.team, []).append(o)
    ctx.update(
        period={
            "key": p.key,
            "start": p.start,
            "end": p.end,
            "kind": p.kind.value,
            "name": view.lang.period_name(p),
            "tree": urls.relative(page, urls.tree(p.key)),
            "snapshot": urls.relative(page, view.snapshots[p.key]) if p.key in view.snapshots else "",
        },
        withheld=view.withheld.by_period.get(p.key, 0),
        stats=_agg(stats.aggregate),
        chart=chart,
        table=table,
        teams_with=[view.owner_link(page, t) for t in stats.teams_with],
        teams_without=[view.owner_link(page, t) for t in stats.teams_without],
        too_safe=[view.owner_link(page, t) for t in stats.too_safe_teams],
        groups=[
            {
                "team": view.owner_link(page, t)
                if t
                else {"name": view.lang._("Individual OKRs"), "url": ""},
                "objectives": [view.card_of(page, o) for o in sorted(os_, key=lambda o: o.title)],
            }
            for t, os_ in sorted(by_team.items(), key=lambda kv: view.name_of(kv[0]) if kv[0] else "~")
        ],
    )
    return ctx


def not_found(view: SiteView) -> Context:
    """The 404 page; with `base_url` set its links are absolute, since it is served at any depth."""
    lang = view.lang
    crumbs = [(lang._("Home"), "index.html"), (lang._("Not found"), "")]
    ctx = view.frame("404.html", lang._("Page not found"), crumbs)
    # Only the path of base_url (`/okrsite/`): never a request to another host.
    ctx["base"] = urlsplit(view.config.base_url).path if view.config.base_url else ""
    return ctx
