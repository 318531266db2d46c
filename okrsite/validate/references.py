"""Checks across files: unique ids, references that resolve, no cycles, no URL collisions."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping, Sequence
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
    """Index records by id; a second record with an id already taken is reported and dropped."""
    out: list[Diagnostic] = []
    objectives = _first_of_each("objective", results.objectives, out)
    kpis = _first_of_each("KPI", results.kpis, out)
    teams = _first_of_each("team", results.teams, out)
    people: dict[str, Person] = {}
    for p in results.people:
        if p.id in people:
            continue  # reported as a duplicate key by the YAML reader
        if p.id in teams:
            out.append(
                make(
                    "OKR201",
                    p.source.path,
                    p.source.line,
                    1,
                    p.id,
                    f"'{p.id}' is both a person and a team, so an owner '{p.id}' is ambiguous",
                    "give the person or the team another id",
                    (Related(teams[p.id].source.path, 1, "the team"),),
                )
            )
        people[p.id] = p
    for kind, table in (("objective", objectives), ("KPI", kpis), ("team", teams)):
        _case_collisions(kind, table, out)
    return Index(objectives, kpis, teams, people, results.has_directory), out


def _first_of_each(kind: str, records: Sequence[Objective | KPI | Team], out: list[Diagnostic]) -> dict:  # type: ignore[type-arg]
    table: dict[str, Objective | KPI | Team] = {}
    for r in records:
        if r.id in table:
            first = table[r.id].source
            out.append(
                at(
                    r.source,
                    "id",
                    "OKR201",
                    f"the {kind} id '{r.id}' is already used by {first.path}",
                    "ids are the file name without .md: rename one file, or set 'id:' in it",
                    (Related(first.path, 1, f"the first {kind} with id '{r.id}'"),),
                )
            )
        else:
            table[r.id] = r
    return table


def _case_collisions(kind: str, table: Mapping[str, Objective | KPI | Team], out: list[Diagnostic]) -> None:
    seen: dict[str, Objective | KPI | Team] = {}
    for rid, record in table.items():
        folded = rid.casefold()
        if folded in seen:
            other = seen[folded]
            out.append(
                at(
                    record.source,
                    "id",
                    "OKR210",
                    f"the {kind} '{rid}' and '{other.id}' ({other.source.path}) would be "
                    "published at the same URL on a case-insensitive file system",
                    "ids are published in lower case: rename one",
                    (Related(other.source.path, 1, f"the {kind} '{other.id}'"),),
                )
            )
        else:
            seen[folded] = record


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
            yield make(
                "OKR204",
                p.source.path,
                p.source.line,
                1,
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
            hint = near(target, index.objectives, "[[id]] takes an objective, KPI, team or person id")
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
