"""The site commands: check, build and serve."""

from __future__ import annotations

import errno
import signal
import sys
import time
import webbrowser
from datetime import datetime
from pathlib import Path

import click

from okrsite.build import build
from okrsite.check import check
from okrsite.cli.base import (
    AS_OF,
    EXIT_PROBLEMS,
    FORMAT,
    PATH_ARG,
    STRICT,
    as_of_date,
    fail_if,
    main,
    print_report,
    site_root,
)
from okrsite.site.theme import ThemeError
from okrsite.write import UnsafeOutputError


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
    root = site_root(path)
    try:
        result = build(root, Path(out) if out else None, as_of_date(as_of), strict, drafts)
    except UnsafeOutputError as exc:
        raise click.UsageError(f"{exc}.") from exc
    except ThemeError as exc:
        click.echo(f"error: {exc}\nNothing was written; the last good site is unchanged.", err=True)
        sys.exit(EXIT_PROBLEMS)
    print_report(result.check, fmt)
    fail_if(result.check, strict, "Nothing was written")
    if fmt not in ("json", "gitlab"):  # machine formats: stdout is the report alone
        click.echo(f"Wrote {result.files} files to {result.out} (as of {result.check.as_of}).")


@main.command("check")
@PATH_ARG
@FORMAT
@STRICT
@AS_OF
def check_command(path: str, fmt: str, strict: bool, as_of: datetime | None) -> None:
    """Validate the goals in PATH (default: here) and write nothing."""
    result = check(site_root(path), as_of_date(as_of))
    print_report(result, fmt)
    fail_if(result, strict, "Check failed")


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

    root = site_root(path)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"warning: listening on {host}: anyone who can reach this machine can read the preview.", err=True
        )
    try:
        preview = open_preview(root, host, port, as_of_date(as_of), poll, not no_drafts, say=click.echo)
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
