"""The last change of each content file from git (author and date), read once per build.

Optional by nature: outside a git checkout, without git, or on any git error the map is empty
and pages simply do not show a last change.
"""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path


def last_changes(root: Path, timeout: float = 20.0, rev: str = "HEAD") -> dict[str, tuple[str, date]]:
    """path (relative to `root`, posix) -> (author, date) of the newest commit touching it, in
    the history of `rev` (a build of an older commit shows the changes it had seen)."""
    try:
        prefix = _git(root, ["rev-parse", "--show-prefix"], timeout).strip()
        log = _git(
            root,
            ["log", "--no-merges", "--format=%x01%an%x02%aI", "--name-only", rev, "--", "."],
            timeout,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    out: dict[str, tuple[str, date]] = {}
    author, when = "", date.min
    for line in log.splitlines():
        if line.startswith("\x01"):
            author, _, stamp = line[1:].partition("\x02")
            when = datetime.fromisoformat(stamp).date()
        elif line and line.startswith(prefix):
            out.setdefault(line[len(prefix) :], (author, when))
    return out


def _git(root: Path, args: list[str], timeout: float) -> str:
    result = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=timeout, check=True
    )
    return result.stdout
