"""The command group and what every command shares: options, exit codes, the report printer.

Exit codes: 0 fine, 1 content problems (or warnings under --strict), 2 usage, 3 an internal
error (a bug: reported without a traceback unless --debug), 130 interrupted, 141 the reader of
the output went away (`okrsite check | head -1`), as a command killed by SIGPIPE ends.
"""

from __future__ import annotations

import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from okrsite import __version__
from okrsite.check import CheckResult
from okrsite.report import format_github, format_gitlab, format_text, to_json

EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_PIPE = 141  # 128 + SIGPIPE: what a shell reports for `git log | head -1`


class OkrsiteGroup(click.Group):
    """A group that turns an unexpected exception into one line and exit code 3."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("okrsite: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:  # the reader closed the pipe: stop quietly, nothing is wrong
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # so the flush at exit does not fail again
            sys.exit(EXIT_PIPE)
        except Exception as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(
                f"okrsite: internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in okrsite, not in your content. Run again with --debug for the "
                "traceback and report it at https://github.com/okrsite/okrsite/issues",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)


@click.group(cls=OkrsiteGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="okrsite")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """okrsite: OKRs and KPIs as code, published as a static site."""
    ctx.obj = {"debug": debug}


def site_root(path: str, option: str = "PATH") -> Path:
    """The goals repository's root, or a usage error that says how to point at it: `option` is
    how this command takes the path (an argument, or `--path`)."""
    root = Path(path)
    if not root.is_dir():
        raise click.BadParameter(f"{path} is not a folder", param_hint=option)
    if path == "." and not _is_site(root):
        root = _enclosing_site(root) or root
    if not _is_site(root):
        ctx = click.get_current_context(silent=True)
        command = ctx.command_path if ctx else "okrsite"
        how = f"{command} ... --path DIR" if option == "--path" else f"{command} PATH"
        raise click.UsageError(
            f"{root.resolve()} holds neither okrsite.yaml nor a content/ folder.\n"
            f"Run okrsite in your goals repository's root, or give its path: {how}"
        )
    return root


def _is_site(folder: Path) -> bool:
    return (folder / "okrsite.yaml").is_file() or (folder / "content").is_dir()


def _enclosing_site(folder: Path) -> Path | None:
    """The nearest folder above `folder` with an okrsite.yaml, as git finds its repository: so
    `okrsite checkin ...` works from content/objectives/ too. The search stops at the top of a
    git repository, so a stray okrsite.yaml above it is never picked up."""
    here = folder.resolve()
    if (here / ".git").exists():
        return None
    for above in here.parents:
        if (above / "okrsite.yaml").is_file():
            return above
        if (above / ".git").exists():
            return None
    return None


def as_of_date(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


AS_OF = click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date to score and lint against (default: okrsite.yaml's as_of, else today).",
)


def summary(result: CheckResult) -> dict[str, object]:
    """The counts printed after a check and put in the JSON report."""
    return {
        "files": result.file_count,
        **result.counts,
        "errors": result.errors,
        "warnings": result.warnings,
        "as_of": result.as_of.isoformat(),
    }


def plural(n: object, word: str, many: str = "") -> str:
    """`1 team`, `2 teams`."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def summary_line(result: CheckResult) -> str:
    """One line: what was checked and what was found."""
    s = summary(result)
    return (
        f"Checked {plural(s['files'], 'file')}: {plural(s['objectives'], 'objective')}, "
        f"{plural(s['key_results'], 'key result')}, {plural(s['kpis'], 'KPI')}, "
        f"{plural(s['teams'], 'team')}, {plural(s['people'], 'person', 'people')}. "
        f"{plural(s['errors'], 'error')}, {plural(s['warnings'], 'warning')}."
    )


def repository_prefix(root: Path) -> str:
    """Where the site lies in its git repository (`handbook/goals/`), for the formats whose paths
    CI resolves from the repository's top (GitHub annotations, GitLab Code Quality); else where
    it lies below the working folder; else nothing (paths stay relative to the site)."""
    site = root.resolve()
    for folder in (site, *site.parents):
        if (folder / ".git").exists():
            top = folder
            break
    else:
        top = Path.cwd().resolve()
    try:
        inside = site.relative_to(top).as_posix()
    except ValueError:
        return ""
    return "" if inside == "." else inside + "/"


def print_report(result: CheckResult, fmt: str, root: Path | None = None) -> None:
    """Print the diagnostics in the chosen format, then the summary line. The CI formats name
    files from the repository's top when `root` (the site) is given."""
    if fmt == "json":
        click.echo(to_json(result.diagnostics, summary(result)))
        return
    prefix = repository_prefix(root) if root is not None and fmt in ("github", "gitlab") else ""
    if fmt == "gitlab":  # stdout is the report file; the summary goes to the job's log
        click.echo(format_gitlab(result.diagnostics, prefix))
        click.echo(summary_line(result), err=True)
        return
    text = (
        format_github(result.diagnostics, prefix)
        if fmt == "github"
        else format_text(result.diagnostics, result.sources, click.style)
    )
    if text:
        click.echo(text)
        if fmt == "text":
            click.echo()
    click.echo(summary_line(result))


def fail_if(result: CheckResult, strict: bool, what: str) -> None:
    if result.failed(strict):
        reason = "warnings (--strict)" if strict and not result.errors else "errors"
        click.echo(f"{what} because of {reason}.", err=True)
        sys.exit(EXIT_PROBLEMS)


PATH_ARG = click.argument("path", default=".", type=click.Path(file_okay=False))
SITE_PATH = click.option(  # for commands whose arguments are something else
    "--path",
    "path",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False),
    help="The goals repository's root (where okrsite.yaml is).",
)
STRICT = click.option("--strict", is_flag=True, help="Fail on warnings too.")
FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "gitlab", "json"]),
    default="text",
    show_default=True,
    help="text for people, github for Actions annotations, gitlab for a Code Quality report, json for tools.",
)
