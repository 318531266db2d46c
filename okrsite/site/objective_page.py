"""The objective page: score and its working, every key result with charts, alignment, body."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from markupsafe import Markup

from okrsite import charts
from okrsite.model import KeyResult, KRKind, Objective
from okrsite.score.model import KRScore
from okrsite.site import display, urls
from okrsite.site.context import Context, SiteView
from okrsite.site.i18n import N_
from okrsite.site.markdown import render

KIND_LABELS = {
    KRKind.NUMERIC: N_("From start to target"),
    KRKind.THRESHOLD: N_("Reach a threshold"),
    KRKind.MAINTAIN: N_("Keep inside a band"),
    KRKind.MILESTONE: N_("Milestone"),
    KRKind.BASELINE: N_("Establish a baseline"),
    KRKind.UNMEASURED: N_("Not measurable yet"),
}
"""The kinds of key results as readers see them (messages of the catalogue)."""


def body_html(view: SiteView, page: str, body: str) -> Markup:
    """A Markdown body with `[[id]]` links made relative to `page`."""

    def link(target: str) -> tuple[str, str] | None:
        if target in view.objectives:
            return urls.relative(page, urls.objective(target)), view.objectives[target].title
        if target in view.kpis:
            return urls.relative(page, urls.kpi(target)), view.kpis[target].title
        if target in view.teams:
            return urls.relative(page, urls.team(target)), view.teams[target].name
        if target in view.people:
            return urls.relative(page, urls.person(target)), view.people[target].name
        return None

    return render(body, link, view.config.raw_html)


def parent_chain(view: SiteView, o: Objective) -> list[Objective]:
    """The first-parent chain from the top down to `o`'s parent (cycle-safe)."""
    chain: list[Objective] = []
    seen = {o.id}
    cur = o
    while cur.parents and cur.parents[0].objective in view.objectives and len(chain) < 8:
        cur = view.objectives[cur.parents[0].objective]
        if cur.id in seen:
            break
        seen.add(cur.id)
        chain.append(cur)
    return list(reversed(chain))


def objective_page(view: SiteView, o: Objective) -> Context:
    """Everything one objective page shows."""
    page = urls.objective(o.id)
    s = view.score(o.id)
    crumbs = [(view.lang._("Home"), "index.html")]
    crumbs += [(p.title, urls.objective(p.id)) for p in parent_chain(view, o)]
    crumbs.append((o.title, ""))
    ctx = view.frame(page, o.title, crumbs, current=o.period.key, section="")
    parents = []
    for ref in o.parents:
        target = view.objectives.get(ref.objective)
        if target is not None:
            kr = next((k for k in target.key_results if ref.kr in (k.ref, str(k.index))), None)
            parents.append({**view.card_of(page, target), "kr": kr.title if kr else ""})
    aligned = [view.card_of(page, view.objectives[c]) for c in view.children.get(o.id, ())]
    for card in aligned:
        card["shared"] = len(view.objectives[card["id"]].parents) > 1
    git = view.git.get(o.source.path)
    edit = (
        f"{view.config.repo_url.rstrip('/')}/{view.config.edit_uri.strip('/')}/{quote(o.source.path)}"
        if view.config.repo_url
        else ""
    )
    ctx.update(
        objective={**view.card_of(page, o), "period_start": o.period.start, "period_end": o.period.end},
        score=s,
        explanation=[view.lang.explanation(e) for e in s.explanation],
        key_results=[_kr(view, page, o, kr, ks) for kr, ks in zip(o.key_results, s.key_results, strict=True)],
        initiatives=[
            {
                "title": i.title,
                "owner": view.owner_link(page, i.owner),
                "status": i.status.value,
                "status_label": view.lang.label("initiative", i.status.value),
                "link": i.link,
            }
            for i in o.initiatives
        ],
        guardrails=[
            {
                "id": g.kpi,
                "title": view.kpis[g.kpi].title if g.kpi in view.kpis else g.kpi,
                "url": urls.relative(page, urls.kpi(g.kpi)),
                "health": g.health.value,
            }
            for g in s.guardrails
        ],
        parents=parents,
        aligned=aligned,
        carried_from=(
            view.card_of(page, view.objectives[o.carried_from]) if o.carried_from in view.objectives else None
        ),
        carried_into=[view.card_of(page, c) for c in view.carried_into.get(o.id, ())],
        withheld=view.withheld.by_parent.get(o.id, 0),
        body=body_html(view, page, o.body),
        edit_url=edit,
        source=o.source.path,
        last_change={"author": git[0], "date": git[1]} if git else None,
        period_url=urls.relative(page, urls.period(o.period.key)),
    )
    return ctx


