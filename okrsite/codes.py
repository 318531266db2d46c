"""The catalogue of diagnostic codes: one stable code per rule, its default severity and its name.

Codes are grouped by hundreds so a reader can tell the kind of problem at a glance:
OKR0xx reading a file, OKR1xx one file's fields, OKR2xx references across files,
OKR3xx lints that teach the method (warnings by default, configurable in okrsite.yaml).
docs/diagnostics.md explains each code; a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How much a diagnostic matters; `off` only appears in configuration."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Code:
    """One rule: its code, a short kebab-case name usable in okrsite.yaml, and its default."""

    code: str
    name: str
    severity: Severity
    summary: str

    @property
    def is_lint(self) -> bool:
        """True for rules whose severity a site may change (the OKR3xx lints)."""
        return self.code.startswith("OKR3")


_E = Severity.ERROR
_W = Severity.WARNING

CODES: tuple[Code, ...] = (
    # Reading files
    Code("OKR001", "yaml-syntax", _E, "The front matter is not valid YAML."),
    Code("OKR002", "no-front-matter", _E, "A content file has no `---` front matter block."),
    Code("OKR003", "unclosed-front-matter", _E, "The front matter has no closing `---` line."),
    Code("OKR004", "not-a-mapping", _E, "The front matter (or okrsite.yaml) is not a mapping of keys."),
    Code("OKR005", "duplicate-key", _E, "The same key appears twice in one mapping."),
    Code("OKR006", "encoding", _E, "The file is not UTF-8 text."),
    Code("OKR007", "yaml-tag", _E, "The YAML uses a tag or construct okrsite does not accept."),
    Code("OKR008", "file-too-large", _E, "The file is larger than the configured limit."),
    Code("OKR009", "unknown-file", _W, "A file under content/ that okrsite does not read."),
    # One file's fields
    Code("OKR101", "unknown-key", _E, "A key okrsite does not know (often a typo)."),
    Code("OKR102", "wrong-type", _E, "A field has the wrong type (a list where text is expected...)."),
    Code("OKR103", "missing-field", _E, "A required field is missing."),
    Code("OKR104", "bad-quantity", _E, "A value is not a number, percentage, amount or duration."),
    Code("OKR105", "unit-mismatch", _E, "Start, target and check-ins are in different units."),
    Code("OKR106", "target-equals-start", _E, "Progress is undefined when the target equals the start."),
    Code("OKR107", "bad-confidence", _E, "A confidence is not a number between 0 and 1."),
    Code("OKR108", "bad-date", _E, "A date is not a valid YYYY-MM-DD date."),
    Code("OKR109", "bad-period", _E, "A period is not YYYY, YYYY-Hn, YYYY-Qn or a declared period."),
    Code("OKR110", "bad-choice", _E, "A field takes one of a fixed set of values."),
    Code("OKR111", "bad-threshold", _E, "A threshold is not `>= 85%`, `< 1000`, `between 40 and 60`..."),
    Code("OKR112", "conflicting-fields", _E, "Two fields that cannot be used together."),
    Code("OKR113", "bad-id", _E, "An id has characters that cannot appear in a URL."),
    Code("OKR114", "bad-number", _E, "A number is out of its allowed range (weight, score, progress)."),
    Code("OKR115", "bad-csv", _E, "A KPI's CSV series cannot be read."),
    Code("OKR116", "bad-config", _E, "okrsite.yaml has a problem."),
    Code("OKR117", "unsafe-link", _E, "A link is not a web address (`javascript:`, `data:`, `file:`...)."),
    # Across files
    Code("OKR201", "duplicate-id", _E, "Two files define the same id."),
    Code(
        "OKR202",
        "unknown-objective",
        _E,
        "A parent, link or `carried_from` names an objective that does not exist.",
    ),
    Code("OKR203", "unknown-key-result", _E, "`objective#kr` names a key result the objective lacks."),
    Code("OKR204", "unknown-team", _E, "A team id that no file in content/teams defines."),
    Code("OKR205", "unknown-person", _E, "An owner that is neither a person in people.yaml nor a team."),
    Code("OKR206", "unknown-kpi", _E, "A `kpi:` or guardrail names a KPI that does not exist."),
    Code("OKR207", "broken-link", _E, "A `[[id]]` link in a body names nothing."),
    Code("OKR208", "alignment-cycle", _E, "Objectives align to each other in a circle."),
    Code("OKR209", "team-cycle", _E, "Teams are each other's parents in a circle."),
    Code("OKR210", "url-collision", _E, "Two sources would be published at the same URL."),
    Code("OKR211", "no-owner", _E, "An objective has neither a team nor an owner."),
    # Lints that teach the method
    Code("OKR301", "kr-count", _W, "An objective should have 3 to 5 key results."),
    Code("OKR302", "kr-owner", _W, "Every key result needs one person who watches it."),
    Code("OKR303", "not-measurable", _W, "A key result with no numbers and no milestone."),
    Code("OKR304", "placeholder", _W, "A placeholder (TBD, X) where a value belongs."),
    Code("OKR305", "no-baseline", _W, "A target with no start: progress is measured from 0."),
    Code("OKR306", "too-many-objectives", _W, "More than 5 objectives for one team in one period."),
    Code("OKR307", "unaligned", _W, "An objective below the company level aligns to nothing."),
    Code("OKR308", "parent-period", _W, "A parent's period does not contain the child's."),
    Code("OKR309", "initiative-count", _W, "An objective should have 3 to 5 initiatives."),
    Code("OKR310", "checkin-outside-period", _W, "A check-in dated outside its objective's period."),
    Code("OKR311", "committed-stretch", _W, "A committed key result with a stretch-sized jump."),
    Code("OKR312", "stale-kpi", _W, "A KPI with no value for longer than its frequency."),
    Code("OKR313", "grouping-only", _W, "An objective with no key results of its own."),
    Code("OKR314", "future-checkin", _W, "A check-in dated in the future."),
    Code("OKR315", "score-range", _W, "A score far outside 0..1: scores are fractions, 0.7 not 70."),
    Code("OKR316", "kpi-no-threshold", _W, "A KPI with neither `healthy` nor `target`."),
    Code("OKR317", "grouped-decimal", _W, "A number like `1.500`: a decimal point, not thousands."),
)

BY_CODE: dict[str, Code] = {c.code: c for c in CODES}
BY_NAME: dict[str, Code] = {c.name: c for c in CODES}


def lookup(code_or_name: str) -> Code | None:
    """Return the rule for `OKR301` or `kr-count`, or None when neither names a rule."""
    return BY_CODE.get(code_or_name.upper()) or BY_NAME.get(code_or_name.lower())
