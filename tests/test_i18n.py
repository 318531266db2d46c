"""Languages: every message translated into Danish and Swedish, numbers and dates in the reader's
locale, and templates whose words are all messages. The examples built in English, Danish and
Swedish, and the site's own terms: tests/test_i18n_pages.py."""

from __future__ import annotations

import importlib.util
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from okrsite.config import TERMS
from okrsite.quantity import parse_quantity
from okrsite.site import display
from okrsite.site.i18n import TERM_WORDS, catalogue_path, language, translations
from okrsite.site.theme import environment, find_theme
from tests.conftest import REPO

NB = "\u00a0"  # CLDR puts a no-break space between a number and `%` or `kr.` in Danish and Swedish
TEMPLATES = REPO / "okrsite" / "theme" / "templates"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_tool", REPO / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def template() -> Catalog:
    """Every message of the templates and the code, extracted now with Babel (scripts/i18n.py)."""
    catalogue: Catalog = _tool().extract()
    return catalogue


def _key(message: Any) -> tuple[str | None, str]:
    return message.context, message.id if isinstance(message.id, str) else message.id[0]


_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?([#0 +-]*\d*(?:\.\d+)?[sdifrx%])")


def placeholders(text: str) -> list[str]:
    """The `%(name)s` placeholders of a message, sorted; term placeholders case-folded (a
    translation may start a sentence with a term the English has inside one), `%%` counted."""
    terms = {t.lower() for t in TERMS}
    out = []
    for name, kind in _PLACEHOLDER.findall(text):
        if kind == "%":
            out.append("%%")
        elif name.lower() in terms:
            out.append(name.lower())
        else:
            out.append(name)
    return sorted(out)


# The catalogues ----------------------------------------------------------------------------------


def test_the_template_finds_the_messages_of_templates_code_and_charts(template: Catalog) -> None:
    ids = {_key(m)[1] for m in template if m.id}
    assert len(ids) > 300
    assert {"Skip to content", "Company %(objectives)s", "%(Kpi)s health"} <= ids  # templates
    assert {"From start to target", "Quarterly report", "Home"} <= ids  # page modules
    assert {"target %(value)s", "No values yet."} <= ids  # charts
    assert {"No slide for team %(list)s: showing every slide.", "Show more results"} <= ids  # scripts
    assert ("term", "objective") in {_key(m) for m in template if m.id}


def test_the_committed_pot_is_up_to_date(template: Catalog) -> None:
    """okrsite/locale/okrsite.pot is what `python scripts/i18n.py extract` makes now."""
    committed = _tool().read(REPO / "okrsite" / "locale" / "okrsite.pot", "en")
    assert {_key(m) for m in committed if m.id} == {_key(m) for m in template if m.id}, (
        "run `python scripts/i18n.py update` and translate what it marks"
    )


@pytest.mark.parametrize("lang", ["da", "sv"])
def test_every_message_is_translated(template: Catalog, lang: str) -> None:
    """Every message of a template or the code has a translation: present, not empty, not fuzzy,
    with the same placeholders (so `%` formatting cannot fail), and a plural for every form."""
    catalogue = _tool().read(catalogue_path(lang), lang)
    assert not catalogue.fuzzy
    problems = []
    for message in template:
        if not message.id:
            continue
        found = catalogue.get(message.id, context=message.context)
        if found is None:
            problems.append(f"missing: {message.id!r}")
            continue
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        if found.fuzzy or not all(strings):
            problems.append(f"not translated: {message.id!r}")
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if isinstance(message.id, tuple) and len(strings) != catalogue.num_plurals:
            problems.append(f"plural forms: {message.id!r}")
        wanted = placeholders(ids[-1])
        for text in strings:
            if placeholders(text) != wanted and not (
                len(ids) > 1 and placeholders(text) == placeholders(ids[0])
            ):
                problems.append(f"placeholders differ: {message.id!r} -> {text!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["da", "sv"])
def test_every_translation_formats(template: Catalog, lang: str) -> None:
    """Each translation, filled in the way the site fills it, gives text without a stray `%`."""
    lang_ = language(lang)
    for message in template:
        if not message.id or message.context:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        names = {n for n, _ in _PLACEHOLDER.findall(ids[-1]) if n}
        values = {n: "X" for n in names if n not in lang_.terms}
        text = lang_.ngettext(ids[0], ids[1], 2, **values) if len(ids) > 1 else lang_._(ids[0], **values)
        assert "%(" not in text and "%s" not in text, (message.id, text)


def test_the_terms_have_words_in_every_language() -> None:
    assert TERM_WORDS == TERMS  # the same keys and English words
    assert language("da").words["objective"] == "målsætning"
    assert language("da").words["key_results"] == "nøgleresultater"
    assert language("sv").words["objectives"] == "mål"
    assert language("sv").terms["Key_result"] == "Nyckelresultat"
    assert language("en").terms["Kpis"] == "KPIs"


def test_english_needs_no_catalogue() -> None:
    assert translations("en").gettext("Home") == "Home"
    assert language("en")._("Company %(objectives)s") == "Company objectives"


# Numbers and dates -------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.sampled_from(["en", "da", "sv"]))
def test_numbers_are_what_babel_makes_of_them(value: float, lang: str) -> None:
    """okrsite's fast formatting gives exactly Babel's text (CLDR's signs and grouping)."""
    assert display.formats(lang).number(value) == display.exact(value, lang)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "86.5%"), ("da", f"86,5{NB}%"), ("sv", f"86,5{NB}%")],
)
def test_percentages(lang: str, expected: str) -> None:
    fmt = display.formats(lang)
    assert fmt.quantity(parse_quantity("86.5%")) == expected
    whole = format_decimal(Decimal(127), locale=fmt.locale) + fmt.percent_suffix
    assert fmt.percent(1.27) == (fmt.percent_prefix + whole)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("da", "12m DKK", f"12{NB}mio.{NB}kr."),
        ("da", "12 mio. kr.", f"12{NB}mio.{NB}kr."),
        ("da", "1500 kr", f"1.500{NB}kr."),
        ("sv", "13m SEK", f"13{NB}mn{NB}kr"),
        ("sv", "1,2m USD", f"1,2{NB}mn{NB}US$"),
        ("en", "$1.2m", "$1.2M"),
        ("en", "500k EUR", "€500k"),
        ("da", "13h", "13 t"),  # CLDR's unit patterns have a plain space
        ("sv", "45d", "45d"),
        ("en", "2:37", "2:37"),
    ],
)
def test_money_and_durations(lang: str, text: str, expected: str) -> None:
    assert display.formats(lang).quantity(parse_quantity(text)) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "15 Jan 2026"), ("da", f"15.{NB}januar 2026"), ("sv", f"15{NB}januari 2026")],
)
def test_dates(lang: str, expected: str) -> None:
    assert display.formats(lang).day(date(2026, 1, 15)) == expected


