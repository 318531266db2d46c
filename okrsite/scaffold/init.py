"""`okrsite init`: a new goals repository from the templates in okrsite/scaffold/files/.

The templates are real files (package data) with a few `@@PLACEHOLDERS@@`, in file names too
(`content/objectives/@@QUARTER@@/...`). `gitignore` becomes `.gitignore` on copy: a .gitignore
inside the package would apply to okrsite's own repository. Nothing existing is ever overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

from okrsite import __version__
from okrsite.periods import FiscalYear, Period, make_period
from okrsite.scaffold.text import yaml_scalar

RENAMES = {"gitignore": ".gitignore"}
_PLACEHOLDER = re.compile(r"@@[A-Z_]+@@")


class InitConflictError(Exception):
    """Some of the files `okrsite init` would write are already there."""

    def __init__(self, root: Path, conflicts: list[str]) -> None:
        super().__init__(f"{len(conflicts)} of the files to create already exist in {root}")
        self.root = root
        self.conflicts = conflicts


@dataclass(frozen=True, slots=True)
class Planned:
    """One file to write: its path relative to the new repository's root (posix), and its text."""

    path: str
    text: str


def templates() -> Traversable:
    """The folder of template files inside the installed package."""
    return files("okrsite.scaffold") / "files"


def requirement(version: str = __version__) -> str:
    """The pip requirement for this okrsite's minor version: `okrsite>=0.1,<0.2` for 0.1.x."""
    major, minor = (int(part) for part in re.findall(r"\d+", version)[:2])
    return f"okrsite>={major}.{minor},<{major}.{minor + 1}"


def quarter_of(day: date, fiscal: FiscalYear | None = None) -> Period:
    """The quarter (of the fiscal year, when one is given) that `day` falls in."""
    fiscal = fiscal or FiscalYear()
    year = fiscal.year_of(day)
    for index in range(1, 5):
        quarter = make_period(year, "Q", index, fiscal)
        if quarter.contains_day(day):
            return quarter
    raise AssertionError("a day always falls in one of its year's quarters")  # pragma: no cover


def default_name(root: Path) -> str:
    """An organisation's name from its folder's: `acme-goals` gives `Acme goals`."""
    words = re.sub(r"[-_.\s]+", " ", root.resolve().name).strip()
    if words.lower().endswith(" goals"):
        words = words[: -len(" goals")]
    if not words:
        return "Our organisation"
    return words[0].upper() + words[1:]


def placeholders(name: str, today: date) -> dict[str, str]:
    """What each `@@NAME@@` in the templates becomes."""
    return {
        "NAME": _markdown(name),
        "NAME_YAML": yaml_scalar(name),
        "TITLE_YAML": yaml_scalar(f"{name} goals"),
        "DESCRIPTION_YAML": yaml_scalar(f"The objectives, key results and KPIs of {name}."),
        "QUARTER": quarter_of(today).key,
        "TODAY": today.isoformat(),
        "VERSION": __version__,
        "REQUIREMENT": requirement(),
    }


def _markdown(text: str) -> str:
    """`text` for a Markdown line: the characters that would start markup are escaped."""
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


def _fill(text: str, values: dict[str, str]) -> str:
    def one(m: re.Match[str]) -> str:
        key = m.group(0)[2:-2]
        if key not in values:
            raise KeyError(f"unknown placeholder {m.group(0)} in a template")
        return values[key]

    return _PLACEHOLDER.sub(one, text)


def _walk(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for entry in folder.iterdir():
        if entry.name == "__pycache__" or entry.name.endswith(".pyc"):
            continue
        rel = f"{prefix}{entry.name}"
        if entry.is_dir():
            found += _walk(entry, rel + "/")
        else:
            found.append((rel, entry))
    return found


def plan(name: str, today: date) -> list[Planned]:
    """Every file of a new repository, filled in, sorted by path."""
    values = placeholders(name, today)
    out: list[Planned] = []
    for rel, entry in _walk(templates()):
        parts = [RENAMES.get(part, part) for part in PurePosixPath(_fill(rel, values)).parts]
        out.append(Planned("/".join(parts), _fill(entry.read_text(encoding="utf-8"), values)))
    return sorted(out, key=lambda p: p.path)


def conflicts(root: Path, planned: list[Planned]) -> list[str]:
    """The planned paths that exist already, or whose folder is taken by a file."""
    found: list[str] = []
    for p in planned:
        target = root / p.path
        if target.exists() or target.is_symlink():
            found.append(p.path)
            continue
        for parent in PurePosixPath(p.path).parents:
            if str(parent) != "." and ((root / parent).is_file() or (root / parent).is_symlink()):
                found.append(f"{parent} (a file where a folder is needed)")
                break
    return sorted(set(found))


def init(root: Path, name: str | None = None, today: date | None = None) -> list[str]:
    """Write a new goals repository into `root` (created if needed); return the paths written.

    Raises InitConflictError, writing nothing, when any of the files is already there.
    """
    planned = plan(name.strip() if name and name.strip() else default_name(root), today or date.today())
    taken = conflicts(root, planned)
    if taken:
        raise InitConflictError(root, taken)
    for p in planned:
        target = root / p.path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as out:
            out.write(p.text)
    return [p.path for p in planned]
