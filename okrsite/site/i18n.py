"""The site's own words in its language: message catalogues, the site's terms, and the formats.

A site's `language` (okrsite.yaml: `en`, `da` or `sv`) picks a gettext catalogue,
`okrsite/locale/<lang>/LC_MESSAGES/okrsite.po`, read with Babel when a build first needs it and
kept for the process (forked render workers inherit it). Its msgids are the English text, so
English needs no catalogue. The catalogue template `okrsite.pot` is extracted from the templates
(Jinja2's i18n extension: `{{ _("...") }}`), from the page modules (`lang._("...")`) and from
`okrsite/charts/` by `python scripts/i18n.py extract`; tests/test_i18n.py fails when a message is
not translated into every language.

Every message is a Python format string (as Jinja's "newstyle" gettext has it): `%(name)s`
placeholders take the values given with it and the site's **terms**, the words it calls its
concepts by: `%(objective)s`, `%(objectives)s`, `%(key_result)s`... and, capitalised for the
start of a sentence or a heading, `%(Objective)s`, `%(Objectives)s`, `%(Key_result)s`,
`%(Kpis)s`. A term's default is the catalogue's word (msgctxt `term`); `terms:` in okrsite.yaml
overrides any of them. A literal percent sign is `%%`.

A `Lang` is made once per language and terms (`lang_for`) and passed explicitly through a build:
the site view holds it, the Jinja environment is made for it, charts and display functions take
it. Nothing is global, so `okrsite serve`'s request threads and a parallel build's workers each
use the language of the site they render.
"""

from __future__ import annotations

import gettext
import io
import json
import threading
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from okrsite.config import LANGUAGES, TERMS, SiteConfig
from okrsite.periods import Period, PeriodKind
from okrsite.quantity import Quantity
from okrsite.score.phrase import Explanation, Label, Phrase, Share, Value, Weighted, weighted
from okrsite.site import display
from okrsite.site.display import Formats
from okrsite.thresholds import Threshold

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "okrsite"
KEYWORDS: dict[str, Any] = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": None,
    "C_": ((1, "c"), 2),
    "say": None,  # okrsite.score.phrase: the score stage's explanations
}
"""The functions that mark messages, as Babel's extractors take them (scripts/i18n.py, tests)."""


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Marks a message for extraction where it is translated later (tables of labels)."""
    return message


def C_(context: str, message: str) -> str:  # noqa: N802
    """Marks a message with a context (the terms' words) for extraction."""
    return message


TERM_WORDS = {
    "objective": C_("term", "objective"),
    "objectives": C_("term", "objectives"),
    "key_result": C_("term", "key result"),
    "key_results": C_("term", "key results"),
    "kpi": C_("term", "KPI"),
    "kpis": C_("term", "KPIs"),
    "initiative": C_("term", "initiative"),
    "initiatives": C_("term", "initiatives"),
    "team": C_("term", "team"),
    "teams": C_("term", "teams"),
    "check_in": C_("term", "check-in"),
    "check_ins": C_("term", "check-ins"),
}
"""The words of the terms, as they read inside a sentence (okrsite.config.TERMS are the keys)."""
assert TERM_WORDS == TERMS  # the same English words, marked here for the catalogues

PACE_LABELS = {
    "not_started": N_("Not started"),
    "on_track": N_("On track"),
    "at_risk": N_("At risk"),
    "off_track": N_("Off track"),
    "final": N_("Final"),
    "cancelled": N_("Cancelled"),
    "none": N_("No score"),
}
HEALTH_LABELS = {
    "healthy": N_("Healthy"),
    "warning": N_("Warning"),
    "breach": N_("Breach"),
    "unknown": N_("No data"),
}
GRADE_LABELS = {"red": N_("Red"), "yellow": N_("Yellow"), "green": N_("Green"), "none": N_("Not graded")}
COMMITMENT_LABELS = {"committed": N_("Committed"), "aspirational": N_("Aspirational")}
STATUS_LABELS = {
    "draft": N_("Draft"),
    "active": N_("Active"),
    "closed": N_("Closed"),
    "cancelled": N_("Cancelled"),
}
KR_STATUS_LABELS = {"active": N_("Active"), "dropped": N_("Dropped"), "ungraded": N_("Ungraded")}
INITIATIVE_LABELS = {
    "planned": N_("Planned"),
    "in_progress": N_("In progress"),
    "done": N_("Done"),
    "blocked": N_("Blocked"),
    "dropped": N_("Dropped"),
}
FREQUENCY_LABELS = {
    "daily": N_("Daily"),
    "weekly": N_("Weekly"),
    "monthly": N_("Monthly"),
    "quarterly": N_("Quarterly"),
    "yearly": N_("Yearly"),
}
TREND_LABELS = {"up": N_("up"), "down": N_("down"), "flat": N_("flat"), "none": N_("not known yet")}
_OPERATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}
LABELS = {
    "pace": PACE_LABELS,
    "health": HEALTH_LABELS,
    "grade": GRADE_LABELS,
    "commitment": COMMITMENT_LABELS,
    "status": STATUS_LABELS,
    "kr_status": KR_STATUS_LABELS,
    "initiative": INITIATIVE_LABELS,
    "frequency": FREQUENCY_LABELS,
    "trend": TREND_LABELS,
}
"""Names of the values readers see (paces, grades, statuses...), by kind and value."""


