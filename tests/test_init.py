"""`okrsite init`: the new repository checks clean, builds, and its CI files are valid."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from okrsite import __version__
from okrsite.check import check
from okrsite.periods import FiscalYear
from okrsite.scaffold.init import example_day, init, plan, quarter_of, requirement, templates
from okrsite.scaffold.naming import default_name, site_title
from tests.conftest import REPO, run_cli

EXPECTED = {
    ".github/workflows/okrs.yml",
    ".gitignore",
    ".gitlab-ci.yml",
    ".pre-commit-config.yaml",
    "README.md",
    "content/kpis/csat.md",
    f"content/objectives/{quarter_of(date.today()).key}/improve-customer-experience.md",
    "content/teams/company.md",
    "content/teams/customer-service.md",
    "netlify.toml",
    "okrsite.yaml",
    "requirements.txt",
}


@pytest.fixture(scope="module")
def scaffold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One scaffolded repository, shared by the tests that only read it."""
    root = tmp_path_factory.mktemp("init") / "acme-goals"
    result = run_cli("init", root)
    assert result.exit_code == 0, result.output + result.stderr
    return root


def files_under(root: Path) -> set[str]:
    """The repository's files, without the cache that `okrsite check` and `build` keep."""
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and ".okrsite-cache" not in p.parts
    }


def test_init_writes_the_repository_and_says_what_next(tmp_path: Path) -> None:
    root = tmp_path / "goals"
    result = run_cli("init", root, "--name", "Acme")
    assert result.exit_code == 0, result.output + result.stderr
    assert files_under(root) == EXPECTED
    for path in EXPECTED:
        assert f"  {path}\n" in result.output
    assert "git init" in result.output and "okrsite serve" in result.output
    assert f"cd {root}" in result.output
    assert requirement() in result.output


def test_the_scaffold_passes_check_strict_and_builds(scaffold: Path, tmp_path: Path) -> None:
    result = run_cli("check", "--strict", scaffold)
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output
    built = run_cli("build", "--strict", scaffold, "--out", tmp_path / "public")
    assert built.exit_code == 0, built.output + built.stderr
    assert (tmp_path / "public" / "index.html").is_file()
    site = check(scaffold).site
    assert {t.id for t in site.teams} == {"company", "customer-service"}
    assert [o.id for o in site.objectives] == ["improve-customer-experience"]
    assert [k.id for k in site.kpis] == ["csat"]


def test_the_name_defaults_to_the_folder_and_fills_every_placeholder(scaffold: Path) -> None:
    config = yaml.safe_load((scaffold / "okrsite.yaml").read_text())
    assert config["title"] == "Acme goals"
    assert (scaffold / "README.md").read_text().startswith("# Acme goals\n")
    for path in files_under(scaffold):
        assert "@@" not in (scaffold / path).read_text(), path
    assert default_name(Path("/x/quillmark-labs")) == "Quillmark labs"


@pytest.mark.parametrize(
    ("folder", "name", "title"),
    [
        ("my-okrs", "My OKRs", "My OKRs"),
        ("okrs", "OKRs", "OKRs"),
        ("acme-okrs", "Acme", "Acme goals"),
        ("acme_goals", "Acme", "Acme goals"),
        ("team-kpis", "Team KPIs", "Team KPIs"),
        ("kpi-board", "KPI board", "KPI board goals"),
        ("hr.okr", "HR", "HR goals"),
        ("ACME-corp-goals", "ACME corp", "ACME corp goals"),
        ("QuillMark-labs", "QuillMark labs", "QuillMark labs goals"),
        ("r&d-ai-lab", "R&D AI lab", "R&D AI lab goals"),
        ("---", "Our organisation", "Our organisation goals"),
    ],
)
def test_the_default_name_keeps_acronyms_and_reads_well(folder: str, name: str, title: str) -> None:
    assert default_name(Path("/x") / folder) == name
    assert site_title(name) == title


