"""A git ref's goals, copied into a folder without touching the working tree.

Only git plumbing is used (`rev-parse`, `ls-tree`, `cat-file`): nothing is checked out, no index
or ref changes, and `.gitattributes` (`export-ignore`, filters) cannot hide or rewrite a file.
Only okrsite.yaml and the content folder's readable files are copied. Every path is checked
before anything is written, and symlinks are never created: a link to a file inside the copied
set is copied as that file, any other link is left out. Nothing in a tree can escape `dest`.
"""

from __future__ import annotations

import difflib
import posixpath
import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from okrsite.config import CONFIG_FILE, parse_config
from okrsite.load import READ_SUFFIXES

TIMEOUT = 120.0
MERGE_BASE = "the merge base of "  # how a --merge-base BASE is named
_FILE_MODES = ("100644", "100755")
_LINK_MODE = "120000"


class GitError(Exception):
    """A git problem told in words, with a way out in `hint`."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


@dataclass(frozen=True, slots=True)
class Repo:
    """The git repository around a goals folder: its top level, and the folder's path inside it
    (posix, '' when the goals are at the top)."""

    toplevel: Path
    prefix: str

    @property
    def where(self) -> str:
        """The goals folder for messages: `goals/` or `the repository root`."""
        return f"{self.prefix}/" if self.prefix else "the repository root"


@dataclass(frozen=True, slots=True)
class Commit:
    """A ref as the user wrote it and the commit it names."""

    ref: str
    sha: str

    @property
    def label(self) -> str:
        """`origin/main (1a2b3c4)`."""
        short = self.sha[:7]
        return short if self.ref.startswith(short) else f"{self.ref} ({short})"


def find_repo(path: Path) -> Repo:
    """The repository holding the folder `path`; GitError when there is none or no git."""
    top = _git(path, "rev-parse", "--show-toplevel", what=f"look for a git repository at {path}")
    if not top.strip():  # inside .git, or a bare repository
        raise GitError(
            f"{path.resolve()} is not inside a git working tree",
            "run okrsite in a clone of your goals repository, or give its folder with --path",
        )
    prefix = _git(path, "rev-parse", "--show-prefix", what="find the goals folder in the repository")
    return Repo(Path(top.strip()), prefix.strip().strip("/"))


def resolve(repo: Repo, ref: str, role: str) -> Commit:
    """The commit `ref` names; GitError (with the nearest known refs) when it names none."""
    if not ref or ref.startswith("-"):
        raise GitError(f"{ref!r} is not a git ref ({role})", "give a branch, tag or commit, like origin/main")
    try:
        sha = _git(repo.toplevel, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", what="")
    except GitError:
        sha = ""
    if not sha.strip():
        if not _git(repo.toplevel, "rev-list", "-n", "1", "--all", what="", missing_ok=True).strip():
            raise GitError(
                f"the repository {repo.toplevel} has no commits yet, so {ref!r} ({role}) names none",
                "commit the goals first (git add -A && git commit -m 'Our goals'), then compare "
                "later changes with that commit",
            )
        raise GitError(
            f"unknown git ref {ref!r} ({role}): it names no commit in {repo.toplevel}", _ref_hint(repo, ref)
        )
    return Commit(ref, sha.strip())


def merge_base(repo: Repo, base: Commit, head: Commit | None) -> Commit:
    """The newest commit `base` and `head` (None: the checked-out HEAD) share: what a branch
    started from, so that changes made on `base` since then do not show as undone."""
    other = head.sha if head is not None else "HEAD"
    sha = _git(repo.toplevel, "merge-base", base.sha, other, what="", missing_ok=True).strip()
    if not sha:
        raise GitError(
            f"{base.label} and {head.label if head else 'HEAD'} share no history (--merge-base)",
            "in a shallow clone, fetch more history (actions/checkout: fetch-depth: 0), or "
            "leave out --merge-base to compare with the tip of BASE",
        )
    return Commit(f"{MERGE_BASE}{base.ref}", sha)


TAG_PREFIX = "okrs/"
"""Tags named `okrs/<period>` (`okrs/2026-Q1`) mark a period's frozen, end-of-period goals."""


def period_tags(repo: Repo) -> dict[str, Commit]:
    """Period key -> the commit its `okrs/<period>` tag names (annotated tags peeled)."""
    listing = _git(
        repo.toplevel,
        "for-each-ref",
        f"refs/tags/{TAG_PREFIX}",
        "--format=%(refname:strip=2)%09%(objectname)%09%(*objectname)",
        what="list the okrs/ tags",
    )
    tags: dict[str, Commit] = {}
    for line in listing.splitlines():
        name, _, rest = line.partition("\t")
        sha, _, peeled = rest.partition("\t")
        if name.startswith(TAG_PREFIX) and len(name) > len(TAG_PREFIX):
            tags[name[len(TAG_PREFIX) :]] = Commit(name, peeled or sha)
    return tags


def commit_at(repo: Repo, day: date) -> Commit:
    """The last commit of HEAD made on or before `day` (the goals as they stood that evening)."""
    sha = _git(
        repo.toplevel, "rev-list", "-1", f"--before={day.isoformat()}T23:59:59", "HEAD", what=""
    ).strip()
    if not sha:
        raise GitError(
            f"HEAD has no commit on or before {day.isoformat()}",
            "choose a later --as-of, or name a commit with --ref (in a shallow clone, fetch more history)",
        )
    return Commit(f"HEAD as of {day.isoformat()}", sha)


def commit_day(repo: Repo, commit: Commit) -> date:
    """The day `commit` was made (its committer date, in its own time zone)."""
    stamp = _git(repo.toplevel, "show", "-s", "--format=%cI", commit.sha, what=f"date {commit.label}").strip()
    return datetime.fromisoformat(stamp).date()


