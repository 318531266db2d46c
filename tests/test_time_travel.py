"""Time travel: `okrsite build --ref GIT-REF` builds the goals as a commit had them (the working
tree untouched), and every `okrs/<period>` tag's site is built into snapshots/<period>/, linked
from that period's page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import commit, edit, git, run_cli

OBJECTIVE = "content/objectives/2026-Q4/q4-year-end-revenue-push.md"
OLD_TITLE = "title: Close the year on plan"
NEW_TITLE = "title: Finish the year ahead of plan"


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory, example_repo_template: Path) -> Path:
    """The example committed, a Q3 tag on that commit, then a retitled objective committed."""
    repo = Path(shutil.copytree(example_repo_template, tmp_path_factory.mktemp("history") / "repo"))
    git(repo, "tag", "-a", "okrs/2026-Q3", "-m", "Q3 closed")
    edit(repo / OBJECTIVE, OLD_TITLE, NEW_TITLE)
    commit(repo, "retitle")
    return repo


@pytest.fixture
def repo(history: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(history, tmp_path / "repo", symlinks=True))


def page(out: Path, path: str) -> str:
    return (out / path / "index.html").read_text(encoding="utf-8")


def test_a_ref_builds_the_goals_of_that_commit_and_leaves_the_tree_alone(repo: Path) -> None:
    before = (repo / OBJECTIVE).read_text()
    out = repo.parent / "then"
    result = run_cli("build", repo, "--ref", "HEAD~1", "--out", out, "--no-snapshots")
    assert result.exit_code == 0, result.output + result.stderr
    assert "Close the year on plan" in page(out, "objectives/q4-year-end-revenue-push")
    assert (repo / OBJECTIVE).read_text() == before
    assert git(repo, "status", "--porcelain") == ""
    now = repo.parent / "now"
    assert run_cli("build", repo, "--out", now, "--no-snapshots").exit_code == 0
    assert "Finish the year ahead of plan" in page(now, "objectives/q4-year-end-revenue-push")


def test_as_of_a_day_builds_the_last_commit_of_that_day(repo: Path) -> None:
    day = git(repo, "show", "-s", "--format=%cs", "HEAD").strip()
    out = repo.parent / "day"
    result = run_cli("build", repo, "--ref", "as-of", "--as-of", day, "--out", out, "--no-snapshots")
    assert result.exit_code == 0, result.output + result.stderr
    assert "Finish the year ahead of plan" in page(out, "objectives/q4-year-end-revenue-push")
    early = run_cli("build", repo, "--ref", "as-of", "--as-of", "2001-01-01", "--out", out)
    assert early.exit_code == 2 and "no commit on or before 2001-01-01" in early.stderr
    bare = run_cli("build", repo, "--ref", "as-of", "--out", out)
    assert bare.exit_code == 2 and "--ref as-of needs --as-of" in bare.stderr


def test_an_unknown_ref_is_a_clear_usage_error(repo: Path) -> None:
    result = run_cli("build", repo, "--ref", "no-such-branch", "--out", repo.parent / "x")
    assert result.exit_code == 2
    assert "no-such-branch" in result.stderr and "Traceback" not in result.stderr
    assert not (repo.parent / "x").exists()


def test_a_tagged_period_gets_a_frozen_snapshot_linked_from_its_page(repo: Path) -> None:
    out = repo.parent / "site"
    result = run_cli("build", repo, "--out", out)
    assert result.exit_code == 0, result.output + result.stderr
    frozen = out / "snapshots" / "2026-Q3"
    assert "Close the year on plan" in page(frozen, "objectives/q4-year-end-revenue-push")
    assert json.loads((frozen / "okrs.json").read_text())["format"] == "okrsite.okrs"
    assert (frozen / "assets" / "style.css").is_file()
    assert 'href="../../snapshots/2026-Q3/"' in page(out, "periods/2026-Q3")
    assert "snapshots/" not in page(out, "periods/2026-Q4")  # no tag, no link
    off = repo.parent / "off"
    assert run_cli("build", repo, "--out", off, "--no-snapshots").exit_code == 0
    assert not (off / "snapshots").exists()
    assert "snapshots/" not in page(off, "periods/2026-Q3")


def test_a_new_tag_is_a_change_to_the_build(repo: Path) -> None:
    out = repo.parent / "site"
    assert run_cli("build", repo, "--out", out, "--no-snapshots").exit_code == 0
    git(repo, "tag", "okrs/2026-Q4")
    again = run_cli("build", repo, "--out", out)
    assert "Nothing changed" not in again.output
    assert (out / "snapshots" / "2026-Q4" / "index.html").is_file()


def test_a_snapshot_that_cannot_be_built_is_a_warning_not_a_failure(repo: Path) -> None:
    edit(repo / OBJECTIVE, "period: 2026-Q4", "period: [2026-Q4")
    commit(repo, "broken")
    git(repo, "tag", "okrs/2026-Q4")
    edit(repo / OBJECTIVE, "period: [2026-Q4", "period: 2026-Q4")
    commit(repo, "fixed")
    out = repo.parent / "site"
    result = run_cli("build", repo, "--out", out)
    assert result.exit_code == 0, result.output + result.stderr
    assert "warning: no snapshot of 2026-Q4 from the tag okrs/2026-Q4: its files have 1 error(s)" in (
        result.stderr
    )
    assert not (out / "snapshots" / "2026-Q4").exists()
    assert "snapshots/2026-Q4" not in page(out, "periods/2026-Q4")
    assert (out / "snapshots" / "2026-Q3" / "index.html").is_file()
