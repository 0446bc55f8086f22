"""Checks of a rendered PDF, adapted from the project's Thai PDF oracle (../shared/tools) so the
tests run on a fresh clone: no .notdef glyphs, extracted text equals the typed text, every line
break inside a unit at a space or a word boundary of pythainlp's newmm (not the ICU breaker the
renderer uses).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

import pymupdf

_ZW = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_TONES = "\u0e48\u0e49\u0e4a\u0e4b"
_NIK_TONE = re.compile("\u0e4d([" + _TONES + "])")
_NONSTART = set("\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e45"
                "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
_LEADING = set("\u0e40\u0e41\u0e42\u0e43\u0e44")


def thai_norm(s: str) -> str:
    """NFC, zero-width characters dropped, SARA AM decomposed as shapers draw it."""
    s = unicodedata.normalize("NFC", s.translate(_ZW))
    s = s.replace("\u0e33", "\u0e4d\u0e32")
    return _NIK_TONE.sub(lambda m: m.group(1) + "\u0e4d", s)


def recomposed(s: str) -> str:
    s = unicodedata.normalize("NFC", s.translate(_ZW))
    s = re.sub("\u0e4d([" + _TONES + "]?)\u0e32", lambda m: m.group(1) + "\u0e33", s)
    return re.sub("([" + _TONES + "])\u0e4d\u0e32", lambda m: m.group(1) + "\u0e33", s)


def squash(s: str) -> tuple[str, list[int]]:
    out, idx = [], []
    for i, ch in enumerate(s):
        if not ch.isspace():
            out.append(ch)
            idx.append(i)
    return "".join(out), idx


@functools.cache
def _newmm():
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_tokenize

    return (lambda t: word_tokenize(t, engine="newmm", keep_whitespace=True)), thai_words()


@functools.lru_cache(maxsize=4096)
def newmm_boundaries(text: str) -> frozenset[int]:
    tok, _ = _newmm()
    pos, out = 0, set()
    for t in tok(text):
        pos += len(t)
        out.add(pos)
    return frozenset(out - {0, len(text)})


def _all_words(s: str) -> bool:
    tok, words = _newmm()
    toks = [t for t in tok(s) if t.strip()]

    def word(t: str) -> bool:
        if not any("\u0e01" <= c <= "\u0e2e" for c in t):
            return True  # digits, Latin, punctuation
        return t in words and len(t) >= 2

    return bool(toks) and all(word(t) for t in toks)


def dictionary_break_ok(text: str, b: int) -> bool:
    """A compound joint (ผล|การ): both sides of the break inside newmm's token are words."""
    if text[b - 1].isdigit() and (text[b].isdigit() or text[b] in ".,"):
        return False
    bounds = sorted(newmm_boundaries(text) | {0, len(text)})
    a = max(x for x in bounds if x < b)
    c = min(x for x in bounds if x > b)
    return _all_words(text[a:b]) and _all_words(text[b:c])


def cluster_unsafe(text: str, b: int) -> bool:
    nxt, prv = text[b], text[b - 1]
    return nxt in _NONSTART or unicodedata.combining(nxt) > 0 or prv in _LEADING


@dataclass
class Unit:
    raw: str
    repeat: bool = False
    rec: str = ""
    norm: str = ""
    n2r: list[int] = field(default_factory=list)
    sq: str = ""
    sqmap: list[int] = field(default_factory=list)
    pos: int = 0
    started: bool = False
    breaks: list[tuple[int, int]] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rec = recomposed(self.raw)
        self.norm = thai_norm(self.rec)
        for i, ch in enumerate(self.rec):
            self.n2r.extend([i] * (2 if ch == "\u0e33" else 1))
        self.sq, self.sqmap = squash(self.norm)

    @property
    def done(self) -> bool:
        return self.pos >= len(self.sq)


def notdef_problems(doc: pymupdf.Document) -> list[str]:
    problems = []
    for pno, page in enumerate(doc, 1):
        for span in page.get_texttrace():
            for ch in span["chars"]:
                if ch[1] == 0 and not chr(ch[0]).isspace():
                    problems.append(f"page {pno}: .notdef glyph for U+{ch[0]:04X}")
        for c in page.get_text():
            o = ord(c)
            if o == 0xFFFD or 0xE000 <= o <= 0xF8FF or (o < 32 and c not in "\n\t\r"):
                problems.append(f"page {pno}: unmapped character U+{o:04X} in extracted text")
    return problems


