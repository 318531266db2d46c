"""A goal file as its author wrote it: lines, line endings, BOM and front matter, edited in place.

Edits are insertions at a line and column of the front matter, located with the YAML nodes'
marks, so every byte that is not inserted stays as it was: comments, key order, quoting, blank
lines, the Markdown body and the file's own line endings (LF, CRLF or CR).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_BREAK = re.compile(r"\r\n|\r|\n")
_OPEN = re.compile(r"---[ \t]*")
_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*")
# Line breaks that YAML counts and Python's str.split("\n") does not: the node marks would point
# at other lines than ours, so a file with them in its front matter is not edited.
_FOREIGN_BREAKS = ("\x85", "\u2028", "\u2029")


class EditError(Exception):
    """The file cannot be edited safely; the message says why and what to do instead."""


@dataclass
class Document:
    """A Markdown file with YAML front matter, split into lines that keep their endings."""

    path: Path
    lines: list[str]  # without their endings
    ends: list[str]  # each line's ending as written ("" after the last line when it has none)
    bom: str
    newline: str  # the file's own line ending, for inserted lines
    close: int  # index of the closing '---' line
    _edits: list[tuple[int, int, str]] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> Document:
        """Read `path`; refuse files whose front matter cannot be located exactly."""
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise EditError(f"{path} is not UTF-8 text; fix the encoding first (okrsite check)") from exc
        return cls.read_text(path, text)

    @classmethod
    def read_text(cls, path: Path, text: str) -> Document:
        """A document from the text of `path`."""
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        text = text[len(bom) :]
        lines, ends = _split(text)
        if not lines or not _OPEN.fullmatch(lines[0]):
            raise EditError(f"{path} does not start with '---' front matter; run okrsite check")
        close = next((i for i in range(1, len(lines)) if _CLOSE.fullmatch(lines[i])), None)
        if close is None:
            raise EditError(f"{path}: the front matter is never closed with '---'; run okrsite check")
        front = lines[1:close]
        if any(ch in line for line in front for ch in _FOREIGN_BREAKS) or any("\t" in ln for ln in front):
            raise EditError(
                f"{path}: the front matter holds tabs or Unicode line separators, so its lines "
                "cannot be located safely; edit the file by hand"
            )
        newline = ends[0] or "\n"
        return cls(path, lines, ends, bom, newline, close)

    @property
    def yaml_text(self) -> str:
        """The front matter as YAML, lines joined by LF; YAML line i is file line i + 1."""
        return "\n".join(self.lines[1 : self.close]) + "\n"

    def compose(self) -> yaml.MappingNode:
        """The front matter's node tree (with marks); refuses anchors, aliases, tags and merges,
        whose meaning an insertion could change in ways a reader would not see."""
        text = self.yaml_text
        try:
            for event in yaml.parse(text, Loader=yaml.CSafeLoader):
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                    raise self._refuse(event, "uses a YAML anchor or alias (& or *)")
                tag = getattr(event, "tag", None)
                if tag:
                    raise self._refuse(event, f"uses a YAML tag ({tag})")
            root = yaml.compose(text, Loader=yaml.CSafeLoader)
        except yaml.YAMLError as exc:
            raise EditError(f"{self.path}: the front matter is not valid YAML; run okrsite check") from exc
        if not isinstance(root, yaml.MappingNode):
            raise EditError(f"{self.path}: the front matter is not a mapping; run okrsite check")
        for key, _ in root.value:
            if key.value == "<<":
                raise EditError(f"{self.path}: the front matter uses a YAML merge key (<<); edit by hand")
        return root

    def _refuse(self, event: Any, what: str) -> EditError:
        return EditError(f"{self.path}:{event.start_mark.line + 2}: the front matter {what}; edit by hand")

    def last_line(self, node: yaml.Node) -> int:
        """The last YAML line (0-based) with text of `node`, never a blank line: a block scalar
        (`note: |`) ends after the blank lines that follow it."""
        line = last_line(node)
        while line > node.start_mark.line and not self.line_text(line).strip():
            line -= 1
        return line

    def line_text(self, yaml_line: int) -> str:
        """The text of a front matter line, by its 0-based YAML line number."""
        return self.lines[yaml_line + 1]

    def insert(self, yaml_line: int, column: int, text: str) -> None:
        """Insert `text` at a YAML line and column (0-based, in characters)."""
        self._edits.append((yaml_line + 1, column, text))

    def insert_lines_after(self, yaml_line: int, new_lines: list[str]) -> None:
        """Insert whole lines after a YAML line, with the file's own line ending."""
        line = yaml_line + 1
        self._edits.append((line, len(self.lines[line]), "".join(self.newline + s for s in new_lines)))

    def text(self) -> str:
        """The file's text with the edits applied (the original when there are none)."""
        lines = list(self.lines)
        for line, column, text in sorted(self._edits, key=lambda e: (e[0], e[1]), reverse=True):
            lines[line] = lines[line][:column] + text + lines[line][column:]
        return self.bom + "".join(a + b for a, b in zip(lines, self.ends, strict=True))

    def original(self) -> str:
        """The file's text as read."""
        return self.bom + "".join(a + b for a, b in zip(self.lines, self.ends, strict=True))


def _split(text: str) -> tuple[list[str], list[str]]:
    lines: list[str] = []
    ends: list[str] = []
    pos = 0
    for m in _BREAK.finditer(text):
        lines.append(text[pos : m.start()])
        ends.append(m.group())
        pos = m.end()
    lines.append(text[pos:])
    ends.append("")
    return lines, ends


def mapping_get(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key node, value node) of `key` in a mapping node."""
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


def walk(node: yaml.Node) -> Iterator[yaml.Node]:
    """The node and every node below it."""
    yield node
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from walk(item)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield from walk(k)
            yield from walk(v)


def last_line(node: yaml.Node) -> int:
    """The last YAML line (0-based) that holds text of `node`: a block collection's end mark
    lies at the next token, past comments and blank lines, so its content decides."""
    if isinstance(node, yaml.ScalarNode):
        end = node.end_mark
        if end.column == 0 and end.line > node.start_mark.line:  # block scalars end on the next line
            return int(end.line) - 1
        return int(end.line)
    if isinstance(node, yaml.CollectionNode) and node.flow_style:
        return int(node.end_mark.line)
    return max((last_line(n) for n in walk(node) if n is not node), default=int(node.start_mark.line))
