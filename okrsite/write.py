"""Writing: the only stage that writes. A staging folder beside the output, then a swap.

Safety first: the output folder must be one okrsite made (it carries a marker file) or a new
or empty one, and never the site root, its content folder, an ancestor of either, or the home
folder. A build that fails before the swap leaves the last good site exactly as it was.
"""

from __future__ import annotations

import shutil
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
    protected = {root.resolve(), content.resolve(), Path.home().resolve(), Path(target.anchor)}
    for p in protected:
        if target == p or p.is_relative_to(target):
            raise UnsafeOutputError(f"{out} is (or holds) {p}: okrsite will not replace it")
    if target.is_relative_to(content.resolve()):
        raise UnsafeOutputError(f"{out} is inside the content folder {content}")
    if target.exists() and not target.is_dir():
        raise UnsafeOutputError(f"{out} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise UnsafeOutputError(
            f"{out} is not empty and was not made by okrsite (no {MARKER} file in it); "
            "choose another --out, or empty that folder yourself"
        )


class Staging:
    """A fresh folder beside `out` that the build fills, then swaps in for `out` (`commit`), or
    removes (`discard`): until the swap, the last good site is untouched. Several processes may
    write into it at once (each file is written by one of them)."""

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.dir = self.out.parent / f".{self.out.name}.okrsite-staging"
        self._old = self.out.parent / f".{self.out.name}.okrsite-old"
        for leftover in (self.dir, self._old):
            if leftover.exists():
                shutil.rmtree(leftover)
        self.dir.mkdir()

    def path_for(self, rel_path: str) -> Path:
        """Where a file of the site goes in the staging folder (its folders made)."""
        rel = PurePosixPath(rel_path)
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise ValueError(f"refusing to write outside the output folder: {rel_path}")
        dest = self.dir.joinpath(*rel.parts)
        dest.parent.mkdir(parents=True, exist_ok=True)
        return dest

    def write(self, rel_path: str, data: bytes) -> None:
        """Write one file of the site."""
        self.path_for(rel_path).write_bytes(data)

    def commit(self) -> None:
        """Swap the staging folder in for the output folder."""
        (self.dir / MARKER).write_text(MARKER_TEXT)
        if self.out.exists():
            self.out.replace(self._old)
        self.dir.replace(self.out)
        shutil.rmtree(self._old, ignore_errors=True)

    def discard(self) -> None:
        """Remove the staging folder; the output folder stays as it was."""
        shutil.rmtree(self.dir, ignore_errors=True)


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
