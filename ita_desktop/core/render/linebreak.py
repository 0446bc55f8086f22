"""Line breaking: Thai lines break only between words, measured with the shaped widths.

Thai has no spaces between words, and ReportLab's own wrapping breaks mid-word (or, given
zero-width spaces, prints visible gaps). So lines are chosen here. A break is allowed at a space,
or where ICU's line BreakIterator (Thai locale, dictionary based; it also keeps brackets and
numbers together) and a dictionary segmentation with PyThaiNLP's word list and the added terms
(``thaidict``) agree: ICU alone cuts loanwords into syllables (อ็อบ|เจกต์). HarfBuzz widths
decide how many words fit. Only when no allowed break fits a line (a word wider than the column)
is a word cut, and the line is marked ``forced``: first at an ICU break inside a word no
dictionary has (a syllable), else after URL punctuation, else between grapheme clusters (never
before a Thai mark or after a leading vowel).
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import icu

from .fonts import font
from .shaping import Run, hb_shaped, is_invisible, shape
from .thaidict import LETTERS, break_allowed, segmentation, syllable_break

_SPACES = " \t\u3000"
_TAB_SPACES = 4
# never break before these (they attach to the preceding consonant) ...
_NONSTART = frozenset("\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a"
                      "\u0e45\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
# ... nor after these (leading vowels are written before the consonant they follow in speech)
_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
_URL_BREAK_AFTER = frozenset("/.-_?&=#:,;~+@")
_local = threading.local()
_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Piece:
    """A word (drawn inside one ActualText span) or the whitespace after it."""

    text: str
    runs: tuple[Run, ...]
    width: float  # points
    space: bool = False


@dataclass(frozen=True, slots=True)
class Line:
    pieces: tuple[Piece, ...]
    indent: float  # points from the left edge of the text area
    width: float
    forced: bool = False  # ends inside a word: no allowed break fitted the line


def _line_iterator() -> icu.BreakIterator:
    it = getattr(_local, "it", None)
    if it is None:
        it = _local.it = icu.BreakIterator.createLineInstance(icu.Locale("th"))
    return it


def _filtered(text: str, pieces: tuple[str, ...], strict: bool = True) -> list[str]:
    """``pieces`` (ICU's) joined across each break between two Thai letters that the dictionary
    segmentation does not allow (``thaidict.break_allowed``; not ``strict``:
    ``thaidict.syllable_break``); breaks at spaces, punctuation, digits and script changes are
    ICU's alone."""
    return list(_pieces(text, tuple(accumulate(map(len, pieces[:-1]))), pieces, strict))


def _pieces(text: str, breaks: tuple[int, ...], pieces: tuple[str, ...],
            strict: bool = True) -> tuple[str, ...]:
    """``_filtered`` on ICU's break offsets (``breaks``, inside the text, ascending). Set
    operations in C first: ICU and newmm agree on almost every break, so only the few breaks
    that are not a plain token edge are looked at one by one (this runs for every paragraph of
    a report: issue 10 allows 10 % of the render time for the whole check)."""
    if not breaks:
        return pieces
    for b in breaks:
        if text[b - 1] in LETTERS and text[b] in LETTERS:
            break
    else:
        return pieces  # no break between Thai letters: nothing to check
    try:
        seg = segmentation(text)
    except (ImportError, OSError, RuntimeError) as exc:
        # no temp folder or a broken install must not stop a print: ICU's breaks, as before
        _log.warning("Thai dictionary check of line breaks unavailable: %s", exc)
        return pieces
    icu = set(breaks)
    doubtful = icu - seg.edges
    if strict and seg.inner:
        doubtful |= icu & seg.inner
    rule = break_allowed if strict else syllable_break
    # a break that is not between two Thai letters is ICU's alone; between letters, the rule
    drop = {b for b in doubtful
            if text[b - 1] in LETTERS and text[b] in LETTERS and not rule(seg, b)}
    if not drop:
        return pieces
    cuts = [0, *(b for b in breaks if b not in drop), len(text)]
    return tuple(text[a:b] for a, b in zip(cuts, cuts[1:], strict=False))


@lru_cache(maxsize=16384)
def segments(text: str) -> tuple[str, ...]:
    """The text cut at its allowed line breaks (each piece keeps its trailing spaces): ICU's
    breaks where the dictionary segmentation agrees (see the module doc)."""
    pieces = icu_segments(text)
    return _pieces(text, tuple(accumulate(map(len, pieces[:-1]))), pieces)


@lru_cache(maxsize=16384)
def icu_segments(text: str) -> tuple[str, ...]:
    """ICU's line-break opportunities, unfiltered."""
    it = _line_iterator()
    # ICU's dictionary loses its way on a word followed directly by MAIYAMOK ("ประโยชน์ๆ" came
    # out as ประ|โย|ชน์ๆ): let it see a space there (same length, so offsets still match); this
    # also keeps ๆ from starting a line
    it.setText(text.replace("\u0e46", " "))
    bounds = [0, *it]
    if text and max(text) > "\uffff":  # ICU counts UTF-16 units; Python counts code points
        u16_to_cp, n = {}, 0
        for i, c in enumerate(text):
            u16_to_cp[n] = i
            n += 2 if ord(c) > 0xFFFF else 1
        u16_to_cp[n] = len(text)
        bounds = [u16_to_cp[b] for b in bounds]
    return tuple(text[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a)


def safe_cut(text: str, i: int) -> bool:
    """May a word be cut before ``text[i]`` without breaking a character cluster?"""
    if i <= 0 or i >= len(text):
        return False
    nxt, prv = text[i], text[i - 1]
    if nxt in _NONSTART or unicodedata.combining(nxt) or prv in _LEADING:
        return False
    if unicodedata.category(nxt) in ("Cf", "Mn", "Me", "Sk") or "\ufe00" <= nxt <= "\ufe0f":
        return False  # joiners, variation selectors, emoji modifiers stay with their base
    return not (prv == "\u200d")


@lru_cache(maxsize=131072)
def measure(text: str, font_name: str, size: float) -> tuple[tuple[Run, ...], float]:
    runs = shape(text, font_name)
    return runs, sum(r.width for r in runs) * size / 1000.0


def _space_piece(text: str, font_name: str, size: float) -> Piece:
    drawn = text.replace("\t", " " * _TAB_SPACES)
    runs, w = measure(drawn, font_name, size)
    return Piece(text, runs, w, space=True)


# The rest of a word longer than this (no break opportunity in thousands of characters: a
# pasted URL, a long code) is not shaped again whole after each line cut from it: that was
# quadratic (a 20,000-character Latin word took 94 s and 2 GB to print).
LONG_WORD = 64
_SOFT_MARGIN = 96  # characters past the cut a long word's soft breaks are looked for in


@lru_cache(maxsize=256)
def _head_estimates(text: str, font_name: str, size: float) -> tuple[float, ...]:
    """About the width in points of ``text[:i]`` for each ``i`` (0..len), from one HarfBuzz
    pass over the whole text: a head shaped alone differs only at its end (a kerning pair, a
    ligature) and where ``shaping.shape`` draws a replacement. Only used to guess where a long
    word's line ends; every cut is then checked with ``measure``."""
    fp = font(font_name)
    buf = hb_shaped(fp, text)
    per_char = [0.0] * (len(text) + 1)
    scale = size / fp.rl.upem
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        if info.cluster < len(text):
            per_char[info.cluster + 1] += pos.x_advance * scale
    return tuple(accumulate(per_char))


def _estimates(word: str, beyond: float, font_name: str, size: float) -> tuple[float, ...]:
    """``_head_estimates`` of the shortest head of ``word`` (a power of two from 64
    characters on) whose estimate passes ``beyond`` points, or of the whole word."""
    n = LONG_WORD
    while True:
        est = _head_estimates(word[:n], font_name, size)
        if n >= len(word) or est[-1] > beyond:
            return est
        n *= 2


def _plain(text: str, font_name: str) -> bool:
    """Every character of ``text`` is drawn from the font as it is (none is replaced or
    invisible), so ``_head_estimates`` is what ``measure`` gives but at the very end."""
    rl = font(font_name).rl
    cmap = rl.face.charToGlyph
    return all(ord(ch) in cmap and ord(ch) not in rl.text_of and ord(ch) not in rl.aliases
               and not is_invisible(ch) and not 0xE000 <= ord(ch) <= 0xF8FF for ch in set(text))


def _cut_long_word(word: str, avail: float, font_name: str, size: float) -> tuple[str, str]:
    """The longest head of ``word`` that fits ``avail`` (at least one cluster), and the rest:
    cut at a syllable of an unknown word if one fits (ICU's own breaks inside a glued piece
    that are not inside a known word), else after URL punctuation, else between clusters.

    In time linear in the line, not in the word: the head that fits is guessed from one
    HarfBuzz pass (``_head_estimates``) and checked with ``measure`` (the longest cut whose
    head fits, the next one's not); measuring every head from the first made each line
    quadratic in its length. The soft breaks are looked for in the word up to
    ``_SOFT_MARGIN`` characters past the cut (the whole word when it is shorter)."""
    est = _estimates(word, avail + size, font_name, size)

    def fits(i: int) -> bool:
        return measure(word[:i], font_name, size)[1] <= avail

    def previous(i: int) -> int:  # the safe cut before i, 0 if none
        return next((j for j in range(i - 1, 0, -1) if safe_cut(word, j)), 0)

    def following(i: int) -> int:  # the safe cut after i, 0 if none
        return next((j for j in range(i + 1, len(word)) if safe_cut(word, j)), 0)

    guess = next((i for i in range(min(len(est), len(word)) - 1, 0, -1)
                  if est[i] <= avail and safe_cut(word, i)), 0)
    best = guess
    while best and not fits(best):
        best = previous(best)
    nxt = following(best)
    while nxt and fits(nxt):
        best, nxt = nxt, following(nxt)
    if best:
        part = word[:best + _SOFT_MARGIN]
        pos, best_soft = 0, 0
        for piece in _filtered(part, icu_segments(part), strict=False)[:-1]:
            pos += len(piece)
            if pos > best:
                break
            if safe_cut(word, pos):
                best_soft = pos
        if best_soft:
            return word[:best_soft], word[best_soft:]
        best_pref = next((i for i in range(best, 0, -1)
                          if word[i - 1] in _URL_BREAK_AFTER and safe_cut(word, i)), 0)
        cut = best_pref if best_pref > best * 0.35 else best
        return word[:cut], word[cut:]
    # not even one cluster fits: take the first cluster anyway
    cut = next((i for i in range(1, len(word)) if safe_cut(word, i)), len(word))
    return word[:cut], word[cut:]


def _rest_measure(word: str, room: float, font_name: str, size: float
                  ) -> tuple[tuple[Run, ...], float]:
    """What is left of a word after a line was cut from it: ``measure(word)``, except when a
    head of it is clearly wider than ``room`` (two ems more, by the estimate, and an em more
    as measured, or as estimated when every character is drawn as it is): then ``((), that
    width)``, and the word is cut again without its whole rest being shaped for every line."""
    est = _estimates(word, room + 2 * size, font_name, size)
    n = next((i for i, w in enumerate(est) if w > room + 2 * size), 0)
    if n:
        if _plain(word[:n], font_name):  # the estimate is the shaped width but at its end
            return (), est[n]
        head = measure(word[:n], font_name, size)[1]
        if head > room + size:  # an em more than the room: the rest cannot fit either
            return (), head
    return measure(word, font_name, size)


@lru_cache(maxsize=131072)
def _seg_pieces(seg: str, font_name: str, size: float) -> tuple[Piece | None, Piece | None]:
    """A segment's word and its trailing whitespace as measured pieces. Cached (pieces are
    immutable): a report repeats its words, and making a piece per occurrence was a good part
    of the layout time that the dictionary check of line breaks had to win back."""
    word = seg.rstrip(_SPACES)
    trail = seg[len(word):]
    return (Piece(word, *measure(word, font_name, size)) if word else None,
            _space_piece(trail, font_name, size) if trail else None)


@lru_cache(maxsize=32768)
def break_paragraph(text: str, font_name: str, size: float, width: float,
                    first_indent: float = 0.0, rest_indent: float = 0.0) -> tuple[Line, ...]:
    """Lay out one paragraph (no newlines inside) in lines no wider than ``width`` points."""
    lines: list[Line] = []
    cur: list[Piece] = []
    x = 0.0
    avail = width - first_indent  # room on this line
    room = avail + 0.01  # what fits (rounding of the widths)

    def flush(forced: bool = False) -> None:
        nonlocal cur, x, avail, room
        while cur and cur[-1].space:  # spaces at a line end are not drawn
            x -= cur.pop().width
        lines.append(Line(tuple(cur), first_indent if not lines else rest_indent, x, forced))
        cur, x = [], 0.0
        avail = width - rest_indent
        room = avail + 0.01

    for seg in segments(text):
        piece, space = _seg_pieces(seg, font_name, size)
        if piece is not None:
            w = piece.width
            if cur and x + w > room:
                flush()
            if w > room and len(piece.text) > 1:
                word, runs = piece.text, piece.runs
                while w > room and len(word) > 1:
                    head, word = _cut_long_word(word, avail - x, font_name, size)
                    if not word:
                        word = head
                        runs, w = measure(word, font_name, size)
                        break
                    hr, hw = measure(head, font_name, size)
                    cur.append(Piece(head, hr, hw))
                    x += hw
                    flush(forced=True)
                    runs, w = _rest_measure(word, room, font_name, size)
                piece = Piece(word, runs, w)
            cur.append(piece)
            x += w
        if space is not None:
            cur.append(space)
            x += space.width
    if cur or not lines:
        flush()
    return tuple(lines)
