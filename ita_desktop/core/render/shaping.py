"""Shaping with HarfBuzz: glyphs, positions and widths of a piece of text in a bundled font.

Every width used to break lines comes from here, and the same shaped glyphs are drawn, so a
line never ends up wider than what was measured. Results are cached per (font, text): a report
repeats its words a lot.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import uharfbuzz as hb

from .fonts import FALLBACK, font

# Drawn as nothing (they still reach copy/paste through ActualText): zero-width characters,
# variation selectors, soft hyphen, controls.
_INVISIBLE = frozenset(
    [chr(c) for c in range(0x20)] + ["\x7f", "\u00ad", "\u034f", "\u061c", "\u180e"]
    + [chr(c) for c in range(0x200B, 0x2010)] + [chr(c) for c in range(0x2028, 0x202F)]
    + [chr(c) for c in range(0x2060, 0x2070)] + [chr(c) for c in range(0xFE00, 0xFE10)]
    + ["\ufeff"])
REPLACEMENT = "?"  # the declared replacement for characters no bundled font can draw
_FEATURES = {"kern": True, "liga": True}


@dataclass(frozen=True, slots=True)
class Run:
    """Shaped text in one font. ``glyphs``: (code, x_advance, x_offset, y_offset) in 1/1000 em,
    ``code`` being the code point ReportLab draws the glyph with."""

    font: str
    glyphs: tuple[tuple[int, float, float, float], ...]
    width: float  # 1/1000 em
    # (first glyph, end glyph, text): glyph ranges whose ToUnicode text is not the typed text
    # (SARA AM drawn as NIKHAHIT + SARA AA, replaced characters); drawn with /ActualText
    actual: tuple[tuple[int, int, str], ...] = ()


def is_invisible(ch: str) -> bool:
    return ch in _INVISIBLE or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


def _can_draw(font_name: str, ch: str) -> bool:
    code = ord(ch)
    if 0xE000 <= code <= 0xF8FF:
        return False  # typed private-use characters mean nothing in print
    rl = font(font_name).rl
    return code in rl.face.charToGlyph and code not in rl.text_of and code not in rl.aliases


def _is_replaced(font_name: str, ch: str) -> bool:
    """True for characters drawn as the declared replacement (no bundled font has them)."""
    if is_invisible(ch) or ch.isspace():
        return False
    if unicodedata.combining(ch) and "\u0e00" <= ch <= "\u0e7f":
        return False  # Thai marks are in the font; HarfBuzz gives them a dotted base if needed
    return not _can_draw(font_name, ch)


# per font, characters neither replaced nor invisible (what ``_is_replaced`` and ``is_invisible``
# say of a character does not change: a code the font lacks stays lacking once aliased)
_plain_chars: dict[str, set[str]] = {}


@lru_cache(maxsize=262144)
def shape(text: str, font_name: str) -> tuple[Run, ...]:
    """Shape ``text`` (no line breaks inside) into runs. Characters the font lacks print as the
    declared replacement; invisible characters print as nothing."""
    plain = _plain_chars.setdefault(font_name, set())
    if plain.issuperset(text):  # the usual case: every character drawn by the font itself
        return (_shape_plain(text, font_name),) if text else ()
    runs: list[Run] = []
    start = i = 0
    pieces: list[tuple[str, bool]] = []  # (text, replaced?)
    while i < len(text):
        ch = text[i]
        rep = _is_replaced(font_name, ch)
        if rep or is_invisible(ch):
            if i > start:
                pieces.append((text[start:i], False))
            end = _sequence_end(text, i) if rep else i + 1
            if rep:
                pieces.append((text[i:end], True))
            start = i = end
        else:
            plain.add(ch)
            i += 1
    if start < len(text):
        pieces.append((text[start:], False))
    for piece, replaced in pieces:
        runs.append(_replacement(piece, font_name) if replaced else _shape_plain(piece, font_name))
    return tuple(runs)


def _sequence_end(text: str, i: int) -> int:
    """End of the emoji sequence starting at ``i`` (modifiers, variation selectors, tags and
    ZWJ-joined parts belong to it): it prints as one replacement."""
    j = i + 1
    while j < len(text):
        c = ord(text[j])
        if text[j - 1] == "\u200d" or 0x1F3FB <= c <= 0x1F3FF or 0xE0020 <= c <= 0xE007F \
                or 0xFE00 <= c <= 0xFE0F or c in (0x200D, 0x20E3):
            j += 1
        elif 0x1F1E6 <= c <= 0x1F1FF and 0x1F1E6 <= ord(text[j - 1]) <= 0x1F1FF and j == i + 1:
            j += 1  # a flag: two regional indicators
        else:
            break
    return j


def _replacement(seq: str, font_name: str) -> Run:
    """One glyph for ``seq`` (a character Sarabun lacks, with its modifiers): the fallback
    font's glyph for its first character, else the declared replacement. It is drawn with the
    first character's code point (so ToUnicode returns it); ActualText carries the sequence.
    Private-use and U+FFFD characters mean nothing in print: they become a plain "?"."""
    fb = font(FALLBACK).rl
    code = ord(seq[0])
    meaningless = 0xE000 <= code <= 0xF8FF or code >= 0xF0000 or code == 0xFFFD
    if not meaningless and code in fb.face.charToGlyph and code not in fb.aliases:
        width = fb.face.getCharWidth(code)
        actual = ((0, 1, seq),) if len(seq) > 1 else ()
        return Run(FALLBACK, ((code, width, 0.0, 0.0),), width, actual)
    fp = font(font_name)
    rep_code = ord(REPLACEMENT)
    width = fp.rl.face.getCharWidth(rep_code)
    if meaningless:
        return Run(font_name, ((rep_code, width, 0.0, 0.0),), width)
    fp.rl.alias(code, fp.rl.face.charToGlyph[rep_code], width)
    return Run(font_name, ((code, width, 0.0, 0.0),), width, ((0, 1, seq),))


# Legacy Thai fonts put positioned marks at U+F700–U+F71A (text pasted from old documents
# still carries them). No library maps them back, so this table does: each is the shaped form
# of one Thai character, which HarfBuzz positions properly.
_LEGACY_PUA = dict(zip(range(0xF700, 0xF71B), (
    "\u0e10\u0e34\u0e35\u0e36\u0e37\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e48\u0e49\u0e4a\u0e4b"
    "\u0e4c\u0e0d\u0e31\u0e4d\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e38\u0e39\u0e3a"),
    strict=True))


def display_text(text: str) -> str:
    """Typed text as it is printed: legacy Thai private-use marks become Thai characters."""
    if text and max(text) >= "\uf700":
        return text.translate(_LEGACY_PUA)
    return text


def hb_shaped(fp: Any, text: str) -> hb.Buffer:
    """``text`` shaped by HarfBuzz in font ``fp``, one cluster per character kept apart."""
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(fp.hb, buf, _FEATURES)
    return buf


def _shape_plain(text: str, font_name: str) -> Run:
    fp = font(font_name)
    buf = hb_shaped(fp, text)
    infos, positions = buf.glyph_infos, buf.glyph_positions
    scale = 1000.0 / fp.rl.upem
    clusters = [info.cluster for info in infos]
    glyphs: list[tuple[int, float, float, float]] = []
    actual = []
    width = 0.0
    i = 0
    n = len(infos)
    code_of_gid = fp.rl._code_of_gid
    while i < n:  # one cluster (glyphs sharing a cluster value) at a time
        j = i + 1
        while j < n and clusters[j] == clusters[i]:
            j += 1
        end = clusters[j] if j < n else len(text)
        cluster_text = text[clusters[i]:end]
        if j == i + 1 and len(cluster_text) == 1:
            code = code_of_gid.get(infos[i].codepoint)
            if code is not None and chr(code) == cluster_text and code != 0x0E33:
                # one glyph the cmap gives for its own character: no leftover text, drawn with
                # that code point, extracted as typed (what the general path below finds)
                pos = positions[i]
                adv = pos.x_advance * scale
                glyphs.append((code, adv, pos.x_offset * scale, pos.y_offset * scale))
                width += adv
                i = j
                continue
        leftover = _leftover(cluster_text, [fp.rl.real_code(infos[k].codepoint)
                                            for k in range(i, j)])
        for k in range(i, j):
            adv = positions[k].x_advance * scale
            code = fp.rl.code_for(infos[k].codepoint, leftover or cluster_text, adv)
            glyphs.append((code, adv, positions[k].x_offset * scale,
                           positions[k].y_offset * scale))
            width += adv
        extracted = "".join(fp.rl.text_for(g[0]) for g in glyphs[i:j])
        if extracted != cluster_text:
            actual.append((i, j, cluster_text))
        i = j
    return Run(font_name, tuple(glyphs), width, tuple(actual))


def _leftover(cluster_text: str, real: list[int | None]) -> str:
    """What the cluster's glyphs without a cmap character stand for: its text (SARA AM
    decomposed, as drawn) less the characters its other glyphs already give."""
    rest = list(cluster_text.replace("\u0e33", "\u0e4d\u0e32"))
    for code in real:
        if code is not None and chr(code) in rest:
            rest.remove(chr(code))
    return "".join(rest)


def width(text: str, font_name: str, size: float) -> float:
    """Shaped width of ``text`` in points."""
    return sum(r.width for r in shape(text, font_name)) * size / 1000.0
