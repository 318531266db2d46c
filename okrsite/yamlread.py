"""Safe YAML reading that keeps where every key and item came from and refuses duplicate keys.

libyaml parses (fast); our constructor builds `LocDict` / `LocList`, plain dicts and lists that
also remember the (line, column) of each key and item, so any later stage can point at a field.
The resolver follows YAML 1.2's core schema: `no`, `on` and `2:37` stay text (YAML 1.1 would
make them a boolean and the number 157), which is what people mean in goal files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

import yaml

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


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """A YAML error at a 1-based position, with what the parser said."""

    message: str
    line: int
    col: int
    tag: bool = False


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

    def construct_core_int(self, node: yaml.ScalarNode) -> int:
        text = str(self.construct_scalar(node)).replace("_", "")
        sign = -1 if text.startswith("-") else 1
        body = text.lstrip("+-")
        if body.startswith(("0x", "0X")):
            return sign * int(body[2:], 16)
        if body.startswith(("0o", "0O")):
            return sign * int(body[2:], 8)
        return sign * int(body, 10)

    def construct_core_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:  # 2026-02-30: keep the text, the field's check says what is wrong
            return self.construct_scalar(node)


def _mark(mark: yaml.Mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


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
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_core_timestamp)


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
        value = loader.get_single_data()
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
        return YamlResult(None, tuple(loader.duplicates), YamlProblem(message, line, col, tag))
    except yaml.YAMLError as exc:
        return YamlResult(None, tuple(loader.duplicates), YamlProblem(str(exc), 1, 1))
    except RecursionError:
        return YamlResult(None, (), YamlProblem("the YAML is nested too deeply", 1, 1))
    finally:
        loader.dispose()
    return YamlResult(value, tuple(loader.duplicates), None)


_UNCLOSED = re.compile(r"while (?:parsing a flow|scanning a (?:quoted|double-quoted|single-quoted))")


def _describe(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "invalid YAML"
    if exc.context and exc.context not in problem:
        problem = f"{problem} ({exc.context})"
    return problem
