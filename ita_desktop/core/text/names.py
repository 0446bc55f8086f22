"""Agency (office) names as the app compares them.

Two names that look the same to a clerk must compare the same: ``normalise_agency`` is applied
before every comparison of office names (import conflicts, report ownership, consolidation).
Fuzzy matching (typos, abbreviations) is a separate, later step built on top of this one.
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width characters and bidirectional controls: invisible, so they only make look-alikes.
# (U+00AD soft hyphen and U+034F combining grapheme joiner are invisible too.)
INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e"
    "\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064"
    "\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e\u206f"
    "\u3164\ufeff\uffa0")
_DROP = dict.fromkeys(map(ord, INVISIBLE))
# Thai SARA AM typed as NIKHAHIT + SARA AA (a tone mark may sit between or before): NFC keeps
# them apart (the equivalence is only a compatibility one), so it is composed here.
_SARA_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")
_SPACES = re.compile(r"\s+")  # str regex: every Unicode space, NBSP, U+2000-U+200A, U+3000...


def normalise_agency(name: str) -> str:
    """The comparable form of an office name: NFC (and "ำ" typed as "ํ" + "า" made the one
    character "ำ"), zero-width and bidi controls removed, every kind of space (NBSP, thin,
    ideographic, tab, line breaks) made one ordinary space, no spaces at either end."""
    text = unicodedata.normalize("NFC", name).translate(_DROP)
    text = _SARA_AM.sub("\\1\u0e33", text)
    return _SPACES.sub(" ", text).strip()


def same_agency(a: str, b: str) -> bool:
    return normalise_agency(a) == normalise_agency(b)
