"""Search: the index the build writes, and the page listing everything for readers without JavaScript.

The index is our own, compact and sharded, so that a query downloads a few small files however
big the site is (figures in docs/search.md). Its files are JavaScript, each one call of
`okrsiteSearch(kind, number, data)` with JSON data, because a <script> loads from a server under
any path and from disk alike, where browsers refuse fetch() of file: URLs:

    search/meta.js    {"v": 1, "docs": D, "shards": S, "chunk": C, "kinds": [[kind, first id, end], ...]}
    search/t/<n>.js   the terms whose first three letters hash to n (FNV-1a mod S):
                      {term: [[ids with the term in the title], [ids with it elsewhere]]},
                      ids ascending and delta-encoded
    search/d/<n>.js   documents n*C to n*C+C-1: [title, url from the site root, context, excerpt]
                      (empty fields at the end left out); ids run teams, people, KPIs,
                      objectives, key results, so a document's kind follows from its id

A query downloads meta.js, one term shard per word and the document chunks of the results it
shows (`assets/search.js`). Terms are folded words (`search_text.fold`: lower case, a few letters spelled out,
NFKD, combining marks dropped) of 2 to 48 letters or digits; search.js folds queries the same way.

The shard and chunk counts follow from the number of documents, so the plan knows every file
without reading a word; the index itself is made once, when the first of its files is rendered
(in each forked worker that renders one, and in `okrsite serve` when one is first asked for).
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from okrsite.model import KPI, Objective, Team
from okrsite.parallel import gc_paused
from okrsite.site import urls
from okrsite.site.context import Context, SiteView
from okrsite.site.i18n import N_
from okrsite.site.markdown import UNPUBLISHED
from okrsite.site.pageplan import PagePlan, data_file
from okrsite.site.search_text import excerpt, fold, plain_text, shard_of, terms

PAGE = "search/index.html"
DEPS = frozenset({"any-o", "any-k"})
DOCS_PER_SHARD = 128
"""About this many documents' terms per term shard (a power of two shards, at most MAX_SHARDS)."""
MAX_SHARDS = 1024
CHUNK = 32
"""Documents per document chunk."""

KIND_OBJECTIVE, KIND_KR, KIND_KPI, KIND_TEAM, KIND_PERSON = "o", "r", "k", "t", "p"


# --- documents ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Doc:
    """One search result: what the results show, and the words that find it besides its title."""

    kind: str
    title: str
    url: str  # from the site root, folders without index.html
    context: str
    excerpt: str
    text: str

    def row(self) -> list[str]:
        """The document as its chunk file stores it (its kind follows from its id: `kind_ranges`)."""
        row = [self.title, self.url, self.context, self.excerpt]
        while len(row) > 1 and row[-1] == "":
            row.pop()
        return row


def _folder(path: str) -> str:
    return path.removesuffix("index.html")


def _join(*parts: str) -> str:
    return " · ".join(p for p in parts if p)


def _team_doc(view: SiteView, t: Team, body: str) -> Doc:
    lead = view.name_of(t.lead) if t.lead else ""
    parent = view.name_of(t.parent) if t.parent else ""
    lang = view.lang
    context = _join(
        lang._("Lead %(name)s", name=lead) if lead else "",
        lang._("Part of %(name)s", name=parent) if parent else "",
    )
    text = f"{lead} {parent} {body}"
    return Doc(KIND_TEAM, t.name, _folder(urls.team(t.id)), context, excerpt(body), text)


def _person_doc(view: SiteView, pid: str) -> Doc:
    person = view.people.get(pid)
    title = person.title if person else ""
    team = view.name_of(person.team) if person and person.team else ""
    return Doc(
        KIND_PERSON, view.name_of(pid), _folder(urls.person(pid)), _join(title, team), "", f"{title} {team}"
    )


def _kpi_doc(view: SiteView, k: KPI, body: str) -> Doc:
    team = view.name_of(k.team) if k.team else ""
    owner = view.name_of(k.owner) if k.owner else ""
    text = f"{team} {owner} {k.measure} {body}"
    return Doc(KIND_KPI, k.title, _folder(urls.kpi(k.id)), _join(team, owner), excerpt(body), text)