def catalogue_path(language: str) -> Path:
    """The .po file of a language."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """A language's translations, read from its .po file once (English: the msgids themselves).

    Fuzzy and empty translations are left out, so such a message shows in English rather than
    wrong (tests/test_i18n.py keeps the shipped catalogues free of them)."""
    path = catalogue_path(language)
    if language == "en" or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as f:
        catalogue = read_po(f, locale=display.LOCALES.get(language, language), domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def upper_first(text: str) -> str:
    """`goals` -> `Goals`, `KPIs` stays `KPIs`: only the first letter changes."""
    return text[:1].upper() + text[1:]


class _Keep(dict[str, str]):
    """Values for `%`, leaving any other placeholder as it was (messages for scripts)."""

    def __missing__(self, key: str) -> str:
        return f"%({key})s"


class Lang:
    """A site language with its terms: translated messages, names of values, and the formats.

    `_` and `ngettext` return plain text (the page templates escape it); the templates' own
    gettext (okrsite.site.theme) wraps the same lookups in Markup."""

    def __init__(self, code: str, terms: Mapping[str, str] | None = None) -> None:
        self.code = code if code in LANGUAGES else "en"
        self.translations = translations(self.code)
        self.formats: Formats = display.formats(self.code)
        given = dict(terms or {})
        words = {
            key: given.get(key) or self.translations.pgettext("term", word)
            for key, word in TERM_WORDS.items()
        }
        self.words: dict[str, str] = words
        self.terms: dict[str, str] = {**words, **{upper_first(k): upper_first(v) for k, v in words.items()}}
        self.key = (self.code, tuple(sorted(given.items())))
        self._lock = threading.Lock()
        self._plain: dict[str, str] = {}
        self._partial: dict[tuple[str, Callable[[str], str] | None], str] = {}
        self._messages: dict[str, str] = {}  # message -> its translation with the terms put in
        self.labels: dict[str, dict[str, str]] = {
            kind: {value: self._(msg) for value, msg in table.items()} for kind, table in LABELS.items()
        }

    def __repr__(self) -> str:
        return f"Lang({self.code!r})"

    def gettext(self, message: str) -> str:
        """The translation of `message` (the message itself when there is none), unformatted."""
        return self.translations.gettext(message)

    def _(self, message: str, **variables: object) -> str:
        """A message translated, with its placeholders (terms and `variables`) filled in."""
        if not variables:
            text = self._plain.get(message)
            if text is None:
                text = self.translations.gettext(message) % self.terms
                with self._lock:
                    self._plain[message] = text
            return text
        partial = self._messages.get(message)
        if partial is None:
            partial = self.with_terms(self.translations.gettext(message))
            with self._lock:
                self._messages[message] = partial
        return partial % variables

    def ngettext(self, singular: str, plural: str, n: int, **variables: object) -> str:
        """The form of a message for the number `n` (also given as `%(num)s`, grouped)."""
        text = self.with_terms(self.translations.ngettext(singular, plural, n))
        return text % {"num": self.formats.integer(n), **variables}

    def with_terms(self, text: str, escape: Callable[[str], str] | None = None) -> str:
        """A translation with the terms put in and its other placeholders kept (`%%` too), made
        once per text: filling in a page's values is then one small `%`. With `escape`, the
        terms are escaped by it first (the templates' Markup)."""
        made = self._partial.get((text, escape))
        if made is None:
            if "%(" not in text:
                made = text
            else:
                words = {k: (escape(v) if escape else v).replace("%", "%%") for k, v in self.terms.items()}
                made = text.replace("%%", "\0") % _Keep(words)
                made = made.replace("\0", "%%")
            with self._lock:
                self._partial[(text, escape)] = made
        return made

    def script(self, message: str) -> str:
        """A message for a script: translated, the terms filled in, and the script's own
        placeholders (`%(query)s`) left for it to fill; `%%` becomes `%`."""
        return self.translations.gettext(message) % _Keep(self.terms)

    def script_messages(self, messages: Mapping[str, str]) -> str:
        """Messages for a script by key, as JSON for a `data-` attribute or an index file."""
        return json.dumps(
            {k: self.script(m) for k, m in messages.items()}, ensure_ascii=False, sort_keys=True
        )

    def label(self, kind: str, value: str) -> str:
        """The name of a value: `label("pace", "on_track")` -> `On track` (`På rette spor`)."""
        return self.labels[kind].get(value) or value.replace("_", " ").capitalize()

    # Formats in this language, for the page modules

    def day(self, d: date | None) -> str:
        """A date as the page shows it (see display.DAY_PATTERNS)."""
        return self.formats.day(d)

    def short_date(self, d: date) -> str:
        """A date on a chart's axis: `Nov 20`, `20. nov.`, `20 nov.`."""
        return self.formats.short_day(d)

    def signs(self, text: str) -> str:
        """English digits (`0.5`) with the language's signs (`0,5`)."""
        return self.formats.signs(text)

    def week(self, d: date) -> str:
        """`week 47`, `uge 47`, `vecka 47`."""
        return self._("week %(week)s", week=self.formats.week(d))

    def threshold(self, t: Threshold | None) -> str:
        """A threshold as typeset: `≥ 85%` (as written, in English), `≥ 85 %`, `mellem 40 og 60`."""
        if t is None:
            return ""
        if self.formats.english:
            return display.comparison(t.text) if t.text else self._threshold_words(t)
        return self._threshold_words(t)

    def _threshold_words(self, t: Threshold) -> str:
        low = self.formats.quantity(t.low)
        if t.op == "between":
            high = self.formats.quantity(t.high) if t.high is not None else low
            return self._("between %(low)s and %(high)s", low=low, high=high)
        return f"{_OPERATORS.get(t.op, t.op)} {low}"

    def period_name(self, p: Period) -> str:
        """A period in words: `3rd quarter 2026`, `3. kvartal 2026`, `first half of 2026`; the key
        itself for a year and a custom period."""
        if p.kind is PeriodKind.QUARTER:
            return self._(
                "%(quarter)s %(year)s", quarter=self.formats.quarter(p.index, wide=True), year=p.year
            )
        if p.kind is PeriodKind.HALF:
            if p.index == 1:
                return self._("first half of %(year)s", year=p.year)
            return self._("second half of %(year)s", year=p.year)
        return p.key

    def explanation(self, e: Explanation) -> str:
        """How a number was computed, in this language: `rule: working`."""
        rule = self.phrase(e.rule)
        return f"{rule}: {self.phrase(e.working)}" if e.working else rule

    def phrase(self, p: Phrase) -> str:
        """A score stage's message translated, its values formatted here (okrsite.score.phrase)."""
        if not p.values:
            return self._(p.message)
        return self._(p.message, **{name: self._value(value) for name, value in p.values})

    def _value(self, value: Value) -> str:
        f = self.formats
        if isinstance(value, Quantity):
            return f.plain(value)
        if isinstance(value, Threshold):
            return self.threshold(value)
        if isinstance(value, Share):
            return f.percent_value(value.value * 100)
        if isinstance(value, Label):
            text = self.label(value.kind, value.value)
            return text if text.isupper() else text[:1].lower() + text[1:]
        if isinstance(value, Weighted):
            return weighted(value, f.number, "×")
        if isinstance(value, date):
            return self.day(value)
        if isinstance(value, int):
            return f.integer(value)
        return f.number(value)

    def listing(self, items: list[str]) -> str:
        """`a, b and c` (`a, b og c`, `a, b och c`)."""
        if len(items) < 2:
            return "".join(items)
        return self._("%(items)s and %(last)s", items=", ".join(items[:-1]), last=items[-1])

    def alternatives(self, items: list[str]) -> str:
        """`a, b or c` (`a, b eller c`)."""
        if len(items) < 2:
            return "".join(items)
        return self._("%(items)s or %(last)s", items=", ".join(items[:-1]), last=items[-1])


@lru_cache(maxsize=64)
def _lang(code: str, terms: tuple[tuple[str, str], ...]) -> Lang:
    return Lang(code, dict(terms))


def lang_for(config: SiteConfig) -> Lang:
    """The language of a site, with its terms (made once per language and terms)."""
    return _lang(config.language, tuple(sorted(config.terms.items())))


def language(code: str, **terms: str) -> Lang:
    """A language by its code, with optional terms (for tests and tools)."""
    return _lang(code, tuple(sorted(terms.items())))


ENGLISH = language("en")
