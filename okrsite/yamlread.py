"""Safe YAML reading that keeps where every key and item came from and refuses duplicate keys.

libyaml parses (fast); our constructor builds `LocDict` / `LocList`, plain dicts and lists that
also remember the (line, column) of each key and item, so any later stage can point at a field.
The resolver follows YAML 1.2's core schema: `no`, `on` and `2:37` stay text (YAML 1.1 would
make them a boolean and the number 157), which is what people mean in goal files.

Hostile input is refused with a position, never raised: tags other than the core ones (`!!set`,
`!!binary`, `!!python/...`), a value that its tag cannot read (`!!int abc`), and documents whose
aliases would expand past `MAX_VALUES` values (a "billion laughs" bomb is refused before anything
is built, from the composed node graph, in time and memory linear in the text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

import yaml

from okrsite.quantity import GroupedNumber

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LocDict(dict[Any, Any]):
    """A mapping that remembers, per key, the 1-based (line, col) of the key and of its value."""

    __slots__ = ("key_marks", "mark", "value_marks")

    def __init__(self) -> None:
        super().__init__()
        self.key_marks: dict[Any, tuple[int, int]] = {}
        self.value_marks: dict[Any, tuple[int, int]] = {}
        self.mark: tuple[int, int] = (0, 0)


class LocList(list[Any]):
    """A sequence that remembers the 1-based (line, col) of each item."""

    __slots__ = ("item_marks", "mark")

    def __init__(self) -> None:
        super().__init__()
        self.item_marks: list[tuple[int, int]] = []
        self.mark: tuple[int, int] = (0, 0)


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    """A key written twice in one mapping: where, and where it was first."""

    key: str
    line: int
    col: int
    first_line: int


SYNTAX_HINT = "check the indentation and quoting near this line; text with ': ' or '#' needs quotes"
TAG_HINT = "okrsite reads plain YAML only: remove the '!' tag"
ALIAS_HINT = "write the values out, or use fewer aliases ('*name'): a goal file never needs this many"

MAX_VALUES = 100_000
"""The most values (texts, numbers, lists, mappings) a document may hold once its aliases are
expanded. A goal file holds hundreds; a "billion laughs" alias bomb holds billions."""


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """A YAML error at a 1-based position, with what the parser said. `tag` marks a construct
    okrsite refuses (a tag, a value its tag cannot read, an alias bomb): code OKR007, not OKR001."""

    message: str
    line: int
    col: int
    tag: bool = False
    hint: str = ""

    @property
    def code(self) -> str:
        """OKR007 for a refused construct, OKR001 for a syntax error."""
        return "OKR007" if self.tag else "OKR001"

    @property
    def advice(self) -> str:
        """How to fix it."""
        return self.hint or (TAG_HINT if self.tag else SYNTAX_HINT)


_GROUPED = re.compile(r"[-+]?[1-9][0-9]{0,2}\.[0-9]{3}")  # 1.500, 250.000: see GroupedNumber


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """libyaml parser + our position-keeping constructor + YAML 1.2 core resolver."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}  # our own, not YAML 1.1's
    duplicates: list[DuplicateKey]

    def construct_loc_mapping(self, node: yaml.MappingNode) -> Any:
        data = LocDict()
        data.mark = _mark(node.start_mark)
        yield data
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError as exc:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be text, not a list or mapping", key_node.start_mark
                ) from exc
            key_mark = _mark(key_node.start_mark)
            if key in data.key_marks:
                self.duplicates.append(
                    DuplicateKey(str(key), key_mark[0], key_mark[1], data.key_marks[key][0])
                )
            data[key] = self.construct_object(value_node, deep=True)
            data.key_marks[key] = key_mark
            data.value_marks[key] = _mark(value_node.start_mark)

    def construct_loc_sequence(self, node: yaml.SequenceNode) -> Any:
        data = LocList()
        data.mark = _mark(node.start_mark)
        yield data
        for item in node.value:
            data.append(self.construct_object(item, deep=True))
            data.item_marks.append(_mark(item.start_mark))

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Any value; a tagged value its constructor cannot read (`!!int abc`, `!!map x`, a number
        with more digits than Python converts) is a YAML error at the value, not a crash."""
        try:
            return super().construct_object(node, deep=deep)
        except (yaml.YAMLError, RecursionError):
            raise
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
            implicit = isinstance(node, yaml.ScalarNode) and node.tag == self.resolve(
                yaml.ScalarNode, node.value, (True, False)
            )
            message = (
                f"cannot read {_shown(node)}: it is too long a number"
                if implicit
                else f"the tag {_tag_name(node.tag)} cannot read {_shown(node)}"
            )
            raise yaml.constructor.ConstructorError(None, None, message, node.start_mark) from exc

    def refuse_tag(self, node: yaml.Node) -> Any:
        """A tag that PyYAML's safe loader knows but goal files do not use: sets, binary, omap."""
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"the tag {_tag_name(node.tag)} is not accepted (only text, numbers, true/false, dates, "
            "lists and mappings)",
            node.start_mark,
        )

    def construct_core_int(self, node: yaml.ScalarNode) -> int:
        text = str(self.construct_scalar(node)).replace("_", "")
        sign = -1 if text.startswith("-") else 1
        body = text.lstrip("+-")
        if body.startswith(("0x", "0X")):
            return sign * int(body[2:], 16)
        if body.startswith(("0o", "0O")):
            return sign * int(body[2:], 8)
        return sign * int(body, 10)

    def construct_core_float(self, node: yaml.ScalarNode) -> float:
        value: float = self.construct_yaml_float(node)
        text = str(node.value)
        return GroupedNumber(value, text) if _GROUPED.fullmatch(text) else value

    def construct_core_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:  # 2026-02-30: keep the text, the field's check says what is wrong
            return self.construct_scalar(node)


