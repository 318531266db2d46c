"""What `okrsite diff` says to people: their text as written (no pings, links or markup in a
pull-request comment), and a clear word where there is nothing to compare yet."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import commit, copy_example, git, run_cli

TITLE = "Ship *v2* to @octocat and @acme/owners: fixes #12 and !7, [see](https://x.test) <b>now</b> | done"


def test_titles_cannot_mention_link_or_format(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    copy_example(repo)
    commit(repo, "the example")
    objective = next((repo / "content" / "objectives").rglob("*.md"))
    text = objective.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    objective.write_text(text.replace(title, f"title: {TITLE!r}", 1), encoding="utf-8")
    result = run_cli("diff", "main", "--path", repo, "--format", "markdown")
    assert result.exit_code == 0, result.output + result.stderr
    out = result.output
    line = next(line for line in out.splitlines() if "octocat" in line)
    line = re.sub(r"`[^`]*`", "`…`", line)  # inside code spans nothing is a mention, link or markup
    for raw in ("@octocat", "@acme", "#12", "!7", "*v2*", "[see]", "<b>", " | done"):
        assert raw not in line, (raw, line)
    assert "@&#8203;octocat" in line and "@&#8203;acme/owners" in line
    assert "#&#8203;12" in line and "!&#8203;7" in line
    assert (
        "\\*v2\\*" in line and "\\[see\\]" in line and "&lt;b&gt;now&lt;/b&gt;" in line and "\\| done" in line
    )


def test_a_repository_without_commits_is_explained(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    copy_example(repo)
    result = run_cli("diff", "HEAD", "--path", repo)
    assert result.exit_code == 2
    assert "has no commits yet" in result.stderr and "git commit" in result.stderr
    assert "Traceback" not in result.stderr
