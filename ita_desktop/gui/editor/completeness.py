"""Whether an entry is complete (score, issue, at least one measure, result, photos)."""

from __future__ import annotations

from ...core.report.model import Entry
from ..i18n import _


def missing_parts(entry: Entry) -> list[str]:
    missing = []
    if entry.score is None:
        missing.append(_("score"))
    if not entry.issue.strip():
        missing.append(_("issue"))
    if not any(m.strip() for m in entry.measures):
        missing.append(_("measures"))
    if not entry.result.strip():
        missing.append(_("result"))
    if not entry.photos:
        missing.append(_("photos"))
    return missing


def is_complete(entry: Entry) -> bool:
    return not missing_parts(entry)