def test_init_my_okrs_titles_the_site_my_okrs_and_says_how_to_rename(tmp_path: Path) -> None:
    result = run_cli("init", tmp_path / "my-okrs")
    assert result.exit_code == 0, result.output + result.stderr
    root = tmp_path / "my-okrs"
    assert yaml.safe_load((root / "okrsite.yaml").read_text())["title"] == "My OKRs"
    assert (root / "README.md").read_text().startswith("# My OKRs\n")
    assert check(root).site.teams[0].name == "My OKRs"
    assert 'Named after the folder: the organisation "My OKRs", the site "My OKRs".' in result.output
    assert "okrsite init --name NAME" in result.output
    named = run_cli("init", tmp_path / "other", "--name", "Acme OKRs")
    assert "Named after the folder" not in named.output
    assert yaml.safe_load((tmp_path / "other" / "okrsite.yaml").read_text())["title"] == "Acme OKRs"


@pytest.mark.parametrize("name", ['Acme: "R&D" #1', "Ørsted & Co [[x]] *bold*", "no", "2:37", "  Spaces  "])
def test_a_name_with_yaml_and_markdown_characters_round_trips(tmp_path: Path, name: str) -> None:
    root = tmp_path / "site"
    result = run_cli("init", root, "--name", name)
    assert result.exit_code == 0, result.output + result.stderr
    checked = run_cli("check", "--strict", root)
    assert checked.exit_code == 0, checked.output
    site = check(root)
    assert site.config.title == f"{name.strip()} goals"
    assert next(t for t in site.site.teams if t.id == "company").name == name.strip()


# The example check-in: a week before `okrsite init`, inside the quarter, never today ----------


@pytest.mark.parametrize(
    ("today", "checkin"),
    [
        (date(2026, 11, 21), date(2026, 11, 14)),  # mid-quarter: a week ago
        (date(2026, 10, 5), date(2026, 10, 1)),  # early: the quarter's first day
        (date(2026, 10, 2), date(2026, 10, 1)),
        (date(2026, 10, 1), None),  # the first day: no day of the quarter before today
        (date(2027, 1, 1), None),
        (date(2026, 12, 31), date(2026, 12, 24)),
    ],
)
def test_the_example_checkin_leaves_today_free(tmp_path: Path, today: date, checkin: date | None) -> None:
    assert example_day(today) == checkin
    root = tmp_path / "acme-goals"
    init(root, "Acme", today)
    as_of = ("--as-of", today.isoformat())
    checked = run_cli("check", "--strict", *as_of, root)
    assert checked.exit_code == 0 and "0 errors, 0 warnings" in checked.output, checked.output
    objective = root / "content" / "objectives" / quarter_of(today).key / "improve-customer-experience.md"
    text = objective.read_text()
    assert (f"{{date: {checkin}, value: 22h" in text) if checkin else "checkins:" not in text
    kpi = (root / "content" / "kpis" / "csat.md").read_text()
    assert f"{{date: {today - timedelta(days=7)}, value: 82%}}" in kpi
    # The walkthrough's third step, on the day of `okrsite init` (a date of its own is today):
    key_result = "improve-customer-experience#response-time"
    done = run_cli(
        "checkin",
        key_result,
        "18h",
        "--note",
        "Two agents hired",
        "--path",
        root,
        "--date",
        today.isoformat(),
        *as_of,
    )
    assert done.exit_code == 0, done.output + done.stderr
    assert f": 18h on {today} (" in done.output
    assert run_cli("check", "--strict", *as_of, root).exit_code == 0
    built = run_cli("build", "--strict", *as_of, root, "--out", tmp_path / "public")
    assert built.exit_code == 0, built.output + built.stderr


def test_init_defaults_to_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("not ours\n")
    result = run_cli("init")
    assert result.exit_code == 0, result.output + result.stderr
    assert files_under(tmp_path) == EXPECTED | {"notes.txt"}
    assert "cd " not in result.output


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "okrsite.yaml").write_text("title: Ours\n")
    (tmp_path / "README.md").write_text("# Ours\n")
    result = run_cli("init", tmp_path)
    assert result.exit_code == 2
    assert "  README.md\n  okrsite.yaml\n" in result.stderr
    assert "Nothing was written" in result.stderr and "okrsite init NEW-FOLDER" in result.stderr
    assert files_under(tmp_path) == {"okrsite.yaml", "README.md"}
    assert (tmp_path / "okrsite.yaml").read_text() == "title: Ours\n"
    assert "Traceback" not in result.output + result.stderr