def _kr(view: SiteView, page: str, o: Objective, kr: KeyResult, ks: KRScore) -> Context:
    anchor = (
        kr.target
        or kr.start
        or (kr.comparison.low if kr.comparison else None)
        or (kr.band.low if kr.band else None)
    )
    lang, fmt = view.lang, view.lang.formats
    scale = fmt.scale_for(anchor)
    prefix = f"kr{kr.index}"
    bullet = _bullet(view, kr, ks, scale, prefix)
    history = _history(view, o, kr, scale, prefix)
    return {
        "index": kr.index,
        "id": kr.id,
        "anchor": f"kr-{kr.ref}",
        "title": kr.title,
        "kind": kr.kind.value,
        "kind_label": lang._(KIND_LABELS[kr.kind]),
        "status": kr.status.value,
        "owner": view.owner_link(page, kr.owner or o.owner),
        "contributors": [view.owner_link(page, c) for c in kr.contributors],
        "start": fmt.quantity(kr.start) if kr.start and not kr.start_assumed else "",
        "target": _target_text(view, kr),
        "current": fmt.quantity(ks.current) if ks.current else "",
        "current_source": ks.current_source,
        "progress": ks.progress,
        "score": ks.score,
        "counted": ks.counted,
        "weight": kr.weight,
        "confidence": ks.confidence,
        "stale": ks.stale,
        "last_checkin": ks.last_checkin,
        "due": kr.due,
        "kpi": {"title": view.kpis[kr.kpi].title, "url": urls.relative(page, urls.kpi(kr.kpi))}
        if kr.kpi in view.kpis
        else None,
        "links": list(kr.links),
        "note": kr.note,
        "explanation": [lang.explanation(e) for e in ks.explanation],
        "bullet": bullet,
        "chart": history[0] if history else None,
        "table": history[1] if history else None,
        "checkins": [
            {
                "date": c.date,
                "value": fmt.quantity(c.value) if c.value else fmt.percent(c.progress),
                "confidence": c.confidence,
                "note": c.note,
                "by": view.owner_link(page, c.by) if c.by else None,
                "future": c.date > view.as_of,
            }
            for c in kr.checkins
        ],
    }


def _target_text(view: SiteView, kr: KeyResult) -> str:
    if kr.kind is KRKind.MAINTAIN and kr.band is not None:
        return view.lang.threshold(kr.band)
    if kr.comparison is not None:
        return view.lang.threshold(kr.comparison)
    if kr.kind is KRKind.MILESTONE:
        return view.lang._("Done")
    return view.lang.formats.quantity(kr.target) if kr.target else ""


def _bullet(view: SiteView, kr: KeyResult, ks: KRScore, scale: display.Scale, prefix: str) -> Markup | None:
    label = view.lang._("%(title)s: progress", title=kr.title)
    current = scale.of(ks.current.value) if ks.current else None
    goal = kr.target or (kr.comparison.low if kr.kind is KRKind.THRESHOLD and kr.comparison else None)
    if kr.kind in (KRKind.NUMERIC, KRKind.THRESHOLD) and kr.start and goal and kr.start.value != goal.value:
        start, end = scale.of(kr.start.value), scale.of(goal.value)
        return charts.bullet(
            start, current, end, id_prefix=prefix, label=label, fmt=scale.fmt, words=view.lang
        )
    if kr.kind in (KRKind.MILESTONE, KRKind.BASELINE, KRKind.THRESHOLD):
        done = ks.score if ks.score is not None else 0.0
        fmt = view.lang.formats.percent
        return charts.bullet(0.0, done, 1.0, id_prefix=prefix, label=label, fmt=fmt, words=view.lang)
    return None


def _history(
    view: SiteView, o: Objective, kr: KeyResult, scale: display.Scale, prefix: str
) -> tuple[Markup, Markup] | None:
    points: list[tuple[date, float]] = [
        (c.date, scale.of(c.value.value)) for c in kr.checkins if c.value is not None and c.date <= view.as_of
    ]
    kpi = view.kpis.get(kr.kpi)
    if not points and kpi is not None:
        points = [
            (p.date, scale.of(p.value.value))
            for p in kpi.values
            if o.period.contains_day(p.date) and p.date <= view.as_of
        ]
    goal = kr.target or (kr.comparison.low if kr.comparison else None)
    start = scale.of(kr.start.value) if kr.start else None
    target = scale.of(goal.value) if goal else None
    if not points or start is None or target is None or kr.kind not in (KRKind.NUMERIC, KRKind.THRESHOLD):
        return None
    return charts.history(
        points,
        period=(o.period.start, o.period.end),
        start=start,
        target=target,
        as_of=view.as_of,
        id_prefix=f"{prefix}-history",
        title=view.lang._("%(title)s: %(check_ins)s against the ideal pace", title=kr.title),
        fmt=scale.fmt,
        words=view.lang,
    )
