"""`okrsite check --format gitlab`: a GitLab Code Quality report for the merge-request widget."""

from __future__ import annotations

import json
import re
import subprocess
import textwrap
from pathlib import Path

import pytest

from okrsite.codes import Severity
from okrsite.diagnostics import make
from okrsite.report import format_gitlab
from tests.conftest import REPO, run_cli

SITE = {
    "okrsite.yaml": "title: Acme\n",
    "content/teams/acme.md": "---\nname: Acme\n---\n",
    "content/objectives/grow.md": """
        ---
        title: Grow
        period: 2026-Q1
        team: acme
        key_results:
          - title: Revenue
            start: 10
            target: ten
          - title: Leads
            start: 0
            target: TBD
        ---
        """,
}


def report(root: Path) -> list[dict[str, object]]:
    result = run_cli("check", "--format", "gitlab", root)
    assert result.exit_code == 1
    assert "Checked 2 files" in result.stderr  # the summary goes to the log, not the report
    data = json.loads(result.output)
    assert isinstance(data, list)
    return data


def test_each_problem_is_a_code_quality_issue(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site(SITE)
    issues = report(root)
    assert issues
    for issue in issues:
        assert set(issue) == {"type", "description", "check_name", "fingerprint", "severity", "location"}
        assert issue["type"] == "issue"
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        location = issue["location"]
        assert isinstance(location, dict) and set(location) == {"path", "lines"}
        assert isinstance(location["lines"]["begin"], int) and location["lines"]["begin"] >= 1
    by_code = {str(i["check_name"]).split()[0]: i for i in issues}
    bad = by_code["OKR104"]
    assert bad["severity"] == "major" and bad["check_name"] == "OKR104 bad-quantity"
    assert bad["location"] == {"path": "content/objectives/grow.md", "lines": {"begin": 8}}
    assert str(bad["description"]).startswith("OKR104 key_results[1].target: 'target': expected a number")
    assert by_code["OKR304"]["severity"] == "minor"
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_paths_and_lines_are_those_of_the_github_format(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site(SITE)
    github = run_cli("check", "--format", "github", root).output
    for issue in report(root):
        where = f"file={issue['location']['path']},line={issue['location']['lines']['begin']},"  # type: ignore[index]
        assert where in github


def test_fingerprints_survive_lines_moving(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site(SITE)
    before = {i["fingerprint"]: i["location"]["lines"]["begin"] for i in report(root)}  # type: ignore[index]
    grow = root / "content" / "objectives" / "grow.md"
    grow.write_text(grow.read_text().replace("---\n", "---\n# A comment moves every line down.\n", 1))
    after = {i["fingerprint"]: i["location"]["lines"]["begin"] for i in report(root)}  # type: ignore[index]
    assert set(after) == set(before)
    assert all(after[f] == before[f] + 1 for f in before if before[f] > 1)


def test_identical_problems_get_distinct_fingerprints() -> None:
    one = make("OKR304", "content/a.md", 3, 5, "target", "'target' is a placeholder ('TBD')")
    issues = json.loads(format_gitlab([one, one]))
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]
    assert json.loads(format_gitlab([one]))[0]["fingerprint"] == issues[0]["fingerprint"]
    assert one.severity is Severity.WARNING


def test_a_clean_site_is_an_empty_report() -> None:
    result = run_cli("check", "--format", "gitlab", "--strict", REPO)
    assert result.exit_code == 0
    assert json.loads(result.output) == []


def test_ci_formats_name_files_from_the_top_of_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Goals in a subfolder of a repository (`handbook/goals`): GitHub and GitLab resolve paths from
    the repository's top, so the annotations and Code Quality entries say `handbook/goals/content/...`
    wherever okrsite was run from; the text format keeps paths relative to the site."""
    repo = tmp_path / "repo"
    site = repo / "handbook" / "goals"
    for rel, text in SITE.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    monkeypatch.chdir(site / "content")  # anywhere inside the repository
    issues = report(site)
    assert {i["location"]["path"] for i in issues} == {"handbook/goals/content/objectives/grow.md"}  # type: ignore[index]
    github = run_cli("check", "--format", "github", site)
    assert "::error file=handbook/goals/content/objectives/grow.md,line=8," in github.output
    text = run_cli("check", site)
    assert "content/objectives/grow.md:8:" in text.output and "handbook/" not in text.output
    # Outside any repository: from the working folder, if the site lies below it.
    (repo / ".git").rename(repo / "not-git")
    monkeypatch.chdir(repo / "handbook")
    assert (
        "::error file=goals/content/objectives/grow.md,"
        in run_cli("check", "--format", "github", site).output
    )
    monkeypatch.chdir(tmp_path.parent)
    out = run_cli("check", "--format", "github", site).output
    assert re.search(r"::error file=[^,]*content/objectives/grow\.md,", out)
