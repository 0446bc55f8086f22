"""A Thai word list to catch ICU's guesses around words its dictionary lacks.

ICU's line breaker is right almost everywhere, but next to a word missing from its dictionary
(loanwords such as อินโฟกราฟิก) it guesses, and glues a neighbour's final consonant to the unknown
word: รูปแบบอินโฟกราฟิก came out as รูป|แบ|บอินโฟ|กราฟิก, ของอินโฟ as ขอ|งอินโฟ. Such a piece
cannot be written as dictionary words, so the breaks around it are not offered to the line
breaker (see ``linebreak``). The list is PyThaiNLP's ``words_th.txt`` (CC0-1.0, 62k words).
"""

from __future__ import annotations

import gzip
from functools import cache, lru_cache
from pathlib import Path

_LIST = Path(__file__).with_name("thai_words.txt.gz")
_MAX_WORD = 40


@cache
def words() -> frozenset[str]:
    with gzip.open(_LIST, "rt", encoding="utf-8") as fh:
        return frozenset(w for w in fh.read().split("\n") if w)


def is_thai_letter(ch: str) -> bool:
    # consonants, vowels and marks; not digits, ฯ, ๆ or the currency sign
    return "\u0e01" <= ch <= "\u0e4e" and ch not in "\u0e2f\u0e3f\u0e46"


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


@lru_cache(maxsize=65536)
def plausible(segment: str) -> bool:
    """False for a piece of text whose Thai letters cannot be dictionary words."""
    run: list[str] = []
    for ch in segment + " ":
        if is_thai_letter(ch):
            run.append(ch)
        elif run:
            if not writable_as_words("".join(run)):
                return False
            run = []
    return True
