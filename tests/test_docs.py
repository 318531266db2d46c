"""The documentation keeps up with the code: every diagnostic code and every key is documented."""

from __future__ import annotations

import re

from okrsite.codes import CODES
from okrsite.config import _TOP
from okrsite.validate.keyresult import CHECKIN_KEYS, KR_KEYS
from okrsite.validate.kpi import KPI_KEYS
from okrsite.validate.objective import INITIATIVE_KEYS, OBJECTIVE_KEYS
from okrsite.validate.team import PERSON_KEYS, TEAM_KEYS
from tests.conftest import REPO

DOCS = REPO / "docs"


def test_every_code_has_a_section_in_diagnostics_md() -> None:
    text = (DOCS / "diagnostics.md").read_text()
    headings = set(re.findall(r"^### (OKR\d{3}) ([a-z-]+)$", text, re.M))
    assert {(c.code, c.name) for c in CODES} <= headings


def test_every_key_is_documented_in_format_md() -> None:
    text = (DOCS / "format.md").read_text()
    keys = {
        *_TOP,
        *KR_KEYS,
        *CHECKIN_KEYS,
        *KPI_KEYS,
        *OBJECTIVE_KEYS,
        *INITIATIVE_KEYS,
        *TEAM_KEYS,
        *PERSON_KEYS,
    }
    missing = sorted(k for k in keys if f"`{k}" not in text)
    assert not missing


def test_internal_links_in_docs_resolve() -> None:
    for page in [*DOCS.glob("*.md"), REPO / "README.md"]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text()):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"