def _mark(mark: yaml.Mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _tag_name(tag: str | None) -> str:
    return (
        "!!" + tag.removeprefix("tag:yaml.org,2002:")
        if tag and tag.startswith("tag:yaml.org,2002:")
        else str(tag)
    )


def _shown(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        text = str(node.value)
        return repr(text if len(text) <= 40 else text[:40] + "...")
    return "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"


_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TIMESTAMP = re.compile(
    r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
    (?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
    (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
    re.X,
)

_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))
_Loader.add_implicit_resolver("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""])
_Loader.add_implicit_resolver("tag:yaml.org,2002:timestamp", _TIMESTAMP, list("0123456789"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])
_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_loc_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_loc_sequence)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_core_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_core_float)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_core_timestamp)
for _refused in ("set", "binary", "omap", "pairs"):  # a set's order would even vary between runs
    _Loader.add_constructor(f"tag:yaml.org,2002:{_refused}", _Loader.refuse_tag)


@dataclass(frozen=True, slots=True)
class YamlResult:
    """What reading gave: the value (None on error), duplicate keys, and the error if any."""

    value: Any
    duplicates: tuple[DuplicateKey, ...]
    problem: YamlProblem | None


def read_yaml(text: str) -> YamlResult:
    """Parse one YAML document safely; positions are 1-based within `text`."""
    loader = _Loader(text)
    loader.duplicates = []
    try:
        node = loader.get_single_node()
        if node is not None:
            bomb = _alias_bomb(node, MAX_VALUES)
            if bomb is not None:
                line, col = _mark(bomb.start_mark)
                message = (
                    f"this value grows to more than {MAX_VALUES:,} values through aliases ('*name'), "
                    "like a 'billion laughs' bomb"
                )
                return YamlResult(None, (), YamlProblem(message, line, col, tag=True, hint=ALIAS_HINT))
        value = None if node is None else loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = _describe(exc)
        opened = exc.context_mark
        if opened is not None and exc.context and _UNCLOSED.search(exc.context) and mark is not opened:
            # An unclosed bracket or quote is only noticed where the text ends; point at the
            # place it opened, which is where the fix goes.
            if exc.problem_mark is not None and exc.problem_mark.line != opened.line:
                message = f"{message}; it opened on this line and is never closed"
            mark = opened
        line, col = _mark(mark) if mark is not None else (1, 1)
        tag = isinstance(exc, yaml.constructor.ConstructorError) and "tag" in message
        if isinstance(exc, yaml.constructor.ConstructorError) and "recursive" in message:
            problem = YamlProblem(f"{message} (an alias inside its own anchor)", line, col, True, ALIAS_HINT)
            return YamlResult(None, tuple(loader.duplicates), problem)
        return YamlResult(None, tuple(loader.duplicates), YamlProblem(message, line, col, tag))
    except yaml.YAMLError as exc:
        return YamlResult(None, tuple(loader.duplicates), YamlProblem(str(exc), 1, 1))
    except RecursionError:
        return YamlResult(None, (), YamlProblem("the YAML is nested too deeply", 1, 1))
    finally:
        loader.dispose()
    return YamlResult(value, tuple(loader.duplicates), None)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _alias_bomb(root: yaml.Node, limit: int) -> yaml.Node | None:
    """The smallest value that grows past `limit` values once aliases are expanded (None when the
    document stays within it). Aliases share one node, so this walks each node once (no recursion:
    a deeply nested document is refused later, with its own message)."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        children = _children(node)
        if done:
            sizes[id(node)] = min(limit + 1, 1 + sum(sizes.get(id(c), 0) for c in children))
        elif id(node) not in sizes:
            sizes[id(node)] = 0  # in progress: a recursive alias counts as nothing here
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
    if sizes[id(root)] <= limit:
        return None
    node = root
    while True:  # down to the first value over the limit none of whose own values is over it
        over = next((c for c in _children(node) if sizes.get(id(c), 0) > limit), None)
        if over is None:
            return node
        node = over


_UNCLOSED = re.compile(r"while (?:parsing a flow|scanning a (?:quoted|double-quoted|single-quoted))")


def _describe(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "invalid YAML"
    if exc.context and exc.context not in problem:
        problem = f"{problem} ({exc.context})"
    return problem
