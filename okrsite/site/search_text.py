"""The words of search: how the index and search.js fold text into terms, which shard holds a
term, and a Markdown body as the plain words a reader sees (okrsite.site.search builds the index
from them; assets/search.js mirrors `fold` and `shard_of`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

MAX_TERM = 48
"""The longest term indexed, in letters or digits."""
EXCERPT = 110
"""About this many characters of a document's text are shown under a result."""

_SPELL = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th"})
_WORD = re.compile(r"[^\W_]{2,}")
_WIKI = re.compile(r"\[\[([^\]\|#]+)(#[^\]\|]*)?(?:\|([^\]]*))?\]\]")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_REF = re.compile(r"^ {0,3}\[[^\]]+\]:.*$", re.M)
_URL = re.compile(r"\b(?:https?|ftp|mailto):[^\s>)]*")
_BULLET = re.compile(r"^\s*(?:[-+*]|\d+[.)])\s+", re.M)
_MARKUP = str.maketrans(dict.fromkeys("\\*_`~#<>|", " "))
_RULE = re.compile(r"-{3,}|={3,}")


def fold(text: str) -> str:
    """Text as the index compares it: lower case, ß as ss (and a few more), accents dropped."""
    text = text.lower()
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_SPELL))
    return "".join(c for c in text if not unicodedata.category(c).startswith("M"))


def terms(text: str) -> set[str]:
    """The index's terms in a text: folded words of 2 to MAX_TERM letters or digits."""
    return {w for w in _WORD.findall(fold(text)) if len(w) <= MAX_TERM}


def shard_of(term: str, shards: int) -> int:
    """The term shard holding `term`: FNV-1a of its first three letters (code points), mod `shards`.

    Terms that start alike share a shard, so the last word of a query, matched as a prefix once it
    has three letters, needs one shard too."""
    h = 0x811C9DC5
    for c in term[:3]:
        h = ((h ^ ord(c)) * 0x01000193) & 0xFFFFFFFF
    return h % shards


def plain_text(body: str, name: Callable[[str], str] = lambda i: i) -> str:
    """The words a reader sees in a Markdown body, on one line: no link targets, URLs or markup;
    a `[[id]]` link is its label, else the name `name(id)` gives."""
    text = body
    # Each pattern only where it can match: on 10,000 bodies the checks save most of the time.
    if "[[" in text:
        text = _WIKI.sub(lambda m: m.group(3) or name(m.group(1).strip()), text)
    if "]:" in text:
        text = _REF.sub("", text)
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if ":" in text:
        text = _URL.sub(" ", text)
    text = _BULLET.sub(" ", text).translate(_MARKUP)
    if "--" in text or "==" in text:
        text = _RULE.sub(" ", text)
    return " ".join(text.split())


def excerpt(text: str, size: int = EXCERPT) -> str:
    """The start of a text, cut at a word near `size` characters."""
    if len(text) <= size:
        return text
    cut = text.rfind(" ", 0, size)
    return text[: cut if cut > size // 2 else size].rstrip(" ,;:.") + "…"
