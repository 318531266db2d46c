"""`okrsite checkin` in a git repository: what a pull request would show is only the added
lines (one changed line for a null `checkins:`), whatever the line endings and styles."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import git, run_cli
from tests.test_checkin import BLOCK_ITEMS, FLOW_STYLES, OBJ, checkin, make_site

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def committed(root: Path) -> Path:
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "goals")
    return root


def numstat(root: Path) -> list[tuple[int, int, str]]:
    rows = [line.split("\t") for line in git(root, "diff", "--numstat").splitlines()]
    return [(int(a), int(d), p) for a, d, p in rows]


@needs_git
def test_git_shows_only_added_lines_in_the_scaffold_of_init(tmp_path: Path) -> None:
    root = tmp_path / "goals"
    assert run_cli("init", root).exit_code == 0
    committed(root)
    (path,) = (root / "content/objectives").glob("*/improve-customer-experience.md")
    day = date.today() - timedelta(days=1)
    while day.isoformat() in path.read_text():
        day -= timedelta(days=1)
    for kr, value in (("1", "20h"), ("3", "8")):  # one with check-ins, one without
        code, _, err = checkin(root, f"improve-customer-experience#{kr}", value, "--date", day.isoformat())
        assert code == 0, err
    rel = path.relative_to(root).as_posix()
    ((added, deleted, changed),) = numstat(root)
    assert (deleted, changed) == (0, rel) and added >= 3
    assert f"+      - {{date: {day}, value: 20h}}" in git(root, "diff")


@needs_git
@pytest.mark.parametrize(
    ("objective", "newline", "ref", "lines"),
    [
        (BLOCK_ITEMS, "\r\n", "grow#1", 3),  # block mappings, CRLF
        (BLOCK_ITEMS, "\r\n", "grow#2", 1),  # flow items, CRLF
        (FLOW_STYLES, "\n", "grow#5", 1),  # flow items without indentation
        (FLOW_STYLES, "\n", "grow#4", 1),  # an empty 'checkins:'
    ],
)
def test_git_shows_only_added_lines(
    tmp_path: Path, objective: str, newline: str, ref: str, lines: int
) -> None:
    root = committed(make_site(tmp_path, objective, newline=newline))
    code, _, _ = checkin(root, ref, "7", "--date", "2026-02-09", "--note", "Steady")
    assert code == 0
    assert numstat(root) == [(lines, 0, OBJ)]
    if newline == "\r\n":
        added = [line for line in git(root, "diff").split("\n") if line.startswith("+ ")]
        assert len(added) == lines and all(line.endswith("\r") for line in added)


@needs_git
def test_git_shows_one_changed_line_for_a_null_checkins(tmp_path: Path) -> None:
    text = FLOW_STYLES.replace(
        "- title: Null list\n  start: 0\n  target: 10\n  checkins:\n",
        "- title: Null list\n  start: 0\n  target: 10\n  checkins: ~\n",
    )
    root = committed(make_site(tmp_path, text, newline="\r\n"))
    assert checkin(root, "grow#4", "7", "--date", "2026-02-09")[0] == 0
    assert numstat(root) == [(1, 1, OBJ)]
    diff = [
        line
        for line in git(root, "diff").split("\n")
        if line[:1] in ("+", "-") and line[:3] not in ("+++", "---")
    ]
    assert diff == ["-  checkins: ~\r", "+  checkins: [{date: 2026-02-09, value: 7}]\r"]
