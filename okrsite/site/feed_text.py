"""What a feed's entries say, in the site's language: an objective's score details, what changed
on a day, a check-in's summary and value (okrsite.site.feeds puts them into entries)."""

from __future__ import annotations

from okrsite.model import CheckIn, Objective
from okrsite.score.model import ObjectiveScore
from okrsite.site.atom import Detail
from okrsite.site.i18n import Lang


def score_details(lang: Lang, o: Objective, s: ObjectiveScore) -> list[Detail]:
    """An objective's score, grade, pace, status and commitment, and its stale key results."""
    _ = lang._
    commitment = lang.label("commitment", o.commitment.value)
    details = [
        Detail(_("Score"), lang.formats.score(s.score)),
        Detail(_("Grade"), lang.label("grade", s.grade.value)),
        Detail(_("Pace"), lang.label("pace", s.pace.value)),
        Detail(_("Status"), lang.label("status", o.status.value)),
        Detail(
            _("Commitment"),
            _("%(commitment)s, missed", commitment=commitment) if s.missed_commitment else commitment,
        ),
    ]
    if s.stale_krs:
        details.append(Detail(_("%(Key_results)s that need an update"), lang.formats.integer(s.stale_krs)))
    return details


def what_changed(
    lang: Lang, moved: tuple[float | None, float | None] | None, checkins: int, editor: str
) -> list[str]:
    """What happened on an objective's day of change, as far as the content tells."""
    out = []
    score = lang.formats.score
    if moved is not None and None not in moved and moved[0] != moved[1]:
        out.append(
            lang._(
                "its %(key_results)s' score went from %(before)s to %(after)s",
                before=score(moved[0]),
                after=score(moved[1]),
            )
        )
    if checkins:
        out.append(lang.ngettext("%(num)s %(check_in)s", "%(num)s %(check_ins)s", checkins))
    if editor:
        out.append(lang._("the file was edited by %(name)s", name=editor))
    return out


def checkin_summary(lang: Lang, value: str, score: float | None, c: CheckIn) -> str:
    """`27% (score 0.68, confidence 60%). Note: Weekend rota plus AI drafts.`"""
    fmt = lang.formats
    extra = [lang._("score %(score)s", score=fmt.score(score))] if score is not None else []
    if c.confidence is not None:
        extra.append(lang._("confidence %(confidence)s", confidence=fmt.percent(c.confidence)))
    out = value + (f" ({', '.join(extra)})" if extra else "") + "."
    if c.note:
        out += " " + lang._("Note: %(note)s", note=c.note) + ("" if c.note.rstrip()[-1:] in ".!?" else ".")
    return out


def checkin_value(lang: Lang, c: CheckIn) -> str:
    if c.value is not None:
        return lang.formats.quantity(c.value)
    return lang.formats.percent(c.progress) if c.progress is not None else "–"
