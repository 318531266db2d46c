"""Team files and the people directory."""

from __future__ import annotations

from okrsite.fields import Fields, FileContext, type_name
from okrsite.model import Person, Source, Team, Visibility
from okrsite.validate.wikilinks import wiki_links
from okrsite.yamlread import LocDict, read_yaml

TEAM_KEYS = ("type", "id", "name", "parent", "lead", "members", "visibility")
PERSON_KEYS = ("name", "title", "team", "email")


def read_team(f: Fields, tid: str, source: Source, body: str, body_line: int) -> Team | None:
    """Read a team; None without a name."""
    f.check_keys(TEAM_KEYS)
    name = f.text("name", "the team's name as people say it")
    if not name:
        return None
    return Team(
        id=tid,
        name=name,
        source=source,
        parent=f.ident("parent"),
        lead=f.ident("lead"),
        members=tuple(i for i, _ in f.ids("members")),
        visibility=Visibility(f.choice("visibility", [v.value for v in Visibility], "public")),
        body=body,
        body_line=body_line,
        wiki_links=wiki_links(body, body_line),
    )


def read_people(path: str, text: str) -> tuple[tuple[Person, ...], FileContext, bool]:
    """Read people.yaml: `id: {name, title, team}` entries (or `id: Full Name`).

    The flag says whether the directory could be read; when it cannot, owners are not checked
    against it (one error about the file beats a dozen about every owner in the site)."""
    ctx = FileContext(path)
    result = read_yaml(text)
    if result.problem is not None:
        p = result.problem
        ctx.add(p.code, (p.line, p.col), "", f"invalid YAML: {p.message}", p.advice)
        return (), ctx, False
    for dup in result.duplicates:
        ctx.add(
            "OKR005",
            (dup.line, dup.col),
            dup.key,
            f"'{dup.key}' is listed twice (first on line {dup.first_line})",
            "keep one entry",
        )
    data = result.value
    if data is None:
        return (), ctx, True
    if not isinstance(data, LocDict):
        ctx.add(
            "OKR004",
            (1, 1),
            "",
            "people.yaml should map each person's id to their details",
            "write 'maria: {name: Maria Jensen, team: sales}'",
        )
        return (), ctx, False
    top = Fields(ctx, data)
    people: list[Person] = []
    for pid, value in data.items():
        source = Source(path, top.line(str(pid)))
        if isinstance(value, str):
            people.append(Person(str(pid), value, source))
            continue
        entry = top.mapping(str(pid)) if isinstance(value, LocDict) else None
        if entry is None:
            if not isinstance(value, LocDict):
                top.error(
                    "OKR102",
                    str(pid),
                    f"'{pid}' should have a name or a mapping of details, got {type_name(value)}",
                )
            continue
        entry.check_keys(PERSON_KEYS)
        name = entry.text("name", "the person's name")
        where = Source(path, source.line, {k: (ctx.line(m[0]), m[1]) for k, m in value.value_marks.items()})
        people.append(Person(str(pid), name or str(pid), where, entry.text("title"), entry.ident("team")))
    return tuple(people), ctx, True
