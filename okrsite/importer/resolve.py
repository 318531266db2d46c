"""Drafts against the site: periods, teams, people, ids and parents.

A team or person the site has is found by id (in any case) or by name (folded: `Kundeservice`
finds a team named `KundeService`); a person also by e-mail. Whatever is not found becomes a new
team file or people entry. Objectives, KPIs, teams and people share one set of ids, so every new
id is checked against all of them and against the files under the content folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from okrsite.check import CheckResult
from okrsite.fields import ID_PATTERN
from okrsite.importer.columns import fold
from okrsite.importer.model import Drafts, KPIDraft, ObjectiveDraft, Problem
from okrsite.importer.parents import parents
from okrsite.importer.slug import humanise, slug, unique
from okrsite.importer.values import period_key
from okrsite.periods import PeriodError
from okrsite.validate.files import id_of
from okrsite.yamlread import LocDict, read_yaml

ID_LIKE = re.compile(r"[a-z0-9][a-z0-9._-]*")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PEOPLE_FILES = ("people.yaml", "people.yml")


@dataclass(frozen=True, slots=True)
class NewTeam:
    """A team the site does not have yet."""

    id: str
    name: str
    parent: str
    row: int


@dataclass(frozen=True, slots=True)
class NewPerson:
    """A person the site's people.yaml does not have yet."""

    id: str
    name: str
    email: str
    row: int


@dataclass
class Resolved:
    """The site-facing result: new teams and people, and where people go."""

    teams: list[NewTeam] = field(default_factory=list)
    people: list[NewPerson] = field(default_factory=list)
    people_file: str = ""  # the people file to add to or create ('' when owners stay plain ids)


class ResolveError(Exception):
    """The site is not in a state to import into; the message says what to fix."""


class Resolver:
    """Looks names up in the site and in what this import creates."""

    def __init__(self, result: CheckResult, drafts: Drafts) -> None:
        self.result = result
        self.drafts = drafts
        self.out = Resolved()
        site = result.site
        self.taken: set[str] = set()
        ids = [o.id for o in site.objectives] + [k.id for k in site.kpis] + [t.id for t in site.teams]
        self.taken |= {i.lower() for i in ids + [p.id for p in site.people]}
        content = PurePosixPath(result.config.content_dir).as_posix().strip("/") or "."
        for path in result.sources:
            if (content == "." or path.startswith(content + "/")) and path.endswith(".md"):
                self.taken.add(id_of(path).lower())
        self.teams = {t.id.lower(): t.id for t in site.teams}
        self.team_names = {fold(t.name): t.id for t in site.teams}
        self.people = {p.id.lower(): p.id for p in site.people}
        self.people_names = {fold(p.name): p.id for p in site.people}
        self.emails: dict[str, str] = {}
        roots = [t.id for t in site.teams if not t.parent]
        self.root = roots[0] if len(roots) == 1 else ""
        self._people_file(content)

    def _people_file(self, content: str) -> None:
        site = self.result.site
        paths = [PurePosixPath(content, n).as_posix() for n in PEOPLE_FILES]
        found = next((p for p in paths if p in self.result.sources), "")
        if found:
            if not site.has_directory:
                raise ResolveError(f"{found} cannot be read; fix it first (okrsite check lists its problems)")
            self.out.people_file = found
            self._read_emails(self.result.sources[found])
        elif not (site.objectives or site.kpis or site.teams):
            self.out.people_file = paths[0]
        else:
            self.drafts.notes.append(
                "the site has no people.yaml, so owners are written as plain ids and no people entries are "
                "made (a people.yaml would have to name everyone the site already names)"
            )

    def _read_emails(self, text: str) -> None:
        data = read_yaml(text).value
        if isinstance(data, LocDict):
            for pid, value in data.items():
                if isinstance(value, dict) and isinstance(value.get("email"), str):
                    self.emails[value["email"].strip().lower()] = str(pid)

    def claim(self, wanted: str, suffix: str = "") -> str:
        """A free id: `wanted`, else `wanted-<suffix>`, else with a number."""
        found = unique(wanted, self.taken, suffix)
        self.taken.add(found.lower())
        return found

    # Teams and people ------------------------------------------------------------------------

    def team(self, text: str, row: int) -> str:
        """The id of the team `text` names, made when the site lacks it."""
        known = self.teams.get(text.lower()) or self.team_names.get(fold(text))
        if known:
            return known
        wanted = text if ID_LIKE.fullmatch(text) else slug(text)
        if not wanted:
            wanted = "team"
        new_id = self.claim(wanted, "team")
        name = humanise(text) if ID_LIKE.fullmatch(text) else text
        self.out.teams.append(NewTeam(new_id, name, self.root, row))
        self.teams[text.lower()] = self.teams[new_id.lower()] = new_id
        self.team_names[fold(text)] = new_id
        return new_id

    def owner(self, text: str, row: int) -> str:
        """The id of the person or team `text` names (an id, a name or an e-mail address)."""
        if not text:
            return ""
        key = text.lower()
        known = (
            self.teams.get(key)
            or self.people.get(key)
            or self.emails.get(key)
            or self.people_names.get(fold(text))
            or self.team_names.get(fold(text))
        )
        if known:
            return known
        email = text if EMAIL.fullmatch(text) else ""
        base = text.split("@", 1)[0] if email else text
        if email and fold(humanise(base)) in self.people_names:  # ada.lovelace@ is Ada Lovelace
            return self._add_email(self.people_names[fold(humanise(base))], email)
        wanted = base if ID_LIKE.fullmatch(base) else slug(base)
        if not self.out.people_file:
            found = wanted or "owner"
            self.people[key] = found
            return found
        new_id = self.claim(wanted or "person")
        name = humanise(base) if email or ID_LIKE.fullmatch(base) else text
        self.out.people.append(NewPerson(new_id, name, email, row))
        self.people[key] = self.people[new_id.lower()] = new_id
        self.people_names[fold(text)] = new_id
        self.people_names.setdefault(fold(name), new_id)
        if email:
            self.emails[key] = new_id
        return new_id

    def _add_email(self, pid: str, email: str) -> str:
        """`pid`, known now by `email` too (written to people.yaml when the person is new)."""
        self.emails[email.lower()] = pid
        for i, person in enumerate(self.out.people):
            if person.id == pid and not person.email:
                self.out.people[i] = NewPerson(person.id, person.name, email, person.row)
        return pid


