"""Checks across files: unique ids, references that resolve, no cycles, no URL collisions."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from okrsite.diagnostics import Diagnostic, Related, make
from okrsite.model import KPI, Objective, Person, Source, Team
from okrsite.validate.files import FileResults


@dataclass(frozen=True, slots=True)
class Index:
    """Lookup tables of everything that can be referred to by id."""

    objectives: Mapping[str, Objective]
    kpis: Mapping[str, KPI]
    teams: Mapping[str, Team]
    people: Mapping[str, Person]
    has_directory: bool


def at(
    source: Source, field: str, code: str, message: str, hint: str = "", related: tuple[Related, ...] = ()
) -> Diagnostic:
    """A diagnostic at a field of a content file."""
    line, col = source.at(field)
    return make(code, source.path, line, col, field, message, hint, related)


def near(word: str, choices: Iterable[str], what: str) -> str:
    """A did-you-mean for an id, or where the valid ids live."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else what


def unique(results: FileResults) -> tuple[Index, list[Diagnostic]]:
    """Index records by id. Objectives, KPIs, teams and people share one namespace, so that
    `[[id]]` and owners are never ambiguous; a record whose id is taken is reported and dropped."""
    out: list[Diagnostic] = []
    taken: dict[str, tuple[str, Source]] = {}
    folded: dict[str, tuple[str, str, Source]] = {}

    def claim(kind: str, rid: str, source: Source, field: str) -> bool:
        """Report a clash; False only for a second record of the same kind and id (it is dropped)."""
        if rid in taken:
            first_kind, first = taken[rid]
            out.append(_clash("OKR201", kind, rid, source, field, first_kind, rid, first))
            return first_kind != kind
        taken[rid] = (kind, source)
        other = folded.get(rid.casefold())
        if other is not None:
            out.append(_clash("OKR210", kind, rid, source, field, other[0], other[1], other[2]))
        else:
            folded[rid.casefold()] = (kind, rid, source)
        return True

    teams: dict[str, Team] = {}
    for t in results.teams:
        if claim("team", t.id, t.source, "id"):
            teams.setdefault(t.id, t)
    people: dict[str, Person] = {}
    for p in results.people:
        if p.id not in people and claim("person", p.id, p.source, p.id):
            people[p.id] = p
    kpis: dict[str, KPI] = {}
    for k in results.kpis:
        if claim("KPI", k.id, k.source, "id"):
            kpis.setdefault(k.id, k)
    objectives: dict[str, Objective] = {}
    for o in results.objectives:
        if claim("objective", o.id, o.source, "id"):
            objectives.setdefault(o.id, o)
    return Index(objectives, kpis, teams, people, results.has_directory), out


def _clash(
    code: str, kind: str, rid: str, source: Source, field: str, first_kind: str, first_id: str, first: Source
) -> Diagnostic:
    if code == "OKR201":
        message = f"the {kind} id '{rid}' is already used by the {first_kind} in {first.path}"
        hint = (
            "ids are file names without .md, shared by objectives, KPIs, teams and people: "
            "rename one, or set 'id:'"
        )
    else:
        message = (
            f"the {kind} '{rid}' and the {first_kind} '{first_id}' ({first.path}) would be published "
            "at the same URL on a case-insensitive file system"
        )
        hint = "ids are published in lower case: rename one"
    line, col = (source.line, 1) if kind == "person" else source.at(field)
    return make(
        code,
        source.path,
        line,
        col,
        field,
        message,
        hint,
        (Related(first.path, first.line, f"the {first_kind} '{first_id}'"),),
    )


def references(index: Index) -> Iterator[Diagnostic]:
    """Every reference that does not resolve."""
    for o in index.objectives.values():
        yield from _objective_refs(o, index)
    for t in index.teams.values():
        if t.parent and t.parent not in index.teams:
            yield _unknown_team(t.source, "parent", t.parent, index)
        yield from _owner(t.source, "lead", t.lead, index, people_only=True)
        yield from _wiki(t.source, t.wiki_links, index)
        for i, m in enumerate(t.members, start=1):
            yield from _owner(t.source, _item("members", i, len(t.members)), m, index, people_only=True)
    for k in index.kpis.values():
        if k.team and k.team not in index.teams:
            yield _unknown_team(k.source, "team", k.team, index)
        yield from _owner(k.source, "owner", k.owner, index)
        yield from _wiki(k.source, k.wiki_links, index)
    for p in index.people.values():
        if p.team and p.team not in index.teams:
            line, col = p.source.at("team")
            yield make(
                "OKR204",
                p.source.path,
                line,
                col,
                f"{p.id}.team",
                f"{p.id}'s team '{p.team}' does not exist",
                near(p.team, index.teams, _TEAMS),
            )


