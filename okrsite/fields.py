"""Typed reading of one YAML mapping, reporting each problem at its key's line and column.

`Fields` is what every per-file validator uses: it turns a `LocDict` into checked Python values
and, for anything wrong, records a diagnostic with the field's dotted path
(`key_results[2].target`), its position, and a hint. It never raises for bad content.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Collection, Iterator, Mapping
from datetime import date
from typing import Any

from okrsite.diagnostics import Diagnostic, Related, make
from okrsite.periods import parse_day
from okrsite.quantity import (
    Quantity,
    QuantityError,
    format_plain,
    grouped_thousands,
    is_placeholder,
    parse_quantity,
    spaced_thousands,
    without_trailing_zeros,
)
from okrsite.thresholds import Threshold, ThresholdError, parse_threshold
from okrsite.yamlread import LocDict, LocList

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class FileContext:
    """Collects the diagnostics of one file; `offset` turns YAML lines into file lines."""

    def __init__(self, path: str, offset: int = 0) -> None:
        self.path = path
        self.offset = offset
        self.diagnostics: list[Diagnostic] = []

    def line(self, yaml_line: int) -> int:
        """The file line of a 1-based line in the YAML text (0 stays 0: no position)."""
        return yaml_line + self.offset if yaml_line else 0

    def add(
        self,
        code: str,
        mark: tuple[int, int],
        field: str,
        message: str,
        hint: str = "",
        related: tuple[Related, ...] = (),
    ) -> None:
        """Record a diagnostic at a YAML position."""
        self.diagnostics.append(
            make(code, self.path, self.line(mark[0]), mark[1], field, message, hint, related)
        )


def type_name(value: object) -> str:
    """A person's word for a YAML value's type."""
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, date):
        return "a date"
    if value is None:
        return "an empty value"
    return "text"


def suggest(word: str, choices: Collection[str]) -> str:
    """`did you mean 'target'?` for a near miss, else the valid choices."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "valid keys: " + ", ".join(sorted(choices))


LINK_HINT = "link to a web page (https://...), an address (mailto:...) or a path on the site"
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def safe_url(url: str) -> bool:
    """True for a web address, a `mailto:` address or a relative path: never a script. The scheme
    is read the way browsers read it (tabs and line breaks anywhere in it are skipped, leading
    spaces and control characters too), so `java\tscript:` is `javascript:`."""
    stripped = re.sub(r"[\t\n\r]", "", url).lstrip("".join(map(chr, range(0x21)))).lower()
    m = _SCHEME.match(stripped)
    return m is None or m.group(1) in _SAFE_SCHEMES


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