@pytest.mark.parametrize("lang", ["da", "sv"])
def test_long_dates_are_babels(lang: str) -> None:
    fmt = display.formats(lang)
    for n in range(0, 800, 13):
        day = date(2025, 1, 1) + timedelta(days=n)
        assert fmt.day(day) == format_date(day, "long", locale=fmt.locale).replace(" ", NB, 1)


@pytest.mark.parametrize("lang", ["da", "sv"])
def test_danish_and_swedish_weeks_are_iso_weeks(lang: str) -> None:
    fmt = display.formats(lang)
    for n in range(0, 3 * 366, 5):
        day = date(2025, 12, 1) + timedelta(days=n)
        assert fmt.week(day) == day.isocalendar().week
    assert language(lang).week(date(2027, 1, 2)) in ("uge 53", "vecka 53")  # ISO: 2026 has 53 weeks


def test_quarter_names_follow_the_locale() -> None:
    assert [display.formats(c).quarter(3) for c in ("en", "da", "sv")] == ["Q3", "3. kvt.", "K3"]
    assert display.formats("da").quarter(1, wide=True) == "1. kvartal"


# Templates ----------------------------------------------------------------------------------------

_ALLOWED = {
    "search-page",
    "report-page",
    "okrs.json",
    "okrs.csv",
    "(Atom)",
    "·",
    ".",
    ",",
    ":",
    "(",
    ")",
    "–",
    "→",
    ";",
    "▲",
    "▼",
    "▶",
    "✓",
    "!",
    "✕",
}


def _untranslated(source: str) -> list[str]:
    text = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", text, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text, flags=re.S)
    return [w for w in text.split() if w not in _ALLOWED and re.search(r"[A-Za-z]", w) and w != "&nbsp;"]


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_templates_have_no_words_outside_messages(name: str) -> None:
    """A template's words are all messages (`{{ _("...") }}`, labels, terms): text written into
    the HTML itself, or into a title, aria-label, placeholder or alt, would stay English."""
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    assert _untranslated(source) == []
    for attribute in re.findall(r'\b(?:title|aria-label|placeholder|alt)="([^"]*)"', source):
        assert _untranslated(attribute) == [], attribute


def test_a_theme_template_translates_every_way(tmp_path: Path) -> None:
    """A theme's own template: `_()` with and without values, `ngettext`, `{% trans %}` blocks
    and the labels, all in the site's language and with its terms."""
    folder = tmp_path / "themes" / "mine" / "templates"
    folder.mkdir(parents=True)
    (folder / "t.html").write_text(
        '{{ _("Home") }}|{{ _("Period %(key)s", key=k) }}|'
        '{{ ngettext("%(num)s %(objective)s", "%(num)s %(objectives)s", n) }}|'
        "{% trans %}Summary{% endtrans %}|{% trans key=k %}Period {{ key }}{% endtrans %}|"
        '{{ pace_label.on_track }}|{{ terms.Kpis }}|{{ _("Not in the catalogue %(x)s", x="<b>") }}',
        encoding="utf-8",
    )
    theme = find_theme(tmp_path, "mine")
    env = environment(theme, language("da", kpis="målepunkter"))
    assert env.get_template("t.html").render(k="2026-Q3", n=1200) == (
        "Forside|Periode 2026-Q3|1.200 målsætninger|Sammenfatning|Periode 2026-Q3|"
        "På rette spor|Målepunkter|Not in the catalogue &lt;b&gt;"
    )


def test_the_wheel_ships_the_catalogues(wheel_files: set[str]) -> None:
    for lang in ("da", "sv"):
        assert f"okrsite/locale/{lang}/LC_MESSAGES/okrsite.po" in wheel_files
    assert "okrsite/locale/okrsite.pot" in wheel_files
    assert not [f for f in wheel_files if f.endswith(".mo")]
