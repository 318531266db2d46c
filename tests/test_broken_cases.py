"""Each folder in tests/broken/ is a mistake laid over a valid base site.

Every line that should get a diagnostic says so with a marker comment on that line:
`# expect: OKR104` in YAML, `<!-- expect: OKR207 -->` in Markdown. Diagnostics with no line of
their own in a file (a CSV row, a binary file) are listed in the case's `expect.txt` as
`path:line CODE`. The test runs `okrsite check --format json` on the combined site and
compares the full set of (file, line, code): nothing missing, nothing extra.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p for p in BROKEN.iterdir() if p.is_dir() and not p.name.startswith("_"))
MARKER = re.compile(r"(?:#|<!--)\s*expect:\s*((?:OKR\d{3}[\s,]*)+)")


def expected(case: Path) -> set[tuple[str, int, str]]:
    """The (path, line, code) triples the case's markers and expect.txt promise."""
    out: set[tuple[str, int, str]] = set()
    for path in sorted(case.rglob("*")):
        if not path.is_file() or path.name == "expect.txt":
            continue
        rel = path.relative_to(case).as_posix()
        text = path.read_bytes().decode("utf-8", errors="replace")
        for n, line in enumerate(text.splitlines(), start=1):
            m = MARKER.search(line)
            if m:
                out.update((rel, n, code) for code in re.findall(r"OKR\d{3}", m.group(1)))
    listing = case / "expect.txt"
    if listing.exists():
        for line in listing.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                where, code = line.split()
                rel, _, n = where.rpartition(":")
                out.add((rel, int(n), code))
    return out


def test_there_are_enough_cases() -> None:
    codes = {code for case in CASES for (_, _, code) in expected(case)}
    assert len(CASES) >= 30
    assert len(codes) >= 30, sorted(codes)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_broken_case(case: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(BROKEN / "_base", site)
    shutil.copytree(case, site, dirs_exist_ok=True)
    (site / "expect.txt").unlink(missing_ok=True)
    want = expected(case)
    assert want, f"{case.name} declares no expected diagnostic"
    result = run_cli("check", "--format", "json", site)
    report = result.json()
    got = {(d["path"], d["line"], d["code"]) for d in report["diagnostics"]}
    assert got == want, "\n".join(
        f"{d['path']}:{d['line']}: {d['code']} {d['message']}" for d in report["diagnostics"]
    )
    has_error = any(d["severity"] == "error" for d in report["diagnostics"])
    assert result.exit_code == (1 if has_error else 0)
