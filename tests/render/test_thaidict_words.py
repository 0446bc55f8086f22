"""nlpo3 given only the words that occur in a text segments it as with the whole word list
(``thaidict.prepare`` / ``words_in``: the 0.2-0.4 s load of the whole list left every render)."""

from __future__ import annotations

import random

import nlpo3

from ita_desktop.core.render import thaidict


def _paragraphs(n: int, seed: int) -> list[str]:
    """Words of the list run together (a few mistyped, a few unknown), phrases between spaces,
    some Latin and digits: what clerks type."""
    rng = random.Random(seed)
    pool = list(thaidict.word_list())
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(3, 40)):
            w = rng.choice(pool)
            r = rng.random()
            if r < 0.05 and len(w) > 3:
                w = w[:-1]  # a cut word: newmm's unknown-word path
            elif r < 0.08:
                w = rng.choice(["ITA", "2567", "๒๕๖๗", "www.example.go.th", "(OIT)", "ๆ"])
            parts.append(w + (" " if rng.random() < 0.2 else ""))
        out.append("".join(parts))
    return out


def _brute_force(text: str) -> set[str]:
    known = thaidict.words()
    return {text[i:j] for i in range(len(text)) for j in range(i + 1, min(len(text), i + 90) + 1)
            if text[i:j] in known}


def test_words_in_finds_every_word_that_occurs() -> None:
    texts = _paragraphs(30, seed=3)
    assert thaidict.words_in(texts) == set().union(*map(_brute_force, texts))
    assert thaidict.words_in(["abc 123", ""]) == _brute_force("abc 123")


def test_a_dictionary_of_the_words_in_the_texts_segments_as_the_whole_list() -> None:
    texts = _paragraphs(400, seed=7) + [t for t in sorted(thaidict.terms())[:300]]
    name = "test-partial-words"
    thaidict._load(name, sorted(thaidict.words_in(texts)))
    full = thaidict._nlpo3_dict()
    for text in texts:
        assert nlpo3.segment(text, name, False, False) == nlpo3.segment(text, full, False, False)


def test_segmentation_is_the_same_before_and_after_prepare() -> None:
    """A text outside what ``prepare`` was given still gets a dictionary of all its words."""
    texts = _paragraphs(40, seed=11)
    full = thaidict._nlpo3_dict()
    expected = {t: nlpo3.segment(t, full, False, False) for t in texts}
    saved = thaidict._loaded
    thaidict._loaded = thaidict._Loaded()
    try:
        thaidict.prepare(texts[:20])
        for t in texts:
            assert nlpo3.segment(t, thaidict._dict_for(t), False, False) == expected[t]
        assert not thaidict._loaded.full and thaidict._loaded.dicts
    finally:
        thaidict._loaded = saved
