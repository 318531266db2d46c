"""`okrsite diff`: new and fixed errors, the JSON layout, which refs, folders and working tree it
compares, its usage errors and git's, snapshots that never leave the repository, comments too
long for GitHub, and the CI examples in docs/diff.md."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from okrsite.diff.markdown import to_markdown
from okrsite.diff.model import Diff, ObjectiveInfo, SideInfo
from okrsite.gitsnapshot import GitError, _safe_path
from okrsite.scaffold.init import plan
from tests.conftest import REPO, commit, copy_example, edit, git, run_cli
from tests.test_diff import AI, BETA, NEW_OBJECTIVE, OBJ, as_json, diff
from tests.test_diff import repo as repo  # the fixture (`as` keeps it a name the tests use)


def test_new_error_exits_1_and_a_fixed_error_is_reported(repo: Path) -> None:
    edit(repo / AI, "period: 2026-Q4", "period: 2026-Q9")
    run = diff(repo, "main", fmt="markdown")
    assert run.exit_code == 1
    assert "**1 new error ⚠**" in run.output
    assert f"| **new error** | `{AI}:3` | `OKR109` |" in run.output
    assert "got '2026-Q9'" in run.output
    assert "Scores, KPI health and team roll-ups are not compared: the working tree has 1 error" in run.output
    commit(repo, "break a period")
    # the next change fixes it: the diff shows the fix and exits 0
    edit(repo / AI, "period: 2026-Q9", "period: 2026-Q4")
    data = as_json(fixed := diff(repo, "HEAD"))
    assert fixed.exit_code == 0
    assert [(d["severity"], d["code"], d["path"]) for d in data["diagnostics"]["fixed"]] == [
        ("error", "OKR109", AI)
    ]
    assert data["diagnostics"]["new"] == []
    assert data["summary"]["fixed_errors"] == 1


def test_old_errors_moved_to_another_line_are_not_new(repo: Path) -> None:
    edit(repo / AI, "period: 2026-Q4", "period: 2026-Q9")
    commit(repo, "break a period")
    edit(repo / AI, "---\ntitle:", "---\n# a comment moves every line down\ntitle:")
    run = diff(repo, "HEAD")
    assert run.exit_code == 0
    assert as_json(run)["diagnostics"] == {"new": [], "fixed": []}


def test_json_is_stable_and_complete(repo: Path) -> None:
    edit(repo / AI, "    target: 40%", "    target: 30%")
    run = diff(repo, "main")
    data = as_json(run)
    assert run.output.strip() == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    assert (data["format"], data["version"], data["as_of"], data["drafts"]) == (
        "okrsite.diff",
        1,
        "2026-11-20",
        True,
    )
    assert set(data) == {
        "format",
        "version",
        "as_of",
        "drafts",
        "scores_compared",
        "base",
        "head",
        "summary",
        "objectives",
        "key_results",
        "scores",
        "kpis",
        "diagnostics",
        "notes",
    }
    assert (
        set(data["objectives"])
        == set(data["key_results"])
        == set(data["kpis"])
        == {"added", "removed", "changed"}
    )
    assert set(data["scores"]) == {"objectives", "teams"}
    assert set(data["diagnostics"]) == {"new", "fixed"}
    head_sha = git(repo, "rev-parse", "main").strip()
    assert data["base"] == {
        "label": f"main ({head_sha[:7]})",
        "ref": "main",
        "commit": head_sha,
        "present": True,
        "objectives": 25,
        "kpis": 6,
        "errors": 0,
        "warnings": 0,
    }
    assert data["head"]["label"] == "the working tree" and data["head"]["commit"] == ""
    assert data["summary"]["key_results_changed"] == 1 and data["summary"]["changed"] is True


def test_site_in_a_subfolder_and_two_refs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "README.md").write_text("The company handbook\n")
    goals = copy_example(repo / "handbook/goals")
    commit(repo, "goals")
    edit(goals / AI, "    target: 40%", "    target: 50%")
    commit(repo, "raise")
    edit(goals / AI, "    target: 50%", "    target: 20%")  # uncommitted: not in HEAD
    data = as_json(diff(repo, "main~1", "main", path=goals))
    [kr] = data["key_results"]["changed"]
    assert (kr["changes"][0]["old"], kr["changes"][0]["new"], kr["verdict"]) == ("40%", "50%", "raised")
    assert data["head"]["ref"] == "main"
    working = as_json(diff(repo, "main", path=goals))
    assert working["key_results"]["changed"][0]["changes"][0]["new"] == "20%"
    # from inside the subfolder, the default --path is the current folder
    monkeypatch.chdir(goals)
    run = run_cli("diff", "main~1", "main", "--format", "json")
    assert as_json(run)["key_results"]["changed"] == data["key_results"]["changed"]


def test_working_tree_includes_uncommitted_and_untracked_files(repo: Path) -> None:
    (repo / OBJ / "2026-Q4/q4-answer-reviews.md").write_text(NEW_OBJECTIVE.format(status="draft"))
    edit(repo / AI, "    target: 40%", "    target: 45%")
    data = as_json(diff(repo, "main"))
    assert [o["id"] for o in data["objectives"]["added"]] == ["q4-answer-reviews"]
    assert data["objectives"]["added"][0]["draft"] is True
    assert data["objectives"]["added"][0]["score"] is None  # a production build leaves drafts out
    assert data["key_results"]["changed"][0]["verdict"] == "raised"
    md = diff(repo, "main", fmt="markdown").output
    assert "`q4-answer-reviews` *(draft)*" in md
    assert "left out of a production build" in md
    # HEAD given: the working tree's edits are not part of it
    assert as_json(diff(repo, "main", "main"))["summary"]["changed"] is False
    assert as_json(diff(repo, "main", "--no-drafts"))["objectives"]["added"] == []


def test_merge_base_leaves_out_what_changed_on_base_since(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    edit(repo / AI, "    target: 40%", "    target: 50%")
    commit(repo, "raise on the branch")
    git(repo, "checkout", "-q", "main")
    edit(repo / BETA, "    target: 45s", "    target: 40s")
    commit(repo, "meanwhile on main")
    git(repo, "checkout", "-q", "feature")
    tip = {f"{k['objective']}#{k['ref']}" for k in as_json(diff(repo, "main"))["key_results"]["changed"]}
    assert tip == {"q4-ai-assisted-support#ai-draft-share", "q4-smart-scheduling-beta#time-to-schedule"}
    data = as_json(diff(repo, "main", "--merge-base"))
    assert [k["ref"] for k in data["key_results"]["changed"]] == ["ai-draft-share"]
    assert data["base"]["ref"] == "the merge base of main"
    assert data["base"]["commit"] == git(repo, "merge-base", "main", "feature").strip()
    md = diff(repo, "main", "--merge-base", fmt="markdown").output
    assert f"the merge base of `main` ({data['base']['commit'][:7]}) → the working tree" in md


def test_working_tree_folder_without_goals(repo: Path) -> None:
    run = diff(repo, "main", path=repo / "content")
    assert run.exit_code == 2
    assert "holds neither okrsite.yaml nor a content folder" in run.stderr
    assert "--path" in run.stderr


def test_same_as_of_on_both_sides(repo: Path) -> None:
    edit(repo / "okrsite.yaml", "as_of: 2026-11-20", "as_of: 2026-12-31")
    data = as_json(diff(repo, "main"))
    assert data["as_of"] == "2026-12-31"  # HEAD's okrsite.yaml decides, for both sides
    assert data["summary"]["changed"] is False  # the calendar moved on both sides: no change
    assert as_json(diff(repo, "main", "--as-of", "2026-10-01"))["as_of"] == "2026-10-01"


def test_base_without_goals_makes_everything_new(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "README.md").write_text("Nothing yet\n")
    commit(repo, "start")
    copy_example(repo)
    data = as_json(diff(repo, "main"))
    assert data["base"]["present"] is False
    assert len(data["objectives"]["added"]) == 25 and len(data["kpis"]["added"]) == 6
    assert data["notes"] == [
        f"main ({git(repo, 'rev-parse', '--short=7', 'main').strip()}) has no goals folder: everything in the working tree is new."
    ]
    md = diff(repo, "main", fmt="markdown").output
    assert "<details><summary>15 more</summary>" in md  # 25 rows: 10 shown, the rest folded


def test_head_ref_without_goals_is_a_usage_error(repo: Path) -> None:
    git(repo, "checkout", "-q", "--orphan", "empty")
    git(repo, "rm", "-rq", "--cached", ".")
    (repo / "README.md").write_text("empty\n")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "-m", "empty")
    run = diff(repo, "main", "empty")
    assert run.exit_code == 2
    assert "(HEAD) has no goals at the repository root" in run.stderr


def test_unknown_ref_says_which_and_how_to_fetch(repo: Path) -> None:
    run = diff(repo, "mian")
    assert run.exit_code == 2
    assert "unknown git ref 'mian' (BASE)" in run.stderr
    assert "Did you mean main?" in run.stderr
    assert "git branch -a" in run.stderr and "git fetch origin" in run.stderr
    assert "Traceback" not in run.stderr + run.output
    head = diff(repo, "main", "no-such-branch")
    assert head.exit_code == 2 and "unknown git ref 'no-such-branch' (HEAD)" in head.stderr
    dash = run_cli("diff", "--path", repo, "--", "-x")
    assert dash.exit_code == 2 and "'-x' is not a git ref" in dash.stderr


def test_not_a_git_repository(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    run = diff(site, "main")
    assert run.exit_code == 2
    assert f"{site} is not in a git repository" in run.stderr
    assert "give the goals folder with --path" in run.stderr


def test_git_missing(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    run = diff(repo, "main")
    assert run.exit_code == 2
    assert "git is not installed (or not on PATH)" in run.stderr


def test_symlinks_in_a_commit_never_leave_the_snapshot(repo: Path) -> None:
    kpis = repo / "content/kpis"
    (kpis / "outside.md").symlink_to("/etc/hostname")  # would be an error if it were read
    (kpis / "escape.md").symlink_to("../../../outside.md")
    (kpis / "alias.md").symlink_to("nps.md")  # inside the goals: read as that file
    commit(repo, "links")
    data = as_json(diff(repo, "main~1", "main"))
    assert [k["id"] for k in data["kpis"]["added"]] == ["alias"]
    assert data["kpis"]["added"][0]["title"] == "Net Promoter Score (NPS)"
    assert data["diagnostics"]["new"] == []


def test_unsafe_paths_are_refused(tmp_path: Path) -> None:
    for bad in ("../x.md", "content/../../x.md", "/etc/x.md", "content/.git/x.md", "a//b.md"):
        with pytest.raises(GitError):
            _safe_path(tmp_path, bad)
    assert _safe_path(tmp_path, "content/kpis/a.md") == tmp_path / "content/kpis/a.md"


def test_a_comment_too_long_for_github_ends_with_a_note() -> None:
    side = SideInfo("main (1a2b3c4)", "main", "1a2b3c4d", True, 0, 0, 0, 0)
    removed = tuple(
        ObjectiveInfo(
            f"o{i}",
            "A long title " * 20,
            "team",
            "",
            "2026-Q1",
            "active",
            "aspirational",
            "x.md",
            3,
            None,
            "none",
        )
        for i in range(400)
    )
    big = Diff(side, side, date(2026, 1, 1), True, True, objectives_removed=removed)
    full = to_markdown(big, max_chars=10**9)
    assert "<details><summary>390 more</summary>" in full
    cut = to_markdown(big, max_chars=5000)
    assert len(cut) < 5000 and "The rest of the diff is too long for a comment" in cut
    assert cut.startswith("<!-- okrsite-diff -->\n\n### okrsite diff: 400 removed objectives\n")


# docs/diff.md's CI examples are the templates' jobs ---------------------------------------------


def _fenced_yaml(first_line: str) -> dict:  # type: ignore[type-arg]
    """The ```yaml block of docs/diff.md that starts with `first_line`, parsed."""
    text = (REPO / "docs" / "diff.md").read_text(encoding="utf-8")
    found = [b for b in re.findall(r"^```yaml\n(.*?)^```$", text, re.M | re.S) if b.startswith(first_line)]
    assert len(found) == 1, f"docs/diff.md has {len(found)} yaml blocks starting {first_line!r}"
    data: dict = yaml.safe_load(found[0])  # type: ignore[type-arg]
    return data


def _template(name: str) -> dict:  # type: ignore[type-arg]
    text = next(p.text for p in plan("Acme", date(2026, 11, 20)) if p.path == name)
    data: dict = yaml.safe_load(text)  # type: ignore[type-arg]
    return data


def test_the_github_example_in_diff_md_is_the_templates_split() -> None:
    doc = _fenced_yaml("# .github/workflows/goals-diff.yml")
    template = _template(".github/workflows/okrs.yml")
    assert doc["permissions"] == template["permissions"] == {"contents": "read"}
    assert doc["jobs"] == {name: template["jobs"][name] for name in ("diff", "comment")}
    # Only the job that runs no code of the pull request may write.
    assert "permissions" not in doc["jobs"]["diff"]
    assert doc["jobs"]["comment"]["permissions"] == {"pull-requests": "write"}


def test_the_gitlab_example_in_diff_md_is_the_templates_job() -> None:
    doc = _fenced_yaml("diff:\n")
    assert doc["diff"] == _template(".gitlab-ci.yml")["diff"]
    assert "--gitlab-note" in "\n".join(doc["diff"]["script"])


def test_diff_help_offers_the_gitlab_note() -> None:
    result = run_cli("diff", "--help")
    assert (
        result.exit_code == 0 and "--gitlab-note" in result.output and "OKRSITE_GITLAB_TOKEN" in result.output
    )
