"""File watching for `okrsite serve`: the path filter, the debouncer, and the watcher on a real folder."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from watchdog.events import (
    DirModifiedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileOpenedEvent,
    FileSystemEvent,
)

from okrsite.serve.debounce import Debouncer
from okrsite.serve.pathfilter import relevant, relevant_dir
from okrsite.serve.watcher import Watcher, event_paths

posix_only = pytest.mark.skipif(os.name == "nt", reason="the tables are written in POSIX paths")

ROOT = "/site"
OUT = ("/site/public",)

# (path, output folders, expected, why)
FILE_ROWS: list[tuple[str, tuple[str, ...], bool, str]] = [
    # What rebuilds.
    ("/site/okrsite.yaml", OUT, True, "the site's settings"),
    ("/site/content/objectives/q1.md", OUT, True, "an objective"),
    ("/site/content/people.yaml", OUT, True, "a .yaml file in content"),
    ("/site/content/kpis/mrr.yml", OUT, True, "a .yml file in content"),
    ("/site/content/kpis/mrr.csv", OUT, True, "a .csv file in content"),
    ("/site/content/objectives/Q1.MD", OUT, True, "suffixes match case-blind, as load.discover does"),
    ("/site/content/okrsite.yaml", OUT, True, "a .yaml file in content, whatever its name"),
    ("/site/themes/default/page.html", OUT, True, "a theme template"),
    ("/site/themes/default/static/style.css", OUT, True, "a theme's static file"),
    ("/site/themes/README", OUT, True, "any file under themes/"),
    ("/site/themes/default/404", OUT, True, "digits, but not a vim probe name"),
    # What does not: other files, other places.
    ("/site/content/notes.txt", OUT, False, "content with a suffix okrsite does not read"),
    ("/site/content/logo.png", OUT, False, "an image in content"),
    ("/site/README.md", OUT, False, "a Markdown file outside content"),
    ("/site/docs/okrsite.yaml", OUT, False, "okrsite.yaml only counts at the root"),
    ("/site/themes", OUT, False, "a file named like the themes folder is not inside it"),
    ("/site", OUT, False, "the root itself"),
    ("/elsewhere/content/q1.md", OUT, False, "outside the root"),
    ("/site2/content/q1.md", OUT, False, "a sibling whose name starts with the root's"),
    ("content/q1.md", OUT, False, "a relative path"),
    # Output folders, the writer's staging folders, tool folders, hidden folders.
    ("/site/public/index.html", OUT, False, "the output folder"),
    ("/site/public/data/okrs.yaml", OUT, False, "a .yaml file in the output folder"),
    ("/site/.public.okrsite-staging/x.md", OUT, False, "the writer's staging folder"),
    ("/site/.public.okrsite-old/x.md", OUT, False, "the writer's previous output"),
    ("/site/content/public/x.yaml", ("/site/content/public",), False, "an output folder inside content"),
    ("/site/content/.public.okrsite-staging/x.md", ("/site/content/public",), False, "its staging"),
    ("/site/content/publicity.md", ("/site/content/public",), True, "a sibling of that output folder"),
    ("/site/content/build/x.md", ("content/build",), False, "an output folder given relative to the root"),
    ("/tmp/out/x.md", ("/tmp/out",), False, "a --out folder outside the root"),
    ("/site/content/q1.md", ("",), True, "an empty output folder is no output folder"),
    ("/site/.git/HEAD", OUT, False, "git"),
    ("/site/content/.git/q1.md", OUT, False, "git inside content"),
    ("/site/.venv/lib/site.yaml", OUT, False, "a virtualenv"),
    ("/site/themes/default/node_modules/x/index.js", OUT, False, "node_modules in a theme"),
    ("/site/content/__pycache__/q1.md", OUT, False, "__pycache__"),
    ("/site/content/.okrsite-cache/q1.md", OUT, False, "okrsite's cache"),
    ("/site/content/.mypy_cache/q1.yaml", OUT, False, "mypy's cache"),
    ("/site/content/.pytest_cache/v.yaml", OUT, False, "pytest's cache"),
    ("/site/content/.drafts/q1.md", OUT, False, "a hidden folder"),
    ("/site/themes/.old/page.html", OUT, False, "a hidden folder in themes"),
    ("/site/content/team~/q1.md", OUT, False, "a folder load.discover skips"),
    ("/site/content/.q1.md", OUT, False, "a hidden file"),
    # Editors.
    ("/site/content/.q1.md.swp", OUT, False, "vim swap (also nano's lock file)"),
    ("/site/content/.q1.md.swx", OUT, False, "vim swap, second name"),
    ("/site/content/.q1.md.swo", OUT, False, "vim swap, third name"),
    ("/site/content/4913", OUT, False, "vim's write probe"),
    ("/site/themes/default/4913", OUT, False, "vim's write probe where any file counts"),
    ("/site/themes/default/5036", OUT, False, "vim's second probe name"),
    ("/site/content/q1.md~", OUT, False, "vim, emacs and nano backups"),
    ("/site/content/.#q1.md", OUT, False, "emacs lock"),
    ("/site/content/#q1.md#", OUT, False, "emacs auto-save"),
    ("/site/themes/default/#page.html#", OUT, False, "emacs auto-save in a theme"),
    ("/site/content/q1.md___jb_tmp___", OUT, False, "JetBrains safe-write temporary"),
    ("/site/content/q1.md___jb_old___", OUT, False, "JetBrains safe-write old copy"),
    ("/site/content/.q1.md.tmp", OUT, False, "VS Code-style atomic write"),
    ("/site/content/q1.md.tmp", OUT, False, "an atomic-write temporary"),
    ("/site/themes/default/page.html.vsctmp", OUT, False, "VS Code atomic write in a theme"),
    ("/site/content/.q1.md.kate-swp", OUT, False, "Kate swap"),
    ("/site/themes/default/page.html.kate-swp", OUT, False, "Kate swap, not hidden"),
    ("/site/content/.goutputstream-X1Y2Z3", OUT, False, "gedit atomic write"),
    ("/site/content/q1.md.save", OUT, False, "nano's emergency save"),
    ("/site/content/q1.md.part", OUT, False, "a partial download"),
    ("/site/content/~$people.csv", OUT, False, "Office lock"),
    # Normalisation: lexical, symlink-free.
    ("/site/content/../content/q1.md", OUT, True, "`..` collapsed"),
    ("/site/public/../content/q1.md", OUT, True, "`..` leaves the output folder"),
    ("/site/content/../public/q1.md", OUT, False, "`..` enters the output folder"),
    ("/site/content/../../etc/q1.md", OUT, False, "`..` leaves the root"),
    ("/site//content///objectives/./q1.md", OUT, True, "doubled slashes and `.`"),
    ("/site/content/..", OUT, False, "`..` back to the root"),
    # Backslashes are ordinary characters of a name on POSIX.
    ("/site/content\\objectives\\q1.md", OUT, False, "one file at the root named content\\objectives\\q1.md"),
    ("/site/content/objectives\\q1.md", OUT, True, "one file in content named objectives\\q1.md"),
    ("/site/content/public\\x.md", ("/site/content/public",), True, "not inside content/public"),
    ("C:\\site\\content\\q1.md", OUT, False, "a Windows path is a relative name on POSIX"),
]


@posix_only
@pytest.mark.parametrize(("path", "outs", "expected", "why"), FILE_ROWS, ids=[r[3] for r in FILE_ROWS])
def test_relevant(path: str, outs: tuple[str, ...], expected: bool, why: str) -> None:
    assert relevant(path, ROOT, outs) is expected, why


@posix_only
@pytest.mark.parametrize("root", ["/site/", "/site/.", "/x/../site", "/site//"])
def test_relevant_root_spellings(root: str) -> None:
    assert relevant("/site/content/q1.md", root, OUT)
    assert not relevant("/site/public/q1.md", root, ["/site/public/"])


@posix_only
@pytest.mark.parametrize(
    ("path", "content_dir", "expected"),
    [
        ("/site/goals/q1.md", "goals", True),
        ("/site/content/q1.md", "goals", False),
        ("/site/docs/goals/q1.md", "docs/goals", True),
        ("/site/docs/q1.md", "docs/goals", False),
        ("/site/docs/goals/q1.md", "./docs/goals/", True),
        ("/site/themes/default/page.html", "goals", True),
    ],
)
def test_relevant_content_dir(path: str, content_dir: str, expected: bool) -> None:
    assert relevant(path, ROOT, OUT, content_dir) is expected


DIR_ROWS: list[tuple[str, tuple[str, ...], str, bool]] = [
    ("/site/content", OUT, "content", True),
    ("/site/content/teams", OUT, "content", True),
    ("/site/content/teams/sales/2026", OUT, "content", True),
    ("/site/themes", OUT, "content", True),
    ("/site/themes/default/static", OUT, "content", True),
    ("/site/content/../content/teams", OUT, "content", True),
    ("/site", OUT, "content", False),
    ("/site/docs", OUT, "content", False),
    ("/site/public", OUT, "content", False),
    ("/site/public/assets", OUT, "content", False),
    ("/site/.public.okrsite-staging", OUT, "content", False),
    ("/site/content/public", ("/site/content/public",), "content", False),
    ("/site/content/public/data", ("/site/content/public",), "content", False),
    ("/site/content/.drafts", OUT, "content", False),
    ("/site/content/.drafts/teams", OUT, "content", False),
    ("/site/content/teams~", OUT, "content", False),
    ("/site/content/__pycache__", OUT, "content", False),
    ("/site/.git", OUT, "content", False),
    ("/site/.git/objects", OUT, "content", False),
    ("/elsewhere/content", OUT, "content", False),
    ("/site/docs", OUT, "docs/goals", True),
    ("/site/docs/goals", OUT, "docs/goals", True),
    ("/site/docs/goals/teams", OUT, "docs/goals", True),
    ("/site/docs/other", OUT, "docs/goals", False),
    ("/site/content", OUT, "docs/goals", False),
]


@posix_only
@pytest.mark.parametrize(("path", "outs", "content_dir", "expected"), DIR_ROWS)
def test_relevant_dir(path: str, outs: tuple[str, ...], content_dir: str, expected: bool) -> None:
    assert relevant_dir(path, ROOT, outs, content_dir) is expected


# --- The debouncer, on a hand-driven clock -------------------------------------------------------


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def is_due(deb: Debouncer) -> bool:
    left = deb.due()
    return left is not None and left < 1e-9


def test_debounce_single_event() -> None:
    clock = FakeClock()
    deb = Debouncer(clock=clock)
    assert deb.due() is None
    deb.add("a.md")
    assert deb.due() == pytest.approx(0.12)
    clock.now = 0.1
    assert deb.due() == pytest.approx(0.02)
    clock.now = 0.12
    assert deb.due() == 0
    clock.now = 5.0
    assert deb.due() == 0
    assert deb.take() == {"a.md"}
    assert deb.due() is None


def test_debounce_steady_stream_fires_at_max_wait() -> None:
    clock = FakeClock()
    deb = Debouncer(quiet=0.12, max_wait=1.0, clock=clock)
    fired: list[tuple[float, int]] = []
    for tick in range(70):  # an event every 0.05 s for 3.5 s
        clock.now = tick / 20
        deb.add(f"p{tick}.md")
        if is_due(deb):
            fired.append((clock.now, len(deb.take())))
    assert [t for t, _ in fired] == pytest.approx([1.0, 2.05, 3.1])
    assert [n for _, n in fired] == [21, 21, 21]
    clock.now = 3.45 + 0.12  # the stream stops: quiet ends the last burst
    assert deb.due() == pytest.approx(0)
    assert len(deb.take()) == 7


def test_debounce_hundred_events_in_a_second() -> None:
    clock = FakeClock()
    deb = Debouncer(clock=clock)
    for i in range(100):
        clock.now = i / 100
        deb.add(f"content/p{i % 7}.md")
        assert not is_due(deb)
    assert deb.due() == pytest.approx(0.01)
    clock.now = 1.0
    assert deb.due() == 0
    assert deb.take() == {f"content/p{i}.md" for i in range(7)}


def test_debounce_events_while_building() -> None:
    clock = FakeClock()
    deb = Debouncer(clock=clock)
    deb.add("a.md")
    deb.add("b.md")
    clock.now = 0.12
    assert deb.take() == {"a.md", "b.md"}
    # The build runs from 0.12 to 2.0; saves land meanwhile and start a new burst.
    clock.now = 0.2
    deb.add("c.md")
    assert deb.due() == pytest.approx(0.12)  # quiet counts from the new event, not the old burst
    clock.now = 0.3
    deb.add("a.md")
    clock.now = 2.0
    assert deb.due() == 0
    assert deb.take() == {"a.md", "c.md"}
    assert deb.due() is None


def test_debounce_max_wait_counts_from_the_new_burst() -> None:
    clock = FakeClock()
    deb = Debouncer(quiet=0.5, max_wait=1.0, clock=clock)
    deb.add("a.md")
    clock.now = 10.0
    deb.take()
    deb.add("b.md")
    assert deb.due() == pytest.approx(0.5)


def test_debounce_empty_and_early_take() -> None:
    clock = FakeClock()
    deb = Debouncer(clock=clock)
    assert deb.take() == frozenset()
    deb.add("a.md")
    clock.now = 0.01
    assert deb.take() == {"a.md"}  # early: a flush, not an error
    assert deb.due() is None
    assert deb.take() == frozenset()


def test_debounce_rejects_bad_timings() -> None:
    with pytest.raises(ValueError, match="quiet"):
        Debouncer(quiet=-0.1)
    with pytest.raises(ValueError, match="max_wait"):
        Debouncer(quiet=2.0, max_wait=1.0)
    deb = Debouncer()
    assert (deb.quiet, deb.max_wait) == (0.12, 1.0)


def test_debounce_is_thread_safe() -> None:
    deb = Debouncer()
    start = threading.Barrier(4)

    def add_many(n: int) -> None:
        start.wait()
        for i in range(2000):
            deb.add(f"t{n}/{i}")

    threads = [threading.Thread(target=add_many, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(deb.take()) == 8000


# --- Events to paths, without a file system ------------------------------------------------------


@posix_only
@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (FileCreatedEvent("/site/content/q1.md"), ("/site/content/q1.md",)),
        (FileModifiedEvent("/site/content/q1.md"), ("/site/content/q1.md",)),
        (FileAttribEvent("/site/content/q1.md"), ("/site/content/q1.md",)),
        (FileDeletedEvent("/site/content/q1.md"), ("/site/content/q1.md",)),
        (
            FileMovedEvent("/site/content/a.md", "/site/content/b.md"),
            ("/site/content/a.md", "/site/content/b.md"),
        ),
        (FileMovedEvent("/site/content/a.md.tmp", "/site/content/a.md"), ("/site/content/a.md",)),
        (FileMovedEvent("/site/content/a.md", "/site/content/a.md~"), ("/site/content/a.md",)),
        (FileMovedEvent(b"/site/content/a.md", b"/site/public/a.md"), ("/site/content/a.md",)),
        (FileCreatedEvent("/site/content/../content/q1.md"), ("/site/content/q1.md",)),
        (FileOpenedEvent("/site/content/q1.md"), ()),
        (FileClosedEvent("/site/content/q1.md"), ()),
        (FileCreatedEvent("/site/public/q1.md"), ()),
        (DirModifiedEvent("/site/content"), ()),
        (
            DirMovedEvent("/site/content/team", "/site/content/squad"),
            ("/site/content/team", "/site/content/squad"),
        ),
        (DirMovedEvent("/site/content/team", "/site/content/.trash"), ("/site/content/team",)),
    ],
)
def test_event_paths(event: FileSystemEvent, expected: tuple[str, ...]) -> None:
    assert event_paths(event, ROOT, OUT) == expected


# --- The watcher on a real folder ----------------------------------------------------------------

SITE = {
    "okrsite.yaml": "title: Goals\n",
    "content/objectives/q1.md": "---\ntitle: One\n---\n",
    "content/team/a.md": "---\nname: A\n---\n",
    "themes/default/page.html": "<p>{{ page }}</p>\n",
    "public/index.html": "<p>old</p>\n",
    ".git/HEAD": "ref: refs/heads/main\n",
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for rel, text in SITE.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root.resolve()


@pytest.fixture
def watcher(site: Path) -> Iterator[Watcher]:
    with Watcher(site, ["public"], debouncer=Debouncer(quiet=0.1, max_wait=2.0)) as w:
        yield w


def collect(w: Watcher, timeout: float = 5.0) -> set[str]:
    """Wait for a burst of relevant changes to end, as the server loop does; return its paths."""
    deadline = time.monotonic() + timeout
    assert w.changed.wait(timeout), "no relevant change seen"
    while True:
        w.changed.clear()
        left = w.debouncer.due()
        if left == 0:
            return set(w.debouncer.take())
        assert left is not None
        assert time.monotonic() < deadline, "the burst never ended"
        w.changed.wait(left)


def rel(w: Watcher, paths: set[str]) -> set[str]:
    return {Path(p).relative_to(w.root).as_posix() for p in paths}


def test_watch_create(watcher: Watcher, site: Path) -> None:
    (site / "content/objectives/q2.md").write_text("---\ntitle: Two\n---\n")
    assert rel(watcher, collect(watcher)) == {"content/objectives/q2.md"}


def test_watch_modify(watcher: Watcher, site: Path) -> None:
    with (site / "content/objectives/q1.md").open("a") as f:
        f.write("More.\n")
    assert rel(watcher, collect(watcher)) == {"content/objectives/q1.md"}


def test_watch_delete(watcher: Watcher, site: Path) -> None:
    (site / "content/objectives/q1.md").unlink()
    assert rel(watcher, collect(watcher)) == {"content/objectives/q1.md"}


def test_watch_rename(watcher: Watcher, site: Path) -> None:
    (site / "content/objectives/q1.md").rename(site / "content/objectives/q3.md")
    assert rel(watcher, collect(watcher)) == {"content/objectives/q1.md", "content/objectives/q3.md"}


def test_watch_folder_rename(watcher: Watcher, site: Path) -> None:
    (site / "content/team").rename(site / "content/squad")
    assert rel(watcher, collect(watcher)) == {
        "content/team",
        "content/team/a.md",
        "content/squad",
        "content/squad/a.md",
    }


def test_watch_folder_delete(watcher: Watcher, site: Path) -> None:
    shutil.rmtree(site / "content/team")
    assert rel(watcher, collect(watcher)) == {"content/team", "content/team/a.md"}


@pytest.mark.parametrize("temp", ["q1.md.tmp", ".q1.md.tmp", "q1.md.vsctmp"])
def test_watch_atomic_save(watcher: Watcher, site: Path, temp: str) -> None:
    folder = site / "content/objectives"
    (folder / temp).write_text("---\ntitle: Won\n---\n")
    (folder / temp).replace(folder / "q1.md")
    assert rel(watcher, collect(watcher)) == {"content/objectives/q1.md"}


def test_watch_jetbrains_safe_write(watcher: Watcher, site: Path) -> None:
    folder = site / "content/objectives"
    (folder / "q1.md___jb_tmp___").write_text("---\ntitle: Won\n---\n")
    (folder / "q1.md").replace(folder / "q1.md___jb_old___")
    (folder / "q1.md___jb_tmp___").replace(folder / "q1.md")
    (folder / "q1.md___jb_old___").unlink()
    assert rel(watcher, collect(watcher)) == {"content/objectives/q1.md"}


def test_watch_vim_save(watcher: Watcher, site: Path) -> None:
    folder = site / "content/objectives"
    (folder / ".q1.md.swp").write_bytes(b"b0VIM 9.0")
    (folder / "4913").write_bytes(b"")  # vim's probe: may it write here?
    (folder / "4913").unlink()
    (folder / "q1.md").replace(folder / "q1.md~")  # the backup
    (folder / "q1.md").write_text("---\ntitle: Won\n---\n")
    (folder / "q1.md~").unlink()
    (folder / ".q1.md.swp").unlink()
    assert rel(watcher, collect(watcher)) == {"content/objectives/q1.md"}


def test_watch_ignores_output_git_and_swap(watcher: Watcher, site: Path) -> None:
    (site / "public/index.html").write_text("<p>new</p>\n")
    (site / "public/okrs.yaml").write_text("a: 1\n")
    (site / ".public.okrsite-staging").mkdir()
    (site / ".public.okrsite-staging/index.md").write_text("x\n")
    (site / ".git/HEAD").write_text("ref: refs/heads/other\n")
    (site / ".git/objects").mkdir()
    (site / ".git/objects/ab.yaml").write_text("x\n")
    (site / "content/.q1.md.swp").write_text("x\n")
    (site / "content/notes.txt").write_text("x\n")
    # None of that counts; a theme edit does, and arrives after all of it.
    (site / "themes/default/page.html").write_text("<p>{{ page.title }}</p>\n")
    assert rel(watcher, collect(watcher)) == {"themes/default/page.html"}


def test_watch_polling(site: Path) -> None:
    deb = Debouncer(quiet=0.1, max_wait=2.0)
    with Watcher(site, [site / "public"], debouncer=deb, poll=True, poll_interval=0.05) as w:
        (site / "public/index.html").write_text("<p>new</p>\n")
        (site / "okrsite.yaml").write_text("title: Aims\n")
        assert rel(w, collect(w)) == {"okrsite.yaml"}


def test_watcher_lifecycle(site: Path) -> None:
    w = Watcher(site)
    w.stop()  # never started: nothing to do
    w.start()
    with pytest.raises(RuntimeError, match="already running"):
        w.start()
    w.stop()
    w.stop()
    assert w.debouncer.due() is None
    assert not w.changed.is_set()
