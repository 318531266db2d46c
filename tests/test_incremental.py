"""Rebuilds that reuse the previous build's work give exactly the bytes of a clean build."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from bench.corpus import write_corpus
from okrsite.build import BuildCache, Compiled, compile_site

AS_OF = date(2026, 11, 20)
Q4 = "content/objectives/2026-Q4/q4-year-end-revenue-push.md"


def files(c: Compiled) -> dict[str, bytes]:
    return {f.path: f.data for f in (*c.files, *c.exports())}


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text()
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1))


EDITS: list[tuple[str, Callable[[Path], list[str]]]] = [
    ("a check-in value", lambda r: (edit(r, Q4, "value: 19.6M", "value: 20.1M"), [Q4])[1]),
    (
        "a title",
        lambda r: (edit(r, Q4, "title: Close the year on plan", "title: Close 2026 on plan"), [Q4])[1],
    ),
    ("a KPI series", lambda r: (edit(r, "content/kpis/csat.csv", "86", "81"), ["content/kpis/csat.csv"])[1]),
    (
        "a team",
        lambda r: (
            edit(r, "content/teams/sales.md", "name: Sales", "name: Sales & deals"),
            ["content/teams/sales.md"],
        )[1],
    ),
    (
        "a person",
        lambda r: (
            edit(r, "content/people.yaml", "Carlos Ortega", "Carlos Ortega-Ruiz"),
            ["content/people.yaml"],
        )[1],
    ),
    (
        "a rename",
        lambda r: ((r / Q4).rename(r / Q4.replace("push", "sprint")), [Q4, Q4.replace("push", "sprint")])[1],
    ),
    (
        "a deletion",
        lambda r: (
            (r / "content/objectives/2026-Q4/q4-smart-scheduling-beta.md").unlink(),
            ["content/objectives/2026-Q4/q4-smart-scheduling-beta.md"],
        )[1],
    ),
    (
        "the settings",
        lambda r: (
            edit(r, "okrsite.yaml", "title: Quillmark Labs goals", "title: Quillmark goals"),
            ["okrsite.yaml"],
        )[1],
    ),
    ("a theme override", lambda r: (_theme(r), [])[1]),
]


def _theme(root: Path) -> None:
    target = root / "themes/default/templates/404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text('{% extends "base.html" %}{% block main %}<h1>Gone</h1>{% endblock %}\n')


def test_every_kind_of_edit_rebuilds_to_the_clean_bytes(site: Path) -> None:
    cache = BuildCache()
    first = compile_site(site, AS_OF, cache=cache)
    assert files(first) == files(compile_site(site, AS_OF))
    for what, change in EDITS:
        changed = change(site)
        cache.check.forget(changed)
        warm = compile_site(site, AS_OF, cache=cache)
        clean = compile_site(site, AS_OF)
        assert warm.check.errors == clean.check.errors == 0, what
        diff = sorted(
            p for p in files(clean).keys() | files(warm).keys() if files(clean).get(p) != files(warm).get(p)
        )
        assert not diff, f"after editing {what}, these differ from a clean build: {diff[:10]}"


def test_one_edit_reparses_one_file_and_renders_few_pages(tmp_path: Path) -> None:
    write_corpus(tmp_path, 300)
    cache = BuildCache()
    compile_site(tmp_path, AS_OF, cache=cache)
    total = cache.render.rendered
    before = dict(cache.render.pages)
    hits_before = cache.check.files.hits
    target = next((tmp_path / "content" / "objectives").rglob("objective-000007.md"))
    target.write_text(target.read_text().replace("title: Objective 7", "title: Objective seven"))
    cache.check.forget([target.relative_to(tmp_path).as_posix()])
    compile_site(tmp_path, AS_OF, cache=cache)
    assert cache.check.files.hits - hits_before == len(cache.check.files.files) - 1  # one file parsed again
    made = sorted(p for p, page in cache.render.pages.items() if page is not before.get(p))
    # The search index's term shards hold words of every document (any word may land in any
    # shard), so they follow every edit; `okrsite serve` makes them only when someone searches.
    shards = [p for p in made if p.startswith("search/t/")]
    pages = [p for p in made if not p.startswith("search/t/")]
    assert 0 < len(pages) <= 35, (pages, total)
    assert len(made) == cache.render.rendered
    assert "objectives/objective-000007/index.html" in pages and shards
    assert total > 400


def test_nothing_changed_renders_nothing(site: Path) -> None:
    cache = BuildCache()
    compile_site(site, AS_OF, cache=cache)
    compile_site(site, AS_OF, cache=cache)
    assert cache.render.rendered == 0


def test_lazy_pages_render_to_the_clean_bytes(site: Path) -> None:
    cache = BuildCache()
    compile_site(site, AS_OF, cache=cache, lazy=True)
    for what, change in EDITS[:6]:
        cache.check.forget(change(site))
        warm = compile_site(site, AS_OF, cache=cache, lazy=True)
        served = {p: d if isinstance(d, bytes) else d.get(p) for p, d in warm.served.items()}
        clean = {f.path: f.data for f in compile_site(site, AS_OF).files}
        assert served == clean, what
