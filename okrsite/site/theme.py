"""The theme: templates and static files, looked up in the site's `themes/<name>/` first, then
in the theme packaged with okrsite. A user overrides one template or adds `static/extra.css`
without copying the rest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2 import nodes
from jinja2.visitor import NodeTransformer
from markupsafe import Markup
from markupsafe import escape as markup_escape

from okrsite.site.i18n import ENGLISH, LOCALE_DIR, Lang

PACKAGED = Path(__file__).resolve().parent.parent / "theme"


@dataclass(frozen=True, slots=True)
class Theme:
    """Where a site's theme files come from, most specific first."""

    folders: tuple[Path, ...]

    def stamp(self) -> tuple[tuple[str, int, int], ...]:
        """Every theme file with its modification time and size: a theme edit changes it. The
        message catalogues count as the theme's too (its words: okrsite/locale/)."""
        out: list[tuple[str, int, int]] = []
        for folder in (*self.folders, LOCALE_DIR):
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
    """Jinja2's environment, with `page.title` looking up the key first in a plain dict, and the
    messages of one language put into the templates when they are compiled.

    Every page context is made of dicts, and Jinja's own order (the attribute first, then the
    key) raises and catches an AttributeError for each of the millions of lookups of a big
    site: a fifth of the rendering time, measured. A dict's methods (`.get`, `.items`) still
    work when the dict has no key of that name, which no context of okrsite has."""

    lang: Lang | None = None  # the language whose messages `_parse` puts in

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """The template's tree with its messages translated (see `_Translate`)."""
        tree = super()._parse(source, name, filename)
        if self.lang is None:
            return tree
        result: nodes.Template = _Translate(self.lang).visit(tree)
        return result


class _Translate(NodeTransformer):
    """Translates a template's messages once, when it is compiled: an environment serves one
    language, so a message is the same on every page.

    `_("text")` becomes its Markup; `_("text %(n)s", n=x)` the Markup with the terms put in and a
    filter that fills in the values; `ngettext("one", "many", n, ...)` a filter on `n` that picks
    the form. A call from a template goes through Jinja's context (a page has some seventy of
    them); a constant costs nothing and a filter is a plain call. Messages written any other way
    (a variable, `{% trans %}`) are translated when the page renders, by the same functions."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def visit_Call(self, node: nodes.Call) -> nodes.Node:  # noqa: N802 (the visitor's naming)
        visited = self.generic_visit(node)  # messages inside the values first
        if not isinstance(visited, nodes.Call) or visited.dyn_args or visited.dyn_kwargs:
            return visited
        node = visited
        name = node.node.name if isinstance(node.node, nodes.Name) else ""
        texts = [
            a.value if isinstance(a, nodes.Const) and isinstance(a.value, str) else None for a in node.args
        ]
        if name in ("_", "gettext") and len(texts) == 1 and texts[0] is not None:
            translated = self.lang.translations.gettext(texts[0])
            if not node.kwargs:
                text = str(Markup(translated) % self.lang.terms)
                return nodes.MarkSafe(nodes.Const(text), lineno=node.lineno)
            partial = nodes.MarkSafe(nodes.Const(self.lang.with_terms(translated, _escape)))
            return nodes.Filter(partial, "_fill", [], node.kwargs, None, None, lineno=node.lineno)
        if name == "ngettext" and len(texts) == 3 and texts[0] is not None and texts[1] is not None:
            words: list[nodes.Expr] = [nodes.Const(texts[0]), nodes.Const(texts[1])]
            return nodes.Filter(node.args[2], "_plural", words, node.kwargs, None, None, lineno=node.lineno)
        return node


def environment(theme: Theme, lang: Lang = ENGLISH) -> jinja2.Environment:
    """A Jinja2 environment for one site language: autoescape on, undefined names are errors,
    filters that format for `lang`, and Jinja's i18n extension with `lang`'s catalogue.

    Templates translate with `{{ _("Key results") }}`, `{{ _("%(n)s of %(total)s", n=a, total=b) }}`,
    `{{ ngettext("%(num)s objective", "%(num)s objectives", n) }}` or `{% trans %}` blocks; every
    message is a format string that also sees the site's terms (`%(objectives)s`, `%(Kpis)s`;
    okrsite.site.i18n). `terms` holds the same words for use outside messages."""
    env = _Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(f / "templates")) for f in theme.folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    fmt = lang.formats
    env.filters.update(
        score=fmt.score,
        percent=fmt.percent,
        day=fmt.day,
        week=lang.week,
        quantity=fmt.quantity,
        number=fmt.number,
        integer=fmt.integer,
        signs=fmt.signs,
    )
    gettext, ngettext = _gettext(lang)
    env.lang = lang
    env.filters.update(_fill=_fill, _plural=lambda n, one, many, **values: ngettext(one, many, n, **values))
    env.newstyle_gettext = True  # type: ignore[attr-defined]  # the i18n extension's switch
    env.globals.update(
        _=gettext,
        gettext=gettext,
        ngettext=ngettext,
        terms=lang.terms,
        pace_label=lang.labels["pace"],
        health_label=lang.labels["health"],
        grade_label=lang.labels["grade"],
        commitment_label=lang.labels["commitment"],
        status_label=lang.labels["status"],
        kr_status_label=lang.labels["kr_status"],
        initiative_label=lang.labels["initiative"],
        frequency_label=lang.labels["frequency"],
        trend_label=lang.labels["trend"],
    )
    return env


def _gettext(lang: Lang) -> tuple[Callable[..., Markup], Callable[..., Markup]]:
    """The templates' gettext and ngettext: `lang`'s translation as Markup, its placeholders
    filled with the values given (escaped, unless Markup already) and the site's terms (escaped).
    A message without values is made once."""
    made: dict[str, Markup] = {}
    terms = lang.terms
    translate = lang.translations
    partial = lang.with_terms

    def gettext(message: str, **variables: Any) -> Markup:
        if not variables:
            text = made.get(message)
            if text is None:
                text = made[message] = Markup(translate.gettext(message)) % terms
            return text
        return Markup(partial(translate.gettext(message), _escape)) % variables

    def ngettext(singular: str, plural: str, n: int, **variables: Any) -> Markup:
        values = {"num": lang.formats.integer(n), **variables}
        return Markup(partial(translate.ngettext(singular, plural, n), _escape)) % values

    return gettext, ngettext


def _fill(message: Markup, **values: Any) -> Markup:
    """A translated message (Markup, terms put in) with its values filled in, escaped (Markup
    values as they are). `Markup % values` does the same, through a helper object per value."""
    return Markup(str.__mod__(message, {k: markup_escape(v) for k, v in values.items()}))


def _escape(text: str) -> str:
    """A term as HTML (the templates' messages are Markup)."""
    return str(markup_escape(text))


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
