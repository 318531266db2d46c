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
_CORE = "tag:yaml.org,2002:"


class EditError(Exception):
    """The edit cannot be made; the message says why and what to do instead. A refusal because
    of what a file holds is exit code 1; `usage` marks a mistake in the command itself (a
    reference that names nothing, a period that cannot be read): exit code 2."""

    usage = False


class EditUsageError(EditError):
    """The command names something that does not exist, or cannot be read: a usage error."""

    usage = True


class UnsafeFileError(EditError):
    """okrsite cannot edit the file without risking a change the author would not see; the
    caller says what to add by hand. `placement_known` is False when the place okrsite found
    for the insertion proved wrong (the read-back check failed)."""

    def __init__(self, message: str, placement_known: bool = True) -> None:
        super().__init__(message)
        self.placement_known = placement_known


@dataclass
class Document:
    """A Markdown file with YAML front matter, split into lines that keep their endings."""

    path: Path
    lines: list[str]  # without their endings
    ends: list[str]  # each line's ending as written ("" after the last line when it has none)
    bom: str
    newline: str  # the file's own line ending, for inserted lines
    close: int  # index of the closing '---' line
    strict: bool = True  # False: only to work out what to add by hand, never to write
    _edits: list[tuple[int, int, int, str]] = field(default_factory=list)  # line, from, to, text

    @classmethod
    def read(cls, path: Path, strict: bool = True, shown: Path | None = None) -> Document:
        """Read `path`; refuse files whose front matter cannot be located exactly. `shown` is
        the path that messages name (relative to the repository), when it is another."""
        name = shown or path
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise EditError(f"{name} is not UTF-8 text; fix the encoding first (okrsite check)") from exc
        return cls.read_text(name, text, strict)

    @classmethod
    def read_text(cls, path: Path, text: str, strict: bool = True) -> Document:
        """A document from the text of `path`. Not `strict`: tabs in the front matter are let
        through (their lines can still be located), for working out what to add by hand."""
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        text = text[len(bom) :]
        lines, ends = _split(text)
        if not lines or not _OPEN.fullmatch(lines[0]):
            raise EditError(f"{path} does not start with '---' front matter; run okrsite check")
        close = next((i for i in range(1, len(lines)) if _CLOSE.fullmatch(lines[i])), None)
        if close is None:
            raise EditError(f"{path}: the front matter is never closed with '---'; run okrsite check")
        front = lines[1:close]
        for i, line in enumerate(front, start=2):
            if any(ch in line for ch in _FOREIGN_BREAKS):
                raise UnsafeFileError(
                    f"{path}:{i}: the front matter holds a Unicode line separator (U+0085, U+2028 "
                    "or U+2029), so its lines cannot be located safely"
                )
            if strict and "\t" in line:
                raise UnsafeFileError(
                    f"{path}:{i}: the front matter holds a tab, so okrsite checkin does not edit it "
                    "(replace the tabs with spaces to let it)"
                )
        newline = ends[0] or "\n"
        return cls(path, lines, ends, bom, newline, close, strict)

    @property
    def yaml_text(self) -> str:
        """The front matter as YAML, lines joined by LF; YAML line i is file line i + 1."""
        return "\n".join(self.lines[1 : self.close]) + "\n"

    def compose(self) -> yaml.MappingNode:
        """The front matter's node tree (with marks). A strict document refuses anchors,
        aliases, tags and merge keys, whose meaning an insertion could change in ways a reader
        would not see."""
        text = self.yaml_text
        try:
            if self.strict:
                for event in yaml.parse(text, Loader=yaml.CSafeLoader):
                    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                        raise self._refuse(event.start_mark, "a YAML anchor or alias (& or *)")
                    tag = getattr(event, "tag", None)
                    if tag:
                        shown = "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag
                        raise self._refuse(event.start_mark, f"a YAML tag ({shown})")
            root = yaml.compose(text, Loader=yaml.CSafeLoader)
        except yaml.YAMLError as exc:
            raise EditError(f"{self.path}: the front matter is not valid YAML; run okrsite check") from exc
        if not isinstance(root, yaml.MappingNode):
            raise EditError(f"{self.path}: the front matter is not a mapping; run okrsite check")
        if self.strict:
            for node in walk(root):
                for key, _ in node.value if isinstance(node, yaml.MappingNode) else ():
                    if isinstance(key, yaml.ScalarNode) and key.value == "<<" and key.tag.endswith(":merge"):
                        raise self._refuse(key.start_mark, "a YAML merge key (<<)")
        return root

    def _refuse(self, mark: Any, what: str) -> UnsafeFileError:
        return UnsafeFileError(
            f"{self.path}:{mark.line + 2}: the front matter uses {what}, which okrsite checkin does not edit"
        )

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
        self.replace(yaml_line, column, column, text)

    def replace(self, yaml_line: int, start: int, end: int, text: str) -> None:
        """Replace the characters `start` to `end` (0-based, end excluded) of a YAML line."""
        self._edits.append((yaml_line + 1, start, end, text))

    def insert_lines_after(self, yaml_line: int, new_lines: list[str]) -> None:
        """Insert whole lines after a YAML line, with the file's own line ending."""
        line = yaml_line + 1
        end = len(self.lines[line])
        self._edits.append((line, end, end, "".join(self.newline + s for s in new_lines)))

    def _edited(self) -> list[str]:
        lines = list(self.lines)
        for line, start, end, text in sorted(self._edits, key=lambda e: (e[0], e[1]), reverse=True):
            lines[line] = lines[line][:start] + text + lines[line][end:]
        return lines

    def text(self) -> str:
        """The file's text with the edits applied (the original when there are none)."""
        return self.bom + "".join(a + b for a, b in zip(self._edited(), self.ends, strict=True))

    def changes(self) -> list[tuple[int, str, list[str]]]:
        """The edits as a person would make them: (file line counted from 1, "after" or
        "replace", the lines to add after it or to put in its place)."""
        out: list[tuple[int, str, list[str]]] = []
        edited = self._edited()
        for index in sorted({e[0] for e in self._edits}):
            old, new = self.lines[index], edited[index].split(self.newline)
            if new[0] == old and len(new) > 1:
                out.append((index + 1, "after", new[1:]))
            else:
                out.append((index + 1, "replace", new))
        return out

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
