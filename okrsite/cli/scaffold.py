"""The commands that start things: `okrsite init` (a repository) and `okrsite new` (a file)."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from okrsite.cli.base import EXIT_PROBLEMS, SITE_PATH, main, plural, site_root
from okrsite.model import Commitment
from okrsite.report import format_text
from okrsite.scaffold.init import InitConflictError, init, requirement
from okrsite.scaffold.naming import default_name, site_title
from okrsite.scaffold.new import NewError, NewFile, create


@main.command("init")
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--name", help="The organisation's name (default: from the folder's name).")
def init_command(directory: str, name: str | None) -> None:
    """Start a goals repository in DIRECTORY (default: here).

    Writes okrsite.yaml, an example company, team, objective and KPI under content/, CI for
    GitHub Actions and GitLab, netlify.toml, a pre-commit configuration, .gitignore and a README
    that explains how to propose a change. Never overwrites a file.
    """
    root = Path(directory)
    if root.exists() and not root.is_dir():
        raise click.BadParameter(f"{directory} is a file, not a folder", param_hint="DIRECTORY")
    try:
        written = init(root, name)
    except InitConflictError as exc:
        listing = "\n".join(f"  {path}" for path in exc.conflicts)
        raise click.UsageError(
            f"{root.resolve()} already has {plural(len(exc.conflicts), 'file')} that okrsite init "
            f"would create:\n{listing}\nNothing was written. Run okrsite init in a new or empty "
            "folder (okrsite init NEW-FOLDER), or move these files away first."
        ) from exc
    except OSError as exc:
        raise click.UsageError(f"cannot write into {root.resolve()}: {exc.strerror or exc}.") from exc
    click.echo(f"Created a goals repository in {root.resolve()}:")
    for path in written:
        click.echo(f"  {path}")
    if not (name and name.strip()):
        chosen = default_name(root)
        click.echo(
            f'\nNamed after the folder: the organisation "{chosen}", the site "{site_title(chosen)}". '
            "To rename them, edit 'name:' in content/teams/company.md and 'title:' in okrsite.yaml "
            "(or start again with okrsite init --name NAME)."
        )
    here = Path(directory).resolve() == Path.cwd().resolve()
    steps = ([] if here else [f"cd {shlex.quote(directory)}"]) + [
        "git init -b main && git add . && git commit -m 'Our goals'",
        f"pip install -r requirements.txt     # {requirement()}",
        "okrsite serve                       # preview at http://127.0.0.1:8000 while you edit",
        "push to GitHub or GitLab: CI checks every pull request (README.md says how to publish)",
    ]
    click.echo("\nNext steps:")
    for step in steps:
        click.echo(f"  {step}")


@main.group("new")
def new_group() -> None:
    """Create an objective, a KPI or a team file from flags, ready to fill in."""


ID_OPTION = click.option("--id", "new_id", default="", help="The id and file name (default: from the title).")


@new_group.command("objective")
@click.option("--title", required=True, help="What the objective is: qualitative and inspiring.")
@ID_OPTION
@click.option("--team", default="", help="The owning team's id.")
@click.option("--owner", default="", help="The accountable person (default: the team's lead).")
@click.option(
    "--period", default="", help="2026, 2026-H1, 2026-Q1 or a custom period (default: this quarter)."
)
@click.option("--parent", default="", help="The objective (or objective#kr) this one aligns to.")
@click.option(
    "--commitment",
    type=click.Choice([c.value for c in Commitment]),
    default=Commitment.ASPIRATIONAL.value,
    show_default=True,
    help="Aspirational counts 0.7 as success; committed expects 1.0.",
)
@click.option("--draft", is_flag=True, help="Mark it a draft (left out of the site until ready).")
@SITE_PATH
def new_objective(
    title: str,
    new_id: str,
    team: str,
    owner: str,
    period: str,
    parent: str,
    commitment: str,
    draft: bool,
    path: str,
) -> None:
    """Create content/objectives/PERIOD/ID.md with key results to fill in."""
    request = NewFile("objective", title, new_id, team, owner, period, parent, commitment, draft)
    _create(path, request)


@new_group.command("kpi")
@click.option("--title", required=True, help="The metric's name.")
@ID_OPTION
@click.option("--team", default="", help="The team that watches it.")
@click.option("--owner", default="", help="The person who watches it.")
@SITE_PATH
def new_kpi(title: str, new_id: str, team: str, owner: str, path: str) -> None:
    """Create content/kpis/ID.md, ready for a threshold and values."""
    _create(path, NewFile("kpi", title, new_id, team, owner))


@new_group.command("team")
@click.option("--title", required=True, help="The team's name.")
@ID_OPTION
@click.option("--parent", default="", help="The team it belongs to (none: a company).")
@click.option("--owner", "--lead", "owner", default="", help="The team's lead (a person's id).")
@SITE_PATH
def new_team(title: str, new_id: str, parent: str, owner: str, path: str) -> None:
    """Create content/teams/ID.md."""
    _create(path, NewFile("team", title, new_id, owner=owner, parent=parent))


def _create(path: str, request: NewFile) -> None:
    root = site_root(path, "--path")
    try:
        created = create(root, request)
    except NewError as exc:
        message = str(exc) + ("" if str(exc).endswith((".", "?")) else ".")
        raise click.UsageError(f"{message} Nothing was written.") from exc
    click.echo(f"Created {created.path} (id {created.id}).")
    if created.diagnostics:
        click.echo(format_text(created.diagnostics, created.sources, click.style))
    for note in created.notes:
        click.echo(f"note: {note}")
    if created.other_errors:
        click.echo(
            f"note: the site has {plural(created.other_errors, 'error')} in other files; "
            "okrsite check lists them."
        )
    if created.errors:
        click.echo(
            f"{created.path} has {plural(created.errors, 'error')}: fix them before you commit.",
            err=True,
        )
        sys.exit(EXIT_PROBLEMS)