def test_init_refuses_a_file_where_a_folder_belongs(tmp_path: Path) -> None:
    (tmp_path / "content").write_text("a file\n")
    result = run_cli("init", tmp_path)
    assert result.exit_code == 2
    assert "content (a file where a folder is needed)" in result.stderr
    target = tmp_path / "content" / "x"
    assert run_cli("init", tmp_path / "content").exit_code == 2
    assert not target.exists()


def test_gitignore_is_renamed_on_copy(scaffold: Path) -> None:
    assert (templates() / "gitignore").is_file()
    assert not (scaffold / "gitignore").exists()
    assert "public/" in (scaffold / ".gitignore").read_text().splitlines()


def test_the_quarter_follows_the_fiscal_year() -> None:
    assert quarter_of(date(2026, 11, 21)).key == "2026-Q4"
    assert quarter_of(date(2026, 1, 1)).key == "2026-Q1"
    fiscal = FiscalYear(start_month=2, named_by="end_year")
    assert quarter_of(date(2026, 2, 15), fiscal).key == "2027-Q1"
    assert quarter_of(date(2026, 1, 31), fiscal).key == "2026-Q4"


def test_the_okrsite_pin_is_this_minor_version(scaffold: Path) -> None:
    assert requirement("0.1.0") == "okrsite>=0.1,<0.2"
    assert requirement("1.12.3") == "okrsite>=1.12,<1.13"
    major_minor = ".".join(__version__.split(".")[:2])
    lines = [line for line in (scaffold / "requirements.txt").read_text().splitlines() if line[:1] != "#"]
    assert lines == [requirement()]
    assert f"okrsite>={major_minor}," in lines[0]


def test_netlify_toml_matches_the_repository(scaffold: Path) -> None:
    ours = tomllib.loads((REPO / "netlify.toml").read_text())
    theirs = tomllib.loads((scaffold / "netlify.toml").read_text())
    assert theirs["headers"] == ours["headers"]
    assert theirs["build"]["publish"] == ours["build"]["publish"]
    assert theirs["build"]["environment"] == ours["build"]["environment"]

    def builds(config: dict[str, object], context: str) -> str:
        section = config if context == "build" else config["context"]["deploy-preview"]  # type: ignore[index]
        command = section["build"]["command"] if context == "build" else section["command"]  # type: ignore[index]
        return str(command).split("&&")[-1].strip()

    for context in ("build", "deploy-preview"):
        assert builds(theirs, context) == builds(ours, context)
    assert builds(theirs, "deploy-preview").endswith("--drafts")
    assert "requirements.txt" in theirs["build"]["command"]


# GitHub Actions -------------------------------------------------------------------------------


def _tool(name: str) -> str | None:
    """A tool installed into this Python's environment (the test extra), else on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)


def _actionlint(workflow: Path) -> subprocess.CompletedProcess[str]:
    actionlint = _tool("actionlint")
    shellcheck = _tool("shellcheck")
    if actionlint is None or shellcheck is None:
        missing = "actionlint" if actionlint is None else "shellcheck"
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"{missing} is missing under CI: it comes with the test extra (pip install -e '.[dev]')"
            )
        pytest.skip(f"{missing} is not installed (pip install -e '.[test]' brings it)")
    return subprocess.run(
        [actionlint, "-no-color", f"-shellcheck={shellcheck}", str(workflow)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_workflow_passes_actionlint(scaffold: Path) -> None:
    result = _actionlint(scaffold / ".github" / "workflows" / "okrs.yml")
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_actionlint_would_catch_script_injection(tmp_path: Path) -> None:
    """The check above can fail: actionlint is really looking."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n'
    )
    result = _actionlint(bad)
    assert result.returncode != 0 and "github.event.pull_request.title" in result.stdout


