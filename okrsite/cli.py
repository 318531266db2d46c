"""The command line: thin commands over the library, and the only place that prints.

Exit codes: 0 fine, 1 content problems (or warnings under --strict), 2 usage, 3 an internal
error (a bug: reported without a traceback unless --debug).
"""

from __future__ import annotations

import errno
import signal
import sys
import time
import webbrowser
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from okrsite import __version__
from okrsite.build import build
from okrsite.check import CheckResult, check
from okrsite.report import format_github, format_text, to_json
from okrsite.site.theme import ThemeError
from okrsite.write import UnsafeOutputError

EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


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


def _site_root(path: str) -> Path:
    root = Path(path)
    if not root.is_dir():
        raise click.BadParameter(f"{path} is not a folder", param_hint="PATH")
    if not (root / "okrsite.yaml").is_file() and not (root / "content").is_dir():
        raise click.UsageError(
            f"{root.resolve()} holds neither okrsite.yaml nor a content/ folder.\n"
            "Run okrsite in your goals repository's root, or give its path: okrsite check PATH"
        )
    return root


def _as_of(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


AS_OF = click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date to score and lint against (default: okrsite.yaml's as_of, else today).",
)


def summary(result: CheckResult) -> dict[str, object]:
    """The counts printed after a check and put in the JSON report."""
    site = result.site
    return {
        "files": result.file_count,
        "objectives": len(site.objectives),
        "key_results": sum(len(o.key_results) for o in site.objectives),
        "kpis": len(site.kpis),
        "teams": len(site.teams),
        "people": len(site.people),
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


def _report(result: CheckResult, fmt: str) -> None:
    """Print the diagnostics in the chosen format, then the summary line."""
    if fmt == "json":
        click.echo(to_json(result.diagnostics, summary(result)))
        return
    text = (
        format_github(result.diagnostics)
        if fmt == "github"
        else format_text(result.diagnostics, result.sources, click.style)
    )
    if text:
        click.echo(text)
        if fmt == "text":
            click.echo()
    click.echo(summary_line(result))


def _fail_if(result: CheckResult, strict: bool, what: str) -> None:
    if result.failed(strict):
        reason = "warnings (--strict)" if strict and not result.errors else "errors"
        click.echo(f"{what} because of {reason}.", err=True)
        sys.exit(EXIT_PROBLEMS)


PATH_ARG = click.argument("path", default=".", type=click.Path(file_okay=False))
STRICT = click.option("--strict", is_flag=True, help="Fail on warnings too.")
FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="text for people, github for Actions annotations, json for tools.",
)


@main.command("build")
@PATH_ARG
@click.option("--out", type=click.Path(file_okay=False), help="Output folder (default: public/ in PATH).")
@STRICT
@click.option("--drafts", is_flag=True, help="Include draft objectives (for previews).")
@FORMAT
@AS_OF
def build_command(
    path: str, out: str | None, strict: bool, drafts: bool, fmt: str, as_of: datetime | None
) -> None:
    """Check, score and write the site for PATH (default: here)."""
    root = _site_root(path)
    try:
        result = build(root, Path(out) if out else None, _as_of(as_of), strict, drafts)
    except UnsafeOutputError as exc:
        raise click.UsageError(f"{exc}.") from exc
    except ThemeError as exc:
        click.echo(f"error: {exc}\nNothing was written; the last good site is unchanged.", err=True)
        sys.exit(EXIT_PROBLEMS)
    _report(result.check, fmt)
    _fail_if(result.check, strict, "Nothing was written")
    if fmt != "json":
        click.echo(f"Wrote {result.files} files to {result.out} (as of {result.check.as_of}).")


@main.command("check")
@PATH_ARG
@FORMAT
@STRICT
@AS_OF
def check_command(path: str, fmt: str, strict: bool, as_of: datetime | None) -> None:
    """Validate the goals in PATH (default: here) and write nothing."""
    result = check(_site_root(path), _as_of(as_of))
    _report(result, fmt)
    _fail_if(result, strict, "Check failed")


@main.command("serve")
@PATH_ARG
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 exposes it)."
)
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port; 0 picks a free one."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a browser.")
@click.option("--poll", is_flag=True, help="Poll for changes (Docker bind mounts, network drives).")
@click.option("--no-drafts", is_flag=True, help="Leave drafts out, as a production build does.")
@AS_OF
def serve_command(
    path: str, host: str, port: int, open_browser: bool, poll: bool, no_drafts: bool, as_of: datetime | None
) -> None:
    """Preview the site for PATH with live reload: edit a goal, see it in the browser."""
    from okrsite.serve.app import open_preview

    root = _site_root(path)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"warning: listening on {host}: anyone who can reach this machine can read the preview.", err=True
        )
    try:
        preview = open_preview(root, host, port, _as_of(as_of), poll, not no_drafts, say=click.echo)
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES):
            raise click.UsageError(
                f"cannot listen on {host}:{port} ({exc.strerror}). Another preview may be running: "
                f"stop it, or choose another port with --port {port + 1} (or --port 0 for any free one)."
            ) from exc
        raise
    preview.start()
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as cleanly as Ctrl-C
    click.echo(f"Serving {root.resolve()} at {preview.url} (Ctrl-C to stop)")
    if open_browser:
        webbrowser.open(preview.url)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        click.echo("\nStopping.")
    finally:
        preview.stop()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