def lines(doc: pymupdf.Document, ignore_actualtext: bool = False):
    flags = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES
    if ignore_actualtext:
        flags |= pymupdf.TEXT_IGNORE_ACTUALTEXT
    for pno, page in enumerate(doc, 1):
        for b in page.get_text("dict", flags=flags, sort=False)["blocks"]:
            for ln in b.get("lines", []):
                text = "".join(s["text"] for s in ln["spans"])
                if text.strip():
                    yield pno, text, ln["bbox"]


@dataclass
class Result:
    units: list[Unit]
    problems: list[str]


def check(doc: pymupdf.Document, repeats: list[str], texts: list[str], ignore: str,
          ignore_actualtext: bool = False) -> Result:
    """Match the extracted lines to the expected units (see the oracle for the rules) and
    check every line break inside a unit."""
    rx = re.compile(ignore)
    plain = [Unit(t) for t in texts]
    reps = [Unit(t, repeat=True) for t in repeats]
    problems: list[str] = []
    order: list[Unit] = []
    nxt = 0
    cur_page, page_has_body = -1, False
    for pno, text, _ in lines(doc, ignore_actualtext):
        if rx.fullmatch(text.strip()):
            continue
        if pno != cur_page:
            cur_page, page_has_body = pno, False
        rest, lmap = squash(thai_norm(text).strip())
        spaced = {k for k in range(1, len(rest)) if lmap[k] - lmap[k - 1] > 1}
        consumed = 0
        while rest:
            cands = [u for u in order if u.started and not u.done]
            while nxt < len(plain) and plain[nxt].started:
                nxt += 1
            if nxt < len(plain):
                cands.append(plain[nxt])
            rep_c = [u for u in reps if u not in cands]
            cands = (rep_c + cands) if not page_has_body else (cands + rep_c)
            hit = None
            for u in cands:
                start = u.pos if (u.started and not u.done) else 0
                remaining = u.sq[start:]
                if remaining and (rest.startswith(remaining) or remaining.startswith(rest)):
                    hit = (u, start)
                    break
            if hit is None:
                problems.append(f"page {pno}: unexpected text {rest[:60]!r}")
                break
            u, start = hit
            if not u.repeat:
                page_has_body = True
            if u.done and u.repeat:
                u.pos = 0
            if not u.started or (u.repeat and start == 0):
                u.started = True
                if u not in order:
                    order.append(u)
            n = min(len(rest), len(u.sq) - start)
            for k in range(consumed + 1, consumed + n):
                if k in spaced:
                    ui = start + (k - consumed)
                    if not u.sqmap[ui] - u.sqmap[ui - 1] > 1:
                        problems.append(f"page {pno}: visible space where the text has none "
                                        f"in {u.raw[:30]!r}")
            u.pos = start + n
            u.pages.append(pno)
            rest = rest[n:]
            consumed += n
            if not rest and not u.done:
                u.breaks.append((u.pos, pno))
    for u in plain:
        if not u.done:
            problems.append(f"missing text: {u.raw[:40]!r} ({u.pos}/{len(u.sq)} characters)")
    problems += break_problems(plain + reps)
    return Result(plain, problems)


def break_problems(units: list[Unit]) -> list[str]:
    problems = []
    for u in units:
        for sqpos, page in u.breaks:
            bn = u.sqmap[sqpos]
            ctx = f"{u.norm[max(0, bn - 15):bn]}|{u.norm[bn:bn + 15]}"
            if u.norm[bn - 1].isspace():
                continue
            if cluster_unsafe(u.norm, bn) or u.n2r[bn] == u.n2r[bn - 1]:
                problems.append(f"page {page}: line break splits a Thai cluster: {ctx!r}")
                continue
            b = u.n2r[bn]
            if b in newmm_boundaries(u.rec) or dictionary_break_ok(u.rec, b):
                continue
            problems.append(f"page {page}: line break not on a word boundary: {ctx!r}")
    return problems
