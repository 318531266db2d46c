"""Deterministic output: two builds of the same content as of the same day are byte-identical,
every file and every byte, however else they differ.

The two builds below differ in everything that should not matter: the folder the site is in, the
output folder, the working directory, the number of render processes (one, or two forked workers),
Python's hash seed (so no set or dict order can leak into a page) and the time zone (so no local
clock can). tests/test_workers.py compares worker counts alone; tests/test_build_cache.py cached
builds against clean ones.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_example

BUILD = """
import json, sys
from datetime import date
from pathlib import Path
from okrsite import workers
from okrsite.build import build
from okrsite.parallel import can_fork
workers.MIN_PARALLEL = 1  # fork even for the small example
r = build(Path(sys.argv[1]), Path(sys.argv[2]), date(2026, 11, 20), use_cache=False, workers=int(sys.argv[3]))
print(json.dumps({"built": r.built, "files": r.files, "forked": can_fork()}))
"""


def build_in_a_fresh_process(
    site: Path, out: Path, workers: int, seed: str, tz: str, cwd: Path
) -> dict[str, object]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(site), str(out), str(workers)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=True,
        timeout=180,
    )
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    assert result["built"], done.stdout + done.stderr
    return result


def tree(folder: Path) -> dict[str, bytes]:
    """Every file (relative posix path: bytes) and every folder (b'<dir>') under `folder`."""
    return {
        p.relative_to(folder).as_posix(): b"<dir>" if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers are used on Linux only")
def test_two_builds_that_differ_in_all_but_content_and_day_are_byte_identical(tmp_path: Path) -> None:
    one = copy_example(tmp_path / "first" / "site")
    two = copy_example(tmp_path / "second" / "somewhere" / "else")
    first = build_in_a_fresh_process(one, tmp_path / "out-a", 1, "1", "UTC", tmp_path)
    second = build_in_a_fresh_process(two, tmp_path / "b" / "public", 2, "4242", "Pacific/Kiritimati", REPO)
    assert second["forked"], "the second build could not fork its workers"
    a, b = tree(tmp_path / "out-a"), tree(tmp_path / "b" / "public")
    assert sorted(a) == sorted(b), set(a) ^ set(b)
    differing = [path for path in a if a[path] != b[path]]
    assert differing == [], differing[:20]
    assert first["files"] == second["files"] and len(a) > 100
    for text in (str(one), str(two), str(tmp_path)):
        leaked = [path for path, data in a.items() if text.encode() in data]
        assert leaked == [], f"the build folder {text} is written into {leaked[:5]}"