class Fields:
    """Checked access to the keys of one mapping in a file."""

    def __init__(self, ctx: FileContext, data: LocDict, prefix: str = "") -> None:
        self.ctx = ctx
        self.data = data
        self.prefix = prefix

    # Positions and reporting ------------------------------------------------------------
    def name(self, key: str) -> str:
        """The field's full path, e.g. `key_results[2].target`."""
        return f"{self.prefix}.{key}" if self.prefix else key

    def mark(self, key: str, value: bool = True) -> tuple[int, int]:
        """Where `key` (or its value) is written; the mapping's own position when absent."""
        marks = self.data.value_marks if value else self.data.key_marks
        return marks.get(key, self.data.mark)

    def line(self, key: str) -> int:
        """The file line of `key`, or of this mapping when the key is absent."""
        return self.ctx.line(self.mark(key, value=False)[0])

    def error(self, code: str, key: str, message: str, hint: str = "", value: bool = True) -> None:
        """Record a problem with `key`."""
        self.ctx.add(code, self.mark(key, value), self.name(key), message, hint)

    # Structure ------------------------------------------------------------------------------
    def check_keys(self, known: Collection[str]) -> None:
        """Report each key that is not in `known`, with a did-you-mean."""
        for key in self.data:
            if not isinstance(key, str):
                self.ctx.add(
                    "OKR102",
                    self.data.key_marks.get(key, self.data.mark),
                    self.name(str(key)),
                    f"a key must be text, got {type_name(key)} {key!r}",
                    f"write one of the keys this mapping takes: {', '.join(sorted(known))}",
                )
            elif key not in known:
                self.error("OKR101", key, f"unknown key '{key}'", suggest(key, known), value=False)

    def has(self, key: str) -> bool:
        """True when the key is present with a non-empty value (blank text counts as empty)."""
        value = self.data.get(key)
        return value is not None and not (isinstance(value, str) and not value.strip())

    def raw(self, key: str) -> Any:
        """The value as YAML gave it."""
        return self.data.get(key)

    def required(self, key: str, what: str) -> bool:
        """Report a missing required key; True when present."""
        if self.has(key):
            return True
        self.error("OKR103", key, f"missing '{key}' ({what})", f"add a line '{key}: ...'", False)
        return False

    # Scalars --------------------------------------------------------------------------------
    def text(self, key: str, required: str = "") -> str:
        """Text (numbers and dates are accepted as their text form)."""
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.required(key, required)
            return ""
        if isinstance(value, Mapping | list | bool):
            self.error("OKR102", key, f"'{key}' should be text, got {type_name(value)}")
            return ""
        return str(value).strip()

    def ident(self, key: str, required: str = "") -> str:
        """An id: letters, digits, `-`, `_` and `.`; the text as written."""
        value = self.text(key, required)
        if value and not ID_PATTERN.fullmatch(value):
            self.error(
                "OKR113",
                key,
                f"'{value}' is not a valid id",
                "ids use letters, digits, '-', '_' and '.', like 'customer-service'",
            )
            return ""
        return value

    def choice(self, key: str, choices: Collection[str], default: str) -> str:
        """One of `choices` (case-insensitive), else `default` after a diagnostic."""
        value = self.data.get(key)
        if value is None:
            return default
        text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
        if text in choices:
            return text
        near = difflib.get_close_matches(text, list(choices), n=1, cutoff=0.6)
        hint = f"did you mean '{near[0]}'? " if near else ""
        self.error(
            "OKR110", key, f"'{value}' is not a valid {key}", f"{hint}choose one of: {', '.join(choices)}"
        )
        return default

    def boolean(self, key: str, default: bool | None = None) -> bool | None:
        """true or false."""
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        self.error("OKR102", key, f"'{key}' should be true or false, got {value!r}")
        return default

    def number(
        self,
        key: str,
        low: float | None = None,
        high: float | None = None,
        code: str = "OKR114",
        type_code: str = "OKR102",
    ) -> float | None:
        """A plain number within [low, high]; `70%` reads as 0.7."""
        written = self.data.get(key)
        if written is None:
            return None
        value = written
        if isinstance(value, bool) or not isinstance(value, int | float):
            text = str(value).strip()
            try:
                value = float(text.rstrip("%").strip()) / (100 if text.endswith("%") else 1)
            except ValueError:
                self.error(type_code, key, f"'{key}' should be a number, got {written!r}")
                return None
        try:
            number = float(value)
        except OverflowError:  # an integer with hundreds of digits
            number = math.inf
        too_low, too_high = low is not None and number < low, high is not None and number > high
        if not math.isfinite(number) or too_low or too_high:
            if not math.isfinite(number):
                span = "an ordinary, finite number"
            elif low is not None and high is not None:
                span = f"between {low:g} and {high:g}"
            else:
                span = f"at least {low:g}" if low is not None else f"at most {high:g}"
            shown = repr(written) if len(repr(written)) <= 40 else f"{repr(written)[:37]}..."
            hint = (
                f"write a number {span}"
                if math.isfinite(number)
                else "write an ordinary number, like 2 or 0.5"
            )
            self.error(code, key, f"'{key}' must be {span}, got {shown}", hint)
            return None
        return number

    def day(self, key: str, required: str = "") -> date | None:
        """A date, YYYY-MM-DD (a time after it is allowed and ignored)."""
        value = self.data.get(key)
        if value is None:
            if required:
                self.required(key, required)
            return None
        try:
            return parse_day(value)
        except ValueError:
            self.error("OKR108", key, f"'{value}' is not a valid date", "write dates as 2026-01-31")
            return None

    def ids(self, key: str) -> tuple[tuple[str, int], ...]:
        """One id or a list of ids, each with its file line."""
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str | int) and not isinstance(value, bool):
            return ((str(value).strip(), self.line(key)),)
        if isinstance(value, LocList):
            out: list[tuple[str, int]] = []
            for i, item in enumerate(value):
                line = self.ctx.line(value.item_marks[i][0])
                if isinstance(item, str | int) and not isinstance(item, bool):
                    out.append((str(item).strip(), line))
                else:
                    self.ctx.add(
                        "OKR102",
                        value.item_marks[i],
                        f"{self.name(key)}[{i + 1}]",
                        f"expected an id, got {type_name(item)}",
                    )
            return tuple(out)
        self.error("OKR102", key, f"'{key}' should be an id or a list of ids, got {type_name(value)}")
        return ()

    def texts(self, key: str) -> tuple[str, ...]:
        """One text or a list of texts (links, say)."""
        return tuple(text for text, _ in self.ids(key))

    def link(self, key: str) -> str:
        """An address for a link: a web address, `mailto:` or a relative path; a script
        (`javascript:`), `data:` or any other scheme is an error and gives ''."""
        value = self.text(key)
        if value and not safe_url(value):
            self.error("OKR117", key, f"'{key}' is not a web address: {_short(value)}", LINK_HINT)
            return ""
        return value

    def links(self, key: str) -> tuple[str, ...]:
        """One link or a list of links, each checked as `link` checks one."""
        value = self.data.get(key)
        out: list[str] = []
        for i, text in enumerate(self.texts(key)):
            if safe_url(text):
                out.append(text)
                continue
            mark = value.item_marks[i] if isinstance(value, LocList) else self.mark(key)
            where = f"{self.name(key)}[{i + 1}]" if isinstance(value, LocList) else self.name(key)
            self.ctx.add("OKR117", mark, where, f"'{key}' is not a web address: {_short(text)}", LINK_HINT)
        return tuple(out)

    # Quantities ----------------------------------------------------------------------------
    def quantity(self, key: str, unit: str = "") -> Quantity | None:
        """A number, percentage, amount or duration; a placeholder is a warning and None."""
        value = self.data.get(key)
        if value is None:
            return None
        if is_placeholder(value):
            self.error(
                "OKR304",
                key,
                f"'{key}' is a placeholder ({value!r})",
                "fill in the number when it is known; until then progress cannot be scored",
            )
            return None
        try:
            quantity = parse_quantity(value, unit)
        except QuantityError as exc:
            self.error("OKR104", key, f"'{key}': {exc.message}", exc.hint)
            return None
        grouped = grouped_thousands(value)
        if grouped is not None:
            thousands = grouped.replace(".", "").lstrip("+")
            decimal = without_trailing_zeros(grouped.lstrip("+"))
            self.error(
                "OKR317",
                key,
                f"'{key}': {grouped} is read as {format_plain(quantity)} (the dot is a decimal point), "
                f"not {thousands}",
                f"for {thousands} write {thousands} or {spaced_thousands(thousands)}; "
                f"for {decimal} write {decimal}",
            )
        return quantity

    def threshold(self, key: str, unit: str = "") -> Threshold | None:
        """A comparison such as `>= 85%`."""
        value = self.data.get(key)
        if value is None:
            return None
        try:
            return parse_threshold(value, unit)
        except ThresholdError as exc:
            self.error("OKR111", key, f"'{key}': {exc.message}", exc.hint)
            return None
        except QuantityError as exc:
            self.error("OKR111", key, f"'{key}': {exc.message}", exc.hint)
            return None

    # Nested structures ---------------------------------------------------------------------
    def mapping(self, key: str) -> Fields | None:
        """A nested mapping as Fields, or None (reported when present but not a mapping)."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, LocDict):
            return Fields(self.ctx, value, self.name(key))
        self.error("OKR102", key, f"'{key}' should be a mapping of keys, got {type_name(value)}")
        return None

    def items(self, key: str, what: str) -> Iterator[tuple[int, Fields]]:
        """Each mapping in a list, 1-based, as Fields; other items are reported and skipped."""
        value = self.data.get(key)
        if value is None:
            return
        if not isinstance(value, LocList):
            self.error(
                "OKR102",
                key,
                f"'{key}' should be a list of {what}, got {type_name(value)}",
                "start each item on its own line with '- '",
            )
            return
        for i, item in enumerate(value, start=1):
            name = f"{self.name(key)}[{i}]"
            if isinstance(item, LocDict):
                yield i, Fields(self.ctx, item, name)
            else:
                self.ctx.add(
                    "OKR102",
                    value.item_marks[i - 1],
                    name,
                    f"each item of '{key}' should be a mapping ({what}), got {type_name(item)}",
                )

    def listed(self, key: str) -> LocList | None:
        """The raw list under `key` (reported when present but not a list)."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, LocList):
            return value
        self.error("OKR102", key, f"'{key}' should be a list, got {type_name(value)}")
        return None


