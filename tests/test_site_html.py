"""The generated site is valid HTML: the Nu HTML Checker (vnu.jar, as used by validator.w3.org/nu)
finds no error in any page. One run of the checker over the whole output folder."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.site_tools import require

pytest_plugins = ["tests.site_tools"]


@pytest.mark.slow
def test_every_page_is_valid_html(built_site: Path) -> None:
    java = require("java")
    jar = require("vnu")
    pages = sorted(built_site.rglob("*.html"))
    assert pages, f"the build wrote no .html page in {built_site}"
    command = [str(java), "-jar", str(jar), "--errors-only", "--format", "json", "--skip-non-html"]
    run = subprocess.run(
        [*command, str(built_site)], capture_output=True, text=True, timeout=600, check=False
    )
    # The checker writes its report to stderr; exit code 1 means it found errors.
    try:
        messages = json.loads(run.stderr or run.stdout)["messages"]
    except (ValueError, KeyError) as e:
        pytest.fail(
            f"the Nu HTML Checker gave no JSON report (exit {run.returncode}): {e}\n{run.stderr}{run.stdout}"
        )
    errors = []
    for m in messages:
        if m.get("type") == "info":
            continue
        url = m.get("url", "")
        path = unquote(url.removeprefix("file:"))
        where = Path(path).relative_to(built_site).as_posix() if path.startswith(str(built_site)) else url
        line = m.get("lastLine", "?")
        extract = (m.get("extract") or "").strip().replace("\n", " ")
        errors.append(f"{where}:{line}: {m.get('message')}" + (f"  [{extract}]" if extract else ""))
    if errors:
        pytest.fail(f"{len(errors)} HTML errors (Nu HTML Checker):\n  " + "\n  ".join(errors), pytrace=False)
    assert run.returncode == 0, f"the Nu HTML Checker exited {run.returncode}:\n{run.stderr}"
