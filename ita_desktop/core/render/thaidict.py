"""Thai words for the line breaker: a dictionary segmentation to check ICU's breaks against.

ICU's line breaker is right almost everywhere, but its dictionary lacks many loanwords and names:
it cuts them into syllables (อ็อบ|เจกต์, พร็อก|ซี) and, next to them, glues a neighbour's final
consonant to the unknown word (รูป|แบ|บอินโฟ|กราฟิก). So ``linebreak`` keeps an ICU break inside
Thai letters only where this module's segmentation agrees (see ``break_allowed``).

The words: PyThaiNLP's ``words_th.txt`` (CC0-1.0, 62k words, shipped gzipped as
``data/words/thai_words.txt.gz``) plus ``data/words/th_terms.txt`` (loanwords, names and
official terms that ICU splits; one term a line); both package data (``paths.words_path``). The segmenter is nlpo3 (Apache-2.0, PyThaiNLP's Rust port of its newmm maximal
matching, 1.3 MB wheel for Windows, macOS and Linux), given these words: PyThaiNLP itself would
add 67 MB (its corpora) to the bundle, and a newmm written here in Python cost five times as
long as nlpo3 (20 % of a report's render time; issue 10 allows 10 %).
"""

from __future__ import annotations

import gzip
import tempfile
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from pathlib import Path

from ..base.paths import words_path

WORDS_FILE = "thai_words.txt.gz"
TERMS_FILE = "th_terms.txt"
_MAX_WORD = 40


def read_terms(path: Path) -> frozenset[str]:
    """A word list file: one term a line, ``#`` starts a comment, blank lines ignored."""
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        term = line.split("#", 1)[0].strip()
        if term:
            out.add(term)
    return frozenset(out)


@cache
def terms() -> frozenset[str]:
    """The added loanwords, names and official terms: never broken inside."""
    return read_terms(words_path(TERMS_FILE))


@cache
def words() -> frozenset[str]:
    with gzip.open(words_path(WORDS_FILE), "rt", encoding="utf-8") as fh:
        base = {w for w in fh.read().split("\n") if w}
    return frozenset(base | terms())


@cache
def _nlpo3_dict() -> str:
    """Load the words into nlpo3 (once per process); it reads a dictionary only from a file."""
    import nlpo3

    name = "ita-desktop-words"
    with tempfile.TemporaryDirectory(prefix="ita-words-") as tmp:
        path = Path(tmp) / "words.txt"
        path.write_text("\n".join(sorted(words())), encoding="utf-8")  # one order
        message, ok = nlpo3.load_dict(str(path), name)
    if not ok and "already" not in message.lower():
        raise RuntimeError(f"nlpo3 could not load the Thai word list: {message}")
    return name


def is_thai_letter(ch: str) -> bool:
    # consonants, vowels and marks; not digits, ฯ, ๆ or the currency sign
    return "\u0e01" <= ch <= "\u0e4e" and ch not in "\u0e2f\u0e3f\u0e46"


LETTERS = frozenset(c for c in map(chr, range(0x0E01, 0x0E4F)) if is_thai_letter(c))
_FRAGMENT = 2  # a "word" this short next to an unknown stretch is most likely a piece of it


@dataclass(frozen=True, slots=True)
class Segmentation:
    """newmm's tokens of a text: where each ends, and which are Thai words no dictionary has."""

    text: str
    ends: tuple[int, ...]
    edges: frozenset[int]  # the token ends ...
    inner: frozenset[int]  # ... of those, the ones inside a stretch of unknown tokens
    unknown: frozenset[int]  # token indexes

    def token(self, i: int) -> str:
        return self.text[self.ends[i - 1] if i else 0:self.ends[i]]


@lru_cache(maxsize=16384)
def segmentation(text: str) -> Segmentation:
    """One nlpo3 call per text. Around a word no dictionary has, newmm finds short words in its
    syllables (เลอร์ย|เห|วี|ยน): a Thai word of two letters next to an unknown one is taken as
    part of it."""
    import nlpo3

    toks = nlpo3.segment(text, _nlpo3_dict(), False, False)
    ends = tuple(accumulate(map(len, toks)))
    # set difference first: most texts have no unknown Thai token, and this is done per text
    strange = {t for t in set(toks) - words() if t[0] in LETTERS}
    unknown: set[int] = set()
    if strange:
        unknown = {i for i, t in enumerate(toks) if t in strange}
        for i in sorted(unknown):
            for step in (-1, 1):
                j = i + step
                while 0 <= j < len(toks) and j not in unknown and len(toks[j]) <= _FRAGMENT \
                        and toks[j][0] in LETTERS:
                    unknown.add(j)
                    j += step
    inner = {ends[i] for i in unknown if i + 1 in unknown}
    # next to an unknown word newmm may also cut a listed term (แบรนดิช|มหา|สารคาม): there,
    # a token edge inside a term is not a place to break
    near = {j for i in unknown for j in range(i - 2, i + 3) if 0 <= j < len(toks) - 1}
    inner |= {ends[j] for j in near if _inside_term(text, ends[j])}
    return Segmentation(text, ends, frozenset(ends), frozenset(inner), frozenset(unknown))


@cache
def _term_pairs() -> dict[str, tuple[tuple[str, int], ...]]:
    """Each pair of adjacent letters of a listed term -> (term, offset of the pair)."""
    out: dict[str, list[tuple[str, int]]] = {}
    for t in terms():
        for k in range(len(t) - 1):
            out.setdefault(t[k:k + 2], []).append((t, k))
    return {pair: tuple(v) for pair, v in out.items()}


def _inside_term(text: str, b: int) -> bool:
    """Does a listed term cover ``text[b - 1:b + 1]``? (called only next to unknown words)"""
    return any(text.startswith(t, b - 1 - k) for t, k in _term_pairs().get(text[b - 1:b + 1], ())
               if b - 1 - k >= 0)


@lru_cache(maxsize=65536)
def writable_as_words(run: str) -> bool:
    """Can ``run`` (Thai letters only) be cut into dictionary words of two or more letters?"""
    known = words()
    n = len(run)
    ok = [False] * (n + 1)
    ok[0] = True
    for i in range(n):
        if not ok[i]:
            continue
        for j in range(i + 2, min(n, i + _MAX_WORD) + 1):
            if run[i:j] in known:
                ok[j] = True
    return ok[n]


def break_allowed(seg: Segmentation, b: int) -> bool:
    """May a line break fall at ``b``, between two Thai letters, where ICU offers one? Yes at a
    token boundary, unless both tokens are unknown (one unknown word); inside a dictionary word
    only at a compound joint (งบ|ประมาณ: both parts are words, as PyThaiNLP's list holds
    phrases up to 80 letters long), never inside an added term; never inside an unknown word."""
    if b in seg.edges:
        return b not in seg.inner
    i = bisect_left(seg.ends, b)
    if i == len(seg.ends) or i in seg.unknown:
        return False
    word = seg.token(i)
    return _joint(word, b - seg.ends[i] + len(word))


@lru_cache(maxsize=65536)
def _joint(word: str, k: int) -> bool:
    """Is ``word[:k] | word[k:]`` a joint between words of a compound (and not a listed term)?"""
    return word not in terms() and writable_as_words(word[:k]) and writable_as_words(word[k:])


def syllable_break(seg: Segmentation, b: int) -> bool:
    """The least bad place when no allowed break fits a line: inside an unknown word (where
    ICU's cut is a syllable guess), never inside a dictionary word."""
    if b in seg.edges:
        return True
    i = bisect_left(seg.ends, b)
    return i < len(seg.ends) and i in seg.unknown