def _run_scripts(workflow: dict[str, object]) -> list[str]:
    return [
        step["run"]
        for job in workflow["jobs"].values()  # type: ignore[attr-defined]
        for step in job.get("steps", [])
        if "run" in step
    ]


def test_the_workflow_checks_builds_and_comments_safely(scaffold: Path) -> None:
    text = (scaffold / ".github" / "workflows" / "okrs.yml").read_text()
    workflow = yaml.safe_load(text)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"pull_request", "push"} and triggers["push"]["branches"] == ["main"]
    assert "pull_request_target" not in text
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    scripts = "\n".join(_run_scripts(workflow))
    assert "pip install -r requirements.txt" in scripts
    assert "okrsite check --format github --strict" in scripts
    assert "okrsite build --strict" in scripts
    assert 'okrsite diff "origin/${BASE_REF}" --format markdown > okrsite-diff.md' in scripts
    assert "${{" not in scripts, "user-controlled values reach run scripts through env only"
    # Only the comment job may write, and it runs no code from the pull request.
    writers = {name for name, job in jobs.items() if "write" in str(job.get("permissions", {}))}
    assert writers == {"comment", "pages"}
    assert jobs["comment"]["permissions"] == {"pull-requests": "write"}
    assert not any("checkout" in str(s.get("uses", "")) for s in jobs["comment"]["steps"])
    assert "head.repo.full_name == github.repository" in jobs["comment"]["if"]
    script = jobs["comment"]["steps"][-1]["with"]["script"]
    assert "<!-- okrsite-diff -->" in script and "updateComment" in script
    assert any(
        "upload-artifact" in str(s.get("uses")) and s["with"]["path"] == "public/"
        for s in jobs["check"]["steps"]
    )
    assert jobs["pages"]["needs"] == "check" and "deploy-pages" in jobs["pages"]["steps"][0]["uses"]


# GitLab CI and pre-commit ---------------------------------------------------------------------


