"""Atom feeds (RFC 4287) of check-ins and changes, for the organisation and per team.

Files: `feeds/checkins.xml` (every check-in), `feeds/changes.xml` (objectives and KPIs by their
last change) and `feeds/teams/<id>.xml` (both, for a team and the teams below it). Each holds the
newest `FEED_LIMIT` entries, newest first. docs/feeds-and-badges.md describes them for readers.

Addresses. Atom ids must be absolute IRIs that never change: every id is a `tag:` URI (RFC 4151)
whose authority is the host of `base_url` (`tag:example.org,2026:goals/checkin/...`) or, without
one, a slug of the site's title; `TAG_DATE` is fixed, so ids stay the same build after build.
Links are absolute under `base_url` when it is an absolute http(s) URL; otherwise they are relative
to the feed file itself (`../objectives/x/`), which a reader resolves against the address it
fetched the feed from (RFC 3986), so the feed works wherever the folder is published.

Bytes are reproducible: every date comes from the content (check-in dates, KPI values, git's last
change of a file), never from the clock; an empty feed is `updated` at the as-of date. The XML is
written by okrsite.site.atom, not by a template.
"""

from __future__ import annotations

import heapq
import posixpath
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property
from itertools import islice
from typing import Any, TypeVar

from okrsite.model import KPI, CheckIn, KeyResult, Objective
from okrsite.score.keyresult import score_kr
from okrsite.score.objective import weighted_mean
from okrsite.score.rollup import descendants
from okrsite.site import urls
from okrsite.site.atom import Detail, Entry
from okrsite.site.context import SiteView
from okrsite.site.feed_ids import Addresses, write_feed
from okrsite.site.feed_text import checkin_summary, checkin_value, score_details, what_changed
from okrsite.site.i18n import upper_first
from okrsite.site.pageplan import PagePlan, data_file

FEED_LIMIT = 50
"""Entries per feed: the newest ones. Feed readers keep what they have already fetched."""

_T = TypeVar("_T")


def plans(view: SiteView) -> Iterator[PagePlan]:
    """The organisation's two feeds, then one per team."""
    feeds = Feeds(view)
    any_o, any_k = frozenset({"any-o"}), frozenset({"any-o", "any-k"})
    yield data_file(urls.feed("checkins"), feeds.checkins, any_o)
    yield data_file(urls.feed("changes"), feeds.changes, any_k)
    for t in view.site.teams:
        yield data_file(urls.team_feed(t.id), _bind(feeds.team, t.id), feeds.team_deps(t.id))


def _bind(fn: Callable[..., _T], *args: Any) -> Callable[[], _T]:
    """`fn` with its arguments, called later (a lambda in a loop would see the last ones)."""
    return lambda: fn(*args)


# Entries -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, order=True)
class _Item:
    """A check-in or a change, ordered newest first (then by id); `Feeds.entry` makes its Entry
    when a feed shows it (most never are: feeds show the newest few)."""

    key: tuple[int, str]  # (-day, the id's specific part)
    team: str = field(compare=False)
    what: tuple[Any, ...] = field(compare=False)  # (Objective, KeyResult, CheckIn) | (Objective,) | (KPI,)


