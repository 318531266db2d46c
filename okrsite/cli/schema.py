"""`okrsite schema`: the JSON Schemas editors use to complete and check files while typing."""

from __future__ import annotations

from pathlib import Path

import click

from okrsite import schema as schemas
from okrsite.cli.base import main

ALL = "all"


@main.command("schema")
@click.argument("name", required=False, default=ALL, type=click.Choice([*schemas.NAMES, ALL]))
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="Write okrsite-NAME.schema.json files into this folder (made if missing) instead of printing.",
)
def schema_command(name: str, out: str | None) -> None:
    """Print the JSON Schema of a kind of file (default: all of them), or write them to --out.

    objective, kpi and team describe the front matter of content files, people
    content/people.yaml, config okrsite.yaml. `all` prints one JSON object keyed by those names.
    Editors use the schemas to complete keys and flag typos as you type (docs/editors.md);
    okrsite check remains the judge.
    """
    names = schemas.NAMES if name == ALL else (name,)
    if out is None:
        document = {n: schemas.schema(n) for n in names} if name == ALL else schemas.schema(name)
        click.echo(schemas.render(document), nl=False)
        return
    folder = Path(out)
    targets = [(folder / schemas.file_name(n), n) for n in names]
    for path, _ in targets:
        if path.exists() and not (path.is_file() and schemas.is_generated(_read(path))):
            raise click.UsageError(
                f"{path} exists and was not written by okrsite schema: it is left as it is. "
                "Move it away, or choose another --out folder."
            )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, n in targets:
            path.write_text(schemas.render(schemas.schema(n)), encoding="utf-8")
            click.echo(f"Wrote {path}")
    except OSError as exc:
        raise click.UsageError(f"cannot write to {folder}: {exc.strerror or exc}.") from exc


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return ""
