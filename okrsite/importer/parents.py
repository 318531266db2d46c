"""Parent cells into alignment links: `objective`, `objective#kr-id` or `objective#2`, naming an
objective of the file or of the site by id or by title; several in one cell are separated by
spaces (ids), or by `;`, `,` or line breaks (titles). With one row per item, an objective may
name a key result of the file as its parent."""

from __future__ import annotations

import re
from collections.abc import Sequence

from okrsite.importer.columns import fold
from okrsite.importer.model import Drafts, KRDraft, ObjectiveDraft, ParentRef
from okrsite.model import Objective


def parents(obj: ObjectiveDraft, drafts: Drafts, site: Sequence[Objective]) -> bool:
    """Fill in `obj.parents` from its parent cell; False when a name is found nowhere."""
    text = obj.parent
    if not text:
        return True
    for parts in ([text], text.split(), re.split(r"\s*[;,\n]\s*", text)):
        refs = [_ref(p, obj, drafts, site) for p in parts if p]
        if refs and all(x is not None for x in refs):
            obj.parents = [x for x in refs if x is not None]
            return True
    return False


def _ref(
    text: str, child: ObjectiveDraft, drafts: Drafts, objectives: Sequence[Objective]
) -> ParentRef | None:
    base, sep, part = text.partition("#")
    draft = _draft_objective(base, drafts)
    if draft is not None:
        if draft is child:
            return None
        if not sep:
            return ParentRef(objective=draft)
        kr = _draft_kr(part, draft.krs)
        return ParentRef(objective=draft, kr=kr, by_position=part.isdigit()) if kr is not None else None
    site = next((o for o in objectives if o.id.lower() == base.lower()), None)
    if site is None:
        titled = [o for o in objectives if fold(o.title) == fold(base)]
        site = titled[0] if len(titled) == 1 else None
    if site is not None:
        if not sep:
            return ParentRef(site_id=site.id)
        for known in site.key_results:
            if part in (known.ref, str(known.index)) or fold(known.title) == fold(part):
                return ParentRef(site_id=site.id, site_kr=part if part.isdigit() else known.ref)
        return None
    if not sep:  # one row per item: an objective may align to a key result of the file
        for obj in drafts.objectives:
            kr = _draft_kr(text, obj.krs, by_position=False)
            if kr is not None and obj is not child:
                return ParentRef(objective=obj, kr=kr)
    return None


def _draft_objective(text: str, drafts: Drafts) -> ObjectiveDraft | None:
    key = fold(text)
    for obj in drafts.objectives:
        if (obj.id and fold(obj.id) == key) or fold(obj.key) == key:
            return obj
    titled = [o for o in drafts.objectives if fold(o.title) == key]
    return titled[0] if len(titled) == 1 else None


def _draft_kr(part: str, krs: list[KRDraft], by_position: bool = True) -> KRDraft | None:
    if by_position and part.isdigit() and 1 <= int(part) <= len(krs):
        return krs[int(part) - 1]
    key = fold(part)
    for kr in krs:
        if (kr.id and fold(kr.id) == key) or fold(kr.title) == key:
            return kr
    return None
