"""The site commands: check, build and serve."""

from __future__ import annotations

import errno
import os
import signal
import sys
import tempfile
import time
import webbrowser
from contextlib import ExitStack
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from okrsite.build import BuildResult, History, build
from okrsite.check import CheckCache, check
from okrsite.cli.base import (
    AS_OF,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    FORMAT,
    PATH_ARG,
    STRICT,
    as_of_date,
    fail_if,
    main,
    print_report,
    site_root,
)
from okrsite.config import AUDIENCES, CONFIG_FILE, SiteConfig, parse_config
from okrsite.diskcache import load_check_cache, save_check_cache
from okrsite.gitsnapshot import GitError, commit_at, commit_day, find_repo, materialise, resolve
from okrsite.site.theme import ThemeError
from okrsite.write import UnsafeOutputError

AUDIENCE = click.option(
    "--audience",
    type=click.Choice(AUDIENCES),
    help="Who the site is for: public leaves out everything marked `visibility: internal`, "
    "internal includes it (default: okrsite.yaml's `audience`, else public).",
)
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
@AUDIENCE
@click.option(
    "--ref",
    metavar="GIT-REF",
    help="Build the goals as they stood at this commit, tag or branch (the working tree is not "
    "touched); `--ref as-of` takes HEAD's last commit on or before --as-of.",
)
@click.option(
    "--snapshots/--no-snapshots",
    default=None,
    help="Build each okrs/<period> git tag's site into snapshots/<period>/ (default: okrsite.yaml's "
    "`snapshots`, else on).",
)
@NO_CACHE
def build_command(
    path: str,
    out: str | None,
    strict: bool,
    drafts: bool,
    fmt: str,
    as_of: datetime | None,
    audience: str | None,
    ref: str | None,
    snapshots: bool | None,
    no_cache: bool,
) -> None:
    """Check, score and write the site for PATH (default: here)."""
    root = site_root(path)
    day = as_of_date(as_of)
    with ExitStack() as stack:
        source, history = root, None
        if ref is not None:
            source, history, day = _checkout(root, ref, day, stack)
        result = _build(source, out, day, strict, drafts, audience, snapshots, history, no_cache)
    print_report(result.check, fmt, root)
    fail_if(result.check, strict, "Nothing was written")
    if fmt in ("json", "gitlab"):  # machine formats: stdout is the report alone
        return
    if result.up_to_date:
        click.echo(
            f"Nothing changed since the last build: {result.files} files in {result.out} are up to date."
        )
    else:
        click.echo(f"Wrote {result.files} files to {result.out} (as of {result.check.as_of}).")
    if result.withheld.total:
        click.echo(
            f"Left out {result.withheld.summary()} marked internal: this is a public build "
            "(--audience internal includes them)."
        )
    for note in result.notes:
        click.echo(f"warning: {note}", err=True)


def _checkout(root: Path, ref: str, day: date | None, stack: ExitStack) -> tuple[Path, History, date | None]:
    """The goals of `ref` copied into a temporary folder (removed on leaving `stack`), how to
    build them, and the day they are seen as of: --as-of, else the `as_of` of the commit's
    okrsite.yaml (None), else the commit's own date."""
    try:
        repo = find_repo(root)
        if ref == "as-of":
            if day is None:
                raise click.UsageError("--ref as-of needs --as-of DATE: the day whose goals to build")
            commit = commit_at(repo, day)
        else:
            commit = resolve(repo, ref, "--ref")
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="okrsite-ref-")))
        if not materialise(repo, commit, folder):
            raise GitError(f"{commit.label} has no {repo.where}", "check the ref, or give the site folder")
        if day is None and load_config(folder).as_of is None:
            day = commit_day(repo, commit)  # the goals as they were seen the day they were committed
        return folder, History(root, commit.sha), day
    except GitError as exc:
        click.echo(f"error: {exc.message}", err=True)
        if exc.hint:
            click.echo(f"  hint: {exc.hint}", err=True)
        sys.exit(EXIT_USAGE)


def load_config(folder: Path) -> SiteConfig:
    """The settings of the okrsite.yaml in `folder` (defaults when it has none)."""
    file = folder / CONFIG_FILE
    return parse_config(file.read_text(encoding="utf-8", errors="replace") if file.is_file() else None)[0]


def _build(
    root: Path,
    out: str | None,
    day: date | None,
    strict: bool,
    drafts: bool,
    audience: str | None,
    snapshots: bool | None,
    history: History | None,
    no_cache: bool,
) -> BuildResult:
    bar = ProgressBar()
    try:
        return build(
            root,
            Path(out) if out else None,
            day,
            strict,
            drafts,
            progress=bar if bar.wanted() else None,
            use_cache=not no_cache and history is None,
            audience=audience,
            snapshots=snapshots,
            history=history,
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
    print_report(result, fmt, root)
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
@AUDIENCE
def serve_command(
    path: str,
    host: str,
    port: int,
    open_browser: bool,
    poll: bool,
    no_drafts: bool,
    as_of: datetime | None,
    audience: str | None,
) -> None:
    """Preview the site for PATH with live reload: edit a goal, see it in the browser."""
    from okrsite.serve.app import open_preview
    from okrsite.serve.server import is_exposed

    root = site_root(path)
    if is_exposed(host):
        click.echo(
            f"warning: listening on {host}: anyone who can reach this machine can read the preview "
            "(drafts included); leave out --host to keep it to this machine (127.0.0.1).",
            err=True,
        )
    try:
        preview = open_preview(
            root, host, port, as_of_date(as_of), poll, not no_drafts, say=click.echo, audience=audience
        )
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES):
            raise click.UsageError(
                f"cannot listen on {host}:{port} ({exc.strerror}). Another preview may be running: "
                f"stop it, or choose another port with --port {port + 1} (or --port 0 for any free one)."
            ) from exc
        raise click.UsageError(  # an address this machine does not have, a name that does not resolve
            f"cannot listen on {host}:{port} ({exc.strerror or exc}). Give one of this machine's "
            "addresses with --host, or leave it out for 127.0.0.1."
        ) from exc
    preview.start()
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as cleanly as Ctrl-C
    try:  # from here on Ctrl-C stops cleanly, even right after the line that says it may
        click.echo(f"Serving {root.resolve()} at {preview.url} (Ctrl-C to stop)")
        if open_browser:
            webbrowser.open(preview.url)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        click.echo("\nStopping.")
    finally:
        preview.stop()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
