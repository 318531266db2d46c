"""The build cache (.okrsite-cache/) never serves stale output: after every kind of change, a
cached build writes exactly the bytes a clean build (--no-cache) writes."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from okrsite import diskcache
from okrsite.build import BuildResult, build
from tests.conftest import run_cli

AS_OF = "2026-11-20"


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class Builds:
    """Builds a site with its cache into one folder and without into another, and compares."""

    def __init__(self, root: Path, tmp: Path) -> None:
        self.root, self.cached, self.clean = root, tmp / "cached", tmp / "clean"

    def both(self, **options: object) -> BuildResult:
        result = build(self.root, self.cached, **options)  # type: ignore[arg-type]
        clean = build(self.root, self.clean, use_cache=False, **options)  # type: ignore[arg-type]
        assert result.built and clean.built
        assert tree(self.cached) == tree(self.clean), "the cached build differs from a clean one"
        assert result.files == clean.files
        assert result.check.diagnostics == clean.check.diagnostics
        assert result.check.counts == clean.check.counts
        return result


@pytest.fixture
def builds(site: Path, tmp_path: Path) -> Iterator[Builds]:
    diskcache._stamp.cache_clear()
    yield Builds(site, tmp_path)
    diskcache._stamp.cache_clear()


def objective(site: Path) -> Path:
    return site / "content/objectives/2026-Q4/q4-ai-assisted-support.md"


def test_an_unchanged_site_is_up_to_date_and_the_same(builds: Builds) -> None:
    assert not builds.both().up_to_date
    again = builds.both()
    assert again.up_to_date and (builds.root / ".okrsite-cache/.gitignore").read_text() == "*\n"


def test_edits_renames_and_deletions(builds: Builds) -> None:
    builds.both()
    path = objective(builds.root)
    path.write_text(path.read_text().replace("Answer customers faster", "Answer customers sooner"))
    assert not builds.both().up_to_date
    path.rename(path.with_name("q4-ai-replies.md"))
    assert not builds.both().up_to_date
    (builds.root / "content/objectives/2026-Q4/q4-smart-scheduling-beta.md").unlink()
    assert not builds.both().up_to_date
    csv = builds.root / "content/kpis/csat.csv"
    csv.write_text(csv.read_text() + "2026-11-19,79\n")
    assert not builds.both().up_to_date
    assert builds.both().up_to_date


def test_settings_theme_and_as_of(builds: Builds) -> None:
    builds.both()
    config = builds.root / "okrsite.yaml"
    config.write_text(config.read_text().replace("Quillmark Labs goals", "Quillmark goals"))
    assert not builds.both().up_to_date
    extra = builds.root / "themes/default/static/extra.css"
    extra.parent.mkdir(parents=True)
    extra.write_text("h1 { letter-spacing: 0.01em; }\n")
    assert not builds.both().up_to_date
    extra.write_text("h1 { letter-spacing: 0.02em; }\n")
    assert not builds.both().up_to_date
    from datetime import date

    assert not builds.both(as_of=date(2026, 10, 1)).up_to_date
    assert not builds.both(drafts=True).up_to_date


def test_a_new_okrsite_version_starts_afresh(builds: Builds, monkeypatch: pytest.MonkeyPatch) -> None:
    builds.both()
    monkeypatch.setattr(diskcache, "__version__", "99.0.0")
    diskcache._stamp.cache_clear()
    assert diskcache.load_check_cache(builds.root).files.files == {}
    assert not builds.both().up_to_date


def test_an_output_folder_changed_by_hand_is_built_again(builds: Builds) -> None:
    builds.both()
    (builds.cached / "index.html").unlink()
    assert not builds.both().up_to_date
    (builds.cached / "okrs.csv").write_text("edited")
    assert not builds.both().up_to_date
    assert builds.both().up_to_date


def test_a_corrupt_cache_is_ignored(builds: Builds) -> None:
    builds.both()
    for name in ("files.pickle", "build.pickle"):
        (builds.root / ".okrsite-cache" / name).write_bytes(b"not a pickle")
    assert not builds.both().up_to_date
    assert builds.both().up_to_date


def test_the_cli_says_up_to_date_and_no_cache_rebuilds(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert run_cli("build", site, "--out", out, "--as-of", AS_OF).exit_code == 0
    again = run_cli("build", site, "--out", out, "--as-of", AS_OF)
    assert again.exit_code == 0 and "Nothing changed since the last build" in again.output
    assert "Checked 41 files" in again.output
    forced = run_cli("build", site, "--out", out, "--as-of", AS_OF, "--no-cache")
    assert forced.exit_code == 0 and "Wrote" in forced.output


def test_a_failed_check_is_reported_the_same_from_the_cache(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert run_cli("build", site, "--out", out).exit_code == 0
    strict = run_cli("build", site, "--out", out, "--strict")
    path = objective(site)
    path.write_text(path.read_text().replace("owner: noah\n", "owner: noah\n    notakey: 1\n", 1))
    first = run_cli("build", site, "--out", out)
    second = run_cli("build", site, "--out", out)
    assert first.exit_code == second.exit_code == 1 and strict.exit_code == 0
    assert first.output == second.output and "OKR101" in first.output


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_shows_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from okrsite.cli.core import ProgressBar

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.delenv("CI", raising=False)
    bar = ProgressBar()
    assert bar.wanted()
    monkeypatch.setattr(ProgressBar, "MIN_TOTAL", 10)
    bar("Checking", 0, 5)  # too short to be worth a bar
    for done in range(0, 21, 4):
        bar("Rendering", done, 20)
    bar.close()
    shown = terminal.getvalue()
    assert "Checking" not in shown and "Rendering" in shown and "20/20" in shown
    monkeypatch.setenv("CI", "true")
    assert not ProgressBar().wanted()
