"""Markdown bodies to HTML: CommonMark, raw HTML off, `[[id]]` links resolved per page. Pure."""

from __future__ import annotations

import re
from collections.abc import Callable

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_WIKI = re.compile(r"\[\[([^\]\|#\s][^\]\|#]*)(#[^\]\|]*)?(?:\|([^\]]*))?\]\]")
_FENCE = re.compile(r"^\s*(```|~~~)")

# Raw HTML is off: a goal file can never put markup (or a script) on the page. markdown-it's
# link validation already refuses javascript:, vbscript:, file: and data: (but images) URLs.
_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
# A site that sets `raw_html: true` gets its HTML through Ammonia (nh3): an allow-list of tags
# and attributes, no scripts, handlers, styles or frames; images are left out too (the site
# makes no request outside itself), and links keep only http(s) and mailto addresses.
_MD_HTML = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable("table")
_TAGS = set(nh3.ALLOWED_TAGS) - {"img"}
_SCHEMES = {"http", "https", "mailto"}


def render(body: str, link: Callable[[str], tuple[str, str] | None], raw_html: bool = False) -> Markup:
    """HTML for a body; `link(id)` gives (href, title) for a `[[id]]`, or None when unknown.
    With `raw_html`, HTML in the body is kept, sanitised."""
    text = _wiki_to_markdown(body, link)
    if not raw_html:
        return Markup(_MD.render(text))
    return Markup(nh3.clean(_MD_HTML.render(text), tags=_TAGS, url_schemes=_SCHEMES))


def _wiki_to_markdown(body: str, link: Callable[[str], tuple[str, str] | None]) -> str:
    out: list[str] = []
    fence = ""
    for line in body.split("\n"):
        m = _FENCE.match(line)
        if m:
            fence = "" if fence == m.group(1) else (fence or m.group(1))
        if fence or "[[" not in line:
            out.append(line)
            continue
        out.append(_WIKI.sub(lambda w: _one(w, link), line))
    return "\n".join(out)


UNPUBLISHED = "an unpublished item"
"""What `[[id]]` reads as when `id` is not on the site: the check refuses unknown ids, so it was
left out of this build (a draft, or internal in a public build): its id is not shown."""


def _one(m: re.Match[str], link: Callable[[str], tuple[str, str] | None]) -> str:
    target = link(m.group(1).strip())
    label = (m.group(3) or (target[1] if target else "")).strip() or UNPUBLISHED
    text = _escape_md(label)
    if target is None:
        return text
    return f"[{text}](<{target[0]}>)"


def _escape_md(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]()#+\-.!<>|])", r"\\\1", text)