def resolve(drafts: Drafts, result: CheckResult, default_period: str) -> Resolved:
    """Fill in the drafts' periods, team and owner ids, ids and parents; a draft that cannot be
    placed is removed and its rows reported."""
    r = Resolver(result, drafts)
    drafts.objectives = [o for o in drafts.objectives if _place(o, r, default_period)]
    teams, owners = _names(drafts)
    for text, row in teams:  # ids written as ids keep them: reserved before any slug
        if ID_LIKE.fullmatch(text):
            r.team(text, row)
    for text, row in owners:
        if ID_LIKE.fullmatch(text):
            r.owner(text, row)
    _ids(drafts, r)  # then the objectives' and KPIs' ids, before the slugs of names
    for obj in drafts.objectives:
        obj.team_id = r.team(obj.team, obj.row) if obj.team else ""
        obj.owner_id = r.owner(obj.owner, obj.row)
        for kr in obj.krs:
            kr.owner_id = r.owner(kr.owner, kr.row) if kr.owner else ""
        for item in obj.initiatives:
            item.owner_id = r.owner(item.owner, item.row)
    for kpi in drafts.kpis:
        kpi.team_id = r.team(kpi.team, kpi.row) if kpi.team else ""
        kpi.owner_id = r.owner(kpi.owner, kpi.row)
    _kpi_links(drafts, r)
    drafts.objectives = [o for o in drafts.objectives if _aligned(o, drafts, r)]
    _kr_ids(drafts)
    return r.out


def _kr_ids(drafts: Drafts) -> None:
    """A key result named as a parent by its title gets an id, so that the link survives."""
    for obj in drafts.objectives:
        for ref in obj.parents:
            kr, target = ref.kr, ref.objective
            if kr is not None and target is not None and not (kr.id or kr.ref_id or ref.by_position):
                taken = {(k.id or k.ref_id).lower() for k in target.krs}
                kr.ref_id = unique(slug(kr.title, 40) or "kr", taken)


