"""`okrsite import csv FILE`: objectives, key results, initiatives and KPIs from a spreadsheet."""

from __future__ import annotations

import re
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import click

from okrsite.cli.base import AS_OF, EXIT_PROBLEMS, SITE_PATH, STRICT, as_of_date, main, plural, site_root
from okrsite.importer.run import ImportRequest, ImportUsageError, Outcome, import_file
from okrsite.importer.writing import ImportFailedError


@main.group("import")
def import_group() -> None:
    """Bring goals in from a spreadsheet (CSV, or XLSX with okrsite[xlsx])."""


@import_group.command("csv")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Read COLUMN as FIELD (owner, target, ...; ignore leaves it out). Repeat for more columns.",
)
@click.option("--period", default="", help="The period of rows that have none (2026-Q1, Q1 2026, 2026).")
@click.option(
    "--into",
    default="",
    help="Where the new files go, inside the content folder (default: the content folder itself).",
)
@click.option("--sheet", default="", help="The sheet of an .xlsx workbook (default: the first).")
@click.option(
    "--decimal",
    type=click.Choice(["auto", "comma", "point"]),
    default="auto",
    show_default=True,
    help="The decimal separator of the numbers (auto: decided per column from its values).",
)
@click.option("--partial", is_flag=True, help="Write the rows that can be imported when others cannot.")
@click.option("--dry-run", is_flag=True, help="Show the files it would write, and write nothing.")
@STRICT
@SITE_PATH
@AS_OF
def import_csv(
    file: Path,
    maps: tuple[str, ...],
    period: str,
    into: str,
    sheet: str,
    decimal: str,
    partial: bool,
    dry_run: bool,
    strict: bool,
    path: str,
    as_of: datetime | None,
) -> None:
    """Import the OKRs in FILE (.csv, .tsv, .txt or .xlsx) as new content files.

    One row per key result (the objective's columns repeated, or left blank below its first
    row), or one row per item with a type column (objective, key result, initiative, KPI) and a
    parent column. Column names in English, Danish or Swedish are recognised (docs/import.md).
    Writes one file per objective and KPI, a team file for each new team and people entries for
    new owners, after checking them together with the site. Never overwrites a file.
    """
    root = site_root(path, "--path")
    request = ImportRequest(
        file, maps, period, into, sheet, decimal, partial, strict, not dry_run, as_of_date(as_of)
    )
    try:
        outcome = import_file(root, request)
    except ImportUsageError as exc:
        raise click.UsageError(f"{exc}. Nothing was written.") from exc
    except ImportFailedError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    _report(outcome, dry_run, partial)


def _report(out: Outcome, dry_run: bool, partial: bool) -> None:
    for note in out.notes:
        click.echo("note: " + re.sub(r"^row (\d+): ", lambda m: f"{out.source}:{m.group(1)}: ", note))
    for p in sorted(out.problems, key=lambda p: p.row):
        where = f"{out.source}:{p.row}" if p.row else out.source
        click.echo(f"{where}: {p.message}" + (f" ({p.hint})" if p.hint else ""), err=True)
    failed = out.failed_rows
    blocked = bool(failed) and not partial
    if dry_run and not blocked:
        for planned in out.planned:
            what = "lines added at its end" if planned.exists else "new file"
            click.echo(f"=== {planned.path} ({what}) ===")
            click.echo(planned.added if planned.exists else planned.text, nl=False)
    if out.planned and not blocked:
        _files(out, dry_run)
    if out.lints and not blocked:
        click.echo(
            f"The new files raise {plural(len(out.lints), 'warning')} (okrsite check reports them too):"
        )
        for d, row in out.lints:
            click.echo(f"  {d.path}:{d.line}: {d.code} {d.name}: {d.message} (row {row})")
        counts = Counter(f"{d.code} {d.name}" for d, _ in out.lints)
        click.echo("  In all: " + ", ".join(f"{name} \u00d7{n}" for name, n in sorted(counts.items())))
    if out.other_errors:
        click.echo(
            f"note: the site has {plural(out.other_errors, 'error')} in its own files; "
            "okrsite check lists them."
        )
    _verdict(out, dry_run, partial, failed)


def _files(out: Outcome, dry_run: bool) -> None:
    kinds = Counter(p.kind for p in out.planned)
    objectives = [p.item for p in out.planned if p.kind == "objective"]
    krs = sum(len(getattr(o, "krs", ())) for o in objectives)
    initiatives = sum(len(getattr(o, "initiatives", ())) for o in objectives)
    people = sum(len(p.spans) for p in out.planned if p.kind == "people")
    verb = "Would write" if dry_run else "Wrote"
    click.echo(
        f"{verb} {plural(kinds['objective'], 'objective')} ({plural(krs, 'key result')}, "
        f"{plural(initiatives, 'initiative')}), {plural(kinds['kpi'], 'KPI')}, "
        f"{plural(kinds['team'], 'new team')} and {plural(people, 'new person', 'new people')} "
        f"from {out.source} ({out.shape}):"
    )
    for p in out.planned:
        extra = f" ({plural(len(p.spans), 'person', 'people')} added)" if p.kind == "people" else ""
        click.echo(f"  {p.path}{extra}")


def _verdict(out: Outcome, dry_run: bool, partial: bool, failed: list[int]) -> None:
    if failed and not partial:
        click.echo(
            f"{plural(len(failed), 'row')} cannot be imported, so nothing was written. Fix them, or "
            "import the other rows with --partial.",
            err=True,
        )
        sys.exit(EXIT_PROBLEMS)
    if out.refused:
        click.echo(f"Nothing was written: {out.refused}.", err=True)
        sys.exit(EXIT_PROBLEMS)
    if not out.ready:
        click.echo("Nothing was imported.", err=True)
        sys.exit(EXIT_PROBLEMS)
    if failed:
        click.echo(f"{plural(len(failed), 'row')} left out (--partial): see above.", err=True)
    if dry_run:
        click.echo("Nothing was written (--dry-run).")
    else:
        click.echo("The new files check clean with the site: 0 errors.")
