"""The generated site under test, and the outside tools that check it.

A pytest plugin (the site test modules load it with `pytest_plugins`), so that its session fixtures
are shared: the bundled example is built once and served once per test session.

Tools: Debian's Chromium (driven by pip's playwright, which never downloads a browser), a Java
runtime with the Nu HTML Checker (npm `vnu-jar`) and axe-core (npm `axe-core`). `.ci/tools.sh`
installs them, the npm ones into `.ci/node_modules`. `require(tool)` gives a tool or, when it is
missing, skips the test (on a developer's machine) or fails it (under CI=true, where every site
test must run).

Environment:
    OKRSITE_TEST_SITE   test this already-built folder instead of building the bundled example
    OKRSITE_CHROMIUM    a Chromium binary other than /usr/bin/chromium
    OKRSITE_VNU_JAR     vnu.jar, when it is not in .ci/node_modules
    OKRSITE_AXE_JS      axe.min.js, when it is not in .ci/node_modules

PYTEST_DONT_REWRITE: the test modules import this module before pytest loads it as a plugin, so
pytest must not try to rewrite its asserts (it would warn, and warnings are errors here); every
assert in it carries its own message.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.web import CHROMIUM_ARGS, served  # CHROMIUM_ARGS here too for scripts/screenshots.py
from tests.conftest import REPO, run_cli

AS_OF = "2026-11-20"
"""The date the bundled example is built as of (in Q4, so Q1 to Q3 are closed and Q4 is running)."""

NODE_MODULES = REPO / ".ci" / "node_modules"

INSTALL_HINT = "install the site test tools with `bash .ci/tools.sh`"


def in_ci() -> bool:
    """True under CI (CI=true), where a missing tool fails the tests instead of skipping them."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _file(path: str | Path | None) -> Path | None:
    if not path:
        return None
    p = Path(path)
    return p if p.is_file() else None


def chromium_path() -> Path | None:
    """Debian's Chromium (package `chromium`), or $OKRSITE_CHROMIUM; None when there is none."""
    p = _file(os.environ.get("OKRSITE_CHROMIUM") or "/usr/bin/chromium")
    return p if p and os.access(p, os.X_OK) else None


def java_path() -> Path | None:
    """The `java` on PATH (the Nu HTML Checker is a Java program)."""
    found = shutil.which("java")
    return Path(found) if found else None


def vnu_jar() -> Path | None:
    """The Nu HTML Checker: .ci/node_modules/vnu-jar/build/dist/vnu.jar, else $OKRSITE_VNU_JAR."""
    return _file(NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar") or _file(
        os.environ.get("OKRSITE_VNU_JAR")
    )


def axe_js() -> Path | None:
    """axe-core's script: .ci/node_modules/axe-core/axe.min.js, else $OKRSITE_AXE_JS."""
    return _file(NODE_MODULES / "axe-core" / "axe.min.js") or _file(os.environ.get("OKRSITE_AXE_JS"))


def _playwright() -> Any:
    try:
        return importlib.import_module("playwright.sync_api")
    except ImportError:
        return None


_TOOLS: dict[str, tuple[Any, str]] = {
    "chromium": (chromium_path, f"no Chromium at /usr/bin/chromium or $OKRSITE_CHROMIUM; {INSTALL_HINT}"),
    "playwright": (
        _playwright,
        "the Python package playwright is not installed; `.venv/bin/pip install -e '.[test]'` "
        "(never `playwright install`: the tests drive Debian's Chromium)",
    ),
    "java": (java_path, f"no `java` on PATH; {INSTALL_HINT} (it installs default-jre-headless)"),
    "vnu": (
        vnu_jar,
        f"no vnu.jar in .ci/node_modules/vnu-jar/build/dist or $OKRSITE_VNU_JAR; {INSTALL_HINT}",
    ),
    "axe": (axe_js, f"no axe.min.js in .ci/node_modules/axe-core or $OKRSITE_AXE_JS; {INSTALL_HINT}"),
}


def require(tool: str) -> Any:
    """The tool (a path, or for "playwright" the module playwright.sync_api), if it is there.

    If it is missing: skip, with the reason, on a developer's machine; fail under CI=true.
    Tools: chromium, playwright, java, vnu, axe.
    """
    find, why = _TOOLS[tool]
    found = find()
    if found is not None:
        return found
    if in_ci():
        pytest.fail(f"{tool} is missing under CI=true, where the site tests must run: {why}", pytrace=False)
    pytest.skip(f"{tool} is missing: {why}", allow_module_level=True)


# --- the site ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example built once per session as of 2026-11-20; its output folder.

    With OKRSITE_TEST_SITE=DIR the tests check that folder instead (to try a site by hand).
    """
    given = os.environ.get("OKRSITE_TEST_SITE")
    if given:
        site = Path(given).resolve()
        assert site.is_dir(), f"OKRSITE_TEST_SITE={given} is not a folder"
        return site
    out = tmp_path_factory.mktemp("site") / "public"
    result = run_cli("build", REPO, "--out", out, "--as-of", AS_OF)
    assert result.exit_code == 0, f"okrsite build failed:\n{result.output}{result.stderr}"
    return out


@pytest.fixture(scope="session")
def site_data(built_site: Path) -> dict[str, Any]:
    """The site's own okrs.json: which objectives, teams, people, KPIs and periods it has pages for."""
    data: dict[str, Any] = json.loads((built_site / "okrs.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1 (a free port): its root URL, ending in `/`."""
    with served(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium, once for the session (never a browser that playwright downloads)."""
    sync_api = require("playwright")
    chromium = require("chromium")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()
