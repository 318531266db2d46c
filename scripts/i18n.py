"""okrsite's message catalogues: extract the messages, update the translations, check them.

    python scripts/i18n.py extract    okrsite/locale/okrsite.pot from the templates and the code
    python scripts/i18n.py update     the .pot, then every okrsite/locale/<lang>/LC_MESSAGES/okrsite.po
                                      brought up to date with it (new messages empty, changed ones fuzzy)
    python scripts/i18n.py check      what a translator still has to do (exit 1 if anything)

Run it with the project's venv (`.venv/bin/python scripts/i18n.py update`). Messages are found by
babel.cfg: `{{ _("...") }}` and `ngettext(...)` in the templates (Jinja2's i18n extension), and
`lang._("...")`, `lang.ngettext(...)`, `words._(...)`, `N_("...")` and `C_("term", "...")` in
okrsite/site/*.py and okrsite/charts/ (okrsite.site.i18n.KEYWORDS). The .po files are the
source; no compiled .mo file is kept (okrsite reads the .po when a build needs it).
tests/test_i18n.py runs the same extraction and fails on any message that is not translated.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages import frontend
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from okrsite import __version__  # noqa: E402
from okrsite.config import LANGUAGES  # noqa: E402
from okrsite.site.i18n import DOMAIN, KEYWORDS, LOCALE_DIR, catalogue_path  # noqa: E402

TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
TRANSLATED = tuple(code for code in LANGUAGES if code != "en")  # English is the msgids themselves
WIDTH = 100


def extract() -> Catalog:
    """Every message of the templates and the code, as a catalogue template (Babel's extractors,
    mapped by babel.cfg)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as f:
        read_cfg = getattr(frontend, "parse_mapping_cfg", None) or frontend.parse_mapping  # older Babel
        method_map, options_map = read_cfg(f)
    catalogue = Catalog(
        project="okrsite",
        version=__version__,
        copyright_holder="The okrsite team",
        msgid_bugs_address="https://github.com/okrsite/okrsite/issues",
        domain=DOMAIN,
        charset="utf-8",
        fuzzy=False,
        creation_date=datetime(2026, 1, 1, tzinfo=UTC),  # fixed: the .pot changes with its messages only
    )
    found = extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    )
    for path, line, message, comments, context in found:
        catalogue.add(message, None, [(path, line)], auto_comments=comments, context=context)
    return catalogue


def write(catalogue: Catalog, path: Path) -> None:
    """A .po or .pot file, sorted, without line numbers (so a diff shows changed messages only)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalogue, width=WIDTH, sort_output=True, include_lineno=False)


def read(path: Path, language: str) -> Catalog:
    """A .po file."""
    with path.open("rb") as f:
        return read_po(f, locale=language, domain=DOMAIN)


def update() -> None:
    """The template, then each language's catalogue brought up to date with it."""
    template = extract()
    write(template, TEMPLATE)
    print(f"{TEMPLATE.relative_to(ROOT)}: {len(template)} messages")
    for language in TRANSLATED:
        path = catalogue_path(language)
        catalogue = (
            read(path, language) if path.is_file() else Catalog(locale=language, domain=DOMAIN, fuzzy=False)
        )
        catalogue.update(template, update_header_comment=False)
        catalogue.obsolete.clear()  # messages no longer used: dropped, git keeps their history
        write(catalogue, path)
        print(f"{path.relative_to(ROOT)}: {len(todo(catalogue))} to translate")


def todo(catalogue: Catalog) -> list[str]:
    """The messages of a catalogue without a usable translation: empty or fuzzy."""
    out = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def check() -> int:
    """Lists what each language still lacks; 1 when anything does."""
    template = extract()
    missing = 0
    for language in TRANSLATED:
        catalogue = read(catalogue_path(language), language)
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}
        lacking = [m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id]
        lacking = [i for i in lacking if i not in ids] + todo(catalogue)
        for message in lacking:
            print(f"{language}: {message!r}")
        missing += len(lacking)
    return 1 if missing else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "extract":
        write(extract(), TEMPLATE)
        print(TEMPLATE.relative_to(ROOT))
    elif command == "update":
        update()
    elif command == "check":
        sys.exit(check())
    else:
        print(__doc__)
        sys.exit(2)
