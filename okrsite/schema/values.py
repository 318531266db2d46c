"""Building blocks of the schemas: one function per kind of value okrsite reads (pure).

Each block mirrors one reader of `okrsite.fields.Fields` and is never stricter than it: the
schemas help while typing, `okrsite check` stays the judge. So every optional field also takes
null (okrsite reads `owner:` with nothing after it as not written), text fields take numbers
(`title: 2026` is the text "2026"), choices take any case and `-` or a space for `_`, and values
such as `80%`, `12.5k`, `24h` or `2:37` are text or numbers without a pattern.

Patterns are ECMAScript regular expressions that also mean the same in Python: only `[...]`
classes, `\\s`, `\\S`, groups and `?*+{n}`, no escapes of ordinary characters (a `u`-flag RegExp,
as Ajv and the YAML language server compile them, rejects those).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from okrsite.fields import ID_PATTERN
from okrsite.quantity import PLACEHOLDERS

Schema = dict[str, Any]

DOCS = "https://github.com/okrsite/okrsite/blob/main/docs/format.md"

# An id as `Fields.ident` accepts it: the text is stripped first, and blank text is "not written".
ID_RE = rf"^\s*(?:{ID_PATTERN.pattern})?\s*$"
# A date as `parse_day` reads it: YYYY-MM-DD with anything after it (a time of day). Python also
# reads 20260331 and ISO week dates (2026-W13-2), so the pattern only insists on how it starts;
# it catches 2026-3-31 and 31/03/2026.
DATE_RE = r"^\s*[0-9]{4}-?(?:[0-9]{2}|W)"
# A number as `Fields.number` reads text: float() of the text without a trailing %.
NUMBER_RE = (
    r"^\s*[-+]?(?:[0-9][0-9_]*(?:[.][0-9_]*)?|[.][0-9][0-9_]*|[Ii][Nn][Ff](?:[Ii][Nn][Ii][Tt][Yy])?)"
    r"(?:[eE][-+]?[0-9][0-9_]*)?\s*%*\s*$"
)
NOT_BLANK = r"\S"
# Every value okrsite reads has a digit in it (or a sign: `$`, `%`, `:`), so text of letters
# alone (`ten`, `about half`) is a mistake, unless it is a placeholder (`TBD`, `X`). Digits are
# not matched as [0-9] because okrsite also reads other scripts' digits (`\d` in Python).
_WORDS = "|".join(
    "".join(f"[{c.upper()}{c.lower()}]" for c in p) for p in sorted(PLACEHOLDERS) if p.isalpha()
)
PLACEHOLDER_RE = rf"^\s*(?:{_WORDS})\s*$"
QUANTITY_RE = rf"[^A-Za-z \t]|{PLACEHOLDER_RE}"
COMPARISON_RE = r"[^A-Za-z \t]"
# Blank text is "not written" where okrsite only asks whether a key is there (`start: ""` in a
# milestone); where it reads the value, blank is an error.
BLANK_RE = r"^\s*$"

_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def plain(markdown: str) -> str:
    """The description as plain text: `[text](url)` becomes `text (url)`, code marks go."""
    return _MARKDOWN_LINK.sub(r"\1 (\2)", markdown).replace("`", "")


def field(
    base: Schema,
    text: str,
    *,
    examples: Sequence[Any] = (),
    default: Any = None,
) -> Schema:
    """`base` with a description written in Markdown: `description` gets the plain text (JSON
    Schema, JetBrains), `markdownDescription` the Markdown (VS Code), when the two differ."""
    out: Schema = {"description": plain(text)}
    if out["description"] != text:
        out["markdownDescription"] = text
    out.update(base)
    if default is not None:
        out["default"] = default
    if examples:
        out["examples"] = list(examples)
    return out


def _types(*names: str, null: bool) -> list[str]:
    return [*names, "null"] if null else list(names)


def text(required: bool = False) -> Schema:
    """Text, as `Fields.text` reads it (numbers and dates are taken as their text)."""
    if required:
        return {"type": ["string", "number"], "pattern": NOT_BLANK}
    return {"type": _types("string", "number", null=True)}


def ident() -> Schema:
    """One id, as `Fields.ident` reads it: letters, digits, `-`, `_` and `.`."""
    return {
        "type": ["string", "number", "null"],
        "pattern": ID_RE,
        "patternErrorMessage": "An id uses letters, digits, '-', '_' and '.', like customer-service.",
    }


def ids() -> Schema:
    """One id or a list of ids, as `Fields.ids` reads them (checked against the site later)."""
    return {"type": ["string", "integer", "array", "null"], "items": {"type": ["string", "integer"]}}


def quantity(required: bool = False) -> Schema:
    """A value: `1500`, `80%`, `12.5k`, `$2M`, `500 kr`, `24h`, `2:37` or a placeholder (`TBD`).
    Too many forms for a full pattern that is never stricter than okrsite's reader: the pattern
    only refuses words without a number."""
    return {
        "type": _types("string", "number", null=not required),
        "pattern": QUANTITY_RE if required else f"{QUANTITY_RE}|{BLANK_RE}",
        "patternErrorMessage": "Write a number: 1500, 80%, 12.5k, $2M, 500 kr, 24h, 2:37 (or TBD for now).",
    }


def comparison() -> Schema:
    """A comparison: `>= 85%`, `< 1000`, `between 40 and 60`, or a bare value (at least it)."""
    return {
        "type": ["string", "number", "null"],
        "pattern": f"{COMPARISON_RE}|{BLANK_RE}",
        "patternErrorMessage": 'Write a comparison: ">= 85%", "< 1000", "between 40 and 60".',
    }


def day(required: bool = False) -> Schema:
    """A date, YYYY-MM-DD (a time of day after it is allowed and ignored)."""
    return {
        "type": _types("string", null=not required),
        "pattern": DATE_RE,
        "patternErrorMessage": "Write dates as YYYY-MM-DD, like 2026-03-31.",
    }


def number(low: float | None = None, high: float | None = None) -> Schema:
    """A plain number, as `Fields.number` reads it: `0.7`, or text such as `70%` (0.7)."""
    out: Schema = {"type": ["number", "string", "null"], "pattern": NUMBER_RE}
    if low is not None:
        out["minimum"] = low
    if high is not None:
        out["maximum"] = high
    return out


def boolean() -> Schema:
    """true or false (only these: `yes` is text in YAML 1.2)."""
    return {"type": ["boolean", "null"]}


def any_case(word: str) -> str:
    """A pattern for `word` in any case, with `-`, `_` or a space for each `_` (`Fields.choice`)."""
    out: list[str] = []
    for ch in word:
        if ch.isalpha():
            out.append(f"[{ch.upper()}{ch.lower()}]")
        elif ch == "_":
            out.append("[-_ ]")
        elif ch.isalnum() or ch == "-":
            out.append(ch)
        else:
            raise ValueError(f"no pattern for {ch!r} in {word!r}")
    return "".join(out)


def choice(choices: Iterable[str]) -> Schema:
    """One of a fixed set, as `Fields.choice` reads it: any case, `-` or a space for `_`.

    The `enum` branch is there for completion and hover; the pattern accepts the variants."""
    values = list(choices)
    words = "|".join(any_case(c) for c in values)
    return {
        "anyOf": [
            {"type": "string", "enum": values},
            {"type": "string", "pattern": rf"^\s*(?:{words})\s*$"},
            {"type": "null"},
        ],
        "errorMessage": "Choose one of: " + ", ".join(values) + ".",
    }


def items(item: Schema) -> Schema:
    """A list of mappings (each item must be a mapping, as `Fields.items` reads them)."""
    return {"type": ["array", "null"], "items": item}


def mapping(
    keys: Sequence[str],
    specs: Mapping[str, Schema],
    required: Sequence[str] = (),
    *,
    null: bool = False,
    **extra: Any,
) -> Schema:
    """A mapping whose known keys are `keys` (the tuple okrsite's reader checks), in that order.

    `specs` must describe exactly those keys: a key added to okrsite's tuple without a schema,
    or a schema for a key okrsite does not know, raises `SchemaDriftError` (and fails the tests)."""
    missing = [k for k in keys if k not in specs]
    unknown = [k for k in specs if k not in keys]
    if missing or unknown:
        raise SchemaDriftError(f"schema and reader disagree: missing {missing}, unknown {unknown}")
    out: Schema = {
        "type": ["object", "null"] if null else "object",
        "properties": {k: specs[k] for k in keys},
        "additionalProperties": False,
    }
    if required:
        out["required"] = list(required)
    out.update(extra)
    return out


class SchemaDriftError(AssertionError):
    """The schema's keys and okrsite's reader's keys differ: a bug in okrsite."""


# "Present" as `Fields.has` means it: written, and neither null nor blank text.
_BLANK: Schema = {"type": ["null", "string"], "pattern": r"^\s*$"}


def present(key: str) -> Schema:
    """Matches a mapping where `key` is written with a value."""
    return {"required": [key], "properties": {key: {"not": dict(_BLANK)}}}


def excludes(keys: Iterable[str], why: str) -> Schema:
    """Each of `keys` must be absent (or empty); `why` is the message an editor shows."""
    return {"properties": {k: {**_BLANK, "errorMessage": why.format(key=k)} for k in keys}}


def requires(key: str, why: str) -> Schema:
    """`key` must be written with a value; `why` is the message an editor shows."""
    return {**present(key), "errorMessage": why}


def when(condition: Schema, then: Schema) -> Schema:
    """if `condition` then `then` (draft-07)."""
    return {"if": condition, "then": then}
