"""A Thai test corpus for the line breaker, and a check of every break it makes.

The words come from sources that ship with PyThaiNLP (a test dependency): frequent words of the
Thai National Corpus, its English-Thai transliteration list (loanwords), Thai Wikipedia titles
(names of places, agencies, people), plus the app's own term list (ita_desktop/data/words). Paragraphs
are these words run together, phrases separated by spaces as Thai is written. Each break of the
line breaker is judged by the oracle's rule (``pdfcheck``: at a space, at a pythainlp newmm
boundary, or at a compound joint of dictionary words); lines marked ``forced`` (no dictionary
point fitted the line) are counted apart, and so are breaks that newmm finds only once its
dictionary holds the app's terms (PyThaiNLP lacks สเปรดชีต, so it does not see เบลด|สเปรดชีต).
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .pdfcheck import cluster_unsafe, dictionary_break_ok, newmm_boundaries

THAI = frozenset(chr(c) for c in range(0x0E01, 0x0E4F))


def _thai_word(w: str, lo: int = 2, hi: int = 30) -> bool:
    return lo <= len(w) <= hi and all(c in THAI for c in w) and w[0] not in "\u0e30\u0e31\u0e32"


def general_words(limit: int = 4000) -> tuple[list[str], list[int]]:
    """Frequent words of the Thai National Corpus with their frequencies."""
    from pythainlp.corpus import tnc

    pairs = sorted(((w, f) for w, f in tnc.word_freqs() if _thai_word(w) and f >= 20),
                   key=lambda x: (-x[1], x[0]))[:limit]
    return [w for w, _ in pairs], [f for _, f in pairs]


def loanwords() -> list[str]:
    """PyThaiNLP's English-Thai transliterations (about 3,800 loanwords)."""
    import pythainlp.corpus

    path = Path(pythainlp.corpus.__file__).with_name("th_en_transliteration_v1.4.tsv")
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return sorted({r.split("\t")[0] for r in rows if _thai_word(r.split("\t")[0])})


def wiki_names(n: int, seed: int = 1) -> list[str]:
    """``n`` Thai Wikipedia titles of Thai letters only (names, agencies, places)."""
    from pythainlp.corpus import thai_wikipedia_titles

    titles = sorted(t for t in thai_wikipedia_titles() if _thai_word(t, 4, 24))
    return random.Random(seed).sample(titles, n)


@functools.cache
def app_terms() -> list[str]:
    from ita_desktop.core.render import thaidict

    return sorted(thaidict.terms())


@functools.cache
def _terms_trie():
    from pythainlp.corpus import thai_words
    from pythainlp.util import dict_trie

    return dict_trie(set(thai_words()) | set(app_terms()))


@functools.lru_cache(maxsize=4096)
def newmm_terms_boundaries(text: str) -> frozenset[int]:
    """newmm's boundaries when its dictionary also holds the app's term list."""
    from pythainlp.tokenize import word_tokenize

    pos, out = 0, set()
    for tok in word_tokenize(text, custom_dict=_terms_trie(), engine="newmm",
                             keep_whitespace=True):
        pos += len(tok)
        out.add(pos)
    return frozenset(out)


@dataclass
class Corpus:
    paragraphs: list[str]
    # per paragraph: (start, end, source) of every word taken from a loanword/name list
    spans: list[list[tuple[int, int, str]]]
    words: int
    counts: dict[str, int]


def build(special: dict[str, list[str]], general: int, seed: int = 10,
          para_words: tuple[int, int] = (80, 200)) -> Corpus:
    """Paragraphs holding every word of each ``special`` list once (shuffled) and ``general``
    frequent words in between."""
    rng = random.Random(seed)
    gw, gf = general_words()
    items: list[tuple[str, str]] = [(w, src) for src, ws in special.items() for w in ws]
    items += [(w, "general") for w in rng.choices(gw, gf, k=general)]
    rng.shuffle(items)
    paragraphs, spans = [], []
    i = 0
    while i < len(items):
        n = rng.randint(*para_words)
        text, sp = [], []
        pos = 0
        for w, src in items[i:i + n]:
            if text and rng.random() < 0.12:
                text.append(" ")
                pos += 1
            text.append(w)
            if src != "general":
                sp.append((pos, pos + len(w), src))
            pos += len(w)
        paragraphs.append("".join(text))
        spans.append(sp)
        i += n
    counts = {src: len(ws) for src, ws in special.items()} | {"general": general}
    return Corpus(paragraphs, spans, len(items), counts)


@dataclass
class Tally:
    breaks: int = 0
    at_space: int = 0
    newmm: int = 0
    compound: int = 0
    forced: int = 0
    off_boundary: list[str] = field(default_factory=list)  # not forced, not at a word boundary
    # off newmm's boundaries with PyThaiNLP's words alone, on them once the app's terms are added
    # (a break just before or after a listed loanword that PyThaiNLP lacks)
    term_edge: list[str] = field(default_factory=list)
    forced_off_boundary: int = 0
    inside: dict[str, list[str]] = field(default_factory=dict)  # break inside a listed word
    lines: int = 0


def check_breaks(corpus: Corpus, width: float, break_paragraph: Callable,
                 font: str = "ITA-Sarabun", size: float = 12.0) -> Tally:
    """Lay out every paragraph at ``width`` points and judge each line break."""
    t = Tally()
    for text, spans in zip(corpus.paragraphs, corpus.spans, strict=True):
        lines = break_paragraph(text, font, size, width)
        t.lines += len(lines)
        pos = 0
        for line in lines[:-1]:
            drawn = "".join(p.text for p in line.pieces)
            assert text.startswith(drawn, pos), (text[pos:pos + 40], drawn)
            pos += len(drawn)
            b = pos
            while pos < len(text) and text[pos] in " \t":
                pos += 1
            t.breaks += 1
            ctx = f"{text[max(0, b - 15):b]}|{text[b:b + 15]}"
            if pos > b:
                t.at_space += 1
                continue
            forced = getattr(line, "forced", False)  # older layouts have no such mark
            t.forced += forced
            for s, e, src in spans:
                if s < b < e:
                    t.inside.setdefault(src, []).append(ctx + (" (forced)" if forced else ""))
            if cluster_unsafe(text, b):
                ok = False
            elif b in newmm_boundaries(text):
                ok = True
                t.newmm += not forced
            elif dictionary_break_ok(text, b):
                ok = True
                t.compound += not forced
            else:
                ok = False
            if not ok:
                if forced:
                    t.forced_off_boundary += 1
                elif b in newmm_terms_boundaries(text):
                    t.term_edge.append(ctx)
                else:
                    t.off_boundary.append(ctx)
        assert pos + sum(len(p.text) for p in lines[-1].pieces) <= len(text)
    return t
