"""The alignment tree: company objectives at the top, aligned objectives below, for a period."""

from __future__ import annotations

from okrsite.model import Objective
from okrsite.periods import Period
from okrsite.site import urls
from okrsite.site.context import Context, SiteView, visible


def overlaps(a: Period, b: Period) -> bool:
    """True when two periods share a day."""
    return a.start <= b.end and b.start <= a.end


def tree_page(view: SiteView, period: Period | None) -> Context:
    """The tree for one period, or (period None) for the periods running at the as-of date."""
    page = urls.tree(period.key if period else "")
    spans = [period] if period else view.current_periods()
    chosen = {
        o.id: o for o in view.site.objectives if visible(o) and any(overlaps(o.period, p) for p in spans)
    }
    label = period.key if period else ", ".join(p.key for p in spans)
    lang = view.lang
    ctx = view.frame(
        page,
        lang._("Alignment %(period)s", period=label),
        [
            (lang._("Home"), "index.html"),
            (lang._("Alignment"), "tree/index.html" if period else ""),
            *([(period.key, "")] if period else []),
        ],
        switch=lambda p: urls.tree(p.key),
        current=period.key if period else "",
        section="Alignment",
    )
    roots: list[Objective] = []
    unaligned: list[Objective] = []
    for o in chosen.values():
        inside = [r for r in o.parents if r.objective in chosen]
        if inside:
            continue
        if o.parents or view.is_company(o) or view.children.get(o.id):
            roots.append(o)
        else:
            unaligned.append(o)
    roots.sort(key=lambda o: (not view.is_company(o), o.period.start, -o.period.days, o.title))
    ctx.update(
        label=label,
        nodes=[_node(view, page, o, chosen, frozenset()) for o in roots],
        unaligned=[_node(view, page, o, {}, frozenset()) for o in sorted(unaligned, key=lambda o: o.title)],
        teams=sorted(
            ({"id": t, "name": view.name_of(t)} for t in {o.team for o in chosen.values() if o.team}),
            key=lambda t: t["name"],
        ),
    )
    return ctx


def _node(
    view: SiteView, page: str, o: Objective, chosen: dict[str, Objective], path: frozenset[str]
) -> Context:
    kids = [view.objectives[c] for c in view.children.get(o.id, ()) if c in chosen and c not in path]
    kids.sort(key=lambda k: (k.period.start, k.team, k.title))
    card = view.card_of(page, o)
    card["several_parents"] = len(o.parents) > 1
    card["outside"] = [r.objective for r in o.parents if r.objective not in chosen]
    card["children"] = [_node(view, page, k, chosen, path | {o.id}) for k in kids]
    card["team_id"] = o.team or "individual"
    return card
