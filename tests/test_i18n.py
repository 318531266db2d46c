"""Languages: every message translated into Danish and Swedish, numbers and dates in the reader's
locale, the site's own terms, and the examples built in English, Danish and Swedish."""

from __future__ import annotations

import html
import importlib.util
import json
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

from okrsite.config import TERMS, parse_config
from okrsite.quantity import parse_quantity
from okrsite.site import display
from okrsite.site.i18n import TERM_WORDS, catalogue_path, language, translations
from okrsite.site.theme import environment, find_theme
from tests.conftest import REPO, copy_example, run_cli

NB = "\u00a0"  # CLDR puts a no-break space between a number and `%` or `kr.` in Danish and Swedish
AS_OF = "2026-11-20"
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


# Building the example in each language ------------------------------------------------------------


def _build(root: Path, out: Path) -> Path:
    result = run_cli("build", root, "--out", out, "--as-of", AS_OF, "--no-cache")
    assert result.exit_code == 0, result.output + result.stderr
    return out


def _in(root: Path, lang: str, extra: str = "") -> Path:
    config = root / "okrsite.yaml"
    text = config.read_text(encoding="utf-8").replace("language: en", f"language: {lang}")
    config.write_text(text + extra, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled example built in English, and in copies switched to Danish and Swedish."""
    out = {}
    for lang in ("en", "da", "sv"):
        base = tmp_path_factory.mktemp(f"example-{lang}")
        out[lang] = _build(_in(copy_example(base / "site"), lang), base / "public")
    return out


def page(site: Path, path: str = "index.html") -> str:
    return (site / path).read_text(encoding="utf-8")


def test_the_english_example_keeps_its_words(built: dict[str, Path]) -> None:
    home = page(built["en"])
    assert '<html lang="en">' in home
    assert "Company objectives" in home
    assert "As of 20 Nov 2026 (week 47)." in home
    assert ">Roadmap</a>" in home and ">KPIs</a>" in home


def test_the_example_in_danish(built: dict[str, Path]) -> None:
    home = page(built["da"])
    assert '<html lang="da">' in home
    for words in (
        "Virksomhedens målsætninger",
        "KPI-status",
        "Seneste check-ins",
        ">Køreplan</a>",
        ">Oversigt</a>",
    ):
        assert words in home, words
    assert f"Status pr. 20.{NB}november 2026 (uge 47)." in home
    assert f"99,97{NB}%" in home  # uptime
    assert f"1,6{NB}mio.{NB}US$" in home  # monthly recurring revenue
    assert "Company objectives" not in home
    objective = page(built["da"], "objectives/q4-ai-assisted-support/index.html")
    assert "Nøgleresultater" in objective and "Sådan blev scoren beregnet" in objective
    assert f"1.{NB}oktober 2026 til 31.{NB}december 2026" in objective
    roadmap = page(built["da"], "roadmap/index.html")
    assert ">4. kvt.</a>" in roadmap and "Køreplan 2026" in roadmap
    period = page(built["da"], "periods/2026-Q3/index.html")
    assert f"3. kvartal 2026: 1.{NB}juli 2026 til 30.{NB}september 2026." in period


def test_the_example_in_swedish(built: dict[str, Path]) -> None:
    home = page(built["sv"])
    assert '<html lang="sv">' in home
    for words in ("Företagets mål", "KPI-status", "Senaste avstämningar", ">Färdplan</a>", ">Översikt</a>"):
        assert words in home, words
    assert f"Läget 20{NB}november 2026 (vecka 47)." in home
    assert f"99,97{NB}%" in home
    assert f"1,6{NB}mn{NB}US$" in home
    roadmap = page(built["sv"], "roadmap/index.html")
    assert ">K4</a>" in roadmap and "Färdplan 2026" in roadmap


def test_charts_speak_the_language(built: dict[str, Path]) -> None:
    kpi = page(built["da"], "kpis/csat/index.html")
    assert "Sund ved" in kpi and "værdier fra" in kpi
    assert re.search(r">\d+\.\xa0(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)\.</text>", kpi)
    assert '<th scope="col">Dato</th><th scope="col">Værdi</th>' in kpi
    period = page(built["sv"], "periods/2026-Q3/index.html")
    assert "0,9–1,0" in period and "Poängfördelning, 2026-Q3" in period


def _explanation_words(template: Catalog) -> list[str]:
    """The words of the score stage's explanations (okrsite/score/): each message's text between
    its placeholders, where it is long enough to be a phrase rather than a sign."""
    words = set()
    for message in template:
        if message.id and any(path.startswith("okrsite/score/") for path, _ in message.locations):
            words.update(p.strip() for p in _PLACEHOLDER.split(message.id) if p and len(p.strip()) >= 12)
    return sorted(words)


def _working(site: Path) -> str:
    """Every "how it was computed" list of a site's pages, as text."""
    found = []
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        found += re.findall(r'<details class="working">.*?</details>', text, flags=re.S)
    return html.unescape("\n".join(found))


def test_explanations_speak_the_language(built: dict[str, Path], template: Catalog) -> None:
    """How a score or a KPI's health was computed: translated, numbers and dates in the locale."""
    words = _explanation_words(template)
    english = _working(built["en"])
    assert len([w for w in words if w in english]) >= 8  # the check below can fail
    for lang in ("da", "sv"):
        working = _working(built[lang])
        assert [w for w in words if w in working] == [], lang
    objective = _working(built["da"] / "objectives" / "q4-ai-assisted-support")
    assert (
        "score = vægtet gennemsnit af scorerne for de aktive nøgleresultater: "
        "(0,68 + 0,85 + 0,39 + 1) / 4 = 0,73"
    ) in objective
    assert "fremdrift = (aktuel - start) / (mål - start): (9 t - 48 t) / (2 t - 48 t) = 0,85" in objective
    assert f"forventet = 55,43{NB}% gået × 0,7: 0,39 forventet, 0,73 opnået" in objective
    kpi = _working(built["sv"] / "kpis" / "csat")
    assert (
        f"status efter det senaste värdet (sund ≥ 85{NB}%, varning ≥ 80{NB}%): 86{NB}% den 31{NB}oktober 2026: sund"
        in kpi
    )
    assert "(0.68 + 0.85 + 0.39 + 1) / 4 = 0.73" in _working(
        built["en"] / "objectives" / "q4-ai-assisted-support"
    )


def test_scripts_get_their_words(built: dict[str, Path]) -> None:
    meta = page(built["da"], "search/meta.js")
    words = json.loads(meta[meta.index("{") : meta.rindex(")")])["i18n"]
    assert words["group.o"] == "Målsætninger"
    assert words["noResults"] == "Ingen resultater for %(query)s."
    wall = page(built["sv"], "wall/index.html")
    assert "data-i18n=" in wall and "Pausa" in wall and "Väggskärm" in wall
    assert 'data-error="Søgningen kunne ikke' in page(built["da"])


def test_feeds_and_badges_speak_the_language(built: dict[str, Path]) -> None:
    feed = page(built["da"], "feeds/checkins.xml")
    assert 'xml:lang="da"' in feed and "<dt>Nøgleresultat</dt>" in feed and "tiltro" in feed
    badge = page(built["sv"], "badges/objectives/q3-eu-region.svg")
    assert "slutligt" in badge


def test_exports_stay_locale_neutral(built: dict[str, Path]) -> None:
    """okrs.json and okrs.csv are data: the same numbers and dates in every language."""
    assert page(built["da"], "okrs.csv") == page(built["en"], "okrs.csv")
    docs = [json.loads(page(built[lang], "okrs.json")) for lang in ("en", "sv")]
    for doc in docs:
        doc["site"].pop("language")
    assert docs[0] == docs[1]


def test_a_danish_build_leaves_english_as_it_was(built: dict[str, Path], tmp_path: Path) -> None:
    """Nothing is global: an English build after the Danish and Swedish ones is still English."""
    again = _build(copy_example(tmp_path / "site"), tmp_path / "public")
    assert page(again) == page(built["en"])


# Terms ------------------------------------------------------------------------------------------

TERMS_YAML = """
terms:
  objective: goal
  objectives: goals
  kpi: metric
  kpis: metrics
  key_results: results
"""


def test_terms_rename_the_concepts_everywhere(tmp_path: Path) -> None:
    site = _build(_in(copy_example(tmp_path / "site"), "en", TERMS_YAML), tmp_path / "public")
    home = page(site)
    assert "Company goals" in home and ">Metrics</a>" in home and "Metric health" in home
    assert "Company objectives" not in home and ">KPIs</a>" not in home
    assert "Aligned to this goal" in page(site, "objectives/double-annual-revenue/index.html")
    working = page(site, "objectives/q4-ai-assisted-support/index.html")
    assert "score = weighted mean of the active results&#39; scores:" in working  # how it was computed
    assert "a missed commitment: committed goals are expected at 1.0" in page(
        site, "objectives/q3-eu-region/index.html"
    )
    meta = page(site, "search/meta.js")
    assert json.loads(meta[meta.index("{") : meta.rindex(")")])["i18n"]["group.k"] == "Metrics"


def test_terms_in_danish(tmp_path: Path) -> None:
    extra = "terms: {objective: mål, objectives: mål, check_in: statusopdatering, check_ins: statusopdateringer}\n"
    site = _build(_in(copy_example(tmp_path / "site"), "da", extra), tmp_path / "public")
    home = page(site)
    assert "Virksomhedens mål" in home and "Seneste statusopdateringer" in home
    assert "nøgleresultat" in home.lower()  # the terms not given keep the catalogue's words


def test_terms_are_text_not_markup_nor_format(tmp_path: Path) -> None:
    """A term with `<`, `&` or `%` in it is shown as written: escaped in HTML, never read as a
    placeholder."""
    extra = 'terms: {kpi: "R&D <metric> 100%", kpis: "R&D <metrics> 100%"}\n'
    site = _build(_in(copy_example(tmp_path / "site"), "da", extra), tmp_path / "public")
    home = page(site)
    assert "R&amp;D &lt;metric&gt; 100%-status" in home
    assert ">R&amp;D &lt;metrics&gt; 100%</a>" in home
    assert "<metric>" not in home


def test_an_unknown_term_is_reported() -> None:
    config, diagnostics = parse_config("terms:\n  objectiv: goal\n  kpis: metrics\n")
    assert dict(config.terms) == {"kpis": "metrics"}
    assert [d.code for d in diagnostics] == ["OKR101"]
    assert "objectiv" in diagnostics[0].message


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


def test_the_danish_example_is_in_danish(tmp_path: Path) -> None:
    site = _build(REPO / "examples" / "da", tmp_path / "public")
    home = page(site)
    for words in ("Virksomhedens målsætninger", "Igangværende målsætninger", "Sunde KPI&#39;er"):
        assert words in home, words
    assert f"4,6{NB}mio.{NB}kr." in home and f"92,1{NB}%" in home
    assert f"16.{NB}november 2026" in home


@pytest.mark.slow
def test_counts_are_grouped_in_the_language(tmp_path: Path) -> None:
    """A period of 1,200 objectives reads `1.200` in Danish: counts go through the locale too."""
    root = tmp_path / "site"
    (root / "content" / "teams").mkdir(parents=True)
    (root / "okrsite.yaml").write_text(
        "title: Mange\nlanguage: da\nas_of: 2026-11-20\nlints: {unaligned: off}\n"
    )
    (root / "content" / "teams" / "hold.md").write_text("---\nname: Holdet\n---\n", encoding="utf-8")
    folder = root / "content" / "objectives"
    folder.mkdir()
    for i in range(1200):
        (folder / f"o{i:04d}.md").write_text(
            f"---\ntitle: Mål nummer {i}\nteam: hold\nperiod: 2026-Q4\n"
            "key_results:\n  - {title: Flere ture, start: 0, target: 10, current: 5}\n---\n",
            encoding="utf-8",
        )
    out = tmp_path / "public"
    result = run_cli("build", root, "--out", out, "--no-cache", "--no-snapshots")
    assert result.exit_code == 0, result.output + result.stderr
    period = page(out, "periods/2026-Q4/index.html")
    assert re.search(r"<dd>1\.200</dd>", period), "the period's count of objectives"
    assert "<td>1.200</td>" in page(out, "teams/index.html")
    assert "<dd>1.200</dd>" in page(out)  # running objectives on the dashboard
