"""The build cache in `.okrsite-cache/` beside okrsite.yaml: safe to delete, ignored by git.

Two things are kept between runs of `okrsite check` and `okrsite build`:

- `files.pickle`: each content file's validation result (records and diagnostics) with the text
  it came from. A file is parsed again when its text, a file it reads (a KPI's CSV) or the site's
  settings differ; everything is thrown away when the okrsite or Python version differs.
- `build.pickle`: the last build's fingerprint (okrsite's version, the settings, every content
  file, the theme, the as-of date, drafts, git history) with its check result and a manifest of
  the files it wrote (path, size, modification time). A build whose fingerprint matches, into an
  output folder that still matches the manifest, has nothing to do.

Reading the cache never fails a command: a missing, unreadable, corrupt or foreign cache is
ignored (and replaced on the next write). Writing is best effort too (a read-only checkout
simply runs without a cache), and atomic: a temporary file renamed over the old one.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import okrsite
import okrsite.parallel  # teaches pickle the model's read-only mappings
from okrsite import __version__
from okrsite.audience import Withheld
from okrsite.check import CheckCache, CheckResult
from okrsite.load import Loaded
from okrsite.validate.files import FileCache

CACHE_DIR = ".okrsite-cache"
FORMAT = 1
_README = "This folder is okrsite's build cache. It is safe to delete: the next build makes it again.\n"


@functools.cache
def _stamp() -> tuple[object, ...]:
    """What every cached result depends on besides the site: the cache format, okrsite's version,
    Python's, and okrsite's own code (so that an edited checkout never reads stale results)."""
    package = Path(okrsite.__file__).parent
    code = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        st = path.stat()
        code.update(f"{path.relative_to(package)}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return (FORMAT, __version__, sys.version_info[:2], code.hexdigest())


def _read(root: Path, name: str, many: bool = False) -> Any:
    """The object pickled in `name`; with `many`, (that object, the items pickled after it)."""
    try:
        with (root / CACHE_DIR / name).open("rb") as f:
            stamp, data = pickle.load(f)
            if stamp != _stamp():
                return None
            if not many:
                return data
            items = []
            count = pickle.load(f)
            for _ in range(count):
                items.append(pickle.load(f))
            return data, items
    except Exception:  # noqa: BLE001  absent, unreadable, corrupt, another version: start afresh
        return None


def _write(root: Path, name: str, data: object, items: Collection[object] | None = None) -> None:
    """Pickle `data` into `name`, then each of `items` on its own: one pickle of ten thousand
    files' records would hold a memo of every object in them (200 MB at 10,000 objectives)."""
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        if not (folder / ".gitignore").exists():
            (folder / ".gitignore").write_text("*\n")
            (folder / "README.txt").write_text(_README)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump((_stamp(), data), f, protocol=pickle.HIGHEST_PROTOCOL)
                if items is not None:
                    pickle.dump(len(items), f)
                    for item in items:
                        pickle.dump(item, f, protocol=pickle.HIGHEST_PROTOCOL)
            Path(tmp).replace(folder / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except Exception:  # noqa: BLE001  a read-only checkout, a full disk: the cache is only an optimisation
        pass


def load_check_cache(root: Path) -> CheckCache:
    """The per-file results of the last check (an empty cache when there are none)."""
    cache = CheckCache()
    config = _read(root, "files.pickle", many=True)
    if config is not None:
        config, entries = config
        cache.files = FileCache(config, dict(entries))
    return cache


def save_check_cache(root: Path, cache: CheckCache) -> None:
    """Keep the per-file results for the next run (best effort)."""
    _write(root, "files.pickle", cache.files.config, cache.files.files.items())


@dataclass(frozen=True, slots=True)
class Manifest:
    """The files a build wrote: relative path -> (size, modification time in ns)."""

    files: dict[str, tuple[int, int]]

    @classmethod
    def of(cls, out: Path) -> Manifest:
        """The manifest of an output folder as it is now."""
        found: dict[str, tuple[int, int]] = {}
        folders = [(out, "")]
        while folders:
            folder, prefix = folders.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append((Path(entry.path), prefix + entry.name + "/"))
                    else:
                        st = entry.stat(follow_symlinks=False)
                        found[prefix + entry.name] = (st.st_size, st.st_mtime_ns)
        return cls(found)


@dataclass(frozen=True, slots=True)
class LastBuild:
    """What the last build was made from, what it found, and what it wrote where."""

    fingerprint: str
    out: str
    check: CheckResult  # without its sources, which the fingerprint pins
    manifest: Manifest
    files: int
    withheld: Withheld = field(default_factory=Withheld)  # what it left out (a public build)
    notes: tuple[str, ...] = ()  # what it could not do but did not stop for


def fingerprint(loaded: Loaded, parts: Iterable[object]) -> str:
    """A digest of everything a build's output depends on."""
    h = hashlib.sha256()
    h.update(repr((_stamp(), loaded.config_text, *parts)).encode())
    for f in loaded.files:
        h.update(f"\0{f.path}\0{len(f.text)}\0".encode())
        h.update(f.text.encode())
    return h.hexdigest()


def load_last_build(root: Path) -> LastBuild | None:
    """The last build's record, if there is a readable one."""
    last = _read(root, "build.pickle")
    return last if isinstance(last, LastBuild) else None


def save_last_build(root: Path, last: LastBuild) -> None:
    """Record a finished build (best effort)."""
    _write(root, "build.pickle", last)