def test_the_gitlab_ci_file_has_the_expected_jobs(scaffold: Path) -> None:
    ci = yaml.safe_load((scaffold / ".gitlab-ci.yml").read_text())
    assert {"check", "build", "diff", "pages"} <= set(ci)
    assert ci["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality.json"
    assert ci["check"]["artifacts"]["when"] == "always"
    assert any("--format gitlab > gl-code-quality.json" in line for line in ci["check"]["script"])
    assert "okrsite check --strict" in ci["check"]["script"]
    assert ci["build"]["artifacts"]["paths"] == ["public/"]
    assert any("$CI_MERGE_REQUEST_DIFF_BASE_SHA" in line for line in ci["diff"]["script"])
    assert ci["diff"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert ci["pages"]["artifacts"]["paths"] == ["public/"]
    assert ci["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    for job in ci.values():
        if isinstance(job, dict) and "stage" in job:
            assert job["stage"] in ci["stages"]


def test_the_gitlab_diff_job_comments_only_with_a_token(scaffold: Path) -> None:
    ci = yaml.safe_load((scaffold / ".gitlab-ci.yml").read_text())
    job = ci["diff"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert job["allow_failure"] == {"exit_codes": [1]}
    assert job["artifacts"]["when"] == "always" and job["artifacts"]["paths"] == ["okrsite-diff.md"]
    script = "\n".join(job["script"])
    assert "--gitlab-note" in script and "OKRSITE_GITLAB_TOKEN" in script
    assert "CI_JOB_TOKEN" not in script, "the job token cannot write notes"


def _gitlab_diff_script() -> str:
    ci = yaml.safe_load(next(p.text for p in plan("Acme", date.today()) if p.path == ".gitlab-ci.yml"))
    # GitLab's runner runs a job's lines as one bash script that stops at the first failure.
    return "set -eo pipefail\n" + "\n".join(ci["diff"]["script"]) + "\n"


def test_the_gitlab_diff_script_passes_shellcheck(tmp_path: Path) -> None:
    shellcheck = _tool("shellcheck")
    if shellcheck is None:
        pytest.skip("shellcheck is not installed (pip install -e '.[test]' brings it)")
    script = tmp_path / "diff.sh"
    script.write_text("#!/bin/bash\n" + _gitlab_diff_script())
    result = subprocess.run([shellcheck, str(script)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("token", ["", "glpat-x"])
@pytest.mark.parametrize("status", [0, 1, 2, 3])
def test_the_gitlab_diff_script_posts_with_a_token_and_keeps_the_exit_code(
    tmp_path: Path, token: str, status: int
) -> None:
    """Run the job's script with a stand-in okrsite that records its arguments."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "okrsite"
    fake.write_text('#!/bin/sh\necho "$*" > args.txt\necho "<!-- okrsite-diff -->"\nexit "$FAKE_STATUS"\n')
    fake.chmod(0o755)
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "FAKE_STATUS": str(status),
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": "abc123",
        **({"OKRSITE_GITLAB_TOKEN": token} if token else {}),
    }
    run = subprocess.run(
        [bash, "-c", _gitlab_diff_script()],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == status, run.stdout + run.stderr
    args = (tmp_path / "args.txt").read_text().split()
    assert args[:4] == ["diff", "abc123", "--format", "markdown"]
    assert ("--gitlab-note" in args) == bool(token)
    assert ("OKRSITE_GITLAB_TOKEN" in run.stdout) == (not token)  # says how to turn comments on
    assert "<!-- okrsite-diff -->" in run.stdout  # the log shows the diff
    assert (tmp_path / "okrsite-diff.md").read_text() == "<!-- okrsite-diff -->\n"


def test_the_gitlab_report_line_keeps_going_only_on_content_problems(tmp_path: Path) -> None:
    ci = yaml.safe_load(next(p.text for p in plan("Acme", date.today()) if p.path == ".gitlab-ci.yml"))
    line = next(line for line in ci["check"]["script"] if "--format gitlab" in line)
    for code, ok in ((0, True), (1, True), (2, False), (3, False)):
        shell = line.replace("okrsite check --format gitlab > gl-code-quality.json", f"(exit {code})")
        assert (subprocess.run(["sh", "-c", shell], check=False).returncode == 0) is ok


def test_the_pre_commit_config_uses_our_hook(scaffold: Path) -> None:
    config = yaml.safe_load((scaffold / ".pre-commit-config.yaml").read_text())
    (repo,) = config["repos"]
    assert repo["repo"] == "https://github.com/okrsite/okrsite"
    assert repo["rev"] == f"v{__version__}"
    ours = {hook["id"] for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert [hook["id"] for hook in repo["hooks"]] == ["okrsite-check"]
    assert {hook["id"] for hook in repo["hooks"]} <= ours


def test_the_pre_commit_hook_runs_okrsite_check(site: Path) -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "okrsite-check" and hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("content/objectives/2026-Q1/grow.md") and files.search("okrsite.yaml")
    assert not files.search("README.md") and not files.search("docs/okrsite.yaml")
    program, *args = hook["entry"].split()
    assert program == "okrsite" and "--strict" in args
    result = run_cli(*args, site)
    assert result.exit_code == 0, result.output
    (site / "content" / "kpis" / "csat.md").write_text("---\ntitle: CSAT\nhealthy: lots\n---\n")
    assert run_cli(*args, site).exit_code == 1


# Packaging ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_wheel_carries_the_templates(wheel_files: set[str]) -> None:
    names = wheel_files
    root = Path(str(templates()))
    wanted = {
        f"okrsite/scaffold/files/{p.relative_to(root).as_posix()}" for p in root.rglob("*") if p.is_file()
    }
    assert wanted and not {p for p in wanted if "__pycache__" not in p} - names
    assert "okrsite/scaffold/files/.github/workflows/okrs.yml" in names
    assert "okrsite/scaffold/files/gitignore" in names
