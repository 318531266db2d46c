"""Which file-system events should rebuild the site: pure functions of paths, with no disk access.

Paths are normalised lexically (`os.path.normpath`, and `normcase` on Windows): `..` is collapsed
without resolving symlinks, so the watcher passes real paths for both the events and the site root.
On POSIX a backslash is an ordinary character of a file name, as the file system treats it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import PurePath

from okrsite.config import CONFIG_FILE
from okrsite.load import READ_SUFFIXES, is_ignored_name

THEMES_DIR = "themes"

# Tool and cache folders never hold site sources. The hidden ones are also caught by
# `is_ignored_name`; they are listed so the rule reads in one place.
SKIP_DIRS = frozenset(
    {
        ".git",
        ".venv",
        "node_modules",
        "__pycache__",
        ".okrsite-cache",
        ".mypy_cache",
        ".pytest_cache",
    }
)

# Editor droppings `is_ignored_name` does not know: VS Code's atomic-write temporary and Kate's swap.
_EXTRA_TEMP_SUFFIXES = (".vsctmp", ".kate-swp")

# Vim checks that a folder is writable by creating and deleting "4913" (then 5036, 5159, ... while
# the name is taken) next to the file it saves.
_VIM_PROBE_FIRST = 4913
_VIM_PROBE_STEP = 123

# The names okrsite's writer gives the folders it swaps in beside an output folder (okrsite.write).
_STAGING_NAMES = (".{}.okrsite-staging", ".{}.okrsite-old")


def relevant(path: str, root: str, output_dirs: Sequence[str], content_dir: str = "content") -> bool:
    """True when a change to the file at `path` should rebuild the site at `root`.

    That is `okrsite.yaml` at the root, a readable file (`.md`, `.yaml`, `.yml`, `.csv`) under the
    content folder, or any file under `themes/`; never anything inside an output folder (or its
    staging folders), a tool folder, a hidden folder, nor an editor's temporary file. `output_dirs`
    are absolute, or relative to `root`.
    """
    parts = _site_parts(path, root, output_dirs)
    if not parts or _ignored_file(parts[-1]):
        return False
    if parts == _norm(CONFIG_FILE).parts:
        return True
    if _within(parts[:-1], _content_parts(content_dir)):
        return parts[-1].lower().endswith(READ_SUFFIXES)
    return _within(parts[:-1], (THEMES_DIR,))


def relevant_dir(path: str, root: str, output_dirs: Sequence[str], content_dir: str = "content") -> bool:
    """True when creating, deleting or renaming the folder at `path` should rebuild the site.

    That is the content folder, `themes/`, a folder inside either, or a folder holding the content
    folder (when `content_dir` is nested), unless it is hidden, ignored or inside an output folder.
    """
    parts = _site_parts(path, root, output_dirs)
    if not parts or _ignored_dir(parts[-1]):
        return False
    content = _content_parts(content_dir)
    return _within(parts, content) or _within(content, parts) or _within(parts, (THEMES_DIR,))


def _site_parts(path: str, root: str, output_dirs: Sequence[str]) -> tuple[str, ...] | None:
    """The path's components below `root`; None outside it, in an output folder or a skipped one."""
    full = _norm(path)
    if not full.is_absolute():
        return None
    root_n = _norm(root)
    parts = _relative(full, root_n)
    if not parts:
        return None
    if any(_relative(full, out) is not None for out in _output_folders(root_n, output_dirs)):
        return None
    if any(_ignored_dir(part) for part in parts[:-1]):
        return None
    return parts


def _output_folders(root: PurePath, output_dirs: Sequence[str]) -> Iterator[PurePath]:
    """Each output folder and the staging folders the writer creates beside it."""
    for out in output_dirs:
        if not out:
            continue
        folder = _norm(str(root / out))
        yield folder
        for pattern in _STAGING_NAMES:
            yield folder.parent / pattern.format(folder.name)


def _relative(path: PurePath, base: PurePath) -> tuple[str, ...] | None:
    """The components of `path` below `base` (both normalised); () when equal, None outside."""
    depth = len(base.parts)
    if path.parts[:depth] != base.parts:
        return None
    return path.parts[depth:]


def _within(parts: tuple[str, ...], base: tuple[str, ...]) -> bool:
    """True when `parts` is `base` or lies below it."""
    return parts[: len(base)] == base


def _content_parts(content_dir: str) -> tuple[str, ...]:
    """The content folder's components, e.g. ("content",) or ("docs", "goals")."""
    return _norm(content_dir).parts


def _ignored_dir(name: str) -> bool:
    """True for folders whose files are never sources: hidden, tool, editor-temporary."""
    return name in SKIP_DIRS or is_ignored_name(name)


def _ignored_file(name: str) -> bool:
    """True for hidden files and editors' temporary, swap, lock, backup and probe files."""
    return is_ignored_name(name) or name.endswith(_EXTRA_TEMP_SUFFIXES) or _is_vim_probe(name)


def _is_vim_probe(name: str) -> bool:
    """True for the names vim uses to test that it may write into a folder: 4913, 5036, ..."""
    if not (name.isascii() and name.isdigit()):
        return False
    number = int(name)
    return number >= _VIM_PROBE_FIRST and (number - _VIM_PROBE_FIRST) % _VIM_PROBE_STEP == 0


def _norm(path: str) -> PurePath:
    """The path with `.`, `..` and doubled separators collapsed lexically (and case folded on Windows)."""
    return PurePath(os.path.normcase(os.path.normpath(path)))
