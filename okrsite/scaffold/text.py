"""Small text helpers for generated files: YAML scalars that read back as written, and slugs."""

from __future__ import annotations

import re
import unicodedata

from okrsite.fields import ID_PATTERN
from okrsite.yamlwrite import scalar

# Characters some languages write that NFKD does not take apart into a letter and an accent.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l"})
_FOLD_MORE = str.maketrans({"Ł": "L", "þ": "th", "Þ": "Th", "œ": "oe", "Œ": "OE", "&": " and "})


def yaml_scalar(text: str) -> str:
    """`text` as a YAML value on one line that okrsite (and YAML 1.1 tools) read back as exactly
    `text`: plain when that is safe, else double-quoted."""
    return scalar(text)


def slugify(text: str, limit: int = 60) -> str:
    """An id from a title: ASCII-folded, lower case, words joined by `-`, at most `limit` long.

    `Øresund: 20% more visits!` becomes `oresund-20-more-visits`. Returns '' when nothing
    usable is left (a title of only symbols, or of a script with no ASCII letters).
    """
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD).translate(_FOLD_MORE))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:limit]
    return slug if ID_PATTERN.fullmatch(slug) else ""
