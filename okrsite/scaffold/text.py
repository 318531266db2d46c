"""Small text helpers for generated files: YAML scalars that read back as written, and slugs."""

from __future__ import annotations

import re
import unicodedata

import yaml

from okrsite.fields import ID_PATTERN
from okrsite.yamlread import read_yaml

# Characters some languages write that NFKD does not take apart into a letter and an accent.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l"})
_FOLD_MORE = str.maketrans({"Ł": "L", "þ": "th", "Þ": "Th", "œ": "oe", "Œ": "OE", "&": " and "})


def yaml_scalar(text: str) -> str:
    """`text` as a YAML value on one line that okrsite reads back as exactly `text`.

    Plain when that is safe (`Improve the customer experience`), else double-quoted
    (`"Legal review: 9 days"`, `"#1 in NPS"`, `"no"`, `"2:37"`). Safety is decided by reading
    the candidate back, with okrsite's own YAML 1.2 reader and with PyYAML's YAML 1.1 one (which
    other tools use), so whatever either would read differently (a number, a date, a boolean, a
    comment, a key) gets quotes.
    """
    if text and text == text.strip() and all(_plain_char(c) for c in text):
        line = f"value: {text}\n"
        parsed = read_yaml(line)
        if parsed.problem is None and isinstance(parsed.value, dict) and parsed.value.get("value") == text:
            try:
                if yaml.safe_load(line) == {"value": text}:
                    return text
            except yaml.YAMLError:
                pass
    return double_quoted(text)


def _plain_char(c: str) -> bool:
    return c not in "\"'\\" and _printable(ord(c))


def _printable(o: int) -> bool:
    """Characters YAML allows raw in a one-line scalar (not line breaks, controls or a BOM)."""
    return (
        0x20 <= o <= 0x7E
        or (0xA0 <= o <= 0xD7FF and o not in (0x2028, 0x2029))
        or (0xE000 <= o <= 0xFFFD and o != 0xFEFF)
        or o >= 0x10000
    )


def double_quoted(text: str) -> str:
    """A YAML double-quoted scalar: `"` and `\\` escaped, and every character YAML does not
    allow raw (controls, line breaks, a BOM) written as an escape."""
    out = ['"']
    for c in text:
        o = ord(c)
        if c in '"\\':
            out.append("\\" + c)
        elif _printable(o):
            out.append(c)
        elif o <= 0xFF:
            out.append(f"\\x{o:02x}")
        elif o <= 0xFFFF:
            out.append(f"\\u{o:04x}")
        else:  # pragma: no cover - every character above 0xFFFF is printable
            out.append(f"\\U{o:08x}")
    out.append('"')
    return "".join(out)


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
