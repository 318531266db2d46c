"""Cells that are not quantities: dates, periods, fractions and words from a fixed set, read the
way spreadsheets in English, Danish and Swedish write them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from okrsite.importer.columns import fold
from okrsite.periods import FiscalYear, Period, parse_period

# Dates -------------------------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")
_YMD = re.compile(r"(\d{4})[./](\d{1,2})[./](\d{1,2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DMY = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:[T ].*)?")


def day_first(cells: Sequence[str]) -> tuple[bool, bool]:
    """Whether a column's `03/04/2026` dates put the day first (as Danish and Swedish do), and
    whether that was a guess: only a day above 12 tells, and without one the day comes first."""
    first = second = False
    for text in cells:
        m = _DMY.fullmatch(text.strip())
        if m:
            first = first or int(m.group(1)) > 12
            second = second or int(m.group(2)) > 12
    if second and not first:
        return False, False
    guessed = not first and any(_ambiguous_day(t) for t in cells)
    return True, guessed


def _ambiguous_day(text: str) -> bool:
    m = _DMY.fullmatch(text.strip())
    return m is not None and m.group(1) != m.group(2)


def read_date(text: str, dmy: bool = True) -> date:
    """`2026-03-31`, `31.03.2026`, `31/3/2026`, `2026/03/31`, `20260331`; ValueError otherwise."""
    text = text.strip()
    for pattern in (_ISO, _YMD, _COMPACT):
        m = pattern.fullmatch(text)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _DMY.fullmatch(text)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return date(year, b, a) if dmy else date(year, a, b)
    raise ValueError(text)


# Periods -----------------------------------------------------------------------------------------

_PART = r"(Q|K|KV|H|KVARTAL|QUARTER|HALVAR|HALF|HALVAR)"
_YEAR_FIRST = re.compile(rf"(?:FY)?\s*(\d{{4}}|\d{{2}})\s*[-/ ,]?\s*{_PART}\s*([1-4])")
_PART_FIRST = re.compile(rf"{_PART}\s*([1-4])\s*[-/ ,]?\s*(?:FY)?\s*(\d{{4}}|\d{{2}})")
_ORDINAL = re.compile(rf"([1-4])\.?\s*{_PART}\s*[-/ ,]?\s*(?:FY)?\s*(\d{{4}})")
_YEAR = re.compile(r"(?:FY)?\s*(\d{4})|FY\s*(\d{2})")


def period_key(text: str, fiscal: FiscalYear, custom: Mapping[str, Period]) -> str:
    """The okrsite key of a period as spreadsheets write it: `Q1 2026`, `2026Q1`, `K1 2026`,
    `1. kvartal 2026`, `H2-2026`, `FY26`; PeriodError with okrsite's own message otherwise."""
    raw = text.strip()
    for name in custom:
        if name.casefold() == raw.casefold():
            return name
    upper = fold_period(raw)
    key = raw
    if m := _YEAR_FIRST.fullmatch(upper):
        key = _key(m.group(1), m.group(2), m.group(3))
    elif m := _PART_FIRST.fullmatch(upper):
        key = _key(m.group(3), m.group(1), m.group(2))
    elif m := _ORDINAL.fullmatch(upper):
        key = _key(m.group(3), m.group(2), m.group(1))
    elif m := _YEAR.fullmatch(upper):
        key = m.group(1) or "20" + m.group(2)
    return parse_period(key, fiscal, custom).key


def fold_period(text: str) -> str:
    """Upper case ASCII (`1. halvår` -> `1. HALVAR`), runs of spaces as one."""
    return " ".join("".join(fold(c).upper() if fold(c) else c for c in text).split())


def _key(year: str, part: str, index: str) -> str:
    full = year if len(year) == 4 else "20" + year
    letter = "H" if part.startswith("H") else "Q"
    return f"{full}-{letter}{index}"


# Fractions ---------------------------------------------------------------------------------------


def percent_scale(cells: Sequence[str]) -> bool:
    """Whether a progress or confidence column without % signs counts in percent (`80`): yes
    when any of its bare numbers is above 1.5, which no fraction is."""
    for text in cells:
        t = text.strip()
        if t and not t.endswith("%"):
            try:
                if float(t.replace(",", "")) > 1.5:
                    return True
            except ValueError:
                continue
    return False


def fraction(text: str, percent: bool) -> float:
    """`0.8`, `80%` or (in a percent column) `80` as 0.8; ValueError otherwise."""
    t = text.strip().replace(" ", "")
    if t.endswith("%"):
        return float(t[:-1].replace(",", "")) / 100
    value = float(t.replace(",", ""))
    return value / 100 if percent else value


def plain(value: float) -> str:
    """A fraction as okrsite writes it: `0.8`, `1`, `0.8333`."""
    rounded = round(value, 4)
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:.4f}".rstrip("0")


# Words from a fixed set --------------------------------------------------------------------------

OBJECTIVE, KEY_RESULT, INITIATIVE, KPI = "objective", "key result", "initiative", "kpi"
KR_KINDS = ("numeric", "threshold", "maintain", "milestone", "baseline", "unmeasured")
PACE = "pace"  # a traffic light or pace word: worked out by okrsite, not imported
DONE = "done"