def _objective_doc(view: SiteView, o: Objective, body: str) -> Doc:
    team = view.name_of(o.team) if o.team else view.lang._("Personal OKR")
    owner = view.name_of(o.owner) if o.owner else ""
    krs = " ".join(kr.title for kr in o.key_results)
    initiatives = " ".join(i.title for i in o.initiatives)
    text = f"{team} {owner} {o.period.key} {krs} {initiatives} {body}"
    url = _folder(urls.objective(o.id))
    return Doc(KIND_OBJECTIVE, o.title, url, _join(team, owner, o.period.key), excerpt(body), text)


def _kr_docs(view: SiteView, o: Objective) -> Iterator[Doc]:
    url = _folder(urls.objective(o.id))
    for kr in o.key_results:
        who = view.name_of(kr.owner or o.owner) if (kr.owner or o.owner) else ""
        helpers = " ".join(view.name_of(c) for c in kr.contributors)
        text = f"{who} {helpers} {kr.note}"
        yield Doc(KIND_KR, kr.title, f"{url}#kr-{kr.ref}", _join(o.title, who), "", text)


def objective_order(view: SiteView) -> list[Objective]:
    """Objectives as the index numbers them (ties in the results keep this order): the current
    periods' first, then newest period first, by team (the company first), then by title."""
    now = {p.key for p in view.current_periods()}
    periods = sorted(view.periods, key=lambda p: (p.key not in now, -p.start.toordinal(), p.days, p.key))
    period_rank = {p.key: i for i, p in enumerate(periods)}
    team_rank = {t.id: i for i, t in enumerate(view.team_order())}
    return sorted(
        view.site.objectives,
        key=lambda o: (period_rank[o.period.key], team_rank.get(o.team, len(team_rank)), o.title),
    )


def documents(view: SiteView) -> list[Doc]:
    """Every document, in id order: teams, people, KPIs, objectives, then the objectives' key
    results in the same order (`kind_ranges`: a document's kind follows from its id)."""
    name = _namer(view)
    order = objective_order(view)
    docs = [_team_doc(view, t, plain_text(t.body, name)) for t in view.team_order()]
    docs += [_person_doc(view, pid) for pid in _people(view)]
    docs += [_kpi_doc(view, k, plain_text(k.body, name)) for k in view.site.kpis]
    docs += [_objective_doc(view, o, plain_text(o.body, name)) for o in order]
    for o in order:
        docs.extend(_kr_docs(view, o))
    return docs


def kind_ranges(view: SiteView) -> list[tuple[str, int, int]]:
    """(kind, first id, id after the last) of each kind of document, in id order, counted without
    making the documents."""
    sizes = (
        (KIND_TEAM, len(view.site.teams)),
        (KIND_PERSON, len(view.people_ids())),
        (KIND_KPI, len(view.site.kpis)),
        (KIND_OBJECTIVE, len(view.site.objectives)),
        (KIND_KR, sum(len(o.key_results) for o in view.site.objectives)),
    )
    out, start = [], 0
    for kind, size in sizes:
        out.append((kind, start, start + size))
        start += size
    return out


def _people(view: SiteView) -> list[str]:
    return sorted(view.people_ids(), key=lambda pid: (fold(view.name_of(pid)), pid))


def _namer(view: SiteView) -> Callable[[str], str]:
    def name(target: str) -> str:
        if target in view.objectives:
            return view.objectives[target].title
        if target in view.kpis:
            return view.kpis[target].title
        if target in view.teams or target in view.people:
            return view.name_of(target)
        return UNPUBLISHED  # left out of this build (a draft, or internal): never its id

    return name


def shard_count(docs: int) -> int:
    """Term shards for a site of `docs` documents: a power of two, about DOCS_PER_SHARD each."""
    n = 1
    while n * DOCS_PER_SHARD < docs and n < MAX_SHARDS:
        n *= 2
    return n


# --- the index ----------------------------------------------------------------------------------------

Postings = tuple[list[int], list[int]]  # ids with the term in the title, ids with it elsewhere


@dataclass(frozen=True, slots=True)
class Index:
    """The whole index in memory: the documents and each term shard."""

    docs: list[Doc]
    shards: list[dict[str, Postings]]