def _ref_hint(repo: Repo, ref: str) -> str:
    try:
        names = _git(repo.toplevel, "for-each-ref", "--format=%(refname:short)", what="").split()
    except GitError:
        names = []
    close = difflib.get_close_matches(ref, names, n=3, cutoff=0.6)
    guess = f"Did you mean {' or '.join(close)}? " if close else ""
    return (
        f"{guess}List the branches with `git branch -a`. A branch of another clone needs "
        "`git fetch origin` first; in CI, check out with the full history (actions/checkout: "
        "fetch-depth: 0) or fetch the base branch."
    )


def materialise(repo: Repo, commit: Commit, dest: Path) -> bool:
    """Copy okrsite.yaml and the content files of the goals folder at `commit` into `dest`.
    False when the folder does not exist in that commit (nothing is written then)."""
    entries = _tree(repo, commit)
    if entries is None:
        return False
    config_text = ""
    config = entries.get(CONFIG_FILE)
    if config is not None and config[0] in _FILE_MODES:
        config_text = _blobs(repo, [config[1]])[config[1]].decode("utf-8", "replace")
    content_dir = parse_config(config_text)[0].content_dir
    wanted = {
        path: entry
        for path, entry in entries.items()
        if path == CONFIG_FILE
        or (path.startswith(content_dir + "/") and path.lower().endswith(READ_SUFFIXES))
    }
    links = {path: oid for path, (mode, oid) in wanted.items() if mode == _LINK_MODE}
    files = {path: oid for path, (mode, oid) in wanted.items() if mode in _FILE_MODES}
    link_targets = _blobs(repo, list(links.values()))
    for path, oid in links.items():  # a link inside the copied set becomes a copy of its file
        target = posixpath.normpath(
            posixpath.join(posixpath.dirname(path), link_targets[oid].decode("utf-8", "replace"))
        )
        if target in files and not target.startswith("/"):
            files[path] = files[target]
    for path in files:
        _safe_path(dest, path)
    data = _blobs(repo, sorted(set(files.values())))
    dest.mkdir(parents=True, exist_ok=True)
    for path, oid in sorted(files.items()):
        out = _safe_path(dest, path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data[oid])
    return True


def _tree(repo: Repo, commit: Commit) -> dict[str, tuple[str, str]] | None:
    """path (relative to the goals folder) -> (mode, object id) of every entry below it."""
    spec = f"{commit.sha}:{repo.prefix}"
    kind = _git(repo.toplevel, "cat-file", "-t", spec, what="", missing_ok=True).strip()
    if kind != "tree":
        return None
    out = _git_bytes(repo.toplevel, ["ls-tree", "-r", "-z", spec], what=f"list the files of {commit.label}")
    entries: dict[str, tuple[str, str]] = {}
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, _kind, oid = meta.decode("ascii").split(" ")
        entries[raw_path.decode("utf-8", "surrogateescape")] = (mode, oid)
    return entries


def _safe_path(dest: Path, path: str) -> Path:
    """`dest / path`, after making sure the path stays inside `dest`."""
    parts = path.split("/")
    if path.startswith("/") or any(p in ("", ".", "..", ".git") or "\\" in p or "\0" in p for p in parts):
        raise GitError(
            f"the repository holds an unsafe path {path!r}; okrsite will not copy it",
            "rename the file in the repository (git fsck reports such paths)",
        )
    out = dest.joinpath(*parts)
    if not out.resolve().is_relative_to(dest.resolve()):
        raise GitError(
            f"the path {path!r} would leave the temporary folder", "rename the file in the repository"
        )
    return out


def _blobs(repo: Repo, oids: list[str]) -> dict[str, bytes]:
    """The contents of these objects, read in one `git cat-file --batch`."""
    if not oids:
        return {}
    raw = _git_bytes(repo.toplevel, ["cat-file", "--batch"], what="read files", stdin="\n".join(oids) + "\n")
    out: dict[str, bytes] = {}
    pos = 0
    while pos < len(raw):
        end = raw.index(b"\n", pos)
        header = raw[pos:end].decode("ascii").split(" ")
        pos = end + 1
        if len(header) != 3:
            raise GitError(f"git could not read object {header[0]}", "run `git fsck` to check the repository")
        oid, size = header[0], int(header[2])
        out[oid] = raw[pos : pos + size]
        pos += size + 1
    return out


def _git(cwd: Path, *args: str, what: str, missing_ok: bool = False) -> str:
    try:
        return _git_bytes(cwd, list(args), what=what).decode("utf-8", "surrogateescape")
    except GitError:
        if missing_ok:
            return ""
        raise


def _git_bytes(cwd: Path, args: list[str], what: str, stdin: str | None = None) -> bytes:
    try:
        result = subprocess.run(
            ["git", "-C", str(cwd), *args],
            input=stdin.encode() if stdin is not None else None,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError(
            "git is not installed (or not on PATH); okrsite reads the commits with it",
            "install git, or run okrsite where git is available",
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"git took longer than {TIMEOUT:.0f} s to {what or 'answer'}") from exc
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        first = message[0].removeprefix("fatal: ") if message else f"exit status {result.returncode}"
        if "dubious ownership" in first:
            raise GitError(
                f"git refuses to work in {cwd.resolve()}: {first}",
                "the repository belongs to another user; if you trust it, run "
                "`git config --global --add safe.directory <the repository's folder>`",
            )
        if "not a git repository" in first:
            raise GitError(
                f"{cwd.resolve()} is not in a git repository",
                "okrsite diff compares commits: run it in a clone of your goals repository, "
                "or give the goals folder with --path",
            )
        raise GitError(f"git could not {what or 'answer'}: {first}")
    return result.stdout
