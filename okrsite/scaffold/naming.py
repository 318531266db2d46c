"""The names `okrsite init` derives: the organisation's from its folder's, and the site's title.

`acme-goals` gives the organisation "Acme" and the title "Acme goals"; `my-okrs` gives "My OKRs"
(a title already, so nothing is added to it); `quillmark-labs` gives "Quillmark labs".
"""

from __future__ import annotations

import re
from pathlib import Path

FALLBACK = "Our organisation"

# Words that are written in capitals (or with a lower-case plural s) wherever they appear.
ACRONYMS = {
    word.lower(): word
    for word in ("OKR", "OKRs", "KPI", "KPIs", "AI", "HR", "UX", "UI", "QA", "R&D", "B2B", "B2C", "SaaS")
}
# A last word that names what the repository holds rather than who: "acme-okrs" is Acme's.
CONTENT_WORDS = {"goals", "okr", "okrs", "kpi", "kpis", "objectives"}
# Words that are no organisation's name on their own: "my-okrs" keeps its "OKRs".
NOT_A_NAME = {"my", "our", "your", "the", "team", "company", "org", "organisation", "organization"}


def default_name(root: Path) -> str:
    """An organisation's name from its folder's name, words capitalised as people write them."""
    words = [w for w in re.split(r"[-_.\s]+", root.resolve().name) if w]
    if not words:
        return FALLBACK
    if len(words) > 1 and words[-1].lower() in CONTENT_WORDS:
        rest = words[:-1]
        if any(w.lower() not in NOT_A_NAME for w in rest):
            words = rest
    out = [_word(w) for w in words]
    out[0] = out[0][:1].upper() + out[0][1:]
    return " ".join(out)


def site_title(name: str) -> str:
    """The site's title: "Acme goals" for Acme; a name that says what it holds ("My OKRs",
    "Acme goals") stays as it is."""
    last = name.split()[-1].lower() if name.split() else ""
    return name if last in CONTENT_WORDS else f"{name} goals"


def _word(word: str) -> str:
    """A word as written, except that a known acronym gets its capitals ("okrs" -> "OKRs");
    a word typed with capitals of its own ("QuillMark", "ACME") is kept."""
    known = ACRONYMS.get(word.lower())
    if known and (word.islower() or word.isupper()):
        return known
    return word
