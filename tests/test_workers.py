"""Rendering on several processes writes the same bytes as one process, and a worker's template
error stops the build with the last good site intact.

Each build runs in a fresh Python process: okrsite forks workers only from a single-threaded
process, and the test session may have threads of its own (the browser tests' HTTP server).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from okrsite.write import MARKER
from tests.conftest import REPO

BUILD = """
import json, sys
from pathlib import Path
from okrsite import workers
from okrsite.build import build
from okrsite.parallel import can_fork
from okrsite.site.theme import ThemeError
workers.MIN_PARALLEL = 1  # fork even for the small example
seen = []
try:
    r = build(Path(sys.argv[1]), Path(sys.argv[2]), use_cache=False, workers=int(sys.argv[3]),
              progress=lambda *a: seen.append(a))
    out = {"built": r.built, "files": r.files}
except ThemeError as exc:
    out = {"theme_error": str(exc)}
out.update(forked=can_fork(), rendering=[s for s in seen if s[0] == "Rendering"][-1:])
print(json.dumps(out))
"""

if not sys.platform.startswith("linux"):
    pytest.skip("forked workers are used on Linux only", allow_module_level=True)


def run_build(site: Path, out: Path, workers: int) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(site), str(out), str(workers)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
        timeout=120,
    )
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    assert result["forked"], "the build could not fork workers"
    return result


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_any_number_of_workers_writes_the_same_bytes(site: Path, tmp_path: Path) -> None:
    outs = {}
    for n in (1, 2, 3):
        result = run_build(site, tmp_path / f"w{n}", n)
        assert result["built"]
        outs[n] = tree(tmp_path / f"w{n}")
    assert outs[1] == outs[2] == outs[3]
    assert len(outs[1]) > 70


def test_progress_counts_every_page(site: Path, tmp_path: Path) -> None:
    result = run_build(site, tmp_path / "out", 2)
    [(stage, done, total)] = result["rendering"]  # type: ignore[misc]
    out = tmp_path / "out"
    # Every rendered file: pages, feeds, badges and the search index; not the theme's assets or
    # the open data, which the build copies and streams beside the rendering.
    copied = ("okrs.json", "okrs.csv", MARKER)
    made = [f for f in out.rglob("*") if f.is_file() and f.parts[len(out.parts)] != "assets"]
    made = [f for f in made if f.name not in copied]
    assert stage == "Rendering" and done == total == len(made)


def test_a_template_error_in_a_worker_keeps_the_last_good_site(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_build(site, out, 2)["built"]
    good = tree(out)
    override = site / "themes/default/templates/objective.html"
    override.parent.mkdir(parents=True)
    override.write_text('{% extends "base.html" %}{% block main %}{{ no_such_name }}{% endblock %}\n')
    result = run_build(site, out, 2)
    assert "objective.html" in str(result["theme_error"])
    assert tree(out) == good
    assert not list(tmp_path.glob(".out.okrsite-*")), "the staging folder was left behind"
