"""Writing: the only stage that writes. A staging folder beside the output, then a swap.

Safety first: the output folder must be one okrsite made (it carries a marker file) or a new
or empty one, and never the site root, its content folder, an ancestor of either, or the home
folder. A build that fails before the swap leaves the last good site exactly as it was.

The swap is one atomic exchange of the two folders on Linux (renameat2 RENAME_EXCHANGE), so the
output folder is at every moment the old site or the new one; elsewhere it is two renames, and
a build killed between them finds the old site beside the output folder and puts it back.
"""

from __future__ import annotations

import copy
import ctypes
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MARKER = ".okrsite-output"
MARKER_TEXT = "This folder is written by okrsite build and replaced on every build.\n"


@dataclass(frozen=True, slots=True)
class OutputFile:
    """A file of the built site: a relative posix path and its bytes."""

    path: str
    data: bytes


class UnsafeOutputError(Exception):
    """The output folder cannot be written without risking someone's files."""


def check_output_dir(out: Path, root: Path, content: Path) -> None:
    """Refuse output folders whose replacement could delete files okrsite did not make."""
    target = out.resolve()
    way_out = "choose another --out: a new folder, or one an earlier okrsite build wrote"
    protected = {root.resolve(), content.resolve(), Path.home().resolve(), Path(target.anchor)}
    for p in sorted(protected):
        if target == p or p.is_relative_to(target):
            what = "is" if target == p else "holds"
            raise UnsafeOutputError(f"{out} {what} {p}: okrsite will not replace it; {way_out}")
    if target.is_relative_to(content.resolve()):
        raise UnsafeOutputError(f"{out} is inside the content folder {content}; {way_out}")
    if target.exists() and not target.is_dir():
        raise UnsafeOutputError(f"{out} exists and is not a folder; {way_out}")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise UnsafeOutputError(
            f"{out} is not empty and was not made by okrsite (no {MARKER} file in it); "
            f"{way_out}, or empty that folder yourself"
        )


def _safe(rel_path: str) -> PurePosixPath:
    rel = PurePosixPath(rel_path)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise ValueError(f"refusing to write outside the output folder: {rel_path}")
    return rel


class Staging:
    """A fresh folder beside `out` that the build fills, then swaps in for `out` (`commit`), or
    removes (`discard`): until the swap, the last good site is untouched. Several processes may
    write into it at once (each file is written by one of them)."""

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.dir = self.out.parent / f".{self.out.name}.okrsite-staging"
        self._old = self.out.parent / f".{self.out.name}.okrsite-old"
        if self._old.is_dir() and not self.out.exists():
            self._old.replace(self.out)  # a build killed mid-swap: the last good site comes back
        for leftover in (self.dir, self._old):
            if leftover.exists():
                shutil.rmtree(leftover)
        self.dir.mkdir()
        self.prefix: tuple[str, ...] = ()

    def within(self, folder: str) -> Staging:
        """The same staging folder, writing below `folder` (a site inside the site: a snapshot)."""
        inner = copy.copy(self)
        inner.prefix = (*self.prefix, *_safe(folder).parts)
        return inner

    def path_for(self, rel_path: str) -> Path:
        """Where a file of the site goes in the staging folder (its folders made)."""
        dest = self.dir.joinpath(*self.prefix, *_safe(rel_path).parts)
        dest.parent.mkdir(parents=True, exist_ok=True)
        return dest

    def write(self, rel_path: str, data: bytes) -> None:
        """Write one file of the site."""
        self.path_for(rel_path).write_bytes(data)

    def commit(self) -> None:
        """Swap the staging folder in for the output folder."""
        (self.dir / MARKER).write_text(MARKER_TEXT)
        if self.out.is_dir() and _exchange(self.dir, self.out):
            self.dir.replace(self._old)  # now the old site
        else:
            if self.out.exists():
                self.out.replace(self._old)
            self.dir.replace(self.out)
        shutil.rmtree(self._old, ignore_errors=True)

    def discard(self) -> None:
        """Remove the staging folder; the output folder stays as it was."""
        shutil.rmtree(self.dir, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux's renameat2 with RENAME_EXCHANGE); False where the
    system or its file system cannot, and the caller renames twice instead."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it (musl before 1.2.5, old glibc)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def write_site(files: Iterable[OutputFile], out: Path) -> int:
    """Write `files` into a fresh staging folder, then swap it in for `out`; return the count."""
    stage = Staging(out)
    count = 0
    try:
        for f in files:
            stage.write(f.path, f.data)
            count += 1
        stage.commit()
    except BaseException:
        stage.discard()
        raise
    return count


def write_atomic(path: Path, text: str | bytes) -> None:
    """Replace the existing file `path` with `text` (UTF-8) all at once, keeping its
    permissions: a crash midway leaves the old file, never half a file. A symlink is followed:
    its target is replaced and the link stays a link (a dangling one raises FileNotFoundError)."""
    if path.is_symlink():
        path = path.resolve(strict=True)
    mode = path.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(text.encode("utf-8") if isinstance(text, str) else text)
        Path(tmp).chmod(mode)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def create_exclusive(path: Path, text: str) -> None:
    """Write a new file (and its folders), never over an existing one: anything at `path`,
    a dangling symlink included, raises FileExistsError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as out:  # O_EXCL: links are not followed
        out.write(text)
