"""The site commands: check, build and serve."""

from __future__ import annotations

import errno
import os
import signal
import sys
import time
import webbrowser
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from okrsite.build import build
from okrsite.check import CheckCache, check
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
from okrsite.diskcache import load_check_cache, save_check_cache
from okrsite.site.theme import ThemeError
from okrsite.write import UnsafeOutputError

NO_CACHE = click.option(
    "--no-cache", is_flag=True, help="Ignore and leave alone .okrsite-cache/ (the results of earlier runs)."
)


@main.command("build")
@PATH_ARG
@click.option("--out", type=click.Path(file_okay=False), help="Output folder (default: public/ in PATH).")
@STRICT
@click.option("--drafts", is_flag=True, help="Include draft objectives (for previews).")
@FORMAT
@AS_OF
@NO_CACHE
def build_command(
    path: str, out: str | None, strict: bool, drafts: bool, fmt: str, as_of: datetime | None, no_cache: bool
) -> None:
    """Check, score and write the site for PATH (default: here)."""
    root = site_root(path)
    bar = ProgressBar()
    try:
        result = build(
            root,
            Path(out) if out else None,
            as_of_date(as_of),
            strict,
            drafts,
            progress=bar if bar.wanted() else None,
            use_cache=not no_cache,
        )
    except UnsafeOutputError as exc:
        raise click.UsageError(f"{exc}.") from exc
    except ThemeError as exc:
        click.echo(f"error: {exc}\nNothing was written; the last good site is unchanged.", err=True)
        sys.exit(EXIT_PROBLEMS)
    except OSError as exc:  # a full disk, a folder without write permission
        where = exc.filename or (out or "the output folder")
        click.echo(
            f"error: cannot write {where}: {exc.strerror or exc}\n"
            "The last good site is unchanged. Check the path, its permissions and free space, "
            "or choose another --out.",
            err=True,
        )
        sys.exit(EXIT_PROBLEMS)
    finally:
        bar.close()
    print_report(result.check, fmt)
    fail_if(result.check, strict, "Nothing was written")
    if fmt in ("json", "gitlab"):  # machine formats: stdout is the report alone
        return
    if result.up_to_date:
        click.echo(
            f"Nothing changed since the last build: {result.files} files in {result.out} are up to date."
        )
    else:
        click.echo(f"Wrote {result.files} files to {result.out} (as of {result.check.as_of}).")


class ProgressBar:
    """A bar on standard error for the long stages of a big build: only on a terminal, never in
    CI logs, and only once a stage is long enough to be worth watching."""

    MIN_TOTAL = 2_000

    def __init__(self) -> None:
        self._bar: Any = None
        self._stage = ""
        self._shown = 0

    def wanted(self) -> bool:
        return sys.stderr.isatty() and not os.environ.get("CI")

    def __call__(self, stage: str, done: int, total: int) -> None:
        if total < self.MIN_TOTAL:
            return
        if self._bar is None or stage != self._stage:
            self.close()
            self._bar = click.progressbar(
                length=total, label=stage, file=sys.stderr, show_pos=True, show_eta=True
            )
            self._bar.__enter__()
            self._stage, self._shown = stage, 0
        self._bar.update(done - self._shown)
        self._shown = done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


@main.command("check")
@PATH_ARG
@FORMAT
@STRICT
@AS_OF
@NO_CACHE
def check_command(path: str, fmt: str, strict: bool, as_of: datetime | None, no_cache: bool) -> None:
    """Validate the goals in PATH (default: here) and write nothing (but the cache)."""
    root = site_root(path)
    cache = CheckCache() if no_cache else load_check_cache(root)
    result = check(root, as_of_date(as_of), cache)
    if not no_cache:
        save_check_cache(root, cache)
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
