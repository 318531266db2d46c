"""Which column holds what: header names in English, Danish and Swedish, and `--map` overrides.

Headers are compared folded: case, accents, spaces and punctuation do not matter, so `Key
Result`, `key_result` and `KEY-RESULT` are one name, and `Ägare` matches `agare`. A header with
a parenthesised part (`Target (%)`) is also tried without it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

IGNORE = "ignore"

# field -> what it is, for `--map` messages and the docs.
FIELDS: dict[str, str] = {
    "objective": "the objective's title",
    "objective_id": "the objective's id",
    "key_result": "the key result's title",
    "kr_id": "the key result's id",
    "title": "the item's title (with a type column)",
    "type": "objective, key result, initiative or KPI (one row per item)",
    "kr_kind": "numeric, threshold, maintain, milestone or baseline",
    "id": "the row's id (the objective's, or the item's with a type column)",
    "owner": "the owner (a person's id, name or e-mail, or a team)",
    "kr_owner": "the key result's owner",
    "team": "the owning team (its id or name)",
    "start": "the start value (baseline)",
    "target": "the target value, or a comparison like >= 85%",
    "current": "the current (latest, actual) value",
    "unit": "the unit of bare numbers (%, USD, h, customers)",
    "progress": "a milestone's progress (0.8 or 80%)",
    "due": "the due date",
    "parent": "the objective (or objective#kr) this one aligns to",
    "period": "the period (2026-Q1, Q1 2026, 2026)",
    "confidence": "the confidence of the latest value (0.7 or 70%)",
    "status": "the status (active, closed, cancelled, draft; dropped for a key result)",
    "kr_status": "the key result's status (active, dropped, ungraded)",
    "description": "the description (the file's Markdown body)",
    "note": "a short note on a key result",
    "commitment": "committed or aspirational",
    "weight": "the key result's weight",
    "score": "the objective's final score (written for closed objectives)",
    "kr_score": "the key result's score (a milestone's progress when there is no progress column)",
    "date": "the date of the current value (a check-in)",
    "kpi": "the KPI a key result lifts",
    "initiative": "an initiative of the objective",
    "healthy": "a KPI's healthy band (>= 85%)",
    "warning": "a KPI's warning band",
    "frequency": "how often a KPI is measured",
    "email": "the owner's e-mail address",
}

_ALIASES: dict[str, tuple[str, ...]] = {
    "objective": (
        "objective", "objectives", "objectivetitle", "objectivename", "goal", "goals", "okr",
        "malsaetning", "maalsaetning", "malsattning", "malsatning",
    ),
    "objective_id": ("objectiveid", "objid", "okrid", "malid"),
    "key_result": (
        "keyresult", "keyresults", "keyresulttitle", "keyresultname", "kr", "krtitle", "krname",
        "nogleresultat", "noegleresultat", "nogleresultater", "nyckelresultat", "nyckelresultaten",
    ),
    "kr_id": ("krid", "keyresultid"),
    "title": ("title", "name", "titel", "navn", "namn", "rubrik", "item", "itemtitle", "itemname"),
    "type": ("type", "kind", "itemtype", "rowtype", "level", "niveau", "niva", "typ"),
    "kr_kind": (
        "krkind", "krtype", "keyresultkind", "keyresulttype", "metrictype", "measuretype", "maletype",
    ),
    "id": ("id", "itemid", "key", "ref", "reference"),
    "owner": (
        "owner", "owners", "objectiveowner", "ownername", "ejer", "ansvarlig", "agare", "ansvarig",
        "responsible", "accountable", "assignee",
    ),
    "kr_owner": ("krowner", "keyresultowner", "krejer", "kransvarlig", "kragare", "kransvarig"),
    "team": (
        "team", "teams", "hold", "afdeling", "avdelning", "department", "dept", "gruppe", "grupp",
        "group", "ownerteam",
    ),
    "start": (
        "start", "startvalue", "baseline", "baselinevalue", "udgangspunkt", "startvaerdi",
        "utgangsvarde", "utgangslage", "startvarde", "from", "fra", "fran", "initialvalue",
    ),
    "target": (
        "target", "targetvalue", "goalvalue", "malvaerdi", "maalvaerdi", "malvarde", "to", "til", "till",
    ),
    "current": (
        "current", "currentvalue", "actual", "actualvalue", "latest", "latestvalue", "value",
        "nuvaerende", "aktuel", "aktuelt", "faktisk", "nuvarande", "utfall", "aktuellt", "vaerdi", "varde",
    ),
    "unit": ("unit", "units", "enhed", "enhet", "uom", "measureunit", "metricunit"),
    "progress": (
        "progress", "fremdrift", "fremskridt", "framsteg", "completion", "percentcomplete",
        "pctcomplete", "progresspct", "progresspercent",
    ),
    "due": (
        "due", "duedate", "deadline", "frist", "forfaldsdato", "slutdatum", "slutdato", "enddate",
        "targetdate",
    ),
    "parent": (
        "parent", "parents", "parentobjective", "alignedto", "alignsto", "alignment", "foraelder",
        "foraeldre", "overordnet", "overordnad", "overordnat", "contributesto",
    ),
    "period": ("period", "periode", "kvartal", "quarter", "timeperiod", "cycle", "tidsperiod", "tidsperiode"),
    "confidence": ("confidence", "konfidens", "sikkerhed", "tiltro", "sannolikhet", "sakerhet"),
    "status": ("status", "state", "tilstand", "tillstand"),
    "kr_status": ("krstatus", "keyresultstatus"),
    "description": ("description", "beskrivelse", "beskrivning", "details", "body"),
    "note": ("note", "notes", "comment", "comments", "kommentar", "kommentarer", "bemaerkning", "anteckning"),
    "commitment": ("commitment", "commitmenttype", "forpligtelse", "atagande"),
    "weight": ("weight", "weighting", "vaegt", "vaegtning", "vikt", "viktning"),
    "score": ("score", "objectivescore", "okrscore", "finalscore"),
    "kr_score": ("krscore", "keyresultscore"),
    "date": (
        "date", "dato", "datum", "lastcheckin", "lastupdate", "lastupdated", "updated", "opdateret",
        "uppdaterad", "asof", "measured", "checkindate",
    ),
    "kpi": ("kpi", "kpiid", "linkedkpi"),
    "initiative": ("initiative", "initiatives", "initiativ", "initiativer", "project", "projects", "projekt"),
    "healthy": ("healthy", "threshold", "healthythreshold", "taerskel", "troskel", "troskelvarde"),
    "warning": ("warning", "warningthreshold", "advarsel", "varning"),
    "frequency": ("frequency", "frekvens", "cadence"),
    "email": ("email", "mail", "epost", "emailaddress"),
    IGNORE: ("grade", "pace", "stale", "krindex", "index", "nr", "no", "row", "rownumber"),
}  # fmt: skip

# `mål` is an objective in Danish and Swedish, but also short for a target value: decided by the
# other columns, else by whether the column holds numbers.
AMBIGUOUS = {"mal": ("objective", "target"), "maal": ("objective", "target")}

ALIAS: dict[str, str] = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "ß": "ss", "œ": "oe", "đ": "d", "ł": "l", "þ": "th"})
_PARENS = re.compile(r"\s*[(\[].*?[)\]]\s*")


def fold(text: str) -> str:
    """`Nøgle-resultat (KR)` -> `noegleresultatkr`: lower case ASCII letters and digits only."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return "".join(c for c in folded if c.isascii() and c.isalnum())


