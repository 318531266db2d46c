"""Split a Markdown file into its YAML front matter and body, then parse the YAML (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from okrsite.fields import FileContext, type_name
from okrsite.yamlread import LocDict, read_yaml

_OPEN = re.compile(r"---[ \t]*")
_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*")


@dataclass(frozen=True, slots=True)
class Parsed:
    """A file's front matter as a `LocDict` (None when unreadable), and its body."""

    data: LocDict | None
    body: str
    body_line: int  # the file line the body starts on
    offset: int  # add to a YAML line to get the file line


def parse_front_matter(text: str, ctx: FileContext) -> Parsed:
    """Parse `---` front matter; problems go to `ctx`, at their file lines."""
    lines = text.split("\n")
    if not lines or not _OPEN.fullmatch(lines[0]):
        ctx.add(
            "OKR002",
            (1, 1),
            "",
            "the file does not start with a '---' line",
            "put the YAML front matter between two '---' lines at the top of the file",
        )
        return Parsed(None, text, 1, 0)
    end = next((i for i in range(1, len(lines)) if _CLOSE.fullmatch(lines[i])), None)
    if end is None:
        ctx.add(
            "OKR003",
            (1, 1),
            "",
            "the front matter opened on line 1 is never closed",
            "add a line with '---' after the last YAML line",
        )
        return Parsed(None, "", len(lines) + 1, 1)
    ctx.offset = 1
    yaml_text = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
    parsed = Parsed(None, body, end + 2, 1)
    if "\t" in yaml_text:
        for i, line in enumerate(lines[1:end], start=1):
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            if "\t" in indent:
                ctx.add(
                    "OKR001",
                    (i, indent.index("\t") + 1),
                    "",
                    "a tab in the indentation",
                    "YAML indents with spaces only; replace the tab with spaces",
                )
                return parsed
    result = read_yaml(yaml_text)
    for dup in result.duplicates:
        ctx.add(
            "OKR005",
            (dup.line, dup.col),
            dup.key,
            f"'{dup.key}' is set twice in one mapping (first on line {ctx.line(dup.first_line)})",
            "keep one: YAML would silently use the last, which is often a merge mistake",
        )
    if result.problem is not None:
        p = result.problem
        ctx.add(p.code, (p.line, p.col), "", f"invalid YAML: {p.message}", p.advice)
        return parsed
    if result.value is None:
        empty = LocDict()  # no key to point at: missing fields are reported on line 1
        ctx.offset = 0
        empty.mark = (1, 1)
        return Parsed(empty, body, end + 2, 0)
    if not isinstance(result.value, LocDict):
        ctx.add(
            "OKR004",
            (1, 1),
            "",
            f"the front matter should be a mapping of 'key: value' lines, not {type_name(result.value)}",
            "write one 'key: value' per line, e.g. 'title: Grow revenue'",
        )
        return parsed
    return Parsed(result.value, body, end + 2, 1)