def positions(data: LocDict, offset: int, limit: int = 4000) -> dict[str, tuple[int, int]]:
    """Map each field path (`key_results[2].owner`) to the file (line, col) of its value.

    The walk is bounded in depth and count, so YAML aliases that repeat a structure many
    times over cannot make it expensive.
    """
    out: dict[str, tuple[int, int]] = {}
    stack: list[tuple[str, object, int]] = [("", data, 0)]
    while stack and len(out) < limit:
        prefix, node, depth = stack.pop()
        if isinstance(node, LocDict):
            for key, (line, col) in node.value_marks.items():
                name = _shared(f"{prefix}.{key}" if prefix else str(key))
                out[name] = _at(line + offset, col)
                if depth < 5:
                    stack.append((name, node[key], depth + 1))
        elif isinstance(node, LocList):
            for i, (line, col) in enumerate(node.item_marks, start=1):
                name = _shared(f"{prefix}[{i}]")
                out[name] = _at(line + offset, col)
                if depth < 5:
                    stack.append((name, node[i - 1], depth + 1))
    return out


# Every file has the same field paths and most of the same (line, col) pairs: one shared copy of
# each instead of one per file halves what the positions of a big site hold (they were two
# fifths of a checked site's memory). Bounded, so a hostile file cannot grow them without end.
_PATHS: dict[str, str] = {}
_PAIRS: dict[tuple[int, int], tuple[int, int]] = {}
_SHARE_LIMIT = 100_000


def _shared(name: str) -> str:
    found = _PATHS.get(name)
    if found is None:
        if len(_PATHS) >= _SHARE_LIMIT:
            return name
        _PATHS[name] = found = name
    return found


def _at(line: int, col: int) -> tuple[int, int]:
    pair = (line, col)
    found = _PAIRS.get(pair)
    if found is None:
        if len(_PAIRS) >= _SHARE_LIMIT:
            return pair
        _PAIRS[pair] = found = pair
    return found


# Characters some languages write that NFKD does not take apart into a letter and an accent.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l"})
_FOLD_MORE = str.maketrans({"Ł": "L", "þ": "th", "Þ": "Th", "œ": "oe", "Œ": "OE", "&": " and "})


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
