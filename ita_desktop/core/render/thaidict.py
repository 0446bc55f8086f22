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
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import accumulate, count, repeat
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
def word_list() -> tuple[str, ...]:
    """Every word, sorted by code point (``thai_words.txt.gz`` is stored sorted, so this is a
    merge of two runs, not a sort)."""
    data = gzip.decompress(words_path(WORDS_FILE).read_bytes()).decode("utf-8")
    merged = sorted([*data.split("\n"), *terms()])
    return tuple(w for i, w in enumerate(merged) if w and (i == 0 or merged[i - 1] != w))


@cache
def words() -> frozenset[str]:
    return frozenset(word_list())


# --- the words nlpo3 is given ------------------------------------------------------------------
# Loading all 62k words into nlpo3 costs 0.2-0.4 s of every process (it builds a character trie
# in Rust, holding the GIL). newmm only ever looks up words that are substrings of the text it
# segments (the dictionary prefixes of each position's rest), so a dictionary of those words,
# all of them, gives the same tokens as the whole list: ``prepare`` loads one for the texts of a
# render (a few thousand words, a few ms), a text outside it gets the words it holds. Past
# ``_PARTIAL_CHARS`` of text at once, or once the partial dictionaries of a long-running process
# hold as many words as the list itself (nlpo3 cannot unload one), the whole list is loaded.
_FULL = "ita-desktop-words"
_PARTIAL_CHARS = 150_000


@dataclass
class _Loaded:
    full: bool = False
    dicts: list[tuple[str, frozenset[str]]] = field(default_factory=list)
    by_text: dict[str, str] = field(default_factory=dict)  # a prepared text -> its dictionary
    partial_words: int = 0


_loaded = _Loaded()
_names = count(1)
_load_lock = threading.RLock()


def words_in(texts: list[str]) -> set[str]:
    """The dictionary words that occur in ``texts`` (as substrings, anywhere). Level by level:
    the positions where the text so far begins a word (``_begins_longer``) go on one letter."""
    known, ordered = words(), _with_end()
    joined = "\n".join(texts)  # no word holds a newline
    n = len(joined)
    found: set[str] = set()
    alive: list[int] | range = range(n)
    length = 1
    while alive:
        heads = [joined[i:i + length] for i in alive]
        distinct = set(heads)
        found |= distinct & known
        # the first word after ``head`` in code point order begins with it, if any word does
        longer = {h for h, k in zip(distinct, map(bisect_right, repeat(ordered), distinct), strict=False)
                  if ordered[k].startswith(h)}
        alive = [i for i, h in zip(alive, heads, strict=True) if h in longer and i + length < n]
        length += 1
    return found


@cache
def _with_end() -> tuple[str, ...]:
    """``word_list`` and a last entry after every word (no bounds check in ``words_in``)."""
    return (*word_list(), "\U0010ffff")


def _load(name: str, word_set: list[str] | tuple[str, ...]) -> None:
    """Give nlpo3 the words as dictionary ``name`` (it reads a dictionary only from a file)."""
    import nlpo3

    with tempfile.TemporaryDirectory(prefix="ita-words-") as tmp:
        path = Path(tmp) / "words.txt"
        path.write_text("\n".join(word_set), encoding="utf-8")
        message, ok = nlpo3.load_dict(str(path), name)
    if not ok and "already" not in message.lower():
        raise RuntimeError(f"nlpo3 could not load the Thai word list: {message}")


def _nlpo3_dict() -> str:
    """The whole word list in nlpo3 (once per process)."""
    with _load_lock:
        if not _loaded.full:
            _load(_FULL, word_list())
            _loaded.full = True
    return _FULL


def _partial(found: set[str]) -> str:
    """A dictionary of ``found`` (caller holds the lock), or the whole list past the bound."""
    if _loaded.partial_words + len(found) > len(word_list()):
        return _nlpo3_dict()
    name = f"ita-desktop-words-{next(_names)}"  # never a name nlpo3 already holds
    _load(name, sorted(found))
    _loaded.dicts.append((name, frozenset(found)))
    _loaded.partial_words += len(found)
    return name


def prepare(texts: list[str]) -> None:
    """Load the words of ``texts`` (all a render will segment, as far as it knows) as one small
    dictionary, so that segmenting them needs no load of the whole list."""
    texts = [t for t in texts if t and t not in _loaded.by_text]
    with _load_lock:
        if _loaded.full or not texts:
            return
        if sum(map(len, texts)) > _PARTIAL_CHARS:
            _nlpo3_dict()
            return
        name = _partial(words_in(texts))
        _loaded.by_text.update(dict.fromkeys(texts, name))


def _dict_for(text: str) -> str:
    """An nlpo3 dictionary that holds every word occurring in ``text``."""
    with _load_lock:
        if _loaded.full:
            return _FULL
        name = _loaded.by_text.get(text)
        if name is not None:
            return name
        if len(text) > _PARTIAL_CHARS:
            return _nlpo3_dict()
        found = words_in([text])
        for name, held in reversed(_loaded.dicts):
            if found <= held:
                return name
        return _partial(found)


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

    toks = nlpo3.segment(text, _dict_for(text), False, False)
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