def build_index(docs: list[Doc], shards: int) -> Index:
    """The term shards of these documents."""
    titles: defaultdict[str, list[int]] = defaultdict(list)
    others: defaultdict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        in_title = terms(d.title)
        for t in in_title:
            titles[t].append(i)
        for t in terms(d.text) - in_title:
            others[t].append(i)
    out: list[dict[str, Postings]] = [{} for _ in range(shards)]
    for term in sorted(titles.keys() | others.keys()):
        out[shard_of(term, shards)][term] = (titles.get(term, []), others.get(term, []))
    return Index(docs, out)


def _deltas(ids: list[int]) -> list[int]:
    return [b - a for a, b in zip([0, *ids], ids, strict=False)]


def script(kind: str, number: int, data: Any) -> bytes:
    """One index file: a call of search.js's loader with the data as JSON."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f'okrsiteSearch("{kind}",{number},{text});\n'.encode()


def shard_file(index: Index, n: int) -> bytes:
    """Term shard n."""
    data = {t: [_deltas(title), _deltas(rest)] for t, (title, rest) in index.shards[n].items()}
    return script("t", n, data)


def chunk_file(index: Index, n: int) -> bytes:
    """Document chunk n."""
    return script("d", n, [d.row() for d in index.docs[n * CHUNK : (n + 1) * CHUNK]])


class _Once:
    """A value made on first use, once, whichever thread asks first (`okrsite serve` renders on
    request threads)."""

    def __init__(self, make: Callable[[], Index]) -> None:
        self._make = make
        self._lock = threading.Lock()
        self._value: Index | None = None

    def get(self) -> Index:
        with self._lock:
            if self._value is None:
                self._value = self._make()
            return self._value


def _index_maker(view: SiteView, ranges: list[tuple[str, int, int]], shards: int) -> Callable[[], Index]:
    def make() -> Index:
        with gc_paused():  # many long-lived objects, no cycles: a third of the time went to collections
            return _checked_index(view, ranges, shards)

    return make


def _checked_index(view: SiteView, ranges: list[tuple[str, int, int]], shards: int) -> Index:
    docs = documents(view)
    planned = [kind for kind, first, end in ranges for _ in range(first, end)]
    assert [d.kind for d in docs] == planned, "search: the documents made differ from the plan's"
    return build_index(docs, shards)


# --- the words of search.js ---------------------------------------------------------------------------

SCRIPT_MESSAGES = {
    "group.o": "%(Objectives)s",
    "group.r": "%(Key_results)s",
    "group.k": "%(Kpis)s",
    "group.t": "%(Teams)s",
    "group.p": N_("People"),
    "one.o": "%(objective)s",
    "one.r": "%(key_result)s",
    "one.k": "%(kpi)s",
    "one.t": "%(team)s",
    "one.p": N_("person"),
    "many.o": "%(objectives)s",
    "many.r": "%(key_results)s",
    "many.k": "%(kpis)s",
    "many.t": "%(teams)s",
    "many.p": N_("people"),
    "result": N_("result"),
    "results": N_("results"),
    "noResults": N_("No results for %(query)s."),
    "tooShort": N_("Type a word of two letters or more."),
    "tooShortEmpty": N_("Type a word of two letters or more to search."),
    "allResults": N_("All %(results)s on the search page"),
    "openPage": N_("Open on the search page"),
    "panelStatus": N_("%(results)s; the arrow keys move through them."),
    "listLabel": N_("Search results"),
    "boxError": N_("Search could not load its index. Press Enter for the list of everything."),
    "pageError": N_("Search could not load its index here. Everything on the site is listed below."),
    "more": N_("Show more results"),
    "someOf": N_("(%(shown)s of %(all)s)"),
    "resultsFor": N_("Results for %(query)s"),
    "pageStatus": N_("%(results)s: %(kinds)s."),
    "quoted": N_("“%(query)s”"),
}
"""search.js's words, by key: sent in search/meta.js (`i18n`) with the site's terms filled in and
the script's own placeholders (`%(query)s`) left for it. The script has the English ones too, for
the moments before meta.js has loaded."""


def messages(view: SiteView) -> dict[str, str]:
    """search.js's words in the site's language."""
    return {key: view.lang.script(message) for key, message in SCRIPT_MESSAGES.items()}


# --- the plan -----------------------------------------------------------------------------------------


def plans(view: SiteView) -> Iterator[PagePlan]:
    """The search page and the index files."""
    ranges = kind_ranges(view)
    count = ranges[-1][2]
    shards = shard_count(count)
    chunks = max(1, -(-count // CHUNK))
    index = _Once(_index_maker(view, ranges, shards))
    yield PagePlan(PAGE, "search.html", lambda: search_page(view), DEPS)
    meta = {"v": 1, "docs": count, "shards": shards, "chunk": CHUNK, "kinds": ranges, "i18n": messages(view)}
    yield data_file("search/meta.js", lambda: script("m", 0, meta), DEPS)
    for n in range(shards):
        yield data_file(f"search/t/{n}.js", _bound(shard_file, index, n), DEPS)
    keys = _doc_keys(view)
    for n in range(chunks):
        deps = frozenset(keys[n * CHUNK : (n + 1) * CHUNK])
        yield data_file(f"search/d/{n}.js", _bound(chunk_file, index, n), deps)


def _doc_keys(view: SiteView) -> list[str]:
    """The dependency key of each document, in document order (see `documents`): a chunk of
    documents is made again only when one of its records changed. The term shards cannot be
    narrowed: any document's words may land in any shard."""
    order = objective_order(view)
    keys = [f"t:{t.id}" for t in view.team_order()]
    keys += [f"p:{pid}" for pid in _people(view)]
    keys += [f"k:{k.id}" for k in view.site.kpis]
    keys += [f"o:{o.id}" for o in order]
    keys += [f"o:{o.id}" for o in order for _ in o.key_results]
    return keys


