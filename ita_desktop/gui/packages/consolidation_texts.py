"""What the consolidation window says, worked out from the data and nothing else (no widgets):
the headline and the missing line of a summary, the round list's entries, an import's outcome."""

from __future__ import annotations

from collections import Counter

from ...core.package.consolidate import FileResult, Summary
from ...core.store.store import ReportSummary
from ..i18n import _, ngettext

RoundKey = tuple[int, str, str, str]  # fiscal year, round kind, start, end (ISO)


def round_key(summary: ReportSummary) -> RoundKey:
    r = summary.round
    return (summary.fiscal_year, r.kind, r.start.isoformat(), r.end.isoformat())


def rounds_of(reports: list[ReportSummary]) -> list[tuple[RoundKey, str]]:
    """Each round the reports belong to, newest first, with its entry for the round list."""
    counts = Counter(round_key(r) for r in reports)
    titles = {round_key(r): r.round.title("arabic") for r in reports}
    keys = sorted(counts, key=lambda k: (k[0], k[2], k[3]), reverse=True)
    return [(key, ngettext("Fiscal year {year}, {round} ({n} report)",
                           "Fiscal year {year}, {round} ({n} reports)", counts[key]).format(
                 year=key[0], round=titles[key], n=counts[key])) for key in keys]


def round_of(reports: list[ReportSummary], ids: set[int]) -> RoundKey | None:
    """The round most of the reports ``ids`` belong to (None for none)."""
    keys = Counter(round_key(r) for r in reports if r.id in ids)
    return keys.most_common(1)[0][0] if keys else None


def headline(summary: Summary, has_round: bool, expected: list[str]) -> str:
    if not has_round and not expected:
        return _("No reports yet. Import the packages the offices sent: “Import a folder…”.")
    if expected:
        on_list = len([o for o in summary.offices if o.state == "sent"])
        return _("{sent} of {total} expected offices sent").format(sent=on_list,
                                                                    total=len(expected))
    sent = len(summary.sent)
    return ngettext("{n} office sent", "{n} offices sent", sent).format(n=sent)


def missing_line(summary: Summary) -> str:
    missing = summary.missing
    if not missing:
        return ""
    return ngettext("Missing ({n}): {names}", "Missing ({n}): {names}", len(missing)).format(
        n=len(missing), names=", ".join(o.agency for o in missing))


def import_outcome(ok: list[FileResult], refused: list[FileResult], skipped: int) -> str:
    text = ngettext("{n} file imported or already here", "{n} files imported or already here",
                    len(ok)).format(n=len(ok))
    if refused:
        text += " · " + ngettext("{n} not imported (see the list below)",
                                 "{n} not imported (see the list below)",
                                 len(refused)).format(n=len(refused))
    if skipped:
        text += " · " + ngettext("{n} skipped", "{n} skipped", skipped).format(n=skipped)
    return text


def framework_line(summary: Summary) -> str:
    """Offices on another framework version than most (their items with other wording get
    columns of their own), or ""."""
    others = summary.other_framework
    if not others:
        return ""
    names = ", ".join(f"{o.agency} ({o.framework})" for o in others[:10])
    more = len(others) - 10
    if more > 0:
        names += " " + _("and {n} more").format(n=more)
    return _("Most offices reported on {framework}; on another framework: {names}. Items "
             "worded otherwise there have columns of their own.").format(
                 framework=summary.expected_framework, names=names)
