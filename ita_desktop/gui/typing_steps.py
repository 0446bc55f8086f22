"""Undo steps for typed text, as a word processor makes them.

Autosave hands the session a field's whole text a moment after each pause in typing (at
least every 0.7 s while typing goes on), so one save may hold several words and one long
burst of typing many saves. Left alone, the undo history would hold one step per save or,
merged by time, one whole paragraph. Here a save is cut into steps at word ends (a word and
the spaces after it; Enter ends a step too) and a step is joined by the next save only while
the same kind of typing goes on in the same place without a pause. A step also ends after
``MAX_STEP`` characters, for long runs typed without spaces (Thai writes words together).
A paste (more than ``PASTED`` characters arriving at once) is one step of its own.

Pure functions (no Qt): ``session.update_entry`` uses ``plan``; the tests drive it directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PAUSE_SECONDS = 1.0  # a pause in typing longer than this starts a new step
MAX_STEP = 40  # characters typed without a space: then a new step starts anyway
PASTED = 40  # more than this in one save (0.7 s) is not typing but a paste: one step

Kind = Literal["insert", "delete", "replace"]


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


def _pieces(inserted: str, so_far: str) -> list[str]:
    """``inserted`` cut where a new word starts (a letter after a blank, once the step holds a
    word) or the step reaches ``MAX_STEP``; ``so_far``: what the open step has typed. An empty
    first piece: the open step is complete and ``inserted`` starts a new one."""
    out: list[str] = []
    current = ""
    step = so_far
    for char in inserted:
        text = step + current
        new_word = (not char.isspace() and text[-1:].isspace()
                    and any(not c.isspace() for c in text))
        if new_word or len(text) >= MAX_STEP:
            out.append(current)
            current, step = "", ""
        current += char
    out.append(current)
    return out


@dataclass
class TypingStep:
    """An undo step of one text field: the text before it and after it."""
    before: str
    after: str


def plan(step: TypingStep | None, old: str, new: str, seconds_since: float
         ) -> tuple[str | None, list[str]]:
    """How the edit ``old`` -> ``new`` enters the undo history after the open ``step``
    (the newest step of the same field, or None): the text the open step now ends at (None:
    it stays as it is), then the texts of the new steps, each a real intermediate state."""
    edit = diff(old, new)
    mine = diff(step.before, step.after) if step is not None else None
    joinable = (mine is not None and step is not None and step.after == old
                and seconds_since <= PAUSE_SECONDS)
    if edit.kind == "insert" and len(edit.inserted) > PASTED:
        return None, [new]  # pasted: undone in one step, as in word processors
    if edit.kind == "insert":
        so_far = ""
        if joinable and mine is not None and mine.kind == "insert" \
                and edit.start == mine.start + len(mine.inserted):
            so_far = mine.inserted  # typing goes on right where the step's typing ended
        else:
            joinable = False
        chunks = _pieces(edit.inserted, so_far)
        if chunks[0] == "":  # the open step's word is done
            joinable, chunks = False, chunks[1:]
        head, tail = old[:edit.start], old[edit.start:]
        states, typed = [], ""
        for chunk in chunks:
            typed += chunk
            states.append(head + typed + tail)
        return (states[0], states[1:]) if joinable else (None, states)
    if edit.kind == "delete" and joinable and mine is not None and mine.kind == "delete" \
            and (edit.old_end == mine.start or edit.start == mine.start):
        return new, []  # backspace (or delete) held down: one step, as in editors
    return None, [new]