def _bound(fn: Callable[[Index, int], bytes], index: _Once, n: int) -> Callable[[], bytes]:
    return lambda: fn(index.get(), n)


# --- the page -----------------------------------------------------------------------------------------


def search_page(view: SiteView) -> Context:
    """The search page: results for ?q= (with JavaScript), and a plain list of everything on the site:
    objectives by period and team with their key results, KPIs, teams and people."""
    page = PAGE
    lang = view.lang
    ctx = view.frame(page, lang._("Search"), [(lang._("Home"), "index.html"), (lang._("Search"), "")])
    ctx.update(
        periods=_periods(view, page),
        kpis=[
            {
                "title": k.title,
                "url": urls.relative(page, urls.kpi(k.id)),
                "team": view.name_of(k.team) if k.team else "",
            }
            for k in view.site.kpis
        ],
        teams=[
            {"name": t.name, "url": urls.relative(page, urls.team(t.id)), "depth": len(view.ancestors(t))}
            for t in view.team_order()
        ],
        people=[_person_row(view, page, pid) for pid in _people(view)],
        counts={
            "objectives": len(view.site.objectives),
            "krs": sum(len(o.key_results) for o in view.site.objectives),
            "kpis": len(view.site.kpis),
            "teams": len(view.site.teams),
            "people": len(view.people_ids()),
        },
    )
    return ctx


def _person_row(view: SiteView, page: str, pid: str) -> Context:
    person = view.people.get(pid)
    return {
        "name": view.name_of(pid),
        "url": urls.relative(page, urls.person(pid)),
        "about": _join(
            person.title if person else "", view.name_of(person.team) if person and person.team else ""
        ),
    }


def _periods(view: SiteView, page: str) -> list[Context]:
    team_rank = {t.id: i for i, t in enumerate(view.team_order())}
    groups: dict[str, dict[str, list[Objective]]] = {}
    for o in view.site.objectives:
        groups.setdefault(o.period.key, {}).setdefault(o.team, []).append(o)
    return [
        {
            "key": p.key,
            "url": urls.relative(page, urls.period(p.key)),
            "teams": [
                {
                    "name": view.name_of(tid) if tid else view.lang._("Personal OKRs"),
                    "objectives": [_objective_row(view, page, o) for o in sorted(os_, key=lambda o: o.title)],
                }
                for tid, os_ in sorted(
                    groups[p.key].items(), key=lambda kv: (kv[0] == "", team_rank.get(kv[0], len(team_rank)))
                )
            ],
        }
        for p in reversed(view.periods)
    ]


def _objective_row(view: SiteView, page: str, o: Objective) -> Context:
    return {
        "title": o.title,
        "url": urls.relative(page, urls.objective(o.id)),
        "owner": view.name_of(o.owner) if o.owner else "",
        "status": o.status.value,
        "krs": [
            {"title": kr.title, "owner": view.name_of(kr.owner) if kr.owner else ""} for kr in o.key_results
        ],
    }
