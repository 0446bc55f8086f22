"""Matching the office names in packages to the list of expected offices.

Offices type their own name, so the same office arrives spelt in many ways: extra or missing
spaces, zero-width characters pasted from a web page, Thai marks typed in another order
(a decomposed sara am ``ํ + า``, a tone mark typed before the vowel above it), Thai digits, with
or without the "สำนักงานเขต" prefix. ``office_key`` removes all of that, so such names match on
their own. A name that still differs (a typo) is compared with the expected names by
RapidFuzz; a close one is *proposed*, never merged, until the user confirms it once
(``remember``: kept in the ``office_aliases`` table). Names whose numbers differ (เขต 1 / เขต 2)
are never proposed for each other.

The lead merges this with ``core/names.normalise_agency`` (security normalisation) later.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..report.model import now_iso
from ..store import Store

PROPOSE_AT = 80.0  # RapidFuzz ratio (0–100) from which a near miss is proposed
MARGIN = 4.0  # ...and it must beat the next best expected office by this much

# zero-width and invisible format characters, bidi controls, soft hyphen
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u2064\u2066-\u206f\ufeff]")
_SPACE = re.compile(r"\s+")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_DIGITS = re.compile(r"\d+")
# Thai combining marks in the order they are stored: vowels above/below and maitaikhu first,
# then tone marks, then thanthakhat and the rest (Unicode gives most of them class 0, so NFC
# does not reorder them; hand-written because no library does this for Thai).
_MARK_RANK = {**{c: 0 for c in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47"},
              **{c: 1 for c in "\u0e48\u0e49\u0e4a\u0e4b"},
              **{c: 2 for c in "\u0e4c\u0e4d\u0e4e"}}
_MARKS = re.compile("[" + "".join(_MARK_RANK) + "]{2,}")
# "สำนักงานเขต", "สนง.เขต", "เขต" before a district's name (after spaces are removed)
_PREFIX = re.compile(r"^(?:สำนักงานเขต|สนง\.?เขต|เขต)(?=.)")

How = Literal["same", "normalised", "remembered", "proposed", "none"]


def clean(name: str) -> str:
    """The name as shown: NFC, no invisible characters, spaces collapsed."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", name))
    return _SPACE.sub(" ", text).strip()


def thai_order(text: str) -> str:
    """Thai marks in stored order: sara am composed, marks sorted, a doubled mark once."""
    text = text.replace("\u0e4d\u0e32", "\u0e33")  # nikhahit + sara aa = sara am
    text = re.sub("\u0e4d([\u0e48-\u0e4b])\u0e32", "\\1\u0e33", text)  # ํ ้ า (น้ำ typed as นํ้า)

    def order(match: re.Match[str]) -> str:
        marks = sorted(dict.fromkeys(match.group(0)), key=lambda c: _MARK_RANK[c])
        return "".join(marks)

    return _MARKS.sub(order, text)


def office_key(name: str) -> str:
    """What two names must share to be the same office without asking."""
    text = thai_order(clean(name)).translate(_THAI_DIGITS).casefold()
    text = _SPACE.sub("", text)
    return _PREFIX.sub("", text)


def _numbers(key: str) -> tuple[str, ...]:
    return tuple(n.lstrip("0") or "0" for n in _DIGITS.findall(key))


@dataclass(frozen=True)
class Decision:
    """The user's answer for a name seen in a package: ``office`` is (or is not) that office."""
    alias: str
    office: str
    same: bool


@dataclass(frozen=True)
class OfficeMatch:
    sent: str  # the name as the package wrote it
    office: str | None  # the expected office: matched (same/normalised/remembered) or proposed
    how: How
    score: float = 100.0  # RapidFuzz ratio for a proposal

    @property
    def matched(self) -> bool:
        return self.how in ("same", "normalised", "remembered")


def match_offices(sent: Iterable[str], expected: Sequence[str],
                  decisions: Mapping[str, Sequence[Decision]] | None = None
                  ) -> dict[str, OfficeMatch]:
    """Each sent name -> its match among ``expected``. ``decisions``: office_key(alias) ->
    the user's earlier answers. An expected office already matched is not proposed again, and
    each expected office is proposed for one name at most (the closest)."""
    from rapidfuzz import fuzz, process

    decisions = decisions or {}
    by_key: dict[str, str] = {}
    for name in expected:
        by_key.setdefault(office_key(name), name)
    names = list(dict.fromkeys(sent))
    out: dict[str, OfficeMatch] = {}
    for name in names:
        key = office_key(name)
        if key in by_key:
            office = by_key[key]
            out[name] = OfficeMatch(name, office, "same" if name == office
                                    else "normalised")
            continue
        for decision in decisions.get(key, ()):
            office = by_key.get(office_key(decision.office))
            if decision.same and office is not None:
                out[name] = OfficeMatch(name, office, "remembered")
                break
    taken = {m.office for m in out.values()}
    free = {k: v for k, v in by_key.items() if v not in taken}
    proposals: dict[str, OfficeMatch] = {}
    for name in names:
        if name in out:
            continue
        key = office_key(name)
        refused = {office_key(d.office) for d in decisions.get(key, ()) if not d.same}
        choices = {k: k for k in free if k not in refused and _numbers(k) == _numbers(key)}
        best = process.extract(key, choices, scorer=fuzz.ratio, limit=2)
        if not best or best[0][1] < PROPOSE_AT:
            continue
        if len(best) > 1 and best[0][1] - best[1][1] < MARGIN:  # two look alike: do not guess
            continue
        office = free[best[0][2]]
        earlier = proposals.get(office)
        if earlier is None or best[0][1] > earlier.score:
            proposals[office] = OfficeMatch(name, office, "proposed", float(best[0][1]))
    chosen = {m.sent: m for m in proposals.values()}
    for name in names:
        out.setdefault(name, chosen.get(name, OfficeMatch(name, None, "none", 0.0)))
    return out


# ------------------------------------------------------------------ remembered answers
def decisions(store: Store) -> dict[str, list[Decision]]:
    """The user's answers, by office_key(alias)."""
    out: dict[str, list[Decision]] = {}
    rows = store.conn.execute(
        "SELECT alias_key, alias, office, same FROM office_aliases ORDER BY decided_at, rowid")
    for key, alias, office, same in rows:
        out.setdefault(key, []).append(Decision(alias, office, bool(same)))
    return out


def remember(store: Store, alias: str, office: str, same: bool) -> None:
    """Keep the user's answer: ``alias`` (a name from a package) is / is not ``office``."""
    alias, office = clean(alias), clean(office)
    with store.transaction():
        store.conn.execute(
            "INSERT INTO office_aliases (alias_key, office_key, alias, office, same, decided_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (alias_key, office_key) DO UPDATE SET "
            "alias = excluded.alias, office = excluded.office, same = excluded.same, "
            "decided_at = excluded.decided_at",
            (office_key(alias), office_key(office), alias, office, int(same), now_iso()))


def forget(store: Store, alias: str) -> None:
    """Drop every answer about ``alias`` (the user changed their mind)."""
    with store.transaction():
        store.conn.execute("DELETE FROM office_aliases WHERE alias_key = ?", (office_key(alias),))
