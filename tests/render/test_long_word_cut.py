"""A word without break opportunities (a pasted URL or code, thousands of characters) is cut
line by line in time linear in the line (issue 21, item 5): it used to be shaped whole again
after every cut (a 20,000-character Latin word took 94 s and 2 GB to print)."""

from __future__ import annotations

import random

from ita_desktop.core.render import linebreak
from ita_desktop.core.render.fonts import REGULAR


def _word(n: int, seed: int = 1) -> str:
    rnd = random.Random(seed)
    return "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(n))


def test_long_word_lines_fit_and_keep_the_text():
    word = _word(3000)
    lines = linebreak.break_paragraph(word, REGULAR, 12.0, 137.5)
    assert "".join(p.text for ln in lines for p in ln.pieces) == word
    assert all(ln.width <= 137.5 + 0.01 for ln in lines)
    assert all(ln.forced for ln in lines[:-1])
    # each line is as long as it can be: one more character would not fit
    for ln, nxt in zip(lines, lines[1:], strict=False):
        head = "".join(p.text for p in ln.pieces)
        wider = head + "".join(p.text for p in nxt.pieces)[:1]
        assert linebreak.measure(wider, REGULAR, 12.0)[1] > 137.5


def test_long_word_is_not_shaped_whole_after_each_cut():
    linebreak.measure.cache_clear()
    word = _word(6000, seed=2)
    lines = linebreak.break_paragraph(word, REGULAR, 12.0, 137.5)
    info = linebreak.measure.cache_info()
    assert len(lines) > 100
    # a few measured heads per line, not a shaping of the whole rest (which is > 6000 / 2
    # characters on average) after every cut
    assert info.currsize < 8 * len(lines)
    assert sum(len(text) for text in _measured_texts()) < 40 * len(word)


def _measured_texts() -> list[str]:
    # the strings measure() saw: lru_cache keeps its keys in the wrapper's closure; count
    # them through a second layout with a counting wrapper instead
    seen: list[str] = []
    original = linebreak.measure

    def counting(text: str, font_name: str, size: float):  # noqa: ANN202
        seen.append(text)
        return original(text, font_name, size)

    linebreak.measure = counting  # type: ignore[assignment]
    try:
        linebreak.break_paragraph.__wrapped__(_word(6000, seed=3), REGULAR, 12.0, 137.5)
    finally:
        linebreak.measure = original  # type: ignore[assignment]
    return seen
