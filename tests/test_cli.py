"""The command line as a user meets it: exit codes, output formats, messages, no tracebacks."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_example, run_cli

BROKEN = {
    "content/teams/acme.md": "---\nname: Acme\n---\n",
    "content/objectives/grow.md": """
        ---
        title: Grow: more
        period: 2026-Q1
        ---
        """,
}


def test_example_site_is_clean_under_strict() -> None:
    result = run_cli("check", "--strict", REPO)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(
        r"Checked \d+ files: \d+ objectives, \d+ key results, \d+ KPIs, \d+ teams, \d+ people\. "
        r"0 errors, 0 warnings\.\n",
        result.output,
    )


def test_problems_exit_1_with_file_line_and_source(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site(BROKEN)
    result = run_cli("check", root)
    assert result.exit_code == 1
    assert "content/objectives/grow.md:2:12: error OKR001" in result.output
    assert "     2 | title: Grow: more" in result.output
    assert "hint:" in result.output
    assert "Traceback" not in result.output + result.stderr


def test_github_format_prints_workflow_commands(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site(BROKEN)
    lines = run_cli("check", "--format", "github", root).output.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert annotations
    for line in annotations:
        assert re.fullmatch(r"::(error|warning) file=[^,]+,line=\d+,col=\d+,title=OKR\d{3}[^:]*::.+", line), (
            line
        )


def test_json_format(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site(BROKEN)
    report = run_cli("check", "--format", "json", root).json()
    assert report["version"] == 1
    assert report["summary"]["errors"] >= 1
    d = report["diagnostics"][0]
    assert set(d) == {
        "code",
        "name",
        "severity",
        "path",
        "line",
        "column",
        "field",
        "message",
        "hint",
        "related",
    }


def test_strict_fails_on_warnings(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site(
        {
            "content/teams/acme.md": "---\nname: Acme\n---\n",
            "content/objectives/grow.md": """
            ---
            title: Grow
            period: 2026-Q1
            team: acme
            key_results:
              - {title: Deals, start: 0, target: 10, owner: ana}
            ---
            """,
        }
    )
    assert run_cli("check", root).exit_code == 0
    strict = run_cli("check", "--strict", root)
    assert strict.exit_code == 1 and "--strict" in strict.stderr


def test_lint_severity_from_config(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site(
        {
            "okrsite.yaml": "lints:\n  kr-count: error\n  OKR309: off\n",
            "content/teams/acme.md": "---\nname: Acme\n---\n",
            "content/objectives/grow.md": "---\ntitle: G\nperiod: 2026\nteam: acme\nkey_results:\n"
            "  - {title: D, start: 0, target: 1, owner: a}\n---\n",
        }
    )
    report = run_cli("check", "--format", "json", root).json()
    assert [(d["code"], d["severity"]) for d in report["diagnostics"]] == [("OKR301", "error")]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run_cli("check", tmp_path / "nope").exit_code == 2
    empty = run_cli("check", tmp_path)
    assert empty.exit_code == 2 and "okrsite.yaml" in empty.stderr
    assert run_cli("check", "--format", "xml", REPO).exit_code == 2
    assert run_cli("check", "--as-of", "yesterday", REPO).exit_code == 2
    assert run_cli("frobnicate").exit_code == 2


def test_commands_find_the_site_from_a_folder_inside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Like git: run from content/objectives/, okrsite works on the site above it; but never on an
    okrsite.yaml above the top of a git repository."""
    site = copy_example(tmp_path / "site")
    monkeypatch.chdir(site / "content" / "objectives")
    result = run_cli("check", "--format", "json")
    assert result.exit_code == 0, result.output + result.stderr
    assert result.json()["summary"]["objectives"] == 25
    (site / "content" / "objectives" / ".git").mkdir()  # a repository of its own below the site
    assert run_cli("check").exit_code == 2
    monkeypatch.chdir(tmp_path)
    assert run_cli("check").exit_code == 2  # nothing here, nothing searched below


def test_as_of_changes_what_is_stale() -> None:
    late = run_cli("check", "--as-of", "2027-06-30", "--format", "json", REPO).json()
    assert {d["code"] for d in late["diagnostics"]} == {"OKR312"}
    assert late["summary"]["as_of"] == "2027-06-30"


def test_module_entry_point_and_version() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "okrsite", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("okrsite, version ")


def test_internal_errors_are_one_line_without_debug(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import okrsite.cli.core

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(okrsite.cli.core, "check", boom)
    (tmp_path / "content").mkdir()
    result = run_cli("check", tmp_path)
    assert result.exit_code == 3
    assert "internal error: RuntimeError: simulated bug" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_reader_that_goes_away_is_not_a_bug() -> None:
    """`okrsite check | head -1`: the pipe closes before okrsite writes; it stops quietly with
    141 (as a command killed by SIGPIPE), no "internal error", no traceback."""
    for args in (["check", str(REPO)], ["schema"]):
        proc = subprocess.Popen(
            [sys.executable, "-m", "okrsite", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # before the interpreter has even started: every write fails
        with proc.stderr:
            stderr = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 141, stderr
        assert "internal error" not in stderr and "Traceback" not in stderr and "Exception" not in stderr, (
            stderr
        )