@dataclass
class Feeds:
    """The feeds of one build. What every feed shares (all items in order) is worked out once,
    when a first feed asks for it: in each render worker, not while planning."""

    view: SiteView
    addresses: Addresses = field(init=False)
    _made: dict[tuple[int, str], Entry] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.addresses = Addresses.of(self.view.config.base_url, self.view.config.title)

    # The files

    def checkins(self) -> bytes:
        """`feeds/checkins.xml`."""
        title = self.view.lang._("%(site)s: %(check_ins)s", site=self.view.config.title)
        return self._write(urls.feed("checkins"), "feed/checkins", title, "index.html", self._all_checkins)

    def changes(self) -> bytes:
        """`feeds/changes.xml`."""
        title = self.view.lang._("%(site)s: changes", site=self.view.config.title)
        return self._write(urls.feed("changes"), "feed/changes", title, "index.html", self._all_changes)

    def team(self, tid: str) -> bytes:
        """`feeds/teams/<tid>.xml`: check-ins and changes of the team and the teams below it."""
        members = self._below[tid]
        lists = [self._by_team.get(t, []) for t in members]
        title = self.view.lang._(
            "%(team_name)s: %(check_ins)s and changes · %(site)s",
            team_name=self.view.teams[tid].name,
            site=self.view.config.title,
        )
        return self._write(
            urls.team_feed(tid), f"feed/team/{tid}", title, urls.team(tid), heapq.merge(*lists)
        )

    def team_deps(self, tid: str) -> frozenset[str]:
        """What a team's feed shows: its teams, their objectives and KPIs."""
        members = set(self._below[tid])
        deps = {f"t:{t}" for t in members}
        deps |= {f"o:{o.id}" for t in members for o in self.view.by_team.get(t, ())}
        deps |= {f"k:{k.id}" for k in self.view.site.kpis if k.team in members}
        return frozenset(deps)

    # Items, newest first

    @cached_property
    def _below(self) -> dict[str, list[str]]:
        return descendants(self.view.site)

    @cached_property
    def _all_checkins(self) -> list[_Item]:
        as_of = self.view.as_of
        items = []
        for o in self.view.site.objectives:
            for kr in o.key_results:
                seen: dict[date, int] = {}
                for c in kr.checkins:
                    if c.date <= as_of:
                        seen[c.date] = nth = seen.get(c.date, 0) + 1
                        key = (-c.date.toordinal(), _checkin_id(o, kr, c.date, nth))
                        items.append(_Item(key, o.team, (o, kr, c)))
        items.sort()
        return items

    @cached_property
    def _all_changes(self) -> list[_Item]:
        items = []
        for o in self.view.site.objectives:
            day = self._objective_day(o)
            if day is not None:
                key = (-day.toordinal(), f"change/objective/{o.id}/{day.isoformat()}")
                items.append(_Item(key, o.team, (o,)))
        for k in self.view.site.kpis:
            day = self._kpi_day(k)
            if day is not None:
                key = (-day.toordinal(), f"change/kpi/{k.id}/{day.isoformat()}")
                items.append(_Item(key, k.team, (k,)))
        items.sort()
        return items

    @cached_property
    def _by_team(self) -> dict[str, list[_Item]]:
        """Team id -> its own check-ins and changes, newest first (merged from two sorted lists)."""
        out: dict[str, list[_Item]] = {}
        for item in heapq.merge(self._all_checkins, self._all_changes):
            if item.team:
                out.setdefault(item.team, []).append(item)
        return out

    def entry(self, item: _Item) -> Entry:
        """An item's entry, made once (a check-in shows in the organisation's feed and in the
        feeds of its team and every team above)."""
        made = self._made.get(item.key)
        if made is None:
            what, day = item.key[1], date.fromordinal(-item.key[0])
            if len(item.what) == 3:
                made = self._checkin_entry(what, *item.what)
            elif isinstance(item.what[0], KPI):
                made = self._kpi_entry(what, item.what[0], day)
            else:
                made = self._objective_entry(what, item.what[0], day)
            self._made[item.key] = made
        return made

    # Check-ins

    def _checkin_entry(self, what: str, o: Objective, kr: KeyResult, c: CheckIn) -> Entry:
        view = self.view
        lang = view.lang
        _, fmt = lang._, lang.formats
        value = checkin_value(lang, c)
        then = _score_then(view, o, kr, c.date)
        who = c.by or kr.owner or o.owner
        team = view.teams.get(o.team)
        summary = checkin_summary(lang, value, then, c) + " "
        if team:
            summary += _(
                "%(Objective)s: %(title)s (%(period)s, %(team_name)s).",
                title=o.title,
                period=o.period.key,
                team_name=team.name,
            )
        else:
            summary += _("%(Objective)s: %(title)s (%(period)s).", title=o.title, period=o.period.key)
        details = (
            Detail(lang.terms["Key_result"], kr.title, _kr_path(o, kr)),
            Detail(_("Value"), value),
            Detail(_("Score after this %(check_in)s"), fmt.score(then)),
            Detail(_("Confidence"), fmt.percent(c.confidence)),
            Detail(_("Note"), c.note or "–"),
            Detail(_("By"), view.name_of(who) if who else "–", self._person_path(who)),
            Detail(lang.terms["Objective"], o.title, urls.objective(o.id)),
            Detail(_("Period"), o.period.key, urls.period(o.period.key)),
            *self._team_detail(o.team),
        )
        return Entry(
            id=self.addresses.tag(what),
            title=f"{kr.title}: {value}",
            day=c.date,
            link=_kr_path(o, kr),
            summary=summary,
            details=details,
            author=view.name_of(who) if who else "",
            author_link=self._person_path(who),
            categories=self._categories(o.team, o.period.key),
        )

    # Changes

    def _objective_day(self, o: Objective) -> date | None:
        """The last change: git's last commit of the file, or the last check-in, whichever is later."""
        days = [c.date for kr in o.key_results for c in kr.checkins if c.date <= self.view.as_of]
        git = self.view.git.get(o.source.path)
        if git is not None:
            days.append(git[1])
        return max(days, default=None)

    def _kpi_day(self, k: KPI) -> date | None:
        days = [p.date for p in k.values if p.date <= self.view.as_of]
        for path in (k.source.path, _series_path(k)):
            git = self.view.git.get(path) if path else None
            if git is not None:
                days.append(git[1])
        return max(days, default=None)

    def _objective_entry(self, what: str, o: Objective, day: date) -> Entry:
        view = self.view
        lang = view.lang
        _, fmt = lang._, lang.formats
        s = view.score(o.id)
        pace = lang.label("pace", s.pace.value).lower()
        grade = lang.label("grade", s.grade.value)
        that_day = [(kr, c) for kr in o.key_results for c in kr.checkins if c.date == day]
        git = view.git.get(o.source.path)
        editor = git[0] if git is not None and git[1] == day else ""
        moved = (_own_score(view, o, day - timedelta(days=1)), _own_score(view, o, day)) if that_day else None
        summary = _(
            "Score %(score)s (%(grade)s), %(pace)s; status %(status)s.",
            score=fmt.score(s.score),
            grade=grade.lower(),
            pace=pace,
            status=lang.label("status", o.status.value).lower(),
        )
        changed = what_changed(lang, moved, len(that_day), editor)
        if changed:
            summary += " " + _("On %(day)s: %(changes)s.", day=fmt.day(day), changes="; ".join(changed))
        edited = _("%(day)s by %(name)s", day=fmt.day(git[1]), name=git[0]) if git else ""
        details = [
            *score_details(lang, o, s),
            *(
                Detail(_("%(Check_in)s: %(title)s", title=kr.title), checkin_value(lang, c), _kr_path(o, kr))
                for kr, c in that_day
            ),
            *([Detail(_("Last edit of the file"), edited)] if git else []),
            Detail(lang.terms["Objective"], o.title, urls.objective(o.id)),
            Detail(_("Period"), o.period.key, urls.period(o.period.key)),
            *self._team_detail(o.team),
        ]
        last = that_day[-1] if that_day else None
        who = editor or (view.name_of(last[1].by or last[0].owner or o.owner) if last else "")
        return Entry(
            id=self.addresses.tag(what),
            title=f"{o.title}: {fmt.score(s.score)}, {pace}",
            day=day,
            link=urls.objective(o.id),
            summary=summary,
            details=tuple(details),
            author=who or view.name_of(o.owner or o.team),
            categories=self._categories(o.team, o.period.key),
        )

    def _kpi_entry(self, what: str, k: KPI, day: date) -> Entry:
        state = self.view.card.kpis[k.id]
        lang = self.view.lang
        _, fmt = lang._, lang.formats
        health = lang.label("health", state.health.value)
        trend = lang.label("trend", state.trend.value)
        latest = fmt.quantity(state.latest) if state.latest else _("no value yet")
        details = [
            Detail(
                _("Latest value"), latest + (f" ({fmt.day(state.latest_date)})" if state.latest_date else "")
            ),
            Detail(_("Previous value"), fmt.quantity(state.previous)),
            Detail(_("Trend"), upper_first(trend)),
            Detail(_("Health"), health),
        ]
        if k.healthy is not None:
            details.append(Detail(_("Healthy when"), lang.threshold(k.healthy)))
        git = self.view.git.get(k.source.path)
        if git is not None:
            details.append(
                Detail(_("Last edit of the file"), _("%(day)s by %(name)s", day=fmt.day(git[1]), name=git[0]))
            )
        details += [Detail(lang.terms["Kpi"], k.title, urls.kpi(k.id)), *self._team_detail(k.team)]
        return Entry(
            id=self.addresses.tag(what),
            title=f"{k.title}: {latest}, {health.lower()}",
            day=day,
            link=urls.kpi(k.id),
            summary=_(
                "%(Kpi)s %(title)s: %(latest)s, %(health)s; trend %(trend)s.",
                title=k.title,
                latest=latest,
                health=health.lower(),
                trend=trend.lower(),
            ),
            details=tuple(details),
            author=self.view.name_of(k.owner or k.team),
            categories=self._categories(k.team, "kpi"),
        )

    # Shared pieces

    @cached_property
    def _with_page(self) -> frozenset[str]:
        return frozenset(self.view.people_ids())

    def _person_path(self, who: str) -> str:
        """The page of a person (or team) named in the content, "" when there is none."""
        if who in self.view.teams:
            return urls.team(who)
        return urls.person(who) if who in self._with_page else ""

    def _team_detail(self, tid: str) -> list[Detail]:
        team = self.view.teams.get(tid)
        return [Detail(self.view.lang.terms["Team"], team.name, urls.team(tid))] if team else []

    def _categories(self, tid: str, other: str) -> tuple[tuple[str, str], ...]:
        team = self.view.teams.get(tid)
        return (*(((tid, team.name),) if team else ()), (other, ""))

    # Writing

    def _write(self, path: str, feed_id: str, title: str, page: str, items: Iterable[_Item]) -> bytes:
        entries = [self.entry(item) for item in islice(items, FEED_LIMIT)]
        updated = max((e.day for e in entries), default=self.view.as_of)
        return write_feed(
            self.view, self.addresses, path, self.addresses.tag(feed_id), title, page, updated, entries
        )


