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


def write_site(files: Iterable[OutputFile], out: Path) -> int:
    """Write `files` into a fresh staging folder, then swap it in for `out`; return the count."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.okrsite-staging"
    old = out.parent / f".{out.name}.okrsite-old"
    for leftover in (staging, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    staging.mkdir()
    count = 0
    try:
        for f in files:
            rel = PurePosixPath(f.path)
            if rel.is_absolute() or ".." in rel.parts:
                raise ValueError(f"refusing to write outside the output folder: {f.path}")
            dest = staging.joinpath(*rel.parts)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(f.data)
            count += 1
        (staging / MARKER).write_text(MARKER_TEXT)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out.exists():
        out.replace(old)
    staging.replace(out)
    shutil.rmtree(old, ignore_errors=True)
    return count
