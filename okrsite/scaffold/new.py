"""`okrsite new objective|kpi|team`: a correctly named, valid file from a few flags.

Every flag is checked against the site before anything is written (teams, parents, owners,
periods, ids, the file itself), so a refusal leaves the repository as it was. The file is
written with exclusive creation: it never replaces one that appeared meanwhile. After writing,
the site is checked again and the new file's own problems are returned for the caller to show.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from okrsite.check import CheckResult, check
from okrsite.codes import Severity
from okrsite.config import CONFIG_FILE
from okrsite.diagnostics import Diagnostic
from okrsite.fields import ID_PATTERN, slugify
from okrsite.model import KPI, Commitment, Objective, Site, Team
from okrsite.periods import PeriodError, parse_period
from okrsite.scaffold.init import quarter_of
from okrsite.scaffold.text import yaml_scalar
from okrsite.validate.files import id_of

KINDS = ("objective", "kpi", "team")
PLACEHOLDER_KRS = 3  # the method's minimum, so the only warnings are the placeholders


class NewError(Exception):
    """A flag that cannot be used as given; the message says why and what would work."""


@dataclass(frozen=True, slots=True)
class NewFile:
    """What `okrsite new` asks for. Empty strings are flags not given."""

    kind: str
    title: str
    id: str = ""
    team: str = ""
    owner: str = ""
    period: str = ""
    parent: str = ""
    commitment: str = ""
    draft: bool = False


@dataclass(frozen=True, slots=True)
class Created:
    """A written file and what the check said about it afterwards."""

    path: str  # relative to the site root, posix
    id: str
    diagnostics: tuple[Diagnostic, ...]  # the new file's own
    sources: dict[str, str]
    notes: tuple[str, ...] = field(default=())
    other_errors: int = 0  # errors elsewhere in the site, not caused by the new file

    @property
    def errors(self) -> int:
        """How many of the new file's problems are errors."""
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)


def create(root: Path, request: NewFile, today: date | None = None) -> Created:
    """Check `request` against the site at `root`, write the file, check again.

    Raises NewError, writing nothing, when a flag does not fit the site.
    """
    before = check(root)
    if any(d.path == CONFIG_FILE and _is_error(d) for d in before.diagnostics):
        # Where content lives and how periods are named both come from it: no guessing.
        raise NewError(f"{CONFIG_FILE} has errors; fix them first (okrsite check lists them)")
    site = before.site
    notes: list[str] = []
    title = " ".join(request.title.split())
    if not title:
        raise NewError("--title is empty: give the " + ("team's name" if request.kind == "team" else "title"))
    new_id = _new_id(request.id, title)
    owner = _owner(request, site, notes)
    if request.kind == "objective":
        if not request.team and not owner:
            raise NewError(
                "an objective needs --team (the owning team) or --owner (a person, for an individual OKR)"
            )
        _check_team(request.team, site)
        period = _period(request.period, before, today or date.today())
        parent = _check_parent(request.parent, site)
        commitment = request.commitment or Commitment.ASPIRATIONAL.value
        rel = _in_content(before, "objectives", period, f"{new_id}.md")
        text = objective_text(title, period, request.team, owner, parent, commitment, request.draft)
        notes.append(
            f"The {PLACEHOLDER_KRS} key results have placeholder values (TBD): okrsite check warns "
            "about them (OKR304 placeholder) until you write their titles, starts and targets."
        )
        if not owner:
            notes.append(
                "Nobody owns the key results yet: okrsite check warns (OKR302 kr-owner) until the "
                "objective or each key result has an 'owner:' (or use --owner next time)."
            )
        if request.draft:
            notes.append("It is a draft: left out of the site until you remove 'status: draft'.")
    elif request.kind == "kpi":
        _check_team(request.team, site)
        rel = _in_content(before, "kpis", f"{new_id}.md")
        text = kpi_text(title, request.team, owner)
        notes.append(
            "The KPI has no threshold and no values yet: okrsite check warns about them (OKR316 "
            "kpi-no-threshold, OKR312 stale-kpi) until you add 'healthy:' and a first value."
        )
    elif request.kind == "team":
        parent = _check_parent_team(request.parent, site)
        if not parent:
            notes.append("The team has no --parent: it is a company, a root of the alignment tree.")
        rel = _in_content(before, "teams", f"{new_id}.md")
        text = team_text(title, parent, owner)
    else:  # pragma: no cover - the command line offers only KINDS
        raise NewError(f"cannot create a {request.kind!r}; choose one of {', '.join(KINDS)}")
    target = root / rel
    if target.exists() or target.is_symlink():
        raise NewError(f"{rel} already exists; choose another --id, or edit that file")
    _check_id_free(new_id, before)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except FileExistsError as exc:  # appeared since the check above
        raise NewError(f"{rel} already exists; choose another --id, or edit that file") from exc
    after = check(root)
    mine = tuple(d for d in after.diagnostics if d.path == rel)
    other_errors = sum(1 for d in after.diagnostics if d.path != rel and _is_error(d))
    return Created(rel, new_id, mine, after.sources, tuple(notes), other_errors)


