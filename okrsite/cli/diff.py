"""`okrsite diff BASE [HEAD]`: what a change does to the goals, for a pull-request comment.

Exit codes: 0 the diff was shown (whether or not anything changed), 1 HEAD has errors that BASE
did not have (so CI can gate on them), or GitLab refused the --gitlab-note, 2 usage problems (not a
git repository, an unknown ref, no goals folder, git missing, --gitlab-note without its variables).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

import click

from okrsite.cli.base import AS_OF, EXIT_PROBLEMS, EXIT_USAGE, as_of_date, main
from okrsite.config import CONFIG_FILE
from okrsite.diff.compare import compare
from okrsite.diff.gitlab import NoteError, NoteSetupError, Target, post_note, target_from
from okrsite.diff.jsonout import to_json
from okrsite.diff.markdown import to_markdown
from okrsite.diff.state import State, diff_as_of, empty_state, read_state
from okrsite.diff.text import to_text
from okrsite.gitsnapshot import Commit, GitError, Repo, find_repo, materialise, resolve
from okrsite.gitsnapshot import merge_base as find_merge_base
from okrsite.load import load_config

WORKING_TREE = "the working tree"


class DiffUsageError(click.ClickException):
    """A problem with the command's inputs, told without a usage banner: exit code 2."""

    exit_code = EXIT_USAGE


@main.command("diff")
@click.argument("base")
@click.argument("head", required=False)
@click.option(
    "--path",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False),
    help="The goals folder (okrsite.yaml, content/); it may be a subfolder of the git repository.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text for people, markdown for a pull-request comment, json for tools.",
)
@click.option(
    "--merge-base",
    is_flag=True,
    help="Compare with the commit HEAD branched from (git merge-base BASE HEAD), not BASE's tip.",
)
@click.option("--no-drafts", is_flag=True, help="Leave drafts out on both sides, as a production build does.")
@click.option(
    "--gitlab-note",
    is_flag=True,
    help="Also post the Markdown diff as a note on the GitLab merge request (in a merge-request "
    "pipeline, with a project access token in OKRSITE_GITLAB_TOKEN), updating the earlier one.",
)
@AS_OF
def diff_command(
    base: str,
    head: str | None,
    path: str,
    fmt: str,
    merge_base: bool,
    no_drafts: bool,
    gitlab_note: bool,
    as_of: datetime | None,
) -> None:
    """Show what the change from BASE to HEAD does to the goals.

    BASE and HEAD are git refs (a branch, tag or commit: origin/main, v1.2, HEAD~3). Without
    HEAD, the working tree as it is now, uncommitted edits included. Both sides are checked
    and scored at one date (--as-of, else HEAD's okrsite.yaml as_of, else today), so only the
    change of content shows. Exits 1 when HEAD has errors that BASE did not have.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise click.BadParameter(f"{path} is not a folder", param_hint="--path")
    target: Target | None = None
    if gitlab_note:
        try:
            target = target_from(os.environ)
        except NoteSetupError as exc:
            raise DiffUsageError(str(exc)) from exc
    try:
        base_state, head_state, day = _states(folder, base, head, merge_base, as_of_date(as_of))
    except GitError as exc:
        raise DiffUsageError(str(exc)) from exc
    result = compare(base_state, head_state, day, drafts=not no_drafts)
    if fmt == "json":
        click.echo(to_json(result))
    elif fmt == "markdown":
        click.echo(to_markdown(result), nl=False)
    else:
        click.echo(to_text(result), nl=False)
    if target is not None:
        try:
            posted = post_note(target, to_markdown(result))
        except NoteError as exc:
            click.echo(f"error: the diff was not posted: {exc}", err=True)
            sys.exit(EXIT_PROBLEMS)
        done = "Updated the diff note" if posted.updated else "Posted the diff as a note"
        click.echo(f"{done} on merge request !{posted.merge_request} (note {posted.note_id}).", err=True)
    if result.new_errors:
        sys.exit(EXIT_PROBLEMS)


def _states(
    folder: Path, base: str, head: str | None, merge_base: bool, as_of: date | None
) -> tuple[State, State, date]:
    """BASE's and HEAD's states, and the one date both were scored at. Refs are copied into a
    temporary folder, removed again before this returns; the working tree is read in place."""
    repo = find_repo(folder)
    base_commit = resolve(repo, base, "BASE")
    head_commit = resolve(repo, head, "HEAD") if head is not None else None
    if merge_base:
        base_commit = find_merge_base(repo, base_commit, head_commit)
    with tempfile.TemporaryDirectory(prefix="okrsite-diff-") as tmp:
        if head_commit is None:
            if not _is_site(folder):
                raise GitError(
                    f"{folder.resolve()} holds neither okrsite.yaml nor a content folder",
                    "run okrsite diff in your goals folder, or give it with --path DIR",
                )
            day = diff_as_of(folder, as_of)
            head_state = read_state(folder, day, WORKING_TREE)
        else:
            root = Path(tmp, "head")
            if not _snapshot(repo, head_commit, root):
                raise GitError(
                    f"{head_commit.label} (HEAD) has no goals at {repo.where}: neither okrsite.yaml "
                    "nor a content folder",
                    "check the ref, and give the goals folder with --path when it is a subfolder",
                )
            day = diff_as_of(root, as_of)
            head_state = read_state(root, day, head_commit.label, head_commit.ref, head_commit.sha)
        base_state = _base(repo, base_commit, Path(tmp, "base"), day)
    return base_state, head_state, day


def _base(repo: Repo, commit: Commit, root: Path, day: date) -> State:
    """BASE's state; a BASE without goals (the change adds them) is empty, not an error."""
    if not _snapshot(repo, commit, root):
        return empty_state(commit.label, commit.ref, commit.sha)
    return read_state(root, day, commit.label, commit.ref, commit.sha)


def _snapshot(repo: Repo, commit: Commit, root: Path) -> bool:
    """Copy the goals of `commit` to `root`; False when that commit has none."""
    return materialise(repo, commit, root) and _is_site(root)


def _is_site(root: Path) -> bool:
    """True when `root` holds goals: okrsite.yaml, or the content folder."""
    return (root / CONFIG_FILE).is_file() or (root / load_config(root)[0].content_dir).is_dir()
