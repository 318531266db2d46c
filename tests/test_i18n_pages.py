"""Languages on the built site: the example built in English, Danish and Swedish (its pages,
charts, explanations, scripts, feeds and exports), the site's own terms, and the Danish example."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from okrsite.config import parse_config
from tests.conftest import REPO, copy_example, run_cli
from tests.test_i18n import _PLACEHOLDER, NB
from tests.test_i18n import template as template  # the fixture (`as` keeps it a name the tests use)

AS_OF = "2026-11-20"


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
