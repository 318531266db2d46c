"""`okrsite init`: a new goals repository from the templates in okrsite/scaffold/files/.

The templates are real files (package data) with a few `@@PLACEHOLDERS@@`, in file names too
(`content/objectives/@@QUARTER@@/...`). `gitignore` becomes `.gitignore` on copy: a .gitignore
inside the package would apply to okrsite's own repository. Nothing existing is ever overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

from okrsite import __version__
from okrsite.periods import FiscalYear, Period, make_period
from okrsite.scaffold.naming import default_name, site_title
from okrsite.scaffold.text import yaml_scalar

RENAMES = {"gitignore": ".gitignore"}
_PLACEHOLDER = re.compile(r"@@[A-Z_]+@@")
# `@@..._LINES@@` stands alone on its line and is replaced with that line: by whole lines (each
# with its own indentation and newline), or by none.
_LINES = re.compile(r"^[ \t]*(@@[A-Z_]+_LINES@@)[ \t]*\n", re.M)
EXAMPLE_AGE = timedelta(days=7)  # how long before `okrsite init` the example was measured


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


def example_day(today: date) -> date | None:
    """The day of the example key result's check-in: a week ago, or the quarter's first day when
    that is later, so that it lies inside the quarter and `okrsite checkin` works today. None on
    the quarter's first day: no day of the quarter is left before today."""
    day = max(today - EXAMPLE_AGE, quarter_of(today).start)
    return day if day < today else None


def example_checkin_lines(today: date) -> str:
    """The example key result's `checkins:`, as whole lines, or nothing."""
    day = example_day(today)
    if day is None:
        return ""
    return (
        "    checkins:\n"
        f"      - {{date: {day.isoformat()}, value: 22h, confidence: 0.6, note: First measurement}}\n"
    )


def placeholders(name: str, today: date) -> dict[str, str]:
    """What each `@@NAME@@` in the templates becomes."""
    title = site_title(name)
    return {
        "NAME": _markdown(name),
        "NAME_YAML": yaml_scalar(name),
        "TITLE": _markdown(title),
        "TITLE_YAML": yaml_scalar(title),
        "DESCRIPTION_YAML": yaml_scalar(f"The objectives, key results and KPIs of {name}."),
        "QUARTER": quarter_of(today).key,
        "EXAMPLE_CHECKIN_LINES": example_checkin_lines(today),
        "LAST_WEEK": (today - EXAMPLE_AGE).isoformat(),
        "VERSION": __version__,
        "REQUIREMENT": requirement(),
    }


def _markdown(text: str) -> str:
    """`text` for a Markdown line: the characters that would start markup are escaped."""
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


def _fill(text: str, values: dict[str, str]) -> str:
    def value(placeholder: str) -> str:
        key = placeholder[2:-2]
        if key not in values:
            raise KeyError(f"unknown placeholder {placeholder} in a template")
        return values[key]

    text = _LINES.sub(lambda m: value(m.group(1)), text)
    return _PLACEHOLDER.sub(lambda m: value(m.group(0)), text)


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
