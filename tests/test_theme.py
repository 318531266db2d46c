"""Theme overrides and packaging: a site changes one template or adds CSS without copying the theme,
and the packaged theme ships inside the wheel."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli

SITE = {
    "content/teams/acme.md": "---\nname: Acme\n---\n",
    "content/objectives/grow.md": "---\ntitle: Grow\nperiod: 2026\nteam: acme\nkey_results:\n"
    "  - {title: Deals, start: 0, target: 10, current: 5, owner: ana}\n---\nBody.\n",
}


def test_one_template_and_extra_css_override_the_default(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site(
        {
            **SITE,
            "themes/default/templates/404.html": '{% extends "base.html" %}{% block main %}<h1>Lost? Ask #goals</h1>{% endblock %}\n',
            "themes/default/static/extra.css": ".brand { color: rebeccapurple; }\n",
        }
    )
    assert run_cli("build", root, "--as-of", "2026-06-01").exit_code == 0
    public = root / "public"
    assert "Lost? Ask #goals" in (public / "404.html").read_text()
    index = (public / "index.html").read_text()
    assert 'href="assets/extra.css"' in index and 'href="assets/style.css"' in index
    assert (public / "assets" / "extra.css").read_text() == ".brand { color: rebeccapurple; }\n"
    assert "Grow" in index  # every other template still comes from the packaged theme


def test_a_named_theme_extends_another(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site(
        {
            **SITE,
            "okrsite.yaml": "theme: corporate\n",
            "themes/corporate/theme.yaml": "extends: brand\n",
            "themes/brand/templates/404.html": '{% extends "base.html" %}{% block main %}<h1>Brand 404</h1>{% endblock %}\n',
        }
    )
    assert run_cli("build", root, "--as-of", "2026-06-01").exit_code == 0
    assert "Brand 404" in (root / "public" / "404.html").read_text()


def test_theme_mistakes_are_reported_with_file_and_line(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site(
        {
            **SITE,
            "themes/default/templates/404.html": '{% extends "base.html" %}\n{% block main %}\n{{ nope }}\n{% endblock %}\n',
        }
    )
    result = run_cli("build", root, "--as-of", "2026-06-01")
    assert result.exit_code == 1
    assert "404.html:3: template error: 'nope' is undefined" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "public").exists()
    missing = write_site({**SITE, "okrsite.yaml": "theme: nowhere\n"})
    result = run_cli("build", missing)
    assert result.exit_code == 1 and "the theme 'nowhere' has no folder" in result.stderr


@pytest.mark.slow
def test_the_wheel_carries_the_theme(wheel_files: set[str]) -> None:
    names = wheel_files
    for needed in (
        "okrsite/theme/templates/base.html",
        "okrsite/theme/templates/objective.html",
        "okrsite/theme/static/style.css",
        "okrsite/theme/static/app.js",
    ):
        assert needed in names
