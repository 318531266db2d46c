"""Ids made from titles and names, and names made from ids.

The same rules as `okrsite new` (okrsite.fields.slugify):
ASCII-folded, lower case, words joined by `-`, at most 60 characters.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from okrsite.fields import slugify

LIMIT = 60


def slug(text: str, limit: int = LIMIT) -> str:
    """`Øresund: 20% more visits!` -> `oresund-20-more-visits`; '' when nothing usable is left."""
    return slugify(text, limit)


def unique(wanted: str, taken: Collection[str], suffix: str = "") -> str:
    """`wanted` when its lower case is not in `taken`, else `wanted-suffix`, else `wanted-2`, ..."""
    if wanted.lower() not in taken:
        return wanted
    if suffix and f"{wanted}-{suffix}".lower() not in taken:
        return f"{wanted}-{suffix}"
    n = 2
    while f"{wanted}-{n}".lower() in taken:
        n += 1
    return f"{wanted}-{n}"


def humanise(text: str) -> str:
    """A name from an id or an e-mail's local part: `customer-service` -> `Customer service`,
    `maria.jensen` -> `Maria Jensen` (a person's parts are all capitalised when there is a dot)."""
    words = [w for w in re.split(r"[-_.\s]+", text) if w]
    if not words:
        return text
    if "." in text:
        return " ".join(w[:1].upper() + w[1:] for w in words)
    first = words[0][:1].upper() + words[0][1:]
    return " ".join([first, *words[1:]])
