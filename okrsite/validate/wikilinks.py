"""`[[id]]` links in Markdown bodies: found here, checked across files, rendered as links later."""

from __future__ import annotations

import re

_WIKI = re.compile(r"\[\[([^\]\|#\s][^\]\|#]*)(?:#[^\]\|]*)?(?:\|[^\]]*)?\]\]")


def wiki_links(body: str, first_line: int) -> tuple[tuple[str, int], ...]:
    """The `[[id]]` links of a Markdown body with their file lines, outside fenced code."""
    out: list[tuple[str, int]] = []
    fence = ""
    for n, line in enumerate(body.split("\n")):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            fence = "" if fence == marker else (fence or marker)
            continue
        if fence or "[[" not in line:
            continue
        for m in _WIKI.finditer(re.sub(r"`[^`]*`", "", line)):
            out.append((m.group(1).strip(), first_line + n))
    return tuple(out)
