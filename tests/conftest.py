"""Shared fixtures: fixture sites written into tmp_path, and the CLI run in-process."""

from __future__ import annotations

import json
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