_TEAMS = "teams are the files in content/teams/ (their names without .md)"


def _item(key: str, i: int, n: int) -> str:
    return key if n == 1 else f"{key}[{i}]"


def _objective_refs(o: Objective, index: Index) -> Iterator[Diagnostic]:
    s = o.source
    if o.team and o.team not in index.teams:
        yield _unknown_team(s, "team", o.team, index)
    yield from _owner(s, "owner", o.owner, index)
    key = "parents" if len(o.parents) > 1 or "parents" in s.positions else "parent"
    for i, ref in enumerate(o.parents, start=1):
        field = _item(key, i, len(o.parents)) if key == "parents" else "parent"
        parent = index.objectives.get(ref.objective)
        if parent is None:
            yield at(
                s,
                field,
                "OKR202",
                f"the parent objective '{ref.objective}' does not exist",
                near(ref.objective, index.objectives, "objective ids are their file names without .md"),
            )
        elif ref.kr and not any(kr.ref == ref.kr or str(kr.index) == ref.kr for kr in parent.key_results):
            refs = ", ".join(f"#{kr.ref}" for kr in parent.key_results) or "none"
            yield at(
                s,
                field,
                "OKR203",
                f"'{parent.id}' has no key result '{ref.kr}'",
                f"its key results are {refs} (by id, or by position from 1)",
                (Related(parent.source.path, 1, f"the objective '{parent.id}'"),),
            )
    if o.carried_from and o.carried_from not in index.objectives:
        yield at(
            s,
            "carried_from",
            "OKR202",
            f"carried_from names '{o.carried_from}', but no objective has that id",
            near(o.carried_from, index.objectives, "name the objective this one continues, by its id"),
        )
    for i, g in enumerate(o.guardrails, start=1):
        if g not in index.kpis:
            yield at(
                s,
                _item("guardrails", i, len(o.guardrails)),
                "OKR206",
                f"the guardrail KPI '{g}' does not exist",
                near(g, index.kpis, _KPIS),
            )
    for kr in o.key_results:
        p = f"key_results[{kr.index}]"
        yield from _owner(s, f"{p}.owner", kr.owner, index)
        for i, c in enumerate(kr.contributors, start=1):
            yield from _owner(s, _item(f"{p}.contributors", i, len(kr.contributors)), c, index)
        if kr.kpi and kr.kpi not in index.kpis:
            yield at(
                s, f"{p}.kpi", "OKR206", f"the KPI '{kr.kpi}' does not exist", near(kr.kpi, index.kpis, _KPIS)
            )
        for j, checkin in enumerate(kr.checkins, start=1):
            if checkin.by:
                yield from _owner(s, f"{p}.checkins[{j}].by", checkin.by, index, people_only=True)
    for i, ini in enumerate(o.initiatives, start=1):
        yield from _owner(s, f"initiatives[{i}].owner", ini.owner, index)
    yield from _wiki(s, o.wiki_links, index)


def _wiki(s: Source, links: tuple[tuple[str, int], ...], index: Index) -> Iterator[Diagnostic]:
    known = (index.objectives, index.kpis, index.teams, index.people)
    for target, line in links:
        if not any(target in table for table in known):
            ids = [i for table in known for i in table]
            hint = near(target, ids, "[[id]] takes an objective, KPI, team or person id")
            yield make("OKR207", s.path, line, 1, "body", f"[[{target}]] links to nothing", hint)


_KPIS = "KPIs are the files in content/kpis/ (their names without .md)"


def _unknown_team(s: Source, field: str, team: str, index: Index) -> Diagnostic:
    return at(s, field, "OKR204", f"the team '{team}' does not exist", near(team, index.teams, _TEAMS))


def _owner(
    s: Source, field: str, owner: str, index: Index, people_only: bool = False
) -> Iterator[Diagnostic]:
    """Owners must be people in the directory (when there is one) or teams."""
    if not owner or not index.has_directory or owner in index.people:
        return
    if not people_only and owner in index.teams:
        return
    choices = list(index.people) + ([] if people_only else list(index.teams))
    yield at(
        s,
        field,
        "OKR205",
        f"'{owner}' is not in content/people.yaml" + ("" if people_only else " nor a team"),
        near(owner, choices, "add them to content/people.yaml"),
    )