def _kr_path(o: Objective, kr: KeyResult) -> str:
    """The key result's place on its objective's page."""
    return f"{urls.objective(o.id)}#kr-{kr.ref}"


def _checkin_id(o: Objective, kr: KeyResult, day: date, nth: int) -> str:
    """`checkin/<objective>/<kr>/<date>`, with `/<n>` for a second check-in of a day."""
    return f"checkin/{o.id}/{kr.ref}/{day.isoformat()}" + (f"/{nth}" if nth > 1 else "")


def _series_path(k: KPI) -> str:
    """The KPI's CSV series, as a path like the content's (the key of `view.git`)."""
    if not k.series_file:
        return ""
    return posixpath.normpath(posixpath.join(posixpath.dirname(k.source.path), k.series_file))


def _from_checkins(kr: KeyResult) -> KeyResult:
    """The key result as its check-ins alone measure it (no `current`, `done`, `progress` or score)."""
    if kr.current is None and kr.done is None and kr.progress is None and kr.score is None:
        return kr
    return replace(kr, current=None, done=None, progress=None, score=None)


def _score_then(view: SiteView, o: Objective, kr: KeyResult, day: date) -> float | None:
    """The key result's score once the check-ins up to `day` were in."""
    return score_kr(_from_checkins(kr), o, view.kpis, view.config, day).score


def _own_score(view: SiteView, o: Objective, day: date) -> float | None:
    """The objective's score from its key results as their check-ins up to `day` measure them."""
    krs = tuple(score_kr(_from_checkins(kr), o, view.kpis, view.config, day) for kr in o.key_results)
    return weighted_mean(o, krs)[0]
