"""Undo steps for typed text, as a word processor makes them.

Autosave hands the session a field's whole text a moment after each pause in typing (at
least every 0.7 s while typing goes on), so one save may hold several words and one long
burst of typing many saves. Left alone, the undo history would hold one step per save or,
merged by time, one whole paragraph. Here a save is cut into steps at word ends (a word and
the spaces after it; Enter ends a step too) and a step is joined by the next save only while
the same kind of typing goes on in the same place without a pause. A step also ends after
``MAX_STEP`` characters, for long runs typed without spaces (Thai writes words together).

Pure functions (no Qt): ``session.update_entry`` uses them; the tests drive them directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

PAUSE_SECONDS = 1.0  # a pause in typing longer than this starts a new step
MAX_STEP = 40  # characters typed without a space: then a new step starts anyway

Kind = Literal["insert", "delete", "replace"]
_WORD = re.compile(r"[^\s]*\s+|[^\s]+$")  # a word and the blanks after it (or a last word)


@dataclass(frozen=True)
class Edit:
    """``old`` became ``new`` by replacing ``old[start:old_end]`` with ``inserted``."""
    old: str
    new: str
    start: int
    old_end: int
    inserted: str

    @property
    def kind(self) -> Kind:
        if self.old_end == self.start:
            return "insert"
        return "delete" if not self.inserted else "replace"


def diff(old: str, new: str) -> Edit:
    """The single replaced span between two texts (common prefix and suffix left out)."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return Edit(old, new, start, end_old, new[start:end_new])


def ends_word(text: str) -> bool:
    return bool(text) and text[-1].isspace()


def split_typing(old: str, new: str) -> list[str]:
    """The texts one undo step apart from ``old`` to ``new``: for typing (an insertion) one
    per word typed, else just ``new``. Each text is a real intermediate state."""
    edit = diff(old, new)
    if edit.kind != "insert":
        return [new]
    head, tail = old[:edit.start], old[edit.start:]
    states: list[str] = []
    typed = ""
    for piece in _pieces(edit.inserted):
        typed += piece
        states.append(head + typed + tail)
    return states or [new]


def _pieces(inserted: str) -> list[str]:
    out: list[str] = []
    for match in _WORD.finditer(inserted):
        word = match.group(0)
        while len(word) > MAX_STEP:
            out.append(word[:MAX_STEP])
            word = word[MAX_STEP:]
        out.append(word)
    return out


@dataclass
class TypingStep:
    """What an undo step of one text field has typed so far (to decide on joining it)."""
    before: str  # the text before the step
    after: str  # the text after it

    def joins(self, new: str, seconds_since: float) -> bool:
        """May the edit ``after`` -> ``new`` be part of this step?"""
        if seconds_since > PAUSE_SECONDS:
            return False
        mine, next_ = diff(self.before, self.after), diff(self.after, new)
        if mine.kind != next_.kind or mine.kind == "replace":
            return False
        if mine.kind == "insert":
            if ends_word(mine.inserted) or "\n" in mine.inserted:
                return False  # the word (or line) is done: the next one is its own step
            if len(mine.inserted) + len(next_.inserted) > MAX_STEP:
                return False
            return next_.start == mine.start + len(mine.inserted)  # typing goes on right there
        # deleting: backspace (the span moves left) or delete (it stays) joins, as in editors
        return next_.old_end == mine.start or next_.start == mine.start
