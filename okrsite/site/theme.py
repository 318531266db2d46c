"""The theme: templates and static files, looked up in the site's `themes/<name>/` first, then
in the theme packaged with okrsite. A user overrides one template or adds `static/extra.css`
without copying the rest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml

from okrsite.site import display

PACKAGED = Path(__file__).resolve().parent.parent / "theme"


@dataclass(frozen=True, slots=True)
class Theme:
    """Where a site's theme files come from, most specific first."""

    folders: tuple[Path, ...]

    def stamp(self) -> tuple[tuple[str, int, int], ...]:
        """Every theme file with its modification time and size: a theme edit changes it."""
        out: list[tuple[str, int, int]] = []
        for folder in self.folders:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    st = path.stat()
                    out.append((str(path), st.st_mtime_ns, st.st_size))
        return tuple(out)

    @property
    def has_extra_css(self) -> bool:
        """True when the site adds `static/extra.css`."""
        return any((f / "static" / "extra.css").is_file() for f in self.folders)


class ThemeError(Exception):
    """A theme that cannot be used: a missing folder, or a template with an error (file:line)."""


def find_theme(root: Path, name: str) -> Theme:
    """The site's `themes/<name>/`, then the themes it `extends` (theme.yaml), then the packaged
    default. `default` needs no folder of its own; any other name does."""
    folders: list[Path] = []
    current: str | None = name
    while current and current != "default":
        folder = root / "themes" / current
        if not folder.is_dir():
            raise ThemeError(
                f"the theme '{current}' has no folder {folder}; "
                "create it, or set 'theme: default' in okrsite.yaml"
            )
        if folder in folders:
            raise ThemeError(f"the theme '{current}' extends itself in a circle")
        folders.append(folder)
        current = _extends(folder)
    own_default = root / "themes" / "default"
    if own_default.is_dir():
        folders.append(own_default)
    return Theme((*folders, PACKAGED))


def _extends(folder: Path) -> str | None:
    """The `extends:` of a theme's theme.yaml (None: the default theme)."""
    manifest = folder / "theme.yaml"
    if not manifest.is_file():
        return None
    data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
    parent = data.get("extends") if isinstance(data, dict) else None
    return str(parent) if parent else None


class _Environment(jinja2.Environment):
    """Jinja2's environment, with `page.title` looking up the key first in a plain dict.

    Every page context is made of dicts, and Jinja's own order (the attribute first, then the
    key) raises and catches an AttributeError for each of the millions of lookups of a big
    site: a fifth of the rendering time, measured. A dict's methods (`.get`, `.items`) still
    work when the dict has no key of that name, which no context of okrsite has."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def environment(theme: Theme) -> jinja2.Environment:
    """A Jinja2 environment: autoescape on, undefined names are errors, filters for display."""
    env = _Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(f / "templates")) for f in theme.folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        score=display.score,
        percent=display.percent,
        day=display.day,
        quantity=display.quantity,
        number=display.number,
    )
    env.globals.update(
        pace_label=display.PACE_LABELS,
        health_label=display.HEALTH_LABELS,
        grade_label=display.GRADE_LABELS,
    )
    return env


def static_files(theme: Theme) -> dict[str, bytes]:
    """Every static file as `assets/<path>`, the site's own files winning over packaged ones."""
    out: dict[str, bytes] = {}
    for folder in reversed(theme.folders):
        static = folder / "static"
        if not static.is_dir():
            continue
        for path in sorted(static.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                out["assets/" + path.relative_to(static).as_posix()] = path.read_bytes()
    return out
