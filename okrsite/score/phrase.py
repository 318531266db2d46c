"""Explanations as messages with values, so each reader gets them in their own language.

The score stage says *how* a number was computed, but it does not know who reads it: okrs.json
keeps English (a locale-neutral export), a Danish site says "(13 t - 24 t) / (12 t - 24 t) = 0,92".
So an explanation is a `Phrase`: an English message with `%(name)s` placeholders (the msgid the
site's catalogues translate; babel.cfg extracts every `say("...")` in okrsite/score/) and the
values, typed, so the site formats each one for its locale. A message may also name the site's
concepts with the terms' placeholders (`%(objective)s`, `%(key_results)s`): the site fills in its
own words (`terms:` in okrsite.yaml), English text the default words of okrsite.config.TERMS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from okrsite.config import TERMS
from okrsite.quantity import Quantity, format_plain
from okrsite.thresholds import Threshold


def fmt(x: float) -> str:
    """A score or ratio for explanations: at most two decimals, no trailing zeros."""
    return f"{x:.2f}".rstrip("0").rstrip(".") if x == x else "n/a"


@dataclass(frozen=True, slots=True)
class Share:
    """A share of 0..1 shown as a percentage with up to two decimals: `55.43%`."""

    value: float


@dataclass(frozen=True, slots=True)
class Label:
    """A named value (okrsite.site.i18n.LABELS kind and value): `health`/`breach`, `kr_status`/`dropped`."""

    kind: str
    value: str


@dataclass(frozen=True, slots=True)
class Weighted:
    """The terms of a weighted sum, `(weight, score)` each: `0.5 x 0.8 + 1`."""

    terms: tuple[tuple[float, float], ...]


Value = float | int | date | Quantity | Threshold | Share | Label | Weighted
"""What a phrase's values may be: a float is a score or ratio (`0.92`), an int a count, a Quantity is
shown in full in the unit it carries (`13h`), a Threshold as written (`>= 85%`)."""


@dataclass(frozen=True, slots=True)
class Phrase:
    """An English message with `%(name)s` placeholders and the values that fill them."""

    message: str
    values: tuple[tuple[str, Value], ...] = ()

    def __str__(self) -> str:
        return english(self)


def say(message: str, **values: Value) -> Phrase:
    """A phrase: `say("starts %(day)s", day=period.start)`. The message is a literal (extracted)."""
    return Phrase(message, tuple(values.items()))


@dataclass(frozen=True, slots=True)
class Explanation:
    """How a number was computed: the rule in words, and the arithmetic with its inputs."""

    rule: Phrase
    working: Phrase | None = None

    def __str__(self) -> str:
        return f"{self.rule}: {self.working}" if self.working else str(self.rule)


def english(phrase: Phrase) -> str:
    """A phrase in plain English (okrs.json, tests, messages): values locale-neutral."""
    if not phrase.values and "%(" not in phrase.message:
        return phrase.message.replace("%%", "%")
    values: dict[str, str] = dict(TERMS)
    values.update((name, plain(value)) for name, value in phrase.values)
    return phrase.message % values


def plain(value: Value) -> str:
    """One value, locale-neutral."""
    if isinstance(value, Quantity):
        return format_plain(value)
    if isinstance(value, Threshold):
        return value.text or f"{value.op} {format_plain(value.low)}"
    if isinstance(value, Share):
        return f"{fmt(value.value * 100)}%"
    if isinstance(value, Label):
        return value.value.replace("_", " ")
    if isinstance(value, Weighted):
        return weighted(value, fmt, "x")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):  # not a Value, but never shown as True
        raise TypeError("a phrase's value cannot be a bool")
    if isinstance(value, int):
        return str(value)
    return fmt(value)


def weighted(value: Weighted, number: Callable[[float], str], times: str) -> str:
    """`0.5 x 0.8 + 1`: a weight of 1 is left out."""
    return " + ".join(f"{number(w)} {times} {number(s)}" if w != 1 else number(s) for w, s in value.terms)
