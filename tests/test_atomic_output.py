"""Output that is never put at risk: a build killed while it renders leaves the last site byte for
byte; folders okrsite did not make are refused through the command line with a way out; settings
cannot point a build outside the site; symlinks out of content/ are not followed.

(tests/test_build.py covers the site root, content/ and a foreign folder as --out, and a build
that fails its check; tests/test_workers.py a template error in a forked worker.)
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import write_corpus
from okrsite.write import MARKER, Staging, UnsafeOutputError, check_output_dir
from tests.conftest import REPO, copy_example, run_cli

AS_OF = "2026-11-20"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative posix path: bytes), and every folder as b'<dir>'."""
    out: dict[str, bytes] = {}
    for p in sorted(folder.rglob("*")):
        out[p.relative_to(folder).as_posix()] = b"<dir>" if p.is_dir() else p.read_bytes()
    return out


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")
def test_a_build_killed_while_it_renders_leaves_the_last_site_intact(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    write_corpus(site, 600)
    out = tmp_path / "public"
    first = run_cli("build", site, "--out", out, "--no-cache")
    assert first.exit_code == 0, first.output + first.stderr
    before = tree(out)
    assert len(before) > 1500
    # Another build, of other content, killed (with its forked workers) once it is writing pages.
    team = site / "content" / "teams" / "team-1.md"
    team.write_text(team.read_text().replace("name: Team-1", "name: Renamed team"))
    staging = tmp_path / ".public.okrsite-staging"
    proc = subprocess.Popen(
        [sys.executable, "-m", "okrsite", "build", str(site), "--out", str(out), "--no-cache"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    rendered = 0
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            rendered = sum(1 for _ in staging.rglob("index.html")) if staging.is_dir() else 0
            if rendered >= 100:
                break
            time.sleep(0.01)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the build ended before it could be killed"
    assert rendered >= 100 and staging.is_dir(), "the build was not killed while it rendered"
    assert tree(out) == before, "the killed build changed the last site"
    # The next build finishes, clears what the killed one left, and publishes the new content.
    again = run_cli("build", site, "--out", out, "--no-cache")
    assert again.exit_code == 0, again.output + again.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public", "site"]
    assert b"Renamed team" in (out / "teams" / "team-1" / "index.html").read_bytes()
    print(f"killed after {rendered} of {len(before)} files were staged; the last site was intact")


def test_a_swap_interrupted_between_its_renames_is_repaired_by_the_next_build(tmp_path: Path) -> None:
    """Where the two folders cannot be exchanged in one step, the swap is two renames; a kill between
    them leaves the old site beside the output folder, and the next build puts it back first."""
    out = tmp_path / "public"
    old = tmp_path / ".public.okrsite-old"
    old.mkdir()
    (old / MARKER).write_text("x")
    (old / "index.html").write_text("the last good site")
    (tmp_path / ".public.okrsite-staging").mkdir()  # the new site, half moved
    stage = Staging(out)
    assert (out / "index.html").read_text() == "the last good site"
    stage.discard()  # a build that then fails keeps it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_successful_swap_leaves_nothing_behind(tmp_path: Path) -> None:
    out = tmp_path / "public"
    for text in ("one", "two"):
        stage = Staging(out)
        stage.write("index.html", text.encode())
        stage.commit()
        assert (out / "index.html").read_text() == text and (out / MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "site")


def refused(site: Path, out: Path) -> str:
    result = run_cli("build", site, "--out", out, "--as-of", AS_OF, "--no-cache")
    assert result.exit_code == 2, result.output + result.stderr
    assert "choose another --out" in result.stderr, result.stderr
    return result.stderr


def test_the_home_folder_is_refused(example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("mine")
    monkeypatch.setenv("HOME", str(home))
    assert f"{home} is {home}: okrsite will not replace it" in refused(example, home)
    assert (home / "notes.txt").read_text() == "mine"


def test_a_folder_that_holds_the_site_is_refused(example: Path, tmp_path: Path) -> None:
    assert f"{tmp_path} holds {example}: okrsite will not replace it" in refused(example, tmp_path)
    assert (example / "content" / "teams").is_dir()


def test_the_file_system_root_is_refused() -> None:
    with pytest.raises(UnsafeOutputError, match="okrsite will not replace it"):
        check_output_dir(Path("/"), REPO, REPO / "content")


def test_a_file_is_refused(example: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_text("not a folder")
    result = run_cli("build", example, "--out", target, "--as-of", AS_OF)
    assert result.exit_code == 2 and f"Directory '{target}' is a file" in result.stderr
    with pytest.raises(UnsafeOutputError, match="exists and is not a folder; choose another --out"):
        check_output_dir(target, example, example / "content")  # the same, for callers of build()
    assert target.read_text() == "not a folder"


def test_a_symlink_to_a_foreign_folder_is_refused(example: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "out").symlink_to(foreign, target_is_directory=True)
    assert "was not made by okrsite" in refused(example, tmp_path / "out")
    assert (foreign / "holiday.jpg").read_bytes() == b"\xff\xd8"


def test_new_empty_and_okrsite_made_folders_are_accepted(example: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for out in (empty, empty):  # empty, then a folder okrsite made (new folders: everywhere else)
        result = run_cli("build", example, "--out", out, "--as-of", AS_OF, "--no-cache")
        assert result.exit_code == 0, result.output + result.stderr
        assert (out / MARKER).is_file() and (out / "index.html").is_file()


@pytest.mark.parametrize("setting", ["../elsewhere", "/tmp/okrsite-out", "..", ".", "C:/Users/x"])
def test_settings_cannot_point_the_output_outside_the_site(example: Path, setting: str) -> None:
    config = example / "okrsite.yaml"
    config.write_text(config.read_text() + f"\noutput_dir: {setting!r}\n")
    result = run_cli("build", example, "--as-of", AS_OF, "--format", "json", "--no-cache")
    assert result.exit_code == 1
    [d] = [d for d in result.json()["diagnostics"] if d["severity"] == "error"]
    assert (d["path"], d["code"]) == ("okrsite.yaml", "OKR116") and d["line"] > 1
    assert "must be a folder inside the site" in d["message"] and "--out" in d["hint"]
    assert not (example.parent / "elsewhere").exists() and not Path("/tmp/okrsite-out").exists()


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_symlinks_out_of_content_are_not_followed_into_the_site(example: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    (secret / "objectives").mkdir(parents=True)
    leak = (
        (example / "content" / "teams" / "sales.md").read_text().replace("name: Sales", "name: Leakedsecret")
    )
    (secret / "leak.md").write_text(leak)
    shutil.copy(
        example / "content" / "objectives" / "2026" / "double-annual-revenue.md", secret / "objectives"
    )
    (example / "content" / "teams" / "leak.md").symlink_to(secret / "leak.md")
    (example / "content" / "objectives" / "outside").symlink_to(
        secret / "objectives", target_is_directory=True
    )
    out = tmp_path / "public"
    result = run_cli("build", example, "--out", out, "--as-of", AS_OF, "--no-cache")
    assert result.exit_code == 0, result.output + result.stderr
    assert not (out / "teams" / "leak").exists()
    for f in out.rglob("*"):
        assert not f.is_file() or b"Leakedsecret" not in f.read_bytes(), f
