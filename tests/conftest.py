"""Shared fixtures: fixture sites written into tmp_path, and the CLI run in-process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from okrsite.cli import main

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    """What a CLI run gave."""

    exit_code: int
    output: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.output)


def run_cli(*args: str | Path) -> Run:
    """Run `okrsite ARGS` in-process, as a user would from a shell."""
    runner = CliRunner()
    result = runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def cli() -> Callable[..., Run]:
    """The okrsite command line."""
    return run_cli


@pytest.fixture
def write_site(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Write a site from {relative path: dedented text} into a fresh folder; return its root."""

    def write(files: dict[str, str]) -> Path:
        root = tmp_path / "site"
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        root.mkdir(exist_ok=True)
        return root

    return write


def files_with(out: Path, needle: str) -> list[str]:
    """The files below `out` whose name or bytes contain `needle` (lower case), as relative paths."""
    found = []
    for f in sorted(out.rglob("*")):
        if needle in f.relative_to(out).as_posix().lower():
            found.append(f"{f.relative_to(out)} (its name)")
        elif f.is_file() and needle.encode() in f.read_bytes().lower():
            found.append(str(f.relative_to(out)))
    return found


def copy_example(root: Path) -> Path:
    """A copy of the bundled example site (okrsite.yaml and content/) at `root`."""
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "okrsite.yaml", root / "okrsite.yaml")
    return root


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A private copy of the bundled example, safe to edit."""
    return copy_example(tmp_path / "site")


@pytest.fixture(scope="session")
def wheel_files(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The names of the files in okrsite's wheel, built once per session from this checkout."""
    out = tmp_path_factory.mktemp("wheel")
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        str(out),
    ]
    subprocess.run([*command, str(REPO)], check=True, capture_output=True)
    wheel = next(out.glob("okrsite-*.whl"))
    return set(zipfile.ZipFile(wheel).namelist())


# Git repositories for the diff, check-in and comment tests ---------------------------------------


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` with a fixed identity and no user or system configuration (so no
    autocrlf either: the bytes are the files' own; CRLF stays CRLF)."""
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    result = subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def commit(repo: Path, message: str = "change") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must be there, once) with `new` in a file."""
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once"
    path.write_text(text.replace(old, new))


@pytest.fixture(scope="session")
def example_repo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository with the example committed on `main`, made once and copied per test."""
    repo = tmp_path_factory.mktemp("template") / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    copy_example(repo)
    commit(repo, "the example")
    return repo


@pytest.fixture
def example_repo(example_repo_template: Path, tmp_path: Path) -> Path:
    """A private copy of `example_repo_template`."""
    return Path(shutil.copytree(example_repo_template, tmp_path / "repo", symlinks=True))