def _aligned(obj: ObjectiveDraft, drafts: Drafts, r: Resolver) -> bool:
    if parents(obj, drafts, r.result.site.objectives):
        return True
    return _problem(
        r,
        obj.parent_row,
        f"the parent {obj.parent!r} is neither the id nor the title of an objective in the file or the site",
        "check the spelling (objective, objective#kr-id or objective#2), or leave the parent cell empty",
    )


def _problem(r: Resolver, row: int, message: str, hint: str = "") -> bool:
    r.drafts.problems.append(Problem(row, message, hint))
    return False


def _place(obj: ObjectiveDraft, r: Resolver, default_period: str) -> bool:
    text = obj.period or default_period
    if not text:
        return _problem(
            r,
            obj.row,
            f"the objective {obj.title!r} has no period",
            "add a period column, or give --period 2026-Q1",
        )
    config = r.result.config
    try:
        obj.period = period_key(text, config.fiscal_year, config.periods)
    except PeriodError as exc:
        column = r.drafts.headers.get("period", "period")
        return _problem(r, obj.row, f"column {column!r}: {exc}", "write 2026-Q1, Q1 2026, 2026-H1 or 2026")
    if not obj.team and not obj.owner:
        return _problem(
            r,
            obj.row,
            f"the objective {obj.title!r} has neither a team nor an owner",
            "fill in the team or owner column",
        )
    return True


def _names(drafts: Drafts) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Every team cell and every owner cell, with its row."""
    teams = [(o.team, o.row) for o in drafts.objectives] + [(k.team, k.row) for k in drafts.kpis]
    owners = [(k.owner, k.row) for k in drafts.kpis]
    for obj in drafts.objectives:
        owners += [(obj.owner, obj.row)] + [(k.owner, k.row) for k in obj.krs]
        owners += [(i.owner, i.row) for i in obj.initiatives]
    return [t for t in teams if t[0]], [o for o in owners if o[0]]


def _ids(drafts: Drafts, r: Resolver) -> None:
    site = r.result.site
    existing = {(fold(o.title), o.period.key): o for o in site.objectives}
    items: list[ObjectiveDraft | KPIDraft] = [*drafts.objectives, *drafts.kpis]
    failed: set[int] = set()
    for item in items:
        if isinstance(item, ObjectiveDraft):
            twin = existing.get((fold(item.title), item.period))
            if twin is not None:
                failed.add(id(item))
                _problem(
                    r,
                    item.row,
                    f"the site has {item.title!r} in {item.period} already ({twin.source.path})",
                    "was this file imported before? remove the row, or change the title",
                )
                continue
        if item.id:
            if not ID_PATTERN.fullmatch(item.id):
                failed.add(id(item))
                _problem(
                    r,
                    item.row,
                    f"the id {item.id!r} is not a valid id",
                    "ids are letters, digits, -, _ and .; or leave the id cell empty",
                )
            elif item.id.lower() in r.taken:
                failed.add(id(item))
                _problem(
                    r,
                    item.row,
                    f"the id {item.id!r} is already used in the site or the file",
                    "objectives, KPIs, teams and people share one set of ids; give the row another id",
                )
            else:
                r.taken.add(item.id.lower())
    for item in items:
        if not item.id and id(item) not in failed:
            wanted = slug(item.title) or ("objective" if isinstance(item, ObjectiveDraft) else "kpi")
            suffix = item.period.lower() if isinstance(item, ObjectiveDraft) else "kpi"
            item.id = r.claim(wanted, suffix)
    drafts.objectives = [o for o in drafts.objectives if id(o) not in failed]
    drafts.kpis = [k for k in drafts.kpis if id(k) not in failed]


def _kpi_links(drafts: Drafts, r: Resolver) -> None:
    known = {k.id for k in r.result.site.kpis} | {k.id for k in drafts.kpis}
    for obj in drafts.objectives:
        for kr in obj.krs:
            if kr.kpi and kr.kpi not in known:
                drafts.notes.append(
                    f"row {kr.row}: the KPI {kr.kpi!r} is neither in the site nor in the file; the key "
                    "result is imported without 'kpi:' (its current value is kept)"
                )
                kr.kpi = ""
