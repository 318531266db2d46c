"""Numbers as a spreadsheet's locale writes them, rewritten as okrsite reads them.

`1.234,5` (Danish), `1 234,5` (Swedish) and `1,234.5` (English) all become `1,234.5`; `86,5`
becomes `86.5`. Which separator is the decimal one is decided per column from all its values:
`1.500` alone could be fifteen hundred or one and a half, but not in a column that also holds
`12,5`. A column with no telling value follows the rest of the file, then the site's language;
the decision is reported when a value could be read both ways.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from okrsite.importer.model import Problem

NUMERIC_FIELDS = (
    "start", "target", "current", "progress", "confidence", "weight", "score", "kr_score",
    "healthy", "warning",
)  # fmt: skip


class Decimal(StrEnum):
    """The decimal separator of a column."""

    POINT = "point"
    COMMA = "comma"


_TOKEN = re.compile(
    r"(?<![\d.,])(?:"
    r"(?P<lead>[1-9]\d{0,2})(?P<sep>[,. '\u00a0\u202f])(?P<groups>\d{3}(?:(?P=sep)\d{3})*)"
    r"(?:(?P<dec>[.,])(?P<frac>\d+))?"
    r"|(?P<int>\d+)(?:(?P<dec2>[.,])(?P<frac2>\d+))?"
    r")(?!\d)"
)
_CHAR = {Decimal.POINT: ".", Decimal.COMMA: ","}


def evidence(text: str) -> tuple[set[Decimal], bool]:
    """Which decimal separators the value's numbers prove, and whether one reads both ways."""
    proves: set[Decimal] = set()
    ambiguous = False
    for m in _TOKEN.finditer(text):
        found, maybe = _token_evidence(m)
        proves |= found
        ambiguous = ambiguous or maybe
    return proves, ambiguous


def _token_evidence(m: re.Match[str]) -> tuple[set[Decimal], bool]:
    if m.group("lead") is None:
        dec = m.group("dec2")
        return ({Decimal.COMMA} if dec == "," else {Decimal.POINT} if dec == "." else set()), False
    sep, dec = m.group("sep"), m.group("dec")
    if dec:
        if dec == sep:
            return set(), False  # `1,234,5`: nonsense either way; the check will say so
        return {Decimal.COMMA if dec == "," else Decimal.POINT}, False
    several = len(m.group("groups")) > 3
    if sep == ",":
        return ({Decimal.POINT}, False) if several else (set(), True)
    if sep == ".":
        return ({Decimal.COMMA}, False) if several else (set(), True)
    return set(), False


def rewrite(text: str, style: Decimal) -> str:
    """The value with every number written as okrsite reads it: `.` for decimals, `,` grouping."""
    return _TOKEN.sub(lambda m: _token(m, style), text)


def _token(m: re.Match[str], style: Decimal) -> str:
    point = _CHAR[style]
    if m.group("lead") is None:
        dec = m.group("dec2")
        if dec and dec == point:
            return f"{m.group('int')}.{m.group('frac2')}"
        return m.group(0)
    sep, dec, lead, groups = m.group("sep"), m.group("dec"), m.group("lead"), m.group("groups")
    if dec:
        if dec != point or sep == point:
            return m.group(0)
        return _grouped(lead + groups.replace(sep, "")) + "." + m.group("frac")
    if sep == point:
        if len(groups) > 3:
            return m.group(0)  # `1.234.567` in a column with decimal points: reported, kept
        return f"{lead}.{groups}"
    return _grouped(lead + groups.replace(sep, ""))


def _grouped(digits: str) -> str:
    return f"{int(digits):,}"


@dataclass
class Decisions:
    """Each numeric column's decimal separator, and what was reported deciding it."""

    styles: dict[str, Decimal] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def decide(
    columns: Mapping[str, Sequence[tuple[int, str]]],
    names: Mapping[str, str],
    forced: Decimal | None,
    default: Decimal,
) -> Decisions:
    """Decide each column's separator from its (row, text) cells; `names` are the columns'
    headers for messages; `forced` is `--decimal`; `default` follows the site's language."""
    out = Decisions()
    proofs: dict[str, dict[Decimal, list[tuple[int, str]]]] = {}
    unclear: dict[str, list[tuple[int, str]]] = {}
    for name, cells in columns.items():
        proofs[name] = {Decimal.POINT: [], Decimal.COMMA: []}
        unclear[name] = []
        for row, text in cells:
            found, maybe = evidence(text)
            for style in found:
                proofs[name][style].append((row, text))
            if maybe:
                unclear[name].append((row, text))
    guessed: dict[tuple[str, Decimal], list[str]] = {}
    votes = {s: sum(len(p[s]) for p in proofs.values()) for s in Decimal}
    file_style = _majority(votes) if any(votes.values()) else None
    for name in columns:
        mine = {s: len(proofs[name][s]) for s in Decimal}
        if forced is not None:
            style, why = forced, "--decimal"
        elif any(mine.values()):
            style, why = _majority(mine), ""
        elif file_style is not None:
            style, why = file_style, "the file's other numbers"
        else:
            style, why = default, "the site's language"
        out.styles[name] = style
        other = Decimal.COMMA if style is Decimal.POINT else Decimal.POINT
        for row, text in proofs[name][other]:
            example = (
                f" (row {proofs[name][style][0][0]}: {proofs[name][style][0][1]!r})"
                if proofs[name][style]
                else ""
            )
            out.problems.append(
                Problem(
                    row,
                    f"column {names[name]}: {text!r} writes decimals with a {_word(other)}, but it is read "
                    f"with a decimal {_word(style)}{example or ' (' + why + ')'}",
                    f"write the column's numbers one way, or give --decimal {other.value}",
                    name,
                )
            )
        if why and unclear[name]:
            guessed.setdefault((why, style), []).append(name)
    for (why, style), group in guessed.items():
        other = Decimal.COMMA if style is Decimal.POINT else Decimal.POINT
        row, text = unclear[group[0]][0]
        headers = [names[n] for n in group]
        listed = ", ".join(headers[:-1]) + " and " + headers[-1] if len(headers) > 1 else headers[0]
        out.notes.append(
            f"column{'s' if len(headers) > 1 else ''} {listed}: numbers like {text!r} (row {row}) could be "
            f"read two ways; read as {_bare(text, style)} with a decimal {_word(style)} (decided by {why}), "
            f"not {_bare(text, other)}: --decimal {other.value} reads them the other way"
        )
    return out


def _bare(text: str, style: Decimal) -> str:
    """The first number of `text` read with `style`: `8,500` is 8500 or 8.5."""
    m = _TOKEN.search(text)
    if m is None:  # pragma: no cover - only values with a number are unclear
        return text
    value = float(_token(m, style).replace(",", ""))
    return str(int(value)) if value.is_integer() else repr(value)


def _majority(votes: Mapping[Decimal, int]) -> Decimal:
    return Decimal.COMMA if votes[Decimal.COMMA] > votes[Decimal.POINT] else Decimal.POINT


def _word(style: Decimal) -> str:
    return "comma" if style is Decimal.COMMA else "point"
