"""Writing the checked files: new ones by exclusive creation (never over a file), the people file
by an atomic replace that keeps its line endings, and only if it is still what was checked."""

from __future__ import annotations

from pathlib import Path

from okrsite.importer.render import Planned
from okrsite.load import normalize_newlines
from okrsite.write import write_atomic


class ImportFailedError(Exception):
    """The file or the site stops the import as a whole: exit 1, nothing written."""


def write(root: Path, planned: list[Planned], texts: dict[str, str]) -> None:
    """Create the new files (never over one), then add to the people file, which must still hold
    `texts[path]`, the text that was checked; a failure removes the files made so far."""
    for p in planned:
        if (root / p.path).exists() and not p.exists:
            raise ImportFailedError(f"{p.path} appeared while importing; nothing was written")
    made: list[Path] = []
    try:
        for p in planned:
            if p.exists:
                continue
            path = root / p.path
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as f:
                made.append(path)
                f.write(p.text)
        for p in planned:
            if p.exists:
                _append(root / p.path, texts.get(p.path, ""), p.added)
    except (OSError, ImportFailedError) as exc:
        for path in made:
            path.unlink(missing_ok=True)
        if isinstance(exc, ImportFailedError):
            raise
        raise ImportFailedError(
            f"cannot write {exc.filename or root}: {exc.strerror or exc}; nothing was written"
        ) from exc


def _append(path: Path, checked: str, added: str) -> None:
    """Add `added` at the end of `path` in its own line endings, replacing it atomically, if it
    still holds the text that was checked."""
    data = path.read_bytes()
    text = data.decode("utf-8")
    if normalize_newlines(text.removeprefix("\ufeff")) != checked:
        raise ImportFailedError(f"{path.name} changed while importing; nothing was written")
    newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text else "\n"
    glue = "" if not text or text.endswith(("\n", "\r")) else newline
    write_atomic(path, text + glue + added.replace("\n", newline))