def _in_content(result: CheckResult, *parts: str) -> str:
    """A path under the site's content folder, relative to the site root (posix, normalised)."""
    return PurePosixPath(result.config.content_dir, *parts).as_posix()


def _is_error(d: Diagnostic) -> bool:
    return d.severity is Severity.ERROR


# Checking the flags ----------------------------------------------------------------------------


def _near(word: str, choices: Iterable[str], what: str) -> str:
    """`; did you mean 'sales'?` or a short list of what exists."""
    names = sorted(set(choices))
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    if not names:
        return ""
    shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
    return f"; {what}: {shown}"


def _new_id(given: str, title: str) -> str:
    if given:
        if not ID_PATTERN.fullmatch(given):
            raise NewError(
                f"--id {given!r} is not a valid id: use letters, digits, '-', '_' and '.', starting "
                "with a letter or digit (like q3-grow-revenue)"
            )
        return given
    slug = slugify(title)
    if not slug:
        raise NewError(f"cannot make an id from the title {title!r}; give one with --id (like q3-growth)")
    return slug


def _check_id_free(new_id: str, result: CheckResult) -> None:
    """Objectives, KPIs, teams and people share one set of ids (case-insensitively: URLs)."""
    taken: dict[str, str] = {}
    site = result.site
    records: list[Objective | KPI | Team] = [*site.objectives, *site.kpis, *site.teams]
    for record in records:
        taken.setdefault(record.id.lower(), f"{record.id!r} in {record.source.path}")
    for person in site.people:
        taken.setdefault(person.id.lower(), f"the person {person.id!r} in {person.source.path}")
    content = _in_content(result, "")
    for path in result.sources:
        if (content == "." or path.startswith(content + "/")) and path.endswith(".md"):
            taken.setdefault(id_of(path).lower(), f"{id_of(path)!r} in {path}")
    where = taken.get(new_id.lower())
    if where is not None:
        raise NewError(
            f"the id {new_id!r} is already used by {where} (objectives, KPIs, teams and people share "
            "one set of ids); choose another with --id"
        )


def _check_team(team: str, site: Site) -> None:
    if not team:
        return
    teams = {t.id for t in site.teams}
    if team in teams:
        return
    if not teams:
        raise NewError(
            f"--team {team!r}: the site has no teams yet; create it first with "
            f'okrsite new team --title "..." --id {team}'
        )
    raise NewError(f"--team {team!r} does not exist{_near(team, teams, 'the teams are')}")


def _check_parent_team(parent: str, site: Site) -> str:
    if not parent:
        return ""
    teams = {t.id for t in site.teams}
    if parent not in teams:
        raise NewError(
            f"--parent {parent!r} is not a team{_near(parent, teams, 'the teams are')} "
            "(a team's parent is the team it belongs to)"
        )
    return parent


def _check_parent(parent: str, site: Site) -> str:
    """`objective` or `objective#kr`; both parts must exist."""
    if not parent:
        return ""
    name, _, kr = parent.partition("#")
    objectives: dict[str, Objective] = {o.id: o for o in site.objectives}
    found = objectives.get(name)
    if found is None:
        raise NewError(
            f"--parent {name!r} is not an objective{_near(name, objectives, 'objectives include')}"
        )
    if kr:
        refs = [k.ref for k in found.key_results] + [str(k.index) for k in found.key_results]
        if kr not in refs:
            valid = ", ".join(f"{name}#{k.ref}" for k in found.key_results) or "none: it has no key results"
            raise NewError(f"--parent {parent!r}: {name} has no key result {kr!r}; its key results: {valid}")
    return parent