def column_letter(index: int) -> str:
    """0 -> A, 26 -> AA: how spreadsheets name columns."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


class ColumnError(Exception):
    """The columns cannot be told apart as given; the message says how to tell okrsite."""


@dataclass(frozen=True, slots=True)
class Columns:
    """Which column index holds each field, and what was decided on the way."""

    fields: Mapping[str, int]
    headers: tuple[str, ...]
    unknown: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def describe(self, name: str) -> str:
        """`'Mål' (column C)`, for messages."""
        index = self.fields[name]
        return f"'{self.headers[index]}' (column {column_letter(index)})"


def guess(header: str) -> str:
    """The field a header names, `ignore`, or '' when it is not known."""
    for candidate in (header, _PARENS.sub(" ", header)):
        key = fold(candidate)
        if key in ALIAS:
            return ALIAS[key]
        if key in AMBIGUOUS:
            return key
    return ""


def parse_overrides(pairs: Sequence[str]) -> dict[str, str]:
    """`--map COLUMN=FIELD` pairs as {folded column: field}; a usage error names a bad one."""
    out: dict[str, str] = {}
    for pair in pairs:
        column, sep, name = pair.rpartition("=")
        name = name.strip().lower().replace("-", "_").replace(" ", "_")
        if not sep or not column.strip():
            raise ColumnError(f"--map {pair!r}: write COLUMN=FIELD, like --map 'Ansvarlig=owner'")
        if name not in FIELDS and name != IGNORE:
            close = difflib.get_close_matches(name, [*FIELDS, IGNORE], n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            raise ColumnError(
                f"--map {pair!r}: {name!r} is not a field; {hint}the fields are {', '.join(FIELDS)}, "
                f"and {IGNORE} leaves a column out"
            )
        out[fold(column)] = name
    return out


def map_columns(
    headers: Sequence[str], overrides: Mapping[str, str], samples: Sequence[Sequence[str]]
) -> Columns:
    """Each field's column. `samples[i]` are column i's cells, to decide an ambiguous `mål`."""
    chosen: dict[int, str] = {}
    unknown: list[str] = []
    notes: list[str] = []
    used = {fold(h) for h in headers}
    for key in overrides:
        if key not in used:
            raise ColumnError(
                f"--map names a column the file does not have ({key!r}); its columns are "
                + ", ".join(repr(h) for h in headers if h.strip())
            )
    for i, header in enumerate(headers):
        if not header.strip():
            continue
        name = overrides.get(fold(header)) or guess(header)
        if not name:
            unknown.append(header)
        elif name != IGNORE:
            chosen[i] = name
    _decide_ambiguous(chosen, headers, samples, notes)
    fields: dict[str, int] = {}
    for i, name in chosen.items():
        if name in fields:
            first = fields[name]
            other = f"kr_{name}" if name in ("owner", "status") else IGNORE
            raise ColumnError(
                f"columns '{headers[first]}' ({column_letter(first)}) and '{headers[i]}' "
                f"({column_letter(i)}) both read as {name}; say which is which, like "
                f"--map '{headers[i]}={other}'"
            )
        fields[name] = i
    return Columns(fields, tuple(headers), tuple(unknown), tuple(notes))


def _decide_ambiguous(
    chosen: dict[int, str], headers: Sequence[str], samples: Sequence[Sequence[str]], notes: list[str]
) -> None:
    for i, name in list(chosen.items()):
        if name not in AMBIGUOUS:
            continue
        taken = set(chosen.values())
        if "objective" in taken or "title" in taken:
            pick, why = "target", "another column holds the objectives"
        elif "target" in taken:
            pick, why = "objective", "another column holds the targets"
        else:
            cells = [c for c in (samples[i] if i < len(samples) else ()) if c.strip()]
            numeric = sum(1 for c in cells if _looks_numeric(c))
            pick = "target" if cells and numeric * 2 >= len(cells) else "objective"
            why = "its cells are numbers" if pick == "target" else "its cells are words"
        chosen[i] = pick
        notes.append(
            f"column '{headers[i]}' ({column_letter(i)}) is read as the {pick} ({why}); "
            f"--map '{headers[i]}=...' says otherwise"
        )


def _looks_numeric(text: str) -> bool:
    digits = sum(c.isdigit() for c in text)
    return digits > 0 and digits * 2 >= len(re.sub(r"\s", "", text)) - 3