_ROW_TYPES = {
    OBJECTIVE: ("objective", "o", "okr", "goal", "mal", "maal", "malsaetning", "malsattning", "aim"),
    KEY_RESULT: ("keyresult", "kr", "result", "nogleresultat", "noegleresultat", "nyckelresultat", "metric"),
    INITIATIVE: (
        "initiative", "initiativ", "project", "projekt", "task", "opgave", "uppgift", "aktivitet",
        "activity", "action", "atgard",
    ),
    KPI: ("kpi", "nogletal", "noegletal", "nyckeltal", "healthmetric", "indicator"),
}  # fmt: skip
_KR_KINDS = {
    "numeric": ("numeric", "number", "increase", "decrease", "metric", "percentage", "currency", "count"),
    "threshold": ("threshold", "atleast", "atmost", "above", "below", "taerskel", "troskel"),
    "maintain": ("maintain", "keep", "control", "stay", "fasthold", "bibehall", "behold", "band"),
    "milestone": (
        "milestone", "binary", "achieved", "achieve", "complete", "yesno", "donenotdone", "milepael",
        "milstolpe", "jalnej", "janej",
    ),
    "baseline": ("baseline", "measure", "baselinemeasurement", "nulpunkt", "nollmatning"),
    "unmeasured": ("unmeasured", "none"),
}  # fmt: skip
_PACE_WORDS = (
    "ontrack", "atrisk", "offtrack", "behind", "ahead", "green", "yellow", "amber", "red", "notstarted",
    "paasporet", "pasporet", "irisiko", "irisk", "bagud", "efter", "gron", "gul", "rod",
    "final", "",
)  # fmt: skip
_STATUSES = {
    "active": (
        "active", "open", "inprogress", "ongoing", "started", "aktiv", "aben", "igang", "pagar", "pagaende",
    ),
    "closed": (
        "closed", "done", "completed", "complete", "finished", "graded", "lukket", "afsluttet", "faerdig",
        "avslutad", "klar", "stangd", "fardig",
    ),
    "cancelled": (
        "cancelled", "canceled", "abandoned", "annulleret", "aflyst", "avbruten", "installd", "struken",
    ),
    "draft": ("draft", "udkast", "kladde", "utkast"),
}  # fmt: skip
_KR_STATUSES = {
    "": ("active", "open", "inprogress", "ongoing", "aktiv", "igang", "pagar"),
    "dropped": ("dropped", "cancelled", "canceled", "droppet", "udgaet", "strogen", "struken", "slopad"),
    "ungraded": ("ungraded", "notgraded", "ubedomt", "obedomd"),
    DONE: (
        "done", "completed", "complete", "achieved", "finished", "faerdig", "klar", "naet", "uppnadd",
        "fardig",
    ),
}  # fmt: skip
_INITIATIVE_STATUSES = {
    "planned": (
        "planned", "notstarted", "todo", "backlog", "planlagt", "planerad", "ikkestartet", "ejpaborjad",
    ),
    "in_progress": ("inprogress", "ongoing", "started", "doing", "active", "igang", "pagar", "pagaende"),
    "done": (
        "done", "completed", "complete", "finished", "faerdig", "klar", "afsluttet", "avslutad", "fardig",
    ),
    "blocked": ("blocked", "blokeret", "blockerad", "onhold", "pause", "paused"),
    "dropped": ("dropped", "cancelled", "canceled", "droppet", "annulleret", "struken", "avbruten"),
}  # fmt: skip
_COMMITMENTS = {
    "committed": (
        "committed", "commit", "commitment", "forpligtet", "forpligtende", "forpliktad", "atagande",
    ),
    "aspirational": (
        "aspirational", "stretch", "ambitious", "moonshot", "roofshot", "ambitios", "aspirerende",
        "ambitiost",
    ),
}  # fmt: skip
_FREQUENCIES = {
    "daily": ("daily", "day", "daglig", "dagligen"),
    "weekly": ("weekly", "week", "ugentlig", "veckovis", "ugentligt"),
    "monthly": ("monthly", "month", "manedlig", "manadsvis", "manatlig", "manedligt"),
    "quarterly": ("quarterly", "quarter", "kvartalsvis", "kvartalsvist"),
    "yearly": ("yearly", "annual", "annually", "year", "arlig", "arligen", "arligt"),
}  # fmt: skip


def _table(groups: Mapping[str, Sequence[str]]) -> dict[str, str]:
    return {alias: name for name, aliases in groups.items() for alias in aliases}


ROW_TYPES = _table(_ROW_TYPES) | {fold(k): "key result" for k in KR_KINDS}
KR_KIND = _table(_KR_KINDS)
STATUS = _table(_STATUSES) | dict.fromkeys(_PACE_WORDS, PACE)
KR_STATUS = _table(_KR_STATUSES) | dict.fromkeys(_PACE_WORDS, PACE)
INITIATIVE_STATUS = _table(_INITIATIVE_STATUSES)
COMMITMENT = _table(_COMMITMENTS)
FREQUENCY = _table(_FREQUENCIES)


def choose(text: str, table: Mapping[str, str]) -> str | None:
    """The value a word stands for, or None when the table does not know it."""
    return table.get(fold(text))


def choices(table: Mapping[str, str]) -> str:
    """The canonical values of a table, for a hint."""
    return ", ".join(sorted({v for v in table.values() if v and v != PACE}))