def _owner(request: NewFile, site: Site, notes: list[str]) -> str:
    """The owner (a team's lead for `new team`); an objective defaults to its team's lead."""
    owner = request.owner
    flag = "--lead" if request.kind == "team" else "--owner"
    if owner:
        if not ID_PATTERN.fullmatch(owner):
            raise NewError(f"{flag} {owner!r} is not an id: write a person's id like maria")
        if site.has_directory:
            people = {p.id for p in site.people}
            allowed: Collection[str] = (
                people if request.kind == "team" else people | {t.id for t in site.teams}
            )
            if owner not in allowed:
                what = "a person in content/people.yaml" + ("" if request.kind == "team" else " nor a team")
                raise NewError(f"{flag} {owner!r} is not {what}{_near(owner, allowed, 'known ids include')}")
        return owner
    if request.kind == "objective" and request.team:
        team = next((t for t in site.teams if t.id == request.team), None)
        if team is not None and team.lead:
            notes.append(f"Owner: {team.lead}, the lead of {team.id} (another with --owner).")
            return team.lead
    return ""


def _period(given: str, result: CheckResult, today: date) -> str:
    """The period's canonical key (`2026-q1` gives `2026-Q1`); default: the current quarter."""
    config = result.config
    if not given:
        return quarter_of(today, config.fiscal_year).key
    try:
        return parse_period(given, config.fiscal_year, config.periods).key
    except PeriodError as exc:
        raise NewError(f"--period {given!r}: {exc}") from exc


# Writing the text ------------------------------------------------------------------------------


def _line(key: str, value: str, comment: str = "") -> str:
    text = f"{key}: {yaml_scalar(value)}"
    return f"{text}  # {comment}" if comment else text


def objective_text(
    title: str, period: str, team: str, owner: str, parent: str, commitment: str, draft: bool
) -> str:
    """An objective with placeholder key results and initiatives to fill in."""
    lines = ["---", _line("title", title), _line("period", period)]
    if team:
        lines.append(_line("team", team))
    if owner:
        lines.append(_line("owner", owner))
    if parent:
        lines.append(_line("parent", parent))
    lines.append(_line("commitment", commitment, "aspirational: 0.7 is success | committed: 1.0 is expected"))
    if draft:
        lines.append(_line("status", "draft", "left out of the site until removed"))
    lines.append("key_results:")
    lines.append('  # 3 to 5 measurable results, each "from X to Y": write start and target as 24h, 80%,')
    lines.append("  # 1,500 or $2M. Each key result may name its own owner (owner: <person-id>).")
    ordinals = ("First", "Second", "Third", "Fourth", "Fifth")
    for i in range(PLACEHOLDER_KRS):
        lines += [
            f"  - title: {ordinals[i]} key result (what changes, from X to Y)",
            "    start: TBD",
            "    target: TBD",
        ]
    lines.append("initiatives:")
    lines.append("  # The work that moves the key results (3 to 5).")
    for i in range(3):
        lines.append(f"  - title: {ordinals[i]} initiative")
    lines += ["---", "Why this objective matters, in Markdown.", ""]
    return "\n".join(lines)


def kpi_text(title: str, team: str, owner: str) -> str:
    """A KPI with commented examples of a threshold and a value."""
    lines = ["---", _line("title", title)]
    if team:
        lines.append(_line("team", team))
    if owner:
        lines.append(_line("owner", owner))
    lines += [
        '# unit: "%"',
        '# healthy: ">= 85%"   # at or above: healthy (also "< 1000", "between 40 and 60")',
        '# warning: ">= 80%"   # between warning and healthy: warning; outside both: breach',
        "frequency: monthly  # daily | weekly | monthly | quarterly | yearly",
        "values: []",
        "#  - {date: 2026-01-31, value: 86%}",
        "---",
        "How the KPI is measured, who looks at it, and what happens when it is breached.",
        "",
    ]
    return "\n".join(lines)


def team_text(name: str, parent: str, lead: str) -> str:
    """A team with its name, parent and lead."""
    lines = ["---", _line("name", name)]
    if parent:
        lines.append(_line("parent", parent))
    if lead:
        lines += [_line("lead", lead), f"members: [{yaml_scalar(lead)}]"]
    lines += ["---", "The team's mission, in Markdown: what it does, and for whom.", ""]
    return "\n".join(lines)
