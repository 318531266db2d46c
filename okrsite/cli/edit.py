"""Commands that edit goal files in place: checkin and carry-over."""

from __future__ import annotations

import difflib
import sys
from datetime import date, datetime
from typing import NoReturn

import click

from okrsite.cli.base import AS_OF, EXIT_PROBLEMS, SITE_PATH, as_of_date, main, plural, site_root
from okrsite.edit.carry import carry_over
from okrsite.edit.checkin import CheckinRequest, CheckinResult, add_checkin
from okrsite.edit.document import EditError
from okrsite.report import format_text
from okrsite.score.model import KRScore

DRY_RUN = click.option("--dry-run", is_flag=True, help="Show the change as a diff and write nothing.")


def _fail(exc: EditError) -> NoReturn:
    """A mistake in the command is a usage error (exit code 2); a refusal because of a file's
    content is exit code 1."""
    if exc.usage:
        raise click.UsageError(str(exc)) from exc
    click.echo(f"error: {exc}", err=True)
    sys.exit(EXIT_PROBLEMS)


@main.command("checkin")
@click.argument("ref", metavar="OBJECTIVE#KR")
@click.argument("value")
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The day the value was measured (default: today).",
)
@click.option("--confidence", type=click.FloatRange(0, 1), help="How likely the target is met, 0 to 1.")
@click.option("--note", default="", help="A short note: what moved the number.")
@click.option("--by", default="", help="Who measured (a person id).")
@SITE_PATH
@DRY_RUN
@AS_OF
def checkin_command(
    ref: str,
    value: str,
    day: datetime | None,
    confidence: float | None,
    note: str,
    by: str,
    path: str,
    dry_run: bool,
    as_of: datetime | None,
) -> None:
    """Record VALUE for a key result: `okrsite checkin grow-nordics#2 12%`.

    OBJECTIVE#KR names the key result by its position (#1 is the first) or its `id:`.
    Only the new check-in's lines are added to the file; everything else stays as written.
    """
    root = site_root(path, "--path")
    request = CheckinRequest(ref, value, day.date() if day else date.today(), confidence, note, by)
    try:
        result = add_checkin(root, request, as_of_date(as_of), write=not dry_run)
    except EditError as exc:
        _fail(exc)
    if dry_run:
        _print_diff(result)
        click.echo("Nothing was written (--dry-run).")
    else:
        kr = result.kr
        click.echo(
            f"Checked in {result.objective.id}#{kr.index} \u201c{kr.title}\u201d: {value} on {request.day} "
            f"({result.path}, line {result.line})."
        )
        change = _progress_change(result.before, result.after)
        if change:
            click.echo(change)
        for line in _timing(result, request.day):
            click.echo(line)
    if result.warnings:  # as okrsite check shows them, from the file as it now reads
        click.echo(format_text(result.warnings, {result.path: result.new_text}, click.style), err=True)


def _timing(result: CheckinResult, day: date) -> list[str]:
    """What the new check-in's date means for the score: a later check-in that counts stays the
    current value; one dated after the as-of date counts only from its day."""
    as_of, dates = result.as_of, [c.date for c in result.kr.checkins]
    lines = []
    if day > as_of:
        lines.append(
            f"This check-in is dated after {as_of}, the date scores are taken at: it counts from {day}."
        )
    counted = [d for d in dates if day < d <= as_of]
    if counted:
        lines.append(f"A later check-in ({max(counted)}) is still the current value.")
    future = [d for d in dates if d > max(day, as_of)]
    if future:
        lines.append(f"A check-in dated {min(future)}, after {as_of}, takes over from that day.")
    return lines


def _percent(k: KRScore | None) -> str:
    if k is None or k.score is None:
        return "not scored"
    return f"{round(k.score * 100)}%"  # an int: never "-0%"


def _progress_change(before: KRScore | None, after: KRScore | None) -> str:
    if after is None:
        return ""
    return f"Score {_percent(before)} \u2192 {_percent(after)}."


def _print_diff(result: CheckinResult) -> None:
    diff = difflib.unified_diff(
        result.old_text.splitlines(keepends=True),
        result.new_text.splitlines(keepends=True),
        f"a/{result.path}",
        f"b/{result.path}",
    )
    click.echo("".join(diff), nl=False)


@main.command("carry-over")
@click.argument("source", metavar="FROM-PERIOD")
@click.argument("target", metavar="TO-PERIOD")
@click.option("--team", default="", help="Only this team's objectives (default: every team's and person's).")
@SITE_PATH
@DRY_RUN
@AS_OF
def carry_over_command(
    source: str, target: str, team: str, path: str, dry_run: bool, as_of: datetime | None
) -> None:
    """Copy the unfinished objectives of FROM-PERIOD into TO-PERIOD as new files.

    Each new objective keeps the key results that are not done, starting from their last
    values, and records `carried_from:`. Existing files are never changed.
    """
    root = site_root(path, "--path")
    try:
        result = carry_over(root, source, target, team, as_of_date(as_of), write=not dry_run)
    except EditError as exc:
        _fail(exc)
    for old in result.already:
        click.echo(f"already carried: {old.source.id} -> {old.path}")
    for item in result.carried:
        kept = f"{len(item.carried)} of {len(item.source.key_results)} key results"
        click.echo(f"{item.source.id} -> {item.path} ({kept})")
        if dry_run:
            click.echo(item.text)
    if result.warnings:
        click.echo(format_text(result.warnings, result.sources, click.style), err=True)
    if any(d.code == "OKR308" for d in result.warnings):
        click.echo("Align the new objectives to parents of the new period (warnings above).", err=True)
    done = f"; {len(result.finished)} finished or closed stay behind" if result.finished else ""
    whose = f" for team {team}" if team else ""
    if not result.carried and not result.already:
        closed = f" ({len(result.finished)} finished or closed)" if result.finished else ""
        click.echo(f"No unfinished objectives in {result.source}{whose}{closed}: nothing to carry over.")
        return
    if not result.carried:
        click.echo(
            f"Nothing left to carry: every unfinished objective of {result.source}{whose} is already "
            f"in {result.target}{done}."
        )
        return
    verb = "Would carry" if dry_run else "Carried"
    skipped = f" ({len(result.already)} carried before)" if result.already else ""
    click.echo(
        f"{verb} {plural(len(result.carried), 'objective')} from {result.source} to {result.target}"
        f"{skipped}{done}."
    )
    if dry_run:
        click.echo("Nothing was written (--dry-run).")
