"""Per-file validation: each content file on its own, into model records and diagnostics."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from okrsite.config import SiteConfig
from okrsite.diagnostics import Diagnostic, make
from okrsite.fields import ID_PATTERN, Fields, FileContext, positions
from okrsite.frontmatter import parse_front_matter
from okrsite.load import SourceFile
from okrsite.model import KPI, Objective, Person, Source, Team
from okrsite.validate.kpi import read_kpi
from okrsite.validate.objective import read_objective
from okrsite.validate.team import read_people, read_team

PEOPLE_FILES = ("people.yaml", "people.yml")
KINDS = ("objective", "kpi", "team")


@dataclass
class FileResults:
    """Records read from the files, with the diagnostics of each file."""

    teams: list[Team] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    has_directory: bool = False
    objectives: list[Objective] = field(default_factory=list)
    kpis: list[KPI] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def kind_of(rel_to_content: str) -> str:
    """The kind a file's folder implies: teams/ and kpis/ at the top, objectives elsewhere."""
    top = rel_to_content.split("/", 1)[0]
    return {"teams": "team", "kpis": "kpi"}.get(top, "objective")


def id_of(path: str) -> str:
    """An id from a file name: the name without `.md`, spaces and odd characters made `-`."""
    stem = posixpath.splitext(posixpath.basename(path))[0]
    return re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._")


def read_files(files: tuple[SourceFile, ...], config: SiteConfig) -> FileResults:
    """Validate every file on its own; cross-file checks come after."""
    out = FileResults()
    texts = {f.path: f.text for f in files}
    csv_ctx: dict[str, FileContext] = {}
    prefix = config.content_dir.strip("/") + "/"
    for source in files:
        rel = source.path[len(prefix) :] if source.path.startswith(prefix) else source.path
        name = posixpath.basename(rel)
        if rel in PEOPLE_FILES:
            people, ctx, readable = read_people(source.path, source.text)
            out.people.extend(people)
            out.has_directory = out.has_directory or readable
            out.diagnostics.extend(ctx.diagnostics)
        elif name.endswith(".md"):
            _read_markdown(source, kind_of(rel), config, texts, csv_ctx, out)
        elif name.endswith((".yaml", ".yml")):
            ctx = FileContext(source.path)
            ctx.add(
                "OKR009",
                (1, 1),
                "",
                f"okrsite does not read '{rel}'",
                "the people directory is content/people.yaml; goals and KPIs are .md files",
            )
            out.diagnostics.extend(ctx.diagnostics)
    for ctx in csv_ctx.values():
        out.diagnostics.extend(ctx.diagnostics)
    for source in files:
        if source.path.endswith(".csv") and source.path not in csv_ctx:
            out.diagnostics.append(
                make(
                    "OKR009",
                    source.path,
                    1,
                    1,
                    "",
                    "no KPI reads this CSV file",
                    "name it in a KPI's 'source:' (relative to the KPI file), or remove it",
                )
            )
    return out


def _read_markdown(
    source: SourceFile,
    folder_kind: str,
    config: SiteConfig,
    texts: dict[str, str],
    csv_ctx: dict[str, FileContext],
    out: FileResults,
) -> None:
    ctx = FileContext(source.path)
    parsed = parse_front_matter(source.text, ctx)
    if parsed.data is not None:
        f = Fields(ctx, parsed.data)
        kind = f.choice("type", KINDS, folder_kind)
        ident = f.ident("id") or id_of(source.path)
        if not ID_PATTERN.fullmatch(ident or "-"):
            ctx.diagnostics.append(
                make(
                    "OKR113",
                    source.path,
                    1,
                    1,
                    "id",
                    f"cannot make an id from the file name {source.path!r}",
                    "rename the file with letters and digits, or set 'id:' in the front matter",
                )
            )
        else:
            src = Source(source.path, 1, positions(parsed.data, ctx.offset))
            body, line = parsed.body, parsed.body_line
            if kind == "objective":
                out.objectives.append(read_objective(f, ident, src, body, line, config))
            elif kind == "kpi":
                kpi = read_kpi(f, ident, src, body, line, texts, csv_ctx)
                if kpi is not None:
                    out.kpis.append(kpi)
            else:
                team = read_team(f, ident, src, body, line)
                if team is not None:
                    out.teams.append(team)
    out.diagnostics.extend(ctx.diagnostics)
